"""The health-literacy gate: the reading grade and plain-language checks of each exercise and program.

Patient materials should read at a 4th to 6th grade level and below 8th (NIH), and PEMAT asks
for one clear action per step addressed to the reader, short lists, defined terms and captions.
`check_library` scores the prose a patient reads (summary, cautions, caption, steps and other
body text; not titles, headings or front-matter keys) and returns a Report; it prints nothing.
Syllables are counted here, offline, so a check never needs a download.

Each language has its own formula, on its own scale (`grade_passages(passages, lang)`):

- English: the Flesch-Kincaid grade (US school grade; lower is easier), limits `warn_above`/`fail_above`.
- Spanish: the Szigriszt-Pazos reading ease (1993; 0 to 100, higher is easier) read on the INFLESZ scale
  (Barrio-Cantalejo et al., 2008), which was built and checked on health texts for patients in Spanish: below 40
  very hard, 40-55 rather hard, 55-65 normal, 65-80 rather easy, above 80 very easy. Limits `es.warn_below` (65)
  and `es.fail_below` (55). Fernandez-Huerta is older, but its usual form carries a known error in its sentence
  term (Law, 2011); Szigriszt-Pazos is the Flesch formula refitted to Spanish, with a published scale for
  patient materials. Syllables are counted by Spanish rules (`count_syllables_es`): vowel groups, with hiatus
  between two strong vowels or at a stressed i/u, a diphthong otherwise, and a silent u in que/qui, gue/gui.
  Not pyphen's Spanish dictionary: hyphenation leaves out breaks that would strand one letter (a-gua, rí-o), so
  it counts too few syllables.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..content.config import ProjectConfig, read_config
from ..content.frontmatter import Invalid
from ..errors import ContentInvalid, Problem
from ..model.schema import ReadabilitySchema
from ..model.values import Exercise, Library, Program

__all__ = [
    "EaseLimits", "PageScore", "Passage", "Report", "Settings", "check_library", "count_syllables",
    "count_syllables_es", "format_report", "grade", "grade_passages", "is_instruction", "load_settings", "prose",
    "reading_ease", "score_page", "strip_markdown", "szigriszt_pazos",
]

WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*")
SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’)]*(?=\s|$)")
ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "vs.", "approx.", "min.", "sec."}
# Words the vowel-group rules get wrong, and which handouts use.
SYLLABLE_EXCEPTIONS = {
    "area": 3, "idea": 3, "create": 2, "video": 3, "quiet": 2, "diet": 2, "science": 2, "period": 3,
    "forehead": 2, "someone": 2, "something": 2, "sometimes": 2, "everyone": 3, "anywhere": 3, "lying": 2,
    "being": 2, "toward": 2, "various": 3, "serious": 3, "previous": 3, "radio": 3, "ankle": 2,
}


@dataclass(frozen=True)
class EaseLimits:
    """A language's limits on a reading-ease scale (higher is easier): `extra.readability.<lang>`."""

    warn_below: float
    fail_below: float


@dataclass(frozen=True)
class Settings:
    """The gate's limits, from `extra.readability` (see ReadabilitySchema for each key)."""

    warn_above: float
    fail_above: float
    max_steps: int
    max_step_words: int
    jargon: tuple[str, ...]
    ease: dict[str, EaseLimits] = field(default_factory=lambda: {"es": EaseLimits(65, 55)})
    """Each language but English: its reading-ease limits, by its code."""

    @classmethod
    def from_schema(cls, schema: ReadabilitySchema | None = None) -> Settings:
        """Settings from validated keys; the defaults when there are none."""
        values = (schema or ReadabilitySchema()).model_dump()
        ease = {"es": EaseLimits(**values.pop("es"))}
        return cls(**{**values, "jargon": tuple(term.strip().lower() for term in values["jargon"]), "ease": ease})


@dataclass(frozen=True)
class Passage:
    """Plain text (Markdown removed) and the file line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class PageScore:
    """One exercise or program: its reading grade, size and what the checks found."""

    source: str
    grade: float
    words: int
    steps: int
    warnings: tuple[Problem, ...]
    failures: tuple[Problem, ...]
    lang: str = "en"
    """The page's language, and so its scale: a grade in English, a reading ease in Spanish."""


