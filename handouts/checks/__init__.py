"""Checks over a whole library: the health-literacy gate."""
