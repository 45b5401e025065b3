"""An exercise's video and its own pictures: what clinicians paste, the errors they get, the page in Chromium (no
request before Play), the per-page Content-Security-Policy, a video file with captions and transcript, the PDF's
QR code, and several pictures side by side."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from contextlib import chdir
from pathlib import Path

import pytest
from playwright.sync_api import expect

from handouts.content.load import load_library
from handouts.content.untrusted import refused_html
from handouts.model.video import hosted
from handouts.render.csp import content_security_policy

from .conftest import ROOT, Server, axe_violations, build_site, copy_project, english_only, run_main, write
from .test_content import problems

YOUTUBE_ID = "dQw4w9WgXcQ"
CAPTIONS = """WEBVTT

00:00.000 --> 00:00.600
Lie on your side with your knees bent.

00:00.600 --> 00:01.200
<v Sam>Open the top arm like a book &amp; breathe.
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>'
PICTURES = """image:
  - src: images/squeeze-start.svg
    alt: A person standing with relaxed shoulders.
    caption: Start with your shoulders relaxed.
  - src: images/squeeze-end.svg
    alt: The same person squeezing the shoulder blades together.
    caption: Squeeze your shoulder blades together.
"""
ASSETS = ROOT / "templates" / "assets"


def front(project: Path, slug: str, lines: str) -> None:
    """Add front-matter lines to a shipped exercise, just before its closing '---'."""
    path = project / "content" / "exercises" / f"{slug}.md"
    head, rest = path.read_text().split("\n---\n", 1)
    path.write_text(f"{head}\n{lines.rstrip()}\n---\n{rest}")