@dataclass(frozen=True)
class Report:
    pages: tuple[PageScore, ...]

    @property
    def warnings(self) -> list[Problem]:
        return [p for page in self.pages for p in page.warnings]

    @property
    def failures(self) -> list[Problem]:
        return [p for page in self.pages for p in page.failures]


# --- counting ----------------------------------------------------------------------------------------------


_POSSESSIVE_RE = re.compile(r"['’]s?$")
_NOT_LETTER_RE = re.compile(r"[^a-z]")
_VOWELS_RE = re.compile(r"[aeiouy]+")
_SILENT_E_RE, _LE_RE = re.compile(r"[^aeiouy]e$"), re.compile(r"[^aeiouy]le$")
_ES_RE, _VOICED_ES_RE = re.compile(r"[^aeiouy]es$"), re.compile(r"(?:[sxz]|ch|sh|ce|ge|[^aeiouy]l)es$")
_ED_RE, _TED_RE = re.compile(r"[^aeiouy]ed$"), re.compile(r"[td]ed$")
_SUFFIX_E_RE = re.compile(r"[^aeiouy]e(?:ly|ment|ful|ness|less)$")


@lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables in one word, by vowel groups and English spelling rules; a number counts one per digit."""
    if word.isdigit():
        return len(word)
    if "-" in word:
        return sum(count_syllables(part) for part in word.split("-") if part)
    w = _NOT_LETTER_RE.sub("", _POSSESSIVE_RE.sub("", word.lower()))
    if not w:
        return 0
    if w in SYLLABLE_EXCEPTIONS:
        return SYLLABLE_EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    count = len(_VOWELS_RE.findall(w[1:] if w[0] == "y" else w))  # a first y is a consonant: your, yes
    if _SILENT_E_RE.search(w) and not _LE_RE.search(w):
        count -= 1  # silent final e: raise, squeeze (but table, gentle)
    elif _ES_RE.search(w) and not _VOICED_ES_RE.search(w):
        count -= 1  # times, lines (but squeezes, raises, circles)
    elif _ED_RE.search(w) and not _TED_RE.search(w):
        count -= 1  # raised, relaxed (but started, supported)
    count -= len(_SUFFIX_E_RE.findall(w))  # safely, movement
    return max(1, count)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def split_sentences(passage: Passage) -> list[Passage]:
    """A passage's sentences, each with its own line; a passage always ends a sentence."""
    found, start = [], 0
    for match in SENTENCE_END_RE.finditer(passage.text):
        last_word = passage.text[: match.end()].split()[-1].lower().rstrip("\"'”’)")
        if last_word in ABBREVIATIONS:  # "e.g." does not end a sentence
            continue
        found.append((start, match.end()))
        start = match.end()
    found.append((start, len(passage.text)))
    sentences = []
    for begin, end in found:
        text = passage.text[begin:end]
        if words(text):
            lead = len(text) - len(text.lstrip())
            line = passage.line + passage.text[: begin + lead].count("\n")
            sentences.append(Passage(" ".join(text.split()), line))
    return sentences


