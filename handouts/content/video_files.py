"""A video file in content/ and its WebVTT captions: checked before publishing, their text the page's transcript."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

__all__ = ["CAPTION_TYPES", "VIDEO_TYPES", "check_file", "transcript"]

VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg"}
"""Video files every current browser plays, by suffix, with the type the <source> element announces."""
CAPTION_TYPES = {".vtt": "text/vtt"}
"""Captions: WebVTT, what the <track> element reads."""


def check_file(key: str, src: str, content_dir: Path, suffixes: dict[str, str]) -> str | None:
    """Why `src` (relative to content/) is refused as the `key` file of a video, or None."""
    if urlsplit(src).scheme or src.startswith("//"):
        return f"'{key}' must be a file inside content/, not a web address: {src}"
    if Path(src).is_absolute() or src.startswith(("/", "\\")):
        return f"'{key}' must be relative to content/, like videos/open-books.mp4, not {src}"
    target = (content_dir / src).resolve()
    if not target.is_relative_to(content_dir.resolve()):
        return f"'{key}' points outside content/: {src}"
    if Path(src).suffix.lower() not in suffixes:
        kinds = ", ".join(dict.fromkeys(suffixes))
        return f"'{key}' must be a {kinds} file, not {Path(src).name}"
    if not target.is_file():
        return f"'{key}' names a file that does not exist: content/{src}"
    return None


def transcript(path: Path, shown: str) -> tuple[str, ...]:
    """The text of a WebVTT captions file, cue by cue (tags dropped); ValueError says what is wrong with it."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{shown} is not UTF-8 text; save it as UTF-8") from None
    try:
        captions = webvtt.from_buffer(io.StringIO(text), strict=True)
    except MalformedFileError:
        raise ValueError(
            f"{shown} is not a WebVTT captions file: its first line must be WEBVTT (an .srt file becomes one when "
            "you add the line WEBVTT and a blank line at the top and write its times with a dot, 00:00:01.000)"
        ) from None
    except (MalformedCaptionError, ValueError) as err:
        block = re.search(r"\['([^']*)'", str(err))  # webvtt names the cue's lines: ['00:0x.000 --> …', 'text']
        where = f" at line {text.split(chr(10)).index(block[1]) + 1}" if block and block[1] in text.split("\n") else ""
        raise ValueError(f"{shown} has a caption whose times cannot be read{where} (write them like "
                         "00:00:01.000 --> 00:00:04.000)") from None
    cues = tuple(" ".join(html.unescape(c.text).split()) for c in captions.captions)
    if not any(cues):
        raise ValueError(f"{shown} has no captions in it")
    return tuple(c for c in cues if c)
