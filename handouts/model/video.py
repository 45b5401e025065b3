"""An exercise's `video:`: a YouTube or Vimeo address, or a video file in content/ with its captions.

What clinicians paste is read here: a watch link, a share link, a Shorts link, an embed address, a Vimeo private
link (its `h=` hash kept), even a whole embed code (`<iframe … src="…">`, from which the address is taken). Only
the video's ID comes out of it, checked letter by letter, so nothing a clinician typed reaches a page's attribute
but an ID the site builds its own privacy-enhanced address from: youtube-nocookie.com, or player.vimeo.com with
`dnt=1`. The page loads nothing from there until the patient presses play (templates/assets/video.js), and the
page's Content-Security-Policy allows that one host on that page only (handouts.render.csp).

A video file plays from the site itself, with its WebVTT captions, whose text is also shown as a transcript.
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import tinyhtml5

from .values import HostedVideo

__all__ = ["frame_sources", "hosted"]

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
VIMEO_HASH = re.compile(r"^[0-9A-Za-z]{1,40}$")
START = re.compile(r"^(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,5})s?)?$")
YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com", "youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "player.vimeo.com"}
PLAYERS = {"YouTube": "https://www.youtube-nocookie.com", "Vimeo": "https://player.vimeo.com"}
"""The privacy-enhanced player of each host: the only origins a page may frame, and only a page with a video."""

SUPPORTED = ("must be a YouTube or Vimeo address, like https://www.youtube.com/watch?v=… or https://vimeo.com/123456, "
             "or a video file in content/ written as {src: videos/name.mp4, captions: videos/name.vtt}")
SHARE = "open the video, press Share and copy its link (like https://youtu.be/…)"


def hosted(text: str) -> HostedVideo:
    """The video a YouTube or Vimeo address (or a pasted embed code) names; ValueError says what to write instead.

    The message reads after the key's name: "'video' must be a YouTube or Vimeo address, …".
    """
    address = text.strip()
    if address.startswith("<"):
        address = embedded_address(address)
    if not re.match(r"^[a-z][a-z0-9+.-]*://", address, re.I) and re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", address, re.I):
        address = "https://" + address  # youtube.com/shorts/…, as a phone's share sheet sometimes gives it
    try:
        parts = urlsplit(address)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        raise ValueError(SUPPORTED) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError(SUPPORTED)
    if host in YOUTUBE_HOSTS:
        return _youtube(host, parts.path, parse_qs(parts.query))
    if host in VIMEO_HOSTS:
        return _vimeo(host, parts.path, parse_qs(parts.query), parts.fragment)
    raise ValueError(f"{SUPPORTED}; {host} is neither")


def embedded_address(code: str) -> str:
    """The address inside a pasted embed code `<iframe … src="…">`, read as a browser reads the HTML."""
    root = tinyhtml5.parse(io.StringIO(code))
    frame = next(root.iter("{http://www.w3.org/1999/xhtml}iframe"), None)
    src = frame.get("src", "").strip() if frame is not None else ""
    if not src:
        raise ValueError(f"is HTML with no video address in it: {SUPPORTED}")
    return src


def _youtube(host: str, path: str, query: dict[str, list[str]]) -> HostedVideo:
    parts = [p for p in path.split("/") if p]
    if host == "youtu.be":
        found = parts[0] if parts else ""
    elif parts[:1] == ["watch"]:
        found = (query.get("v") or [""])[0]
    elif len(parts) >= 2 and parts[0] in ("shorts", "embed", "live", "v"):
        found = parts[1]
    else:
        raise ValueError(f"is a YouTube address that names no single video: {SHARE}")
    if not YOUTUBE_ID.match(found):
        raise ValueError(f"has a YouTube video ID '{found[:40]}' that is not 11 letters, digits, - or _: {SHARE}")
    start = _start((query.get("t") or query.get("start") or [""])[0])
    player = f"{PLAYERS['YouTube']}/embed/{found}?autoplay=1&rel=0" + (f"&start={start}" if start else "")
    return HostedVideo("YouTube", found, player, f"https://www.youtube.com/watch?v={found}")


def _vimeo(host: str, path: str, query: dict[str, list[str]], fragment: str) -> HostedVideo:
    parts = [p for p in path.split("/") if p]
    secret = (query.get("h") or [""])[0]
    if host == "player.vimeo.com" and len(parts) == 2 and parts[0] == "video":
        found = parts[1]
    elif host == "vimeo.com" and parts and VIMEO_ID.match(parts[0]):
        found, secret = parts[0], parts[1] if len(parts) == 2 else secret  # vimeo.com/123456/abcdef: unlisted
    elif host == "vimeo.com" and len(parts) == 3 and parts[0] == "channels":
        found = parts[2]
    else:
        raise ValueError(f"is a Vimeo address that names no single video: {SHARE.replace('youtu.be/…', 'vimeo.com/…')}")
    if not VIMEO_ID.match(found):
        raise ValueError(f"has a Vimeo video number '{found[:40]}' that is not a number: copy the video's link again")
    if secret and not VIMEO_HASH.match(secret):
        raise ValueError(f"has a private-link code '{secret[:40]}' that is not only letters and digits")
    start = _start(fragment.removeprefix("t=")) if fragment.startswith("t=") else None
    player = (f"{PLAYERS['Vimeo']}/video/{found}?dnt=1&autoplay=1" + (f"&h={secret}" if secret else "")
              + (f"#t={start}s" if start else ""))
    page = f"https://vimeo.com/{found}" + (f"/{secret}" if secret else "")
    return HostedVideo("Vimeo", found, player, page)


def _start(text: str) -> int | None:
    """A start time as seconds: `30`, `30s`, `1m30s`, `1h2m`; None for none."""
    match = START.match(text.strip())
    if not text.strip():
        return None
    if not match:
        raise ValueError(f"has a start time '{text[:20]}' that is not a time like 30s or 1m30s")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds or None


def frame_sources(video: object) -> tuple[str, ...]:
    """The origins a page showing this video may frame: the video's privacy-enhanced player, or none."""
    return (PLAYERS[video.service],) if isinstance(video, HostedVideo) else ()