def flesch_kincaid(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """0.39 × words per sentence + 11.8 × syllables per word − 15.59, to one decimal; 0 for no words."""
    if not n_words or not n_sentences:
        return 0.0
    return round(0.39 * n_words / n_sentences + 11.8 * n_syllables / n_words - 15.59, 1)


def _counts(sentences: list[Passage]) -> tuple[int, int, int]:
    found = [w for s in sentences for w in words(s.text)]
    return len(found), len(sentences), sum(count_syllables(w) for w in found)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of Markdown or plain text (each paragraph and list item ends a sentence)."""
    return flesch_kincaid(*_counts([s for p in strip_markdown(text) for s in split_sentences(p)]))


# --- Spanish -------------------------------------------------------------------------------------------------

SPANISH_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_ES_SILENT_U_RE = re.compile(r"(?<=[qg])u(?=[eiéí])")  # que, quita, guerra, guitarra (but pingüino: ü)
_ES_VOWEL_GROUP_RE = re.compile(r"[aeiouáéíóúü]+")
_ES_OWN_SYLLABLE = set("aeoáéóíú")
"""Strong vowels, and a stressed i or u: two of them side by side are two syllables (le-er, dí-a, ba-úl)."""


@lru_cache(maxsize=65536)
def count_syllables_es(word: str) -> int:
    """Syllables in one Spanish word: each vowel group is one, plus one at each hiatus; a number, one per digit."""
    if word.isdigit():
        return len(word)
    w = word.lower()
    if "-" in w:
        return sum(count_syllables_es(part) for part in w.split("-") if part)
    w = _ES_SILENT_U_RE.sub("", w.replace("h", ""))  # a silent h joins vowels (ahora, prohibir)
    w = re.sub(r"(?<=[aeiouáéíóú])y(?![aeiouáéíóú])", "i", w)  # hoy, muy, rey: y as the vowel i
    if w == "y":
        return 1
    count = 0
    for group in _ES_VOWEL_GROUP_RE.findall(w):
        count += 1 + sum(1 for a, b in itertools.pairwise(group)
                         if (a in _ES_OWN_SYLLABLE and b in _ES_OWN_SYLLABLE) or a == b)
    return max(1, count)


def szigriszt_pazos(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """206.835 - 62.3 x syllables per word - words per sentence, to one decimal (100 for no words)."""
    if not n_words or not n_sentences:
        return 100.0
    return round(206.835 - 62.3 * n_syllables / n_words - n_words / n_sentences, 1)


def _counts_es(sentences: list[Passage]) -> tuple[int, int, int]:
    found = [w for s in sentences for w in SPANISH_WORD_RE.findall(s.text)]
    return len(found), len(sentences), sum(count_syllables_es(w) for w in found)


def reading_ease(text: str) -> float:
    """The Szigriszt-Pazos reading ease of Spanish Markdown or plain text (INFLESZ scale: 65 to 80 is rather easy)."""
    return szigriszt_pazos(*_counts_es([s for p in strip_markdown(text) for s in split_sentences(p)]))


SCORES = {"en": (flesch_kincaid, _counts), "es": (szigriszt_pazos, _counts_es)}
"""Each language's formula and its counting (words, sentences, syllables)."""


def grade_passages(passages: list[Passage], lang: str = "en") -> float:
    """The passages' score in their language's formula: the Flesch-Kincaid grade (en), the Szigriszt-Pazos
    reading ease (es). Each passage ends a sentence."""
    formula, counts = SCORES[lang]
    return formula(*counts([s for p in passages for s in split_sentences(p)]))


def check_ease(page: Exercise | Program, limits: EaseLimits, sentences: list[Passage], value: float, lang: str
               ) -> tuple[list[Problem], list[Problem]]:
    """(warnings, failures) for a page's reading ease below its language's limits, pointing at its hardest
    sentence, and a failure for each long sentence that on its own reads below `fail_below`."""
    formula, counts = SCORES[lang]
    ease = lambda s: formula(*counts([s]))  # noqa: E731
    warnings: list[Problem] = []
    failures: list[Problem] = []
    if value < limits.warn_below:
        long_ones = [s for s in sentences if len(SPANISH_WORD_RE.findall(s.text)) >= 5] or sentences
        hardest = min(long_ones, key=ease)
        failing = value < limits.fail_below
        limit = limits.fail_below if failing else limits.warn_below
        problem = _problem(page, hardest.line, f"reads at ease {value:g}, below {limit:g} (Szigriszt-Pazos, "
                           "INFLESZ); use shorter sentences and shorter words, starting with this one", hardest.text)
        (failures if failing else warnings).append(problem)
    for sentence in sentences:
        if len(SPANISH_WORD_RE.findall(sentence.text)) < SENTENCE_WORDS or ease(sentence) >= limits.fail_below:
            continue
        if not any((p.line, p.excerpt) == (sentence.line, sentence.text) for p in failures):
            failures.append(_problem(page, sentence.line, f"this sentence reads at ease {ease(sentence):g}, below "
                                     f"{limits.fail_below:g} (Szigriszt-Pazos); split it, and use shorter words",
                                     sentence.text))
    return warnings, failures


# --- Markdown to plain text ---------------------------------------------------------------------------------

INLINE_RE = [
    (re.compile(r"<!--.*?-->", re.S), lambda m: "\n" * m[0].count("\n")),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), lambda m: ""),
    (re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])"), lambda m: m[1]),
    (re.compile(r"\{:?[^}\n]*\}"), lambda m: ""),  # attr_list
    (re.compile(r"</?[A-Za-z][^>]*>"), lambda m: " "),
    (re.compile(r"(\*\*|__|\*|`|~~)"), lambda m: ""),
    (re.compile(r"(?<!\w)_|_(?!\w)"), lambda m: ""),
]
LIST_ITEM_RE = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
HEADING_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s|!!!|\?\?\?)")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


