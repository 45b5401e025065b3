#!/usr/bin/env python3
"""Build the exercise handouts: `python build.py --help`."""

import sys

from handouts.cli import main

if __name__ == "__main__":
    sys.exit(main())
