"""Works offline and installs: the web app manifest, its icons and the service worker, written into a built site.

The worker (templates/sw.js) keeps a copy of every page (in every language, /es/ too), style sheet, script, font and
picture of the build, and of the search index, so a patient who opened the site once can open any page and run a
timer with no signal. The copy is named after a hash of the site's content: the same content gives the same sw.js,
and a new build gives a new copy that replaces the old one in one step. PDFs are kept the first time they are
opened. Online, a page (and the JSON and PDFs that carry a dose) still comes from the network first, so it is always
the current build's; the copy answers only when the network does not within NETWORK_WAIT, and the page then says it
is a saved copy and from when (assets/offline.js). A page left open when a new build is published says it has
changed. A preview, or a site built with `offline: false`, gets a worker that removes itself and its copies, for
phones that kept one from before.
This module never imports mkdocs.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..content.video_files import VIDEO_TYPES
from ..i18n.catalog import DEFAULT_LANGUAGE
from ..model.urls import split
from ..model.values import Clinic
from ..render.brand import Palette

__all__ = ["ICONS", "MANIFEST", "NETWORK_WAIT", "WORKER", "icon", "manifest", "precached", "site_version", "worker",
           "write_offline"]

MANIFEST = "manifest.webmanifest"
WORKER = "sw.js"
ICONS = {"assets/icons/icon-192.png": 192, "assets/icons/icon-512.png": 512,
         "assets/icons/apple-touch-icon.png": 180}
"""The app's icons: Android and desktop take the first two (the 512 one also as a maskable icon), iOS the last."""
FONT = "assets/fonts/atkinson-hyperlegible-latin-700-normal.ttf"
"""The letters on an icon, in the site's own typeface, from the templates folder."""
NOT_PRECACHED_DIRS = ("pdf", "print")
"""PDFs are kept when opened, not all up front; print/ holds the PDFs' style sheet."""
NOT_PRECACHED_SUFFIXES = (".map", ".ttf", ".gz", *VIDEO_TYPES)
"""Source maps, the fonts only the PDFs use, the compressed sitemap: nothing a page loads. And video files: a phone
would fetch every video of the library on its first visit; a video plays from the site when it is played."""
UNHASHED = (WORKER, "sitemap.xml", "sitemap.xml.gz")
"""Left out of the version: the worker itself, and the sitemaps, whose dates change every day."""
NETWORK_WAIT = 4.0
"""Seconds a page waits for the network before the worker shows its saved copy (which then says so). A page starts
to arrive in well under a second on 4G and in about 2 s on a slow 3G signal (a few round trips of 300 to 400 ms),
so a slow but working connection still shows the current dose; with no real signal, a patient waits 4 s, not the
browser's half a minute or more, before seeing the saved copy."""


def precached(site: Path, search_languages: Iterable[str] = ("en",)) -> list[str]:
    """The site's files a patient needs with no signal, as addresses relative to the site's root, sorted.

    A page is listed by its folder's address (`exercises/open-books/`), which is how links name it.
    """
    languages = set(search_languages)
    files = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = PurePosixPath(path.relative_to(site).as_posix())
        if (_folder(relative) in NOT_PRECACHED_DIRS or relative.suffix in NOT_PRECACHED_SUFFIXES
                or str(relative) == WORKER or not _search_needs(relative, languages)):
            continue
        files.append("./" if str(relative) == "index.html" else
                     f"{relative.parent}/" if relative.name == "index.html" else str(relative))
    return files


def _folder(relative: PurePosixPath) -> str:
    """A file's first folder in its language: 'pdf' for es/pdf/exercises/open-books.pdf (handouts.model.urls)."""
    lang, path = split(relative.as_posix())
    return path.split("/", 1)[0] if lang != DEFAULT_LANGUAGE else relative.parts[0]


def _search_needs(relative: PurePosixPath, languages: set[str]) -> bool:
    """Material's search loads lunr's language support only for languages other than English, and only its own."""
    if relative.parts[:3] != ("assets", "javascripts", "lunr"):
        return True
    others = languages - {"en"}
    name = relative.name
    language = name.removeprefix("lunr.").removesuffix(".min.js")
    return bool(others) and (language in others | {"stemmer.support", "multi"}
                             or (name == "tinyseg.js" and "ja" in others) or (name == "wordcut.js" and "th" in others))


