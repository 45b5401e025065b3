"""Every fixed word the browser shows a patient, in one place: the build writes them into each page as JSON.

The scripts (templates/assets/*.js) read them from `<script type="application/json" id="handout-words">` and never
hold words of their own, so a translation (one catalog per language) reaches the timer, the player, the spoken
coaching and the log alike. Keys are `area.what`; `{name}` marks a value the script puts in.
"""

from __future__ import annotations

import json

from markupsafe import Markup

BROWSER: dict[str, str] = {
    "dose.fromSheet": "This is the dose from your sheet. The timer below runs it.",
    "dose.usual": "Show the usual dose",
}


def browser_words() -> Markup:
    """The words as JSON, safe inside a <script> element (no `</` can close it early)."""
    return Markup(json.dumps(BROWSER, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"))
