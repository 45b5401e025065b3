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
    # The dose in words (handouts/dose.py's dose_sentence says it from these too, for the pages and the PDFs).
    "dose.holdOne": "Hold for 1 second, then relax.",
    "dose.hold": "Hold for {n} seconds, then relax.",
    "dose.holdRange": "Hold for {low} to {high} seconds, then relax.",
    "dose.repeat": "Repeat {n} times.",
    "dose.repeatSides": "Repeat {n} times on each side.",
    "dose.once": "Do this once.",
    "dose.onceSides": "Do this once on each side.",
    "dose.sets": "Do {n} sets.",
    # The timer (assets/timer.js): its buttons, what it shows, and what its live region tells screen readers.
    "timer.start": "Start",
    "timer.pause": "Pause",
    "timer.resume": "Resume",
    "timer.skip": "Skip",
    "timer.reset": "Reset",
    "timer.mute": "Mute",
    "timer.idle": "Ready to start",
    "timer.paused": "{phase} (paused)",
    "phase.ready": "Get ready",
    "phase.hold": "Hold",
    "phase.move": "Move",
    "phase.rest": "Rest",
    "phase.switch": "Switch sides",
    "phase.done": "Done",
    "say.ready": "Get ready",
    "say.ready.right": "Get ready: right side",
    "say.ready.left": "Get ready: left side",
    "say.hold": "Rep {rep} of {reps}: hold",
    "say.move": "Rep {rep} of {reps}",
    "say.rest": "Rest",
    "say.setBreak": "Rest. Set {set} of {sets} is next",
    "say.switch.right": "Switch to your right side",
    "say.switch.left": "Switch to your left side",
    "say.range": "{low} seconds: you can stop here or keep going to {high}",
    "say.done": "Done",
    "say.named": "{exercise}. {say}",
    "info.rep": "Rep {rep} of {reps}",
    "info.nextRep": "Next: rep {rep} of {reps}",
    "info.allDone": "All {reps} reps done",
    "info.side.right": "Right side",
    "info.side.left": "Left side",
    "info.set": "Set {set} of {sets}",
    "unit.secondsInAll": "seconds in all",
    "unit.minutesInAll": "minutes in all",
    "unit.secondLeft": "second left",
    "unit.secondsLeft": "seconds left",
    "unit.left": "left",
    "unit.done": "Well done",
    "note.range": "Hold at least {low} seconds, up to {high}",
    "note.rangeReached": "You can stop now (Skip) or keep going to {high}",
    # The program player (assets/player.js) and its spoken coaching (the device's own voices).
    "player.start": "Start the whole program",
    "player.pause": "Pause",
    "player.resume": "Resume",
    "player.back": "Back",
    "player.skip": "Skip exercise",
    "player.stop": "Stop",
    "player.label": "Program player",
    "player.position": "Exercise {n} of {total}",
    "player.next": "Next: {exercise}. {step}",
    "player.nextLabel": "Next",
    "player.paused": "Paused",
    "player.stopped": "The program is stopped.",
    "player.finished": "You have done the whole program. Well done!",
    "player.length": "The whole program takes about {minutes} minutes.",
    "player.lengthOne": "The whole program takes about 1 minute.",
    "speak.intro": "{exercise}. {step}",
    "speak.hold": "Hold",
    "speak.holdCount": "Rep {rep} of {reps}. Hold",
    "speak.rest": "Relax",
    "speak.setBreak": "Relax. Set {set} of {sets} is next",
    "speak.done": "Done",
    "speak.finished": "You have done the whole program. Well done!",
    # The patient's log and the calendar reminder (assets/log.js).
    "log.saved": "Well done! {title} is in your log for today.",
    "log.painSaved": "Pain {pain} out of 10 is in your log.",
    "log.day.done": "{day}: done",
    "log.day.some": "{day}: some exercises done",
    "log.day.none": "{day}: not done",
    "log.times": "{title} ({count} times)",
    "log.noPain": "Not noted",
    "log.clearConfirm": "Clear your whole log from this phone? This cannot be undone.",
    "log.cleared": "Your log is empty now.",
    "calendar.pickTime": "Pick a time for the reminder first.",
    "calendar.description": "Time for your exercises. Open the program: {url}",
    "calendar.saved": "Your phone saved the file {file}. Open it to add the reminder to your calendar.",
}


def browser_words() -> Markup:
    """The words as JSON, safe inside a <script> element (no `</` can close it early)."""
    return Markup(json.dumps(BROWSER, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"))
