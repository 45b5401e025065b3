"""Every word a patient reads from front matter, in a translation (issue 23): equipment, a program's or an
exercise's frequency note, a video file's captions; `check` lists the ones a translation lacks at `path:line`.

Values first (the shipped translations, what `check` says and refuses), then one build of a Spanish site whose
pages show the translated words, and mark in English the ones still untranslated.
"""

from __future__ import annotations

import re
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.content.load import load_library, read_library
from handouts.content.translations import audit, untranslated_words
from handouts.model.schedule import schedule
from handouts.model.values import Library
from handouts.pipeline import validate
from tests.conftest import build_site, copy_project

CAPTIONS = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nLie on your side.\n"
SUBTITULOS = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nAcuéstese de lado.\n"
NOTE = "once a day, after a warm shower"
NOTA = "una vez al día, después de una ducha caliente"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, text: str) -> int:
    return path.read_text().split("\n").index(text) + 1


def closing_line(path: Path) -> int:
    """The line of the `---` that closes a file's front matter: where `check` asks for a missing key."""
    return path.read_text().split("\n").index("---", 1) + 1


def problems(project: Path) -> list[str]:
    with chdir(project):
        return [str(p) for p in read_library("mkdocs.yml")[1]]


def warnings(project: Path) -> list[str]:
    with chdir(project):
        library, found = read_library("mkdocs.yml")
        assert found == []
        return [f"{p.path}:{p.line}: {p.message}" for p in audit(library)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def exercise_es(project: Path, slug: str) -> Path:
    return project / "content" / "exercises" / f"{slug}.es.md"


# -- the shipped content ---------------------------------------------------------------------------------------


def test_the_shipped_equipment_is_spanish_and_nothing_is_left_untranslated():
    library = validate(Path(__file__).parent.parent / "mkdocs.yml", gate=False)[0]
    english, spanish = library, library.in_language("es")
    equipment = {s: e.equipment for s, e in english.exercises.items() if e.equipment}
    assert len(equipment) >= 20 and {"bent-over-rows": ("dumbbells",), "quad-sets": ("a rolled towel",),
                                     "seated-knee-extensions": ("a chair",)}.items() <= equipment.items()
    translated = {s: e.equipment for s, e in spanish.exercises.items() if e.equipment}
    assert translated.keys() == equipment.keys()
    assert all(len(translated[s]) == len(things) and translated[s] != things for s, things in equipment.items())
    assert {"bent-over-rows": ("mancuernas",), "quad-sets": ("una toalla enrollada",),
            "seated-knee-extensions": ("una silla",)}.items() <= translated.items()
    pages = [*spanish.exercises.values(), *spanish.programs.values()]
    assert all(page.translated and page.untranslated == () for page in pages)
    assert untranslated_words(spanish) == []
    assert spanish.exercises["quad-sets"].dose is english.exercises["quad-sets"].dose


# -- what check says, and refuses ------------------------------------------------------------------------------


def test_a_translation_without_the_equipment_is_listed_at_its_line(project: Path, capsys):
    path = exercise_es(project, "quad-sets")
    edit(path, "equipment: [una toalla enrollada]\n", "")
    with chdir(project):
        spanish = load_library("mkdocs.yml").in_language("es")
        assert main(["check"]) == 0
    quad = spanish.exercises["quad-sets"]
    assert (quad.equipment, quad.untranslated, quad.title) == (("a rolled towel",), ("equipment",), "Apretar el muslo")
    expected = (f"content/exercises/quad-sets.es.md:{closing_line(path)}: warning: no 'equipment' in Spanish: "
                "Spanish pages say what is needed in English (a rolled towel); add 'equipment: […]' above this line")
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize(("slug", "written", "message"), [
    ("quad-sets", "equipment: [una toalla, una silla]",
     "has 2 things under 'equipment', but the original has 1 (a rolled towel): translate each one, one for one"),
    ("open-books", "equipment: [una toalla]",
     "the original, content/exercises/open-books.md, needs no equipment: delete 'equipment:'"),
])
def test_equipment_is_translated_one_for_one(project: Path, slug: str, written: str, message: str):
    path = exercise_es(project, slug)
    text = path.read_text()
    path.write_text(re.sub(r"^equipment: .*\n", "", text, flags=re.M).replace("\nfigure:", f"\n{written}\nfigure:", 1))
    [problem] = problems(project)
    assert problem.startswith(f"content/exercises/{slug}.es.md:{line_of(path, written)}: {message}")


def test_a_frequency_the_interface_says_is_not_written_again(project: Path):
    path = project / "content/programs/knee-pain.es.md"
    edit(path, "title:", "frequency: dos veces al día\ntitle:")
    [problem] = problems(project)
    assert problem.startswith(f"content/programs/knee-pain.es.md:{line_of(path, 'frequency: dos veces al día')}: "
                              "'frequency' comes from the original, content/programs/knee-pain.md: 'once a day' is "
                              'said in Spanish from the interface\'s words ("Una vez al día"), with the original\'s '
                              "number; delete this line")


def test_a_frequency_note_is_translated_and_the_schedule_stays_the_originals(project: Path):
    original, path = project / "content/programs/knee-pain.md", project / "content/programs/knee-pain.es.md"
    edit(original, "frequency: once a day", "frequency: twice a day, morning and evening")
    assert any(w.startswith(f"{path.relative_to(project)}:{closing_line(path)}: no 'frequency' in Spanish: Spanish "
                            "pages print the original's 'twice a day, morning and evening' in English")
               for w in warnings(project))
    edit(path, "title:", "frequency: dos veces al día, por la mañana y por la noche\ntitle:")
    assert not any("frequency" in w for w in warnings(project))
    with chdir(project):
        library = load_library("mkdocs.yml")
    spanish = library.in_language("es").programs["knee-pain"]
    assert spanish.frequency_text == "dos veces al día, por la mañana y por la noche"
    assert spanish.frequency == "twice a day, morning and evening" and spanish.untranslated == ()
    assert schedule(spanish.frequency).per_day == 2  # the reminders and the log read the original's words


def test_a_translated_frequency_where_the_original_has_none_is_refused(project: Path):
    path = exercise_es(project, "open-books")
    edit(path, "title:", "frequency: a diario\ntitle:")
    [problem] = problems(project)
    assert problem.startswith(f"content/exercises/open-books.es.md:{line_of(path, 'frequency: a diario')}: the "
                              "original, content/exercises/open-books.md, has no frequency: delete this line")


def test_a_home_page_translation_without_the_originals_title_is_listed(project: Path):
    path = project / "content/index.es.md"
    edit(path, "title: Ejercicios en casa\n", "")
    with chdir(project):
        home = load_library("mkdocs.yml").in_language("es").home
    assert (home.title, home.untranslated) == ("Home exercises", ("title",))
    assert "content/index.es.md:1: no 'title' in Spanish: the Spanish home page shows the original's, 'Home " \
           "exercises', in English; add 'title: …' to its front matter" in warnings(project)
    (project / "content/index.md").write_text("Welcome.\n")  # no title of its own: the clinic's name, in any language
    assert not any("'title'" in w for w in warnings(project))


def with_video(project: Path) -> Path:
    """open-books with a video file and its English captions."""
    videos = project / "content" / "videos"
    videos.mkdir()
    (videos / "open-books.webm").write_bytes(b"\x1a\x45\xdf\xa3")
    (videos / "open-books.vtt").write_text(CAPTIONS)
    (videos / "open-books.es.vtt").write_text(SUBTITULOS)
    edit(project / "content/exercises/open-books.md", "dose:",
         "video:\n  src: videos/open-books.webm\n  captions: videos/open-books.vtt\ndose:")
    return exercise_es(project, "open-books")


def test_a_video_files_captions_are_translated(project: Path):
    path = with_video(project)
    assert f"content/exercises/open-books.es.md:{closing_line(path)}: no captions in Spanish for the video: Spanish " \
           "pages show its English captions; add 'video: {captions: videos/….es.vtt}' above this line" in " ".join(
               warnings(project))
    edit(path, "title:", "video:\n  captions: videos/open-books.es.vtt\ntitle:")
    assert not any("video" in w for w in warnings(project))
    with chdir(project):
        library = load_library("mkdocs.yml")
    english, spanish = library.exercises["open-books"].video, library.in_language("es").exercises["open-books"].video
    assert (spanish.src, spanish.captions, spanish.transcript) == (
        "videos/open-books.webm", "videos/open-books.es.vtt", ("Acuéstese de lado.",))
    assert english.transcript == ("Lie on your side.",)


@pytest.mark.parametrize(("written", "at", "message"), [
    ("video:\n  src: videos/otro.webm\n  captions: videos/open-books.es.vtt", "  src: videos/otro.webm",
     "'src' comes from the original, content/exercises/open-books.md"),
    ("video:\n  captions: videos/nada.es.vtt", "  captions: videos/nada.es.vtt",
     "'captions' names a file that does not exist: content/videos/nada.es.vtt"),
    ("video: https://youtu.be/dQw4w9WgXcQ", "video: https://youtu.be/dQw4w9WgXcQ",
     "'video' comes from the original, content/exercises/open-books.md: a translation gives only a video file's "
     "captions"),
])
def test_a_translation_gives_only_the_captions(project: Path, written: str, at: str, message: str):
    path = with_video(project)
    edit(path, "title:", f"{written}\ntitle:")
    [problem] = problems(project)
    assert problem.startswith(f"content/exercises/open-books.es.md:{line_of(path, at)}: {message}")


def test_captions_for_a_hosted_video_are_refused(project: Path):
    edit(project / "content/exercises/open-books.md", "dose:", "video: https://youtu.be/dQw4w9WgXcQ\ndose:")
    path = exercise_es(project, "open-books")
    (project / "content/videos").mkdir()
    (project / "content/videos/x.es.vtt").write_text(SUBTITULOS)
    edit(path, "title:", "video:\n  captions: videos/x.es.vtt\ntitle:")
    [problem] = problems(project)
    assert problem.startswith(f"content/exercises/open-books.es.md:{line_of(path, 'video:')}: the original, "
                              "content/exercises/open-books.md, has a YouTube video, whose captions its player shows: "
                              "delete 'video:'")


# -- the pages -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Library]:
    """The shipped site in English and Spanish; quad sets' translation without its equipment, upper back pain with a
    frequency note translated, open books with a video whose captions are translated, the Spanish home page without
    its title."""
    project = copy_project(tmp_path_factory.mktemp("words") / "project")
    edit(project / "content/index.es.md", "title: Ejercicios en casa\n", "")
    edit(exercise_es(project, "quad-sets"), "equipment: [una toalla enrollada]\n", "")
    edit(project / "content/programs/upper-back-pain.md", "\nsummary:", f"\nfrequency: {NOTE}\nsummary:")
    edit(project / "content/programs/upper-back-pain.es.md", "\nsummary:", f"\nfrequency: {NOTA}\nsummary:")
    edit(with_video(project), "title:", "video:\n  captions: videos/open-books.es.vtt\ntitle:")
    with chdir(project):
        library = load_library("mkdocs.yml")
    return build_site(project), library


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_spanish_pages_say_the_translated_equipment(site):
    root, _ = site
    page = (root / "es/exercises/seated-knee-extensions/index.html").read_text()
    assert "<p>Necesita: una silla.</p>" in page and "a chair" not in page
    assert "You need: a chair." in text_of((root / "exercises/seated-knee-extensions/index.html").read_text())
    knee = (root / "es/programs/knee-pain/index.html").read_text()
    assert "Necesita: una silla." in knee and "Necesita: mancuernas" not in knee


def test_untranslated_equipment_is_marked_english(site):
    root, _ = site
    page = (root / "es/exercises/quad-sets/index.html").read_text()
    assert '<p>Necesita: <span lang="en">a rolled towel</span>.</p>' in page
    assert "<p>You need: a rolled towel.</p>" in (root / "exercises/quad-sets/index.html").read_text()


def test_an_untranslated_home_title_is_marked_english(site):
    root, _ = site
    assert '<h1 lang="en">Home exercises</h1>' in (root / "es/index.html").read_text()
    assert "<h1>Home exercises</h1>" in (root / "index.html").read_text()


def test_a_programs_frequency_note_in_spanish_keeps_the_originals_schedule(site):
    root, library = site
    spanish = (root / "es/programs/upper-back-pain/index.html").read_text()
    english = (root / "programs/upper-back-pain/index.html").read_text()
    assert f"<p>{NOTA}</p>" in spanish and NOTE not in spanish and f"<p>{NOTE}</p>" in english
    reminder = re.compile(r'data-per-day="(\d+)"[^>]*data-days="([^"]*)"|data-days="([^"]*)"[^>]*data-per-day="(\d+)"')
    assert reminder.findall(spanish) == reminder.findall(english) != []
    heading = text_of((root / "es/sheet/parts/heading/upper-back-pain.htm").read_text())
    assert NOTA in heading and NOTE not in heading


def test_a_video_shows_its_translated_captions(site):
    root, _ = site
    spanish = (root / "es/exercises/open-books/index.html").read_text()
    assert re.search(r'<track kind="captions" src="[^"]*videos/open-books\.es\.vtt" srclang="es"', spanish)
    assert "Acuéstese de lado." in text_of(spanish) and "Lie on your side." not in spanish
    english = (root / "exercises/open-books/index.html").read_text()
    assert re.search(r'<track kind="captions" src="[^"]*videos/open-books\.vtt" srclang="en"', english)
    assert (root / "videos/open-books.es.vtt").is_file()
