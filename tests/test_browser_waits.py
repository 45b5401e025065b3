"""Waits in the browser tests must work under the site's Content Security Policy.

Playwright's ``wait_for_function`` evaluates its string with ``eval`` in the page. The first evaluation runs inside
the DevTools call, which the policy allows; a plain expression is evaluated again on every later poll, from the
page's own timers, where the policy (no ``unsafe-eval``) forbids it. A wait that is true at once passes, one that
has to poll fails: a race a fast machine never shows. A function (``"() => ..."``) is evaluated once and then called.
"""

import ast
import re
from pathlib import Path

FUNCTION = re.compile(r"^\s*(\(?[\w\s,{}]*\)?\s*=>|function\b|async\b)")


def test_every_wait_for_function_in_the_tests_passes_a_function():
    plain = []
    for path in sorted(Path(__file__).parent.glob("*.py")) + sorted(Path(__file__).parent.parent.glob("bench/*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "wait_for_function" and node.args):
                first = node.args[0]
                text = ast.unparse(first) if not isinstance(first, ast.Constant) else str(first.value)
                if isinstance(first, ast.JoinedStr) or not FUNCTION.match(text.strip("'\"")):
                    plain.append(f"{path.name}:{node.lineno}: {text}")
    assert plain == []
