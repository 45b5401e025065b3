"""WeasyPrint 70: a one-bit PNG is decoded, widened to RGB and encoded again in every PDF, even from a shared cache.

    python bench/upstream/png_reencoded.py

A case as one would file it upstream (https://github.com/Kozea/WeasyPrint/issues), using only WeasyPrint and Pillow
(its own dependency). One page with a 328 x 328 black-and-white PNG (a QR code's size at 8 pixels a module), as a
data URL, rendered 40 times with one FontConfiguration and one `cache` dict for all, against the same page without
the image. Printed: CPU ms per PDF with and without the image, and how the image is stored in the PDF.

Expected: with the image already in the shared cache, the second and later PDFs cost little more than the page
without it, and a one-bit grey PNG is stored as a one-bit grey image (its IDAT data can be passed through with
/DecodeParms << /Predictor 15 /BitsPerComponent 1 >>). Found: each PDF spends about 2.8 ms on the image (RasterImage
converts mode "1" to "RGB" and saves it as PNG, then get_x_object opens and saves it again), and stores it as 8-bit
/DeviceRGB. PR #1481 names the pass-through as "a lingering optimization" (https://github.com/Kozea/WeasyPrint/pull/1481).
"""

import base64
import io
import re
import time

import weasyprint
from PIL import Image
from weasyprint.text.fonts import FontConfiguration


def one_bit_png(side: int = 328, module: int = 8) -> str:
    image = Image.new("1", (side, side), 1)
    for y in range(0, side, module):
        for x in range(0, side, module):
            if (x * 7 + y * 13) // module % 3 == 0:
                image.paste(0, (x, y, x + module, y + module))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def cost(html: str, repeat: int = 40) -> tuple[float, bytes]:
    fonts, cache = FontConfiguration(), {}
    pdf = weasyprint.HTML(string=html).write_pdf(font_config=fonts, cache=cache)
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(repeat):
            weasyprint.HTML(string=html).write_pdf(font_config=fonts, cache=cache)
        best = min(best, 1000 * (time.process_time() - started) / repeat)
    return best, pdf


def main() -> None:
    src = one_bit_png()
    page = "<p>A QR code:</p>{}"
    without, _ = cost(page.format(""))
    with_image, pdf = cost(page.format(f'<img src="{src}" style="width: 2.6cm">'))
    stored = re.search(rb"/Subtype /Image.*?/ColorSpace (/\w+).*?/BitsPerComponent (\d+)", pdf, re.S)
    print(f"weasyprint {weasyprint.__version__}: CPU ms per PDF, one cache for all")
    print(f"  page without the image  {without:6.2f} ms")
    print(f"  page with a 1-bit PNG   {with_image:6.2f} ms  (+{with_image - without:.2f} ms a PDF)")
    if stored:
        print(
            f"  stored as {stored.group(1).decode()}, {stored.group(2).decode()} bits a component "
            f"(the PNG is 1 bit, grey)"
        )


if __name__ == "__main__":
    main()
