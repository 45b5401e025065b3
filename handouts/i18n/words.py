"""Every fixed word the browser shows a patient, in one place: the build writes them into each page as JSON.

The scripts (templates/assets/*.js) read them from `<script type="application/json" id="handout-words">` and never
hold words of their own, so a translation (one catalog per language) reaches the timer, the player, the spoken
coaching and the log alike. Keys are `area.what`; `{name}` marks a value the script puts in.

English is the source: each key is the message context of its entry in each language's catalog (handouts.i18n.catalog),
so the same English in two places can be translated two ways. A sentence with a count is a whole sentence per
CLDR plural category, the key plus the category (`dose.hold`, `dose.holdOne`; see `plural_key`).

    page_words(lang="en")      every word, in the language (the templates' `words`)
    word(key, lang, **values)  one of them, filled in
    plural_key(key, n, lang)   the key of the sentence for the count n
    browser_words(lang="en")   the browser's words as JSON for the page
"""

from __future__ import annotations

import functools
import json

from markupsafe import Markup

from .catalog import DEFAULT_LANGUAGE, pgettext, plural_category

BROWSER: dict[str, str] = {
    "dose.fromSheet": "This is the dose from your sheet. The timer below runs it.",
    "dose.usual": "Show the usual dose",
    # A timer link printed before links had a check, and a damaged one (assets/timer.js, assets/linkcodec.js).
    "dose.unchecked": "This dose comes from an older link, which this page cannot check. Before you start, make sure "
                      "it is the dose printed on your sheet.",
    "dose.damaged": "This link is damaged or incomplete, so it cannot show the dose from your sheet. Follow the dose "
                    "printed on your sheet, or ask your clinic for a new link.",
    # The dose in words (handouts/model/dose.py's dose_sentence says it from these too, for the pages and the PDFs).
    "dose.holdOne": "Hold for 1 second, then relax.",
    "dose.hold": "Hold for {n} seconds, then relax.",
    "dose.holdRange": "Hold for {low} to {high} seconds, then relax.",
    "dose.repeat": "Repeat {n} times.",
    "dose.repeatSides": "Repeat {n} times on each side.",
    "dose.once": "Do this once.",
    "dose.onceSides": "Do this once on each side.",
    "dose.sets": "Do {n} sets.",
    # The hold and the rest on paper, beside the tick boxes (partials/timer-print.html; assets/sheet.js for a sheet).
    "print.holdEachOne": "Hold each repeat for 1 second.",
    "print.holdEach": "Hold each repeat for {n} seconds.",
    "print.holdEachRange": "Hold each repeat for {low} to {high} seconds.",
    "print.restOne": "Rest 1 second between repeats.",
    "print.rest": "Rest {n} seconds between repeats.",
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
    "unit.secondsLeftOne": "second left",
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
    "player.more": "More",
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
    # The saved copy and a page left open when the site changed (assets/offline.js). {date}: the saved copy's date
    # and time, as the browser writes them in the page's language ("March 3, 2026 at 2:05 PM").
    "offline.saved": "No connection: this is the copy of this page saved on this phone on {date}.",
    "offline.changed": "This page has changed.",
    "offline.changedBusy": "This page has changed. You can update it when the timer stops.",
    "offline.update": "Show the new page",
    # The sheet builder (/sheet/, assets/sheet.js), for the clinician.
    "sheet.found": "{n} exercises found.",
    "sheet.foundOne": "1 exercise found.",
    "sheet.foundNone": "No exercise matches. Try another word or area.",
    "sheet.count": "{n} exercises on the sheet.",
    "sheet.countOne": "1 exercise on the sheet.",
    "sheet.countNone": "No exercises on the sheet yet.",
    "sheet.moved": "{title} is number {n} now.",
    "sheet.bad.reps": "Reps must be a whole number from {low} to {high}.",
    "sheet.bad.sets": "Sets must be a whole number from {low} to {high}.",
    "sheet.bad.hold": "Hold must be empty or a whole number of seconds from {low} to {high}.",
    "sheet.bad.hold_max": "Up to must be empty, or longer than the hold and at most {high} seconds.",
    "sheet.bad.rest": "Rest must be a whole number of seconds from {low} to {high}.",
    "sheet.fixFirst": "Fix the doses marked above before you print.",
    "sheet.chooseFirst": "Choose at least one exercise first.",
    "sheet.saved": "The draft is saved on this computer, without the patient's name.",
    "sheet.draftOpened": "Your saved draft is open. It has no patient's name: type it again.",
    "sheet.cleared": "The form is empty and the saved draft is deleted.",
    "sheet.notLoaded": "The list of exercises could not be loaded. Reload the page to try again.",
    # The filters of a list of exercises with pictures (/exercises/, /areas/<area>/, assets/choose.js).
    "choose.shown": "{n} exercises shown.",
    "choose.shownOne": "1 exercise shown.",
    "choose.shownNone": "No exercise matches. Choose another area, position or equipment.",
    "date.long": "{day} {month} {year}",
    # The personal program page a sheet's link opens (/my-program/, assets/personal.js).
    "personal.bad": "This link is damaged or incomplete, so it cannot show a program. Ask your clinic for a new link.",
    "personal.unchecked": "This program comes from an older link, which this page cannot check. Before you start, "
                          "make sure each exercise and dose below is the one printed on your sheet.",
    "personal.unsupported": "This browser cannot open the link. Try it in another browser, or ask your clinic.",
    "personal.empty": "This link has no exercises. Ask your clinic for a new link.",
    "personal.unknown": "These exercises are not on this site, so they are left out: {names}.",
    "personal.unknownOne": "This exercise is not on this site, so it is left out: {names}.",
    "personal.timerFor": "Timer for {title}",
    "personal.none": "There is no program on this page. To see yours, open the link your clinic gave you, or scan the "
                     "QR code on your sheet.",
    "personal.keptBad": "The program kept on this phone cannot be shown any more. Ask your clinic for a new link.",
    "personal.kept": "Kept. This page and the icon on your home screen open this program now.",
    "personal.forgotten": "This phone does not keep the program any more.",
    "personal.cannotKeep": "This browser cannot keep the program. Keep the link or your sheet instead.",
}


