"""The QR code that takes a patient from a paper handout to the exercise's timer, running the printed dose."""

from __future__ import annotations

from functools import lru_cache

import segno

from ..i18n.words import PAGES
from ..model.urls import timer_url, video_url
from ..model.values import Dose


@lru_cache(maxsize=8192)
def png_data_uri(url: str) -> str:
    """The QR code of `url` as a one-bit PNG data URL, made once per process: an exercise's own handouts (normal and
    large) and every program that gives it the same dose print the same code, and making one takes about 10 ms."""
    code = segno.make(url, error="m", micro=False)
    return code.png_data_uri(scale=8, border=2, dark="#000000", light="#ffffff")


def timer_qr(site_url: str | None, slug: str, title: str, dose: Dose) -> dict[str, str] | None:
    """The timer's QR code as {'src': PNG data URL, 'alt', 'url'}, or None without a site URL.

    An <img> with a data URL, not inline <svg>: WeasyPrint carries an <img>'s alt text into the tagged PDF.
    A one-bit PNG, not SVG: WeasyPrint parses an SVG QR code's path on every render (measured: 8 ms a PDF).
    """
    if not site_url:
        return None
    url = timer_url(site_url, slug, dose)
    alt = f"QR code: scan it to open the timer for {title} with this dose ({url})"
    return {"src": png_data_uri(url), "alt": alt, "url": url}


def video_qr(site_url: str | None, slug: str, title: str) -> dict[str, str] | None:
    """The QR code to the video on the exercise's page, as timer_qr's; None without a site URL."""
    if not site_url:
        return None
    url = video_url(site_url, slug)
    return {"src": png_data_uri(url), "alt": PAGES["video.qrAlt"].format(title=title, url=url), "url": url}
