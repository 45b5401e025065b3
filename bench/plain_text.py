"""WeasyPrint's own cost for plain text: the part of a handout's time that no stylesheet or template of ours removes.

    python bench/plain_text.py [--words 0 100 250 500] [--repeat 40]

Renders paragraphs of plain words (25 to a paragraph, no stylesheet, WeasyPrint's default font) to PDF, one
FontConfiguration for all, and prints the CPU milliseconds per PDF, untagged and tagged (PDF/UA-1, as ours are).
"""

from __future__ import annotations

import argparse
import time

import weasyprint
from weasyprint.text.fonts import FontConfiguration

WORDS = "Lift your arm slowly and with control while you breathe out and keep your back straight".split()


def document(words: int, per_paragraph: int = 25) -> str:
    text = [WORDS[i % len(WORDS)] for i in range(words)]
    return "".join(f"<p>{' '.join(text[i:i + per_paragraph])}.</p>" for i in range(0, words, per_paragraph)) or "<p>"


def cost(html: str, fonts: FontConfiguration, repeat: int, **options: str) -> float:
    """CPU milliseconds per PDF of `html`, after one render to warm up."""
    weasyprint.HTML(string=html).write_pdf(font_config=fonts, **options)
    started = time.process_time()
    for _ in range(repeat):
        weasyprint.HTML(string=html).write_pdf(font_config=fonts, **options)
    return 1000 * (time.process_time() - started) / repeat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[0, 100, 250, 500])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)
    fonts = FontConfiguration()
    print(f"weasyprint {weasyprint.__version__}: CPU ms per PDF of plain paragraphs")
    for words in args.words:
        html = document(words)
        plain, tagged = cost(html, fonts, args.repeat), cost(html, fonts, args.repeat, pdf_variant="pdf/ua-1")
        print(f"{words:5d} words  {plain:6.1f} ms  tagged (pdf/ua-1) {tagged:6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