PAGES: dict[str, str] = {
    # An exercise's video (partials/video.html; on paper, print/exercise.html). No script reads these: the build
    # writes them into the page (the player's frame title as a data attribute), so pages without a video carry none.
    "video.heading": "Watch the video",
    "video.play": "Play the video",
    "video.playNamed": "Play the video: {title}",
    "video.from.YouTube": "Playing it loads the video from YouTube.",
    "video.from.Vimeo": "Playing it loads the video from Vimeo.",
    "video.open.YouTube": "Watch the video on YouTube",
    "video.open.Vimeo": "Watch the video on Vimeo",
    "video.frame": "Video: {title}",
    "video.captions": "Captions",
    "video.cannotPlay": "This browser cannot play the video. The words of the video are below.",
    "video.transcript": "What the video says",
    "video.scan": "Scan to watch the video",
    "video.qrAlt": "QR code: scan it to watch the video of {title} ({url})",
    # A hold's length in words (handouts/model/dose.py, hold_words).
    "hold.range": "{low} to {high} seconds",
    "hold.secondsOne": "1 second",
    "hold.seconds": "{n} seconds",
    # A list of two or more (the days of a reminder: "Monday, Wednesday and Friday").
    "list.and": "{first} and {last}",
    # A program's frequency on a page in another language (handouts/model/schedule.py, frequency_words): what the
    # schedule
    # reads, said whole. English pages print the clinician's own words and never these.
    "frequency.dayOne": "Once a day",
    "frequency.day": "{n} times a day",
    "frequency.weekOne": "Once a week",
    "frequency.week": "{n} times a week",
}
"""Words only the templates show (the site's and the PDFs'), in `words` beside BROWSER's."""




@functools.cache
def _translated(lang: str) -> dict[str, str]:
    translate = pgettext(lang)
    return {key: translate(key, text) for key, text in (BROWSER | PAGES).items()}


def page_words(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """BROWSER and PAGES in the language (its catalog, each key the message context): the templates' `words`."""
    return dict(_translated(lang))


def word(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """One word or sentence in the language, with its `{name}`s filled in: `word("dose.sets", "es", n=3)`."""
    return _translated(lang)[key].format(**values)


def plural_key(key: str, n: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """The key of the whole sentence for `n`: `key` + CLDR's category ('dose.holdOne' for 1), or `key` itself
    (CLDR's 'other') when there is no sentence for that category. The scripts choose the same way with
    `Intl.PluralRules` (assets/timer.js, `pluralKey`); a language with more categories adds keys such as `…Few`."""
    category = plural_category(lang, n)
    candidate = key + category.capitalize()
    return candidate if category != "other" and candidate in _translated(lang) else key


def browser_words(lang: str = DEFAULT_LANGUAGE) -> Markup:
    """The browser's words in the language as JSON, safe inside a <script> element (no `</` can close it early)."""
    words = {key: text for key, text in _translated(lang).items() if key in BROWSER}
    return Markup(json.dumps(words, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"))