def line_of(project: Path, slug: str, text: str) -> int:
    lines = (project / "content" / "exercises" / f"{slug}.md").read_text().split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The shipped project with a YouTube video, a Vimeo video, a video file with captions and a pair of pictures
    (scapular squeezes keeps neither a picture nor a video), built with its PDFs, and served. Its site_url is the
    server's address, so that material's instant navigation runs (it follows only the links its sitemap lists)."""
    project = copy_project(tmp_path_factory.mktemp("video") / "project")
    english_only(project)  # the pictures and videos added here are the English pages'; no translation names them
    (project / "site").mkdir()
    server = Server(project / "site")
    write(project, {
        "content/videos/childs-pose.webm": (ROOT / "tests/fixtures/video/tiny.webm").read_bytes(),
        "content/videos/childs-pose.vtt": CAPTIONS,
        "content/images/squeeze-start.svg": SVG, "content/images/squeeze-end.svg": SVG,
    })
    front(project, "open-books", f"video: https://www.youtube.com/watch?v={YOUTUBE_ID}&t=30s")
    front(project, "shoulder-rolls", "video: https://player.vimeo.com/video/123456?h=abc")
    front(project, "childs-pose", "video:\n  src: videos/childs-pose.webm\n  captions: videos/childs-pose.vtt")
    front(project, "bent-over-rows", PICTURES)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name:", f"site_url: {server.url}\nsite_name:", 1))
    yield build_site(project, pdfs=True), server.url
    server.close()


@pytest.fixture(scope="module")
def site(served) -> Path:
    return served[0]


@pytest.fixture(scope="module")
def url(served) -> str:
    return served[1]


# -- what clinicians paste -------------------------------------------------------------------------------------

PLAYER = f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1&rel=0"


@pytest.mark.parametrize(("written", "player"), [
    (f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=30s", PLAYER + "&start=30"),
    (f"https://www.youtube.com/watch?v={YOUTUBE_ID}&list=PL123&index=2", PLAYER),
    (f"https://m.youtube.com/watch?feature=share&v={YOUTUBE_ID}", PLAYER),
    (f"https://youtu.be/{YOUTUBE_ID}?si=Xy12&t=1m5s", PLAYER + "&start=65"),
    (f"youtube.com/shorts/{YOUTUBE_ID}", PLAYER),
    (f"https://www.youtube.com/embed/{YOUTUBE_ID}", PLAYER),
    (f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?start=10", PLAYER + "&start=10"),
    (f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{YOUTUBE_ID}?si=abc" title="YouTube '
     'video player" frameborder="0" allow="autoplay; encrypted-media" allowfullscreen></iframe>', PLAYER),
    ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456?dnt=1&autoplay=1"),
    ("https://vimeo.com/123456/abcdef1234", "https://player.vimeo.com/video/123456?dnt=1&autoplay=1&h=abcdef1234"),
    ("https://player.vimeo.com/video/123456?h=abc", "https://player.vimeo.com/video/123456?dnt=1&autoplay=1&h=abc"),
    ("https://vimeo.com/channels/staffpicks/123456#t=90s",
     "https://player.vimeo.com/video/123456?dnt=1&autoplay=1#t=90s"),
])
def test_the_addresses_clinicians_paste_are_understood(written: str, player: str):
    assert hosted(written).player == player


@pytest.mark.parametrize(("written", "words"), [
    ("https://www.dailymotion.com/video/x7tgad0", "must be a YouTube or Vimeo address"),
    ("https://www.youtube.com/channel/UCabcdefghijklmnop", "names no single video"),
    ("https://www.youtube.com/watch?v=dQw4w9", "has a YouTube video ID 'dQw4w9' that is not 11 letters"),
    (f'https://www.youtube.com/watch?v={YOUTUBE_ID}"><script>', "that is not 11 letters"),
    ("https://vimeo.com/123456?h=ab<c", "private-link code"),
    (f"https://youtu.be/{YOUTUBE_ID}?t=soon", "start time 'soon'"),
    ("javascript:alert(1)", "must be a YouTube or Vimeo address"),
    ('<iframe title="x"></iframe>', "is HTML with no video address in it"),
    ('<iframe src="https://evil.example/embed/x"></iframe>', "evil.example is neither"),
])
def test_other_addresses_say_what_to_write(written: str, words: str):
    with pytest.raises(ValueError, match=re.escape(words)):
        hosted(written)


@pytest.mark.parametrize(("lines", "at", "message"), [
    ("video: https://example.org/clip.mp4", "video:", "'video' must be a YouTube or Vimeo address, like https://"
     "www.youtube.com/watch?v=… or https://vimeo.com/123456, or a video file in content/ written as {src: "
     "videos/name.mp4, captions: videos/name.vtt}; example.org is neither"),
    ("video:\n  src: videos/x.webm", "video:", "'captions' is required"),
    ("video:\n  src: videos/missing.webm\n  captions: videos/x.vtt", "src:",
     "'src' names a file that does not exist: content/videos/missing.webm"),
    ("video:\n  src: ../mkdocs.yml\n  captions: videos/x.vtt", "src:", "'src' points outside content/: ../mkdocs.yml"),
    ("video:\n  src: https://x.example/a.mp4\n  captions: videos/x.vtt", "src:",
     "'src' must be a file inside content/, not a web address"),
    ("video:\n  src: videos/x.mov\n  captions: videos/x.vtt", "src:",
     "'src' must be a .mp4, .m4v, .webm, .ogv file, not x.mov"),
    ("video:\n  src: videos/x.webm\n  captions: videos/none.vtt", "captions:",
     "'captions' names a file that does not exist: content/videos/none.vtt"),
    ("video:\n  src: videos/x.webm\n  captions: videos/x.srt", "captions:", "'captions' must be a .vtt file"),
    ("video:\n  src: videos/x.webm\n  captions: videos/srt.vtt", "captions:",
     "content/videos/srt.vtt is not a WebVTT captions file: its first line must be WEBVTT"),
    ("video:\n  src: videos/x.webm\n  captions: videos/empty.vtt", "captions:",
     "content/videos/empty.vtt has no captions in it"),
    ("video:\n  src: videos/x.webm\n  captions: videos/bad-time.vtt", "captions:",
     "content/videos/bad-time.vtt has a caption whose times cannot be read at line 3 (write them like "
     "00:00:01.000 --> 00:00:04.000)"),
    ("video:\n  src: videos/x.webm\n  captions: videos/x.vtt\n  poster: a.png", "poster:",
     "unknown key 'poster' (allowed here: src, captions)"),
    ("video:", "video:", "'video' is empty: give a YouTube or Vimeo address, or its 'src' and 'captions'"),
    ("image:\n  - src: images/a.svg\n    alt: A person.", "image:", "'image' as a list needs at least 2 pictures"),
    ("image:\n  - src: images/a.svg\n    alt: A.\n  - src: images/b.svg", "- src: images/b.svg", "'alt' is required"),
    ("image:\n  - src: images/a.svg\n    alt: A.\n  - src: images/c.svg\n    alt: C.", "src: images/c.svg",
     "'src' names a file that does not exist: content/images/c.svg"),
])
def test_each_mistake_is_named_at_its_line(project: Path, lines: str, at: str, message: str):
    write(project, {
        "content/videos/x.webm": b"\x1a\x45\xdf\xa3", "content/videos/x.vtt": CAPTIONS, "content/videos/x.srt": "1",
        "content/videos/srt.vtt": "1\n00:00:01,000 --> 00:00:02,000\nLie down.\n",
        "content/videos/empty.vtt": "WEBVTT\n", "content/videos/bad-time.vtt": "WEBVTT\n\n00:0x.000 --> 00:02.000\nA\n",
        "content/images/a.svg": SVG, "content/images/b.svg": SVG,
    })
    front(project, "scapular-squeezes", lines)
    [found] = [p for p in problems(project) if p.startswith("content/exercises/")]  # the program names it too
    assert found.startswith(f"content/exercises/scapular-squeezes.md:{line_of(project, 'scapular-squeezes', at)}: "
                            f"{message}"), found


def test_both_forms_of_image_and_video_are_read(project: Path):
    write(project, {"content/images/squeeze-start.svg": SVG, "content/images/squeeze-end.svg": SVG,
                    "content/images/one.svg": SVG})
    front(project, "bent-over-rows", PICTURES + "video: https://youtu.be/dQw4w9WgXcQ")
    front(project, "open-books", "image:\n  src: images/one.svg\n  alt: A person.\n  caption: Lie on your side.")
    with chdir(project):
        library = load_library()
    rows, books = library.exercises["bent-over-rows"], library.exercises["open-books"]
    assert [i.src for i in rows.images] == ["images/squeeze-start.svg", "images/squeeze-end.svg"]
    assert rows.image == rows.images[0] and rows.video.service == "YouTube"
    assert [i.caption for i in books.images] == ["Lie on your side."] and books.video is None


def test_a_pasted_embed_code_in_the_body_points_to_the_video_key():
    body = f'1. Lie down.\n\n<iframe src="https://www.youtube.com/embed/{YOUTUBE_ID}?si=x"></iframe>\n'
    [problem] = refused_html(body, "content/exercises/x.md", 5)
    assert problem.line == 7
    assert problem.message.endswith(
        f"put the video in the front matter instead: 'video: https://www.youtube.com/watch?v={YOUTUBE_ID}' "
        "(the page loads it only when played)")
    [other] = refused_html('<iframe src="https://x.example/v/1"></iframe>', "content/index.md", 1)
    assert "goes in the front matter as 'video: <its address>'" in other.message
    assert "[Watch the video](https://x.example/v/1)" in other.message


def test_the_readability_gate_reads_captions_of_pictures_but_not_transcripts(project: Path):
    hard = ("Notwithstanding considerable interindividual variability, thoracolumbar proprioceptive reeducation "
            "necessitates meticulous neuromuscular coordination throughout every consecutive repetition of this "
            "particular movement.\n")  # 18 words: a sentence that long is graded on its own, and fails
    write(project, {"content/videos/x.webm": b"\x1a\x45\xdf\xa3",
                    "content/videos/x.vtt": f"WEBVTT\n\n00:00.000 --> 00:05.000\n{hard}",
                    "content/images/squeeze-start.svg": SVG, "content/images/squeeze-end.svg": SVG})
    front(project, "scapular-squeezes", "video:\n  src: videos/x.webm\n  captions: videos/x.vtt")
    front(project, "bent-over-rows", PICTURES.replace("Squeeze your shoulder blades together.", hard.strip()))
    result = run_main(project, "check")
    assert result.returncode == 1, result.stderr
    picture = line_of(project, "bent-over-rows", "- src: images/squeeze-end.svg")  # the caption's picture
    assert f"bent-over-rows.md:{picture}: reads at grade" in result.stderr
    assert "scapular-squeezes.md" not in result.stderr


# -- the policy ---------------------------------------------------------------------------------------------------


def directives(html: str) -> dict[str, str]:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)[1]
    return dict(d.split(" ", 1) for d in policy.replace("&#39;", "'").split("; "))


def test_only_a_page_with_a_video_may_frame_its_player(site: Path):
    pages = [p for p in site.rglob("*.html") if 'http-equiv="Content-Security-Policy" content=' in p.read_text()]
    assert len(pages) >= 10
    frames = {path: directives(path.read_text())["frame-src"] for path in pages}
    assert frames.pop(site / "exercises/open-books/index.html") == "https://www.youtube-nocookie.com"
    assert frames.pop(site / "exercises/shoulder-rolls/index.html") == "https://player.vimeo.com"
    assert set(frames.values()) == {"'none'"}, "every other page, the video file's and the program's too"
    policy = content_security_policy("", frames=["https://x.example; script-src *"])
    assert "frame-src 'none';" in policy and "script-src 'self';" in policy, "only an origin is ever written"


# -- in Chromium ------------------------------------------------------------------------------------------------


def watched(browser, **options):
    """A page in a context that records every request and lets none leave 127.0.0.1 (this machine has no internet)."""
    context = browser.new_context(**options)
    requests: list[str] = []

    def route(route):
        requests.append(route.request.url)
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    context.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation', "
                            "e => window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI));")
    return context, context.new_page(), requests


def elsewhere(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith("http://127.0.0.1")]


def test_a_hosted_video_asks_nothing_of_youtube_until_play(browser, url: str):
    context, page, requests = watched(browser, viewport={"width": 390, "height": 844})
    try:
        page.goto(url + "exercises/open-books/")
        page.wait_for_load_state("networkidle")
        play = page.get_by_role("button", name="Play the video: Open books")
        expect(play).to_be_visible()
        expect(page.locator(".handout-video__note")).to_have_text("Playing it loads the video from YouTube.")
        assert page.locator("iframe").count() == 0
        assert axe_violations(page, "#video") == []
        assert elsewhere(requests) == []
        play.focus()
        with page.expect_request(lambda r: not r.url.startswith("http://127.0.0.1")) as asked:
            page.keyboard.press("Enter")  # a real button: the keyboard plays it
        assert asked.value.url == PLAYER + "&start=30"
        frame = page.locator("iframe.handout-video__player")
        expect(frame).to_have_attribute("src", PLAYER + "&start=30")
        expect(frame).to_have_attribute("title", "Video: Open books")
        expect(frame).to_be_focused()
        assert elsewhere(requests) == [PLAYER + "&start=30"]
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()


def test_after_instant_navigation_play_loads_the_page_afresh(browser, url: str):
    """The first page's policy (frame-src 'none') holds across material's instant pages: Play reloads this one."""
    context, page, requests = watched(browser)
    try:
        page.goto(url + "exercises/")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.__same = true")
        page.locator("a[href$='open-books/']").first.click()
        page.wait_for_url("**/exercises/open-books/")
        page.get_by_role("button", name="Play the video: Open books").wait_for()
        assert page.evaluate("window.__same") is True, "an instant page: the same window"
        page.get_by_role("button", name="Play the video: Open books").click()
        frame = page.locator("iframe.handout-video__player")
        expect(frame).to_have_attribute("src", PLAYER + "&start=30")
        assert page.evaluate("window.__same") is None, "loaded afresh, with this page's policy"
        assert page.evaluate("window.__violations") == []
        assert all(u.startswith("https://www.youtube-nocookie.com/") for u in elsewhere(requests)), requests
    finally:
        context.close()


def test_a_vimeo_private_link_keeps_its_hash(browser, url: str):
    context, page, requests = watched(browser)
    try:
        page.goto(url + "exercises/shoulder-rolls/")
        page.get_by_role("button", name="Play the video: Shoulder rolls").click()
        expect(page.locator("iframe")).to_have_attribute(
            "src", "https://player.vimeo.com/video/123456?dnt=1&autoplay=1&h=abc")
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()


def test_a_video_file_plays_with_its_captions_and_transcript(browser, site: Path, url: str):
    html = (site / "exercises/childs-pose/index.html").read_text()
    assert '<source src="../../videos/childs-pose.webm" type="video/webm">' in html
    assert re.search(r'<track kind="captions" src="../../videos/childs-pose.vtt" srclang="en"\s+label="Captions" '
                     r"default>", html)
    context, page, requests = watched(browser)
    try:
        page.goto(url + "exercises/childs-pose/")
        expect(page.locator(".handout-video__transcript")).to_have_text(
            "Lie on your side with your knees bent. Open the top arm like a book & breathe.")
        page.locator("video").evaluate("v => { v.muted = true; return v.play(); }")
        page.wait_for_function("() => document.querySelector('video').currentTime > 0")
        page.wait_for_function("() => (document.querySelector('video').textTracks[0].cues || []).length === 2")
        track = page.evaluate("() => { const t = document.querySelector('video').textTracks[0]; "
                              "return [t.kind, t.mode, t.cues[0].text]; }")
        assert track == ["captions", "showing", "Lie on your side with your knees bent."]
        assert page.evaluate("window.__violations") == [] and elsewhere(requests) == []
        assert axe_violations(page, "#video") == []
    finally:
        context.close()


def test_several_pictures_sit_side_by_side_on_a_phone(browser, url: str):
    context, page, _ = watched(browser, viewport={"width": 390, "height": 844})
    try:
        page.goto(url + "exercises/bent-over-rows/")
        pictures = page.locator(".handout-pictures__picture")
        expect(pictures).to_have_count(2)
        first, second = pictures.nth(0).bounding_box(), pictures.nth(1).bounding_box()
        assert first["y"] == second["y"] and first["x"] + first["width"] <= second["x"]
        expect(pictures.nth(1).locator("img")).to_have_attribute(
            "alt", "The same person squeezing the shoulder blades together.")
        expect(pictures.nth(0).locator("figcaption")).to_have_text("Start with your shoulders relaxed.")
    finally:
        context.close()


# -- the rest of the site and the PDFs ------------------------------------------------------------------------------


def test_an_exercise_without_a_picture_or_video_is_as_before(site: Path):
    html = (site / "exercises/scapular-squeezes/index.html").read_text()
    assert "handout-video" not in html.split("<article", 1)[1] and "handout-figure" not in html
    assert (site / "pdf/exercises/scapular-squeezes.pdf").stat().st_size > 1000


def test_the_phone_keeps_no_copy_of_a_video_file(site: Path):
    worker = (site / "sw.js").read_text().split("\n", 1)[0]
    assert "videos/childs-pose.vtt" in worker and "childs-pose.webm" not in worker


def qr_codes(pdf: Path, folder: Path) -> list[str]:
    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg not found: run `make test` (it installs zbar-tools)")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(folder / "page")], check=True)
    found = []
    for image in sorted(folder.glob("page*.png")):
        out = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
        found += out.stdout.split()
    return found


@pytest.mark.parametrize("name", ["open-books", "childs-pose-large"])
def test_the_pdf_prints_a_qr_code_to_the_video(site: Path, url: str, tmp_path: Path, name: str):
    slug = name.removesuffix("-large")
    codes = qr_codes(site / f"pdf/exercises/{name}.pdf", tmp_path)
    assert f"{url}exercises/{slug}/#video" in codes
    assert any("#timer?" in code for code in codes)
    text = subprocess.run(["pdftotext", str(site / f"pdf/exercises/{name}.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "Scan to watch the video" in text


def test_the_scripts_hold_no_words_and_stay_small():
    code = re.sub(r"/\*.*?\*/|\s//[^\n]*", "", (ASSETS / "video.js").read_text(), flags=re.S)
    strings = set(re.findall(r'"([^"\\]*)"', code)) - {"use strict"}
    assert [s for s in strings if re.search(r"[A-Za-z]{2,} [a-z]{2,}", s)] == []
    size = len(gzip.compress((ASSETS / "video.js").read_bytes(), 9))
    assert size <= 2048, size
