"""The QR code that takes a patient from a paper handout to the exercise's timer."""

from __future__ import annotations

import segno


def timer_url(site_url: str, slug: str) -> str:
    """'https://clinic.example/exercises/open-books/#timer' (site_url without a trailing slash)."""
    return f"{site_url.rstrip('/')}/exercises/{slug}/#timer"


def timer_qr(site_url: str | None, slug: str, title: str) -> dict[str, str] | None:
    """The timer's QR code as {'src': PNG data URL, 'alt', 'url'}, or None without a site URL.

    An <img> with a data URL, not inline <svg>: WeasyPrint carries an <img>'s alt text into the tagged PDF.
    A one-bit PNG, not SVG: WeasyPrint parses an SVG QR code's path on every render (measured: 8 ms a PDF).
    """
    if not site_url:
        return None
    url = timer_url(site_url, slug)
    code = segno.make(url, error="m", micro=False)
    src = code.png_data_uri(scale=8, border=2, dark="#000000", light="#ffffff")
    return {"src": src, "alt": f"QR code: scan it to open the timer for {title} ({url})", "url": url}
