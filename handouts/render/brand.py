"""The clinic's colour made safe to read: WCAG contrast, a readable text colour, a link colour."""

from __future__ import annotations

from dataclasses import dataclass

AA_TEXT = 4.5
WHITE, BLACK_TEXT = "#ffffff", "#1a1a1a"
DARK_PAGE = "#1e2129"
"""The page's background in dark mode (templates/assets/site.css): links are made to read on it too."""


def rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_color(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in channels)


def luminance(color: str) -> float:
    """WCAG 2 relative luminance."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darken(color: str, step: float = 0.06) -> str:
    """The colour mixed a little towards black."""
    r, g, b = (c * (1 - step) for c in rgb(color))
    return hex_color((r, g, b))


def lighten(color: str, step: float = 0.06) -> str:
    """The colour mixed a little towards white."""
    r, g, b = (c + (255 - c) * step for c in rgb(color))
    return hex_color((r, g, b))


def readable_on(background: str, color: str) -> str:
    """`color`, darkened (on a light background) or lightened (on a dark one) until it reads at AA (4.5:1)."""
    towards = darken if contrast(background, WHITE) < contrast(background, "#000000") else lighten
    while contrast(color, background) < AA_TEXT:
        color = towards(color)
    return color


@dataclass(frozen=True)
class Palette:
    primary: str
    """The clinic's colour, for the header bar and accents."""
    on_primary: str
    """Text on the clinic's colour: white or near-black, whichever reads better."""
    link: str
    """Links and headings on white: the clinic's colour, darkened if needed."""
    dark: str
    link_on_dark: str
    """Links, and focus rings, in dark mode (on DARK_PAGE): the clinic's colour, lightened if needed."""
    warning: str | None = None


def palette(color: str) -> Palette:
    """Colours for the site and the PDFs from one clinic colour, each passing WCAG AA.

    White text on the colour is the default; when it would fail AA, near-black text is used, and
    when neither reads well the colour itself is darkened. Either way `warning` says so.
    """
    color = hex_color(rgb(color))
    warning = None
    on_primary = WHITE
    if contrast(WHITE, color) < AA_TEXT:
        white = contrast(WHITE, color)
        if contrast(BLACK_TEXT, color) >= AA_TEXT:
            on_primary = BLACK_TEXT
            warning = f"white text on the clinic colour {color} would fail WCAG AA ({white:.1f}:1); dark text is used"
        else:
            darker = readable_on(WHITE, color)
            warning = (
                f"no text colour reads on the clinic colour {color} at WCAG AA; the darker {darker} is used behind text"
            )
            color = darker
    link = readable_on(WHITE, color)
    return Palette(primary=color, on_primary=on_primary, link=link, dark=darken(link, 0.2),
                   link_on_dark=readable_on(DARK_PAGE, color), warning=warning)