def strip_inline(text: str) -> str:
    """Inline Markdown (links, emphasis, code marks, HTML, attributes) removed; line breaks kept."""
    for pattern, replace in INLINE_RE:
        text = pattern.sub(replace, text)
    return text


def strip_markdown(body: str, first_line: int = 1) -> list[Passage]:
    """The body's paragraphs and list items as plain text, each with its line; headings and code left out."""
    passages: list[Passage] = []
    current: list[str] = []
    start = first_line
    in_fence = False

    def flush() -> None:
        text = "\n".join(current)
        if words(text):
            passages.append(Passage(text, start))
        current.clear()

    for number, raw in enumerate(strip_inline(body).split("\n"), start=first_line):
        if FENCE_RE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence or not raw.strip() or HEADING_RE.match(raw) or re.match(r"^\s*(\[[^\]]+\]:|\|?[-:| ]+\|)", raw):
            flush()
            continue
        if LIST_ITEM_RE.match(raw) or (not current and raw.strip()):
            flush()
            start = number
        current.append(LIST_ITEM_RE.sub("", raw).replace("|", " ").lstrip(">").strip())
    flush()
    return passages


def prose(page: Exercise | Program) -> list[Passage]:
    """The text a patient reads on a page, for the grade: summary, cautions, captions, then the body.

    A video's transcript is not graded: it is what the person in the video says, read back word for word, and
    the build cannot make a clinic re-record a video; the steps beside it are what the gate holds to the grade.
    """
    found = [Passage(page.summary, page.lines.get("summary", 1))]
    if isinstance(page, Exercise):
        found += [Passage(c, page.lines.get("cautions", 1)) for c in page.cautions]
        found += [Passage(i.caption, i.line or page.lines.get("image", 1)) for i in page.images if i.caption]
    return found + strip_markdown(page.body, page.body_line)


# --- the checks: each takes a page and returns warnings ----------------------------------------------------

SUBJECTS = {
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "they", "their", "he", "she", "his", "her",
    "we", "our", "i", "my", "your", "there", "here", "patient", "patients", "one", "each", "both", "all", "some",
}
LINKING = {"is", "are", "was", "were", "be", "been", "being", "will", "should", "can", "may", "must", "gets", "get"}
LEAD_INS = {"as", "when", "while", "whilst", "if", "after", "before", "once", "until", "with", "without", "using"}
ADVERBS = {
    "then", "now", "next", "and", "so", "also", "again", "first", "second", "third", "finally", "last", "lastly",
    "still", "please", "always", "never", "slowly", "gently", "carefully", "afterwards", "just",
}
ING_VERBS = {"bring", "swing", "spring", "string", "sling", "cling", "fling", "wring", "ring", "sing", "sting"}


def _problem(page: Exercise | Program, line: int, message: str, excerpt: str = "") -> Problem:
    return Problem(page.source, line, message, excerpt)


def is_instruction(sentence: str) -> bool:
    """Whether a sentence tells the reader to do something ("Lift…", "As you breathe in, bring…", "You…")."""
    text = sentence.strip()
    first = text.split(maxsplit=1)[0].lower().strip(",") if text else ""
    if (first in LEAD_INS or (first.endswith("ing") and first not in ING_VERBS)) and "," in text:
        text = text.split(",", 1)[1]  # "As you breathe in, bring…", "Keeping your back straight, bend…"
    tokens = [w.lower() for w in words(text)]
    while tokens and tokens[0] in ADVERBS:
        tokens = tokens[1:]
    if not tokens:
        return False
    if tokens[0] in ("you", "don't", "do", "try", "let"):
        return True
    if tokens[0] in SUBJECTS or (tokens[0].endswith("ing") and tokens[0] not in ING_VERBS):
        return False
    return not any(t in LINKING for t in tokens[1:3])  # "Arms are raised", "Your arms are raised"