def site_version(site: Path) -> str:
    """A short hash of every file of the built site (PDFs too) but the worker and the dated sitemaps."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative not in UNHASHED:
            digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def worker(source: str, files: list[str] | None, version: str) -> str:
    """sw.js: the build's list of files, its version and the network wait (ms) on its first line, then the worker's
    code.

    Without files (a preview, or `offline: false`) the worker removes itself and its copies.
    """
    settings = ({"files": files, "version": version, "wait": round(NETWORK_WAIT * 1000)} if files is not None
                else {})
    return f"self.OFFLINE = {json.dumps(settings, separators=(',', ':'))};\n{source}"


def manifest(clinic: Clinic, colours: Palette, language: str = "en") -> str:
    """The web app manifest, as JSON: the clinic's name and colour, addresses relative to the site's root.

    The home-screen icon opens the personal program page, which opens the program the patient kept on the phone
    ("Keep this program on this phone", assets/personal.js) in the language it was kept in, or else goes on to the
    home page."""
    icons = [{"src": src, "sizes": f"{size}x{size}", "type": "image/png"} for src, size in ICONS.items()
             if "apple" not in src]
    icons.append({**icons[-1], "purpose": "maskable"})  # the letters sit inside the maskable safe zone
    data = {
        "name": clinic.name,
        "short_name": short_name(clinic.name),
        "lang": language,
        "id": "./",
        "start_url": "my-program/?start",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colours.primary,
        "icons": icons,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def short_name(name: str, most: int = 12) -> str:
    """The name under the icon on a home screen: the clinic's name, or its first two words or more when they fit in
    12 letters ('Maple Grove Physiotherapy' -> 'Maple Grove'); else the whole name, for the phone to shorten."""
    words = name.split()
    fits = [n for n in range(2, len(words) + 1) if len(" ".join(words[:n])) <= most]
    return " ".join(words[:max(fits)]) if fits else name


def initials(name: str, most: int = 2) -> str:
    """The first letters of the first words of a name: 'Maple Grove Physiotherapy' -> 'MG'."""
    letters = [word[0].upper() for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:most])


def icon(size: int, colours: Palette, name: str, font: Path | None = None, logo: Path | None = None) -> bytes:
    """A square PNG icon: the clinic's PNG logo, or its initials, on the clinic's colour (the site's header)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (size, size), colours.primary)
    safe = int(size * 0.56)  # inside the circle a maskable icon keeps (80% of the width), with a margin
    if logo is not None and logo.suffix.lower() == ".png":
        with Image.open(logo) as picture:
            art = picture.convert("RGBA")
        art.thumbnail((safe, safe), Image.Resampling.LANCZOS)
        image.paste(art, ((size - art.width) // 2, (size - art.height) // 2), art)
    elif font is not None and (letters := _drawable(initials(name), font)):
        face = ImageFont.truetype(str(font), int(size * (0.4 if len(letters) > 1 else 0.5)))
        ImageDraw.Draw(image).text((size / 2, size / 2), letters, fill=colours.on_primary, font=face, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _drawable(letters: str, font: Path) -> str:
    """The letters, or '' when the typeface lacks one of them (the icon is then the plain colour)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font), lazy=True) as face:
        cmap = face.getBestCmap()
    return letters if all(ord(letter) in cmap for letter in letters) else ""


def write_offline(
    site: Path, clinic: Clinic, colours: Palette, template_dirs: Iterable[Path], *, enabled: bool,
    language: str = "en", search_languages: Iterable[str] = ("en",),
) -> None:
    """Write the manifest, its icons and sw.js into a built site; the worker last, since it lists the others."""
    dirs = list(template_dirs)
    font = next((d / FONT for d in dirs if (d / FONT).is_file()), None)
    logo = Path(clinic.logo) if clinic.logo else None
    for src, size in ICONS.items():
        (site / src).parent.mkdir(parents=True, exist_ok=True)
        (site / src).write_bytes(icon(size, colours, clinic.name, font, logo))
    (site / MANIFEST).write_text(manifest(clinic, colours, language), encoding="utf-8")
    source = next((d / WORKER).read_text(encoding="utf-8") for d in dirs if (d / WORKER).is_file())
    files = precached(site, search_languages) if enabled else None
    (site / WORKER).write_text(worker(source, files, site_version(site) if enabled else ""), encoding="utf-8")
