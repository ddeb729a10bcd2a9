"""Make a PDF from text with reportlab, as a publishing system's PDF export would look.

Used by the PDF tests and the parser benchmark. Lines longer than the page is
wide are wrapped, so the PDF has the hard line wraps real minutes PDFs have.
The font is reportlab's bundled Bitstream Vera, which has æ, ø and å.
"""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "Vera"
FONT_FILE = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
SIZE = 9
MARGIN = 50
# Landscape, so that the seeds already wrapped by their own PDF (001, 004) are
# not wrapped a second time; their long unwrapped lines (000, 002, 003) still are.
PAGE = landscape(A4)


def text_to_pdf(text: str, *, encrypt_with: str | None = None, footer: bool = True) -> bytes:
    """A PDF of ``text``; ``encrypt_with`` sets a password needed to open it."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE, encrypt=encrypt_with, invariant=True)
    width, height = PAGE
    line_height = SIZE * 1.3
    page = 1
    y = height - MARGIN

    def new_page() -> None:
        nonlocal y, page
        if footer:
            pdf.setFont(FONT, 7)
            pdf.drawString(MARGIN, MARGIN / 2, f"Side {page}")
        pdf.showPage()
        page += 1
        y = height - MARGIN

    pdf.setFont(FONT, SIZE)
    for line in text.replace("\t", "    ").split("\n"):
        wrapped = simpleSplit(line, FONT, SIZE, width - 2 * MARGIN) if line.strip() else [""]
        for part in wrapped:
            if y < MARGIN:
                new_page()
            pdf.setFont(FONT, SIZE)
            pdf.drawString(MARGIN, y, part)
            y -= line_height
    new_page()
    pdf.save()
    return buffer.getvalue()