def check_steps(exercise: Exercise, settings: Settings, lang: str = "en") -> list[Problem]:
    """Short lists, short steps, and each step an instruction to the reader (that one in English only)."""
    found = []
    steps = exercise.steps
    if len(steps) > settings.max_steps:
        extra = steps[settings.max_steps]
        found.append(_problem(exercise, extra.line, f"{len(steps)} steps; keep to {settings.max_steps} or fewer "
                              "(merge steps, or split the exercise in two)", extra.text))
    for step in steps:
        text = " ".join(strip_inline(step.text).split())
        count = len(words(text) if lang == "en" else SPANISH_WORD_RE.findall(text))
        if count > settings.max_step_words:
            found.append(_problem(exercise, step.line, f"a step of {count} words; keep each step to "
                                  f"{settings.max_step_words} words or fewer, one action each", step.text))
        if lang == "en" and not any(is_instruction(s.text) for s in split_sentences(Passage(text, step.line))):
            found.append(_problem(exercise, step.line, "this step does not tell the reader what to do; start it "
                                  "with an action, like 'Lift your arms'", step.text))
    return found


def check_caption(exercise: Exercise) -> list[Problem]:
    message = "the image has no caption; add 'caption:' saying what to notice in it"
    return [_problem(exercise, i.line or exercise.lines.get("image", 1), message)
            for i in exercise.images if not i.caption]


def check_summary(page: Exercise | Program) -> list[Problem]:
    sentences = split_sentences(Passage(page.summary, 1))
    if len(sentences) <= 1:
        return []
    line = page.lines.get("summary", 1)
    return [_problem(page, line, f"the summary has {len(sentences)} sentences; keep it to one", page.summary)]


# "scapula (shoulder blade)", "scapular squeezes (shoulder blade squeezes)", "scapula, or shoulder blade"
EXPLAINED_AFTER_RE = re.compile(
    r"^\w*[*_`]*(?:\s+\w+){0,2}[*_`]*\s*(?:\(|,\s*(?:or|meaning|which means|that is)\b|\s[—–-]\s)"
)
EXPLAINED_BEFORE_RE = re.compile(r"(?:\(|,\s*or\s+)[*_`]*$")


def _labels(page: Exercise | Program) -> list[Passage]:
    """Text a patient reads that is not prose for the grade: the title, headings and the image's alt text."""
    found = [Passage(page.title, page.lines.get("title", 1))]
    if isinstance(page, Exercise):
        found += [Passage(i.alt, i.line or page.lines.get("image", 1)) for i in page.images]
        if page.figure:  # a drawn figure's words are labels: checked for medical words, not graded
            found += [Passage(text, page.lines.get("figure", 1)) for text in (page.figure.alt, page.figure.caption)]
    for number, line in enumerate(page.body.split("\n"), start=page.body_line):
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*)", line)
        if heading:
            found.append(Passage(strip_inline(heading[1]), number))
    return found


@lru_cache(maxsize=8)
def jargon_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the whole list: a word that starts with any of the terms."""
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*", re.I)


def check_jargon(page: Exercise | Program, settings: Settings) -> list[Problem]:
    """Medical words from the jargon list, unless the page explains them once: 'scapula (shoulder blade)'."""
    passages = [*_labels(page), *prose(page)]
    found = []
    matches = [(p, m) for p in passages for m in jargon_pattern(tuple(settings.jargon)).finditer(p.text)]
    for term in settings.jargon:
        uses = [(p, m) for p, m in matches if m[0].lower().startswith(term.lower())]
        explained = any(EXPLAINED_AFTER_RE.match(p.text[m.end():]) or EXPLAINED_BEFORE_RE.search(p.text[:m.start()])
                        for p, m in uses)
        if uses and not explained:
            passage, match = min(uses, key=lambda use: use[0].line)
            before = passage.text[: match.start()]
            excerpt = before.rsplit("\n", 1)[-1] + passage.text[match.start():].split("\n", 1)[0]
            found.append(_problem(page, passage.line + before.count("\n"), f"'{match[0]}' is a medical word; "
                                  "use plain words, or explain it once in brackets, like 'scapula (shoulder blade)'",
                                  excerpt))
    return found


SENTENCE_WORDS = 16
"""A sentence is graded on its own from this many words. In a shorter one a single long word moves
Flesch-Kincaid by grades ("physical therapist"), so its grade says little; the page's grade and the
jargon check cover short sentences."""


def check_sentences(page: Exercise | Program, settings: Settings, sentences: list[Passage],
                    already: list[Problem]) -> list[Problem]:
    """Failures for each long sentence that on its own reads above `fail_above`, however easy the rest is.

    A sentence the page's own failure already points at is not named twice.
    """
    found = []
    for sentence in sentences:
        value = flesch_kincaid(*_counts([sentence]))
        if len(words(sentence.text)) < SENTENCE_WORDS or value <= settings.fail_above:
            continue
        if any((p.line, p.excerpt) == (sentence.line, sentence.text) for p in already):
            continue
        found.append(_problem(page, sentence.line, f"this sentence reads at grade {value:g}, above "
                              f"{settings.fail_above:g} (Flesch-Kincaid); split it, and use shorter words",
                              sentence.text))
    return found


def check_grade(page: Exercise | Program, settings: Settings, sentences: list[Passage], value: float
                ) -> tuple[list[Problem], list[Problem]]:
    """(warnings, failures) for the page's reading grade, pointing at its hardest sentence."""
    if value <= settings.warn_above:
        return [], []
    long_ones = [s for s in sentences if len(words(s.text)) >= 5] or sentences
    hardest = max(long_ones, key=lambda s: flesch_kincaid(*_counts([s])))
    failing = value > settings.fail_above
    limit = settings.fail_above if failing else settings.warn_above
    problem = _problem(page, hardest.line, f"reads at grade {value:g}, above {limit:g} (Flesch-Kincaid); use "
                       "shorter sentences and shorter words, starting with this one", hardest.text)
    return ([], [problem]) if failing else ([problem], [])


