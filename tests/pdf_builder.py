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


def shared_stream_pdf(*, pages: int, operations: int) -> bytes:
    """A hostile PDF: ``pages`` pages that all draw one compressed content stream.

    The stream repeats a text operation ``operations`` times; it compresses to a
    few kilobytes however long it is, and every page makes the reader decode and
    lay it out again.
    """
    import zlib

    content = b"BT /F1 9 Tf 50 500 Td (Punkt 1 tekst) Tj ET\n" * operations
    stream = zlib.compress(content, 9)
    kids = " ".join(f"{5 + n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
    page += "/Resources << /Font << /F1 3 0 R >> >> >>"
    objects += [page.encode()] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()