# --- the whole library -------------------------------------------------------------------------------------


def score_page(page: Exercise | Program, settings: Settings, lang: str = "en") -> PageScore:
    """One page's score in its language's formula and every check's findings (the medical-word and the
    instruction checks know English only)."""
    sentences = [s for p in prose(page) for s in split_sentences(p)]
    formula, counts = SCORES[lang]
    n_words, n_sentences, n_syllables = counts(sentences)
    value = formula(n_words, n_sentences, n_syllables)
    if lang == "en":
        warnings, failures = check_grade(page, settings, sentences, value)
        failures += check_sentences(page, settings, sentences, failures)
        warnings += check_jargon(page, settings)
    else:
        warnings, failures = check_ease(page, settings.ease[lang], sentences, value, lang)
    warnings += check_summary(page)
    steps = page.steps if isinstance(page, Exercise) else ()
    if isinstance(page, Exercise):
        warnings += check_steps(page, settings, lang) + check_caption(page)
    order = lambda p: (p.line, p.message)  # noqa: E731
    return PageScore(page.source, value, n_words, len(steps), tuple(sorted(warnings, key=order)), tuple(failures),
                     lang)


def check_library(
    library: Library, settings: Settings | None = None, lang: str = "en", score: Callable[..., PageScore] | None = None
) -> Report:
    """Score every exercise and program, all in the language `lang`; the default settings when none are given.

    `score` stands in for score_page (a preview's keeps each unchanged page's score: handouts.incremental)."""
    settings = settings or Settings.from_schema()
    score = score or score_page
    pages: list[Exercise | Program] = [*library.exercises.values(), *library.programs.values()]
    return Report(tuple(score(page, settings, lang) for page in sorted(pages, key=lambda p: p.source)))


def format_report(report: Report) -> str:
    """The report as a text table: page, grade, words, steps, warnings."""
    rows = [("page", "grade", "words", "steps", "warnings")]
    rows += [(p.source, f"{p.grade:.1f}", str(p.words), str(p.steps) if p.steps else "-",
              str(len(p.warnings) + len(p.failures))) for p in report.pages]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "\n".join(
        "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        for row in rows
    )


def load_settings(config_file: Path | str = "mkdocs.yml", root: Path | None = None) -> Settings:
    """`extra.readability` across the INHERIT chain, validated; raise ContentInvalid listing every problem."""
    try:
        config = read_config(Path(config_file), root or Path.cwd())
    except Invalid as err:
        raise ContentInvalid([err.problem]) from None
    return settings_from(config)


def settings_from(config: ProjectConfig) -> Settings:
    section = config.lookup("extra", "readability")
    if section is not None and section.value is not None and not isinstance(section.value, dict):
        excerpt = section.file.excerpt(section.line)
        raise ContentInvalid([Problem(section.file.shown, section.line,
                                      "'readability' must be keys and values, like 'warn_above: 6'", excerpt)])
    schema, problems, _ = config.validate_section(ReadabilitySchema, "extra", "readability")
    if problems:
        raise ContentInvalid(problems)
    return Settings.from_schema(schema)
