"""Uploaded file to text: recognise PDF, HTML, JSON or plain text by content and name.

Clerks upload what their publishing system produced: most often a PDF, else an
HTML or text export, or the system's JSON record. The content decides (a PDF
named ".txt" is still a PDF); the name only rules out types we cannot read
(".docx", images, archives) when the content does not tell us otherwise.

JSON records are returned as their decoded text: the agenda-record layout
recognises and reads them, so that a record and its rendered tree form share
one reader.
"""

from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .decoding import clean_characters, decode, repair_mojibake
from .errors import (
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_CONTENT_RATIO,
    MAX_PDF_PAGES,
    PDF_CONTENT_ALLOWANCE,
    PDF_CONTENT_OUT_OF_PROPORTION,
    PDF_TOO_MANY_PAGES,
    PDF_TOO_MUCH_CONTENT,
    ParseError,
    danish_number,
)
from .html_text import element_blocks, looks_like_html, parse_html, render_blocks

if TYPE_CHECKING:
    import lxml.html
    from pypdf import PageObject

logger = logging.getLogger(__name__)

EMPTY = "Filen er tom."
UNSUPPORTED = (
    "Filtypen understøttes ikke ({kind}). Upload referatet som PDF, HTML, tekst eller JSON."
)
PDF_ENCRYPTED = (
    "PDF-filen er krypteret (beskyttet med adgangskode), så teksten kan ikke læses. "
    "Upload en udgave uden adgangskode."
)
PDF_BROKEN = "PDF-filen kunne ikke læses; den er måske beskadiget eller ufuldstændig."
PDF_NOT_PDF = "Filen hedder .pdf, men er ikke en PDF-fil."
PDF_NO_TEXT = (
    "PDF-filen indeholder ingen tekst, kun billeder (den er vist scannet). "
    "Upload en PDF med tekst, eller en tekst- eller HTML-udgave af referatet."
)

# Magic numbers of formats a clerk might upload by mistake.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "Word-, Excel-, OpenDocument- eller ZIP-fil"),
    (b"PK\x05\x06", "ZIP-fil"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ældre Word- eller Excel-fil"),
    (b"{\\rtf", "RTF-fil"),
    (b"\x89PNG\r\n\x1a\n", "billede"),
    (b"\xff\xd8\xff", "billede"),
    (b"GIF87a", "billede"),
    (b"GIF89a", "billede"),
    (b"II*\x00", "billede"),
    (b"MM\x00*", "billede"),
    (b"RIFF", "billede eller lyd"),
    (b"\x1f\x8b", "komprimeret fil"),
    (b"7z\xbc\xaf\x27\x1c", "komprimeret fil"),
    (b"Rar!", "komprimeret fil"),
)
_UNSUPPORTED_SUFFIXES = {
    "docx": "Word-fil",
    "doc": "Word-fil",
    "docm": "Word-fil",
    "odt": "OpenDocument-fil",
    "rtf": "RTF-fil",
    "xlsx": "Excel-fil",
    "xls": "Excel-fil",
    "pptx": "PowerPoint-fil",
    "ppt": "PowerPoint-fil",
    "msg": "e-mail",
    "eml": "e-mail",
    "zip": "ZIP-fil",
    "7z": "komprimeret fil",
    "rar": "komprimeret fil",
    "gz": "komprimeret fil",
    "png": "billede",
    "jpg": "billede",
    "jpeg": "billede",
    "gif": "billede",
    "tif": "billede",
    "tiff": "billede",
    "bmp": "billede",
    "heic": "billede",
    "webp": "billede",
}
_HTML_SUFFIXES = frozenset({"html", "htm", "xhtml"})


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text of an uploaded file and what kind of file it was ("pdf", "html", "json", "text").

    ``tree`` is an HTML file's document tree, for the layouts that read a page by
    its structure (layouts.HTML_LAYOUTS); ``text`` is what the text layouts read.
    """

    text: str
    kind: str
    tree: lxml.html.HtmlElement | None = None


def extract(data: bytes, filename: str) -> Extracted:
    """The text of an uploaded file; raise ``ParseError`` for what cannot be read."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ParseError(EMPTY)
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if b"%PDF-" in data[:1024]:
        return Extracted(pdf_to_text(data), "pdf")
    if suffix == "pdf":
        raise ParseError(PDF_NOT_PDF)
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ParseError(UNSUPPORTED.format(kind=kind))
    if suffix in _UNSUPPORTED_SUFFIXES:
        raise ParseError(UNSUPPORTED.format(kind=_UNSUPPORTED_SUFFIXES[suffix]))
    text = decode(data)
    if not text.strip():
        raise ParseError(EMPTY)
    if _is_json(text):
        return Extracted(text, "json")
    if looks_like_html(text) or (suffix in _HTML_SUFFIXES and "<" in text):
        tree = parse_html(text)
        return Extracted(render_blocks(element_blocks(tree)), "html", tree)
    return Extracted(text, "text")


def _is_json(text: str) -> bool:
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        json.loads(stripped)
    except ValueError:
        return False
    except RecursionError:
        return False  # absurdly deep nesting; read it as text, which will find nothing
    return True


def pdf_to_text(data: bytes) -> str:
    """The text of a PDF, page by page, lines in reading order.

    Lines repeated at the top or bottom of most pages (running headers, "Side 3
    af 27") are page noise and are dropped. Hard line wraps stay: the text
    layouts join them into paragraphs.
    """
    # Imported here: pypdf is the slowest import of the package, and most
    # uploads in tests and benchmarks are text.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted only against editing, with an empty
            # password for reading; those we can read.
            try:
                if not reader.decrypt(""):
                    raise ParseError(PDF_ENCRYPTED)
            except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
                raise ParseError(PDF_ENCRYPTED) from exc
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ParseError(
                PDF_TOO_MANY_PAGES.format(
                    pages=danish_number(len(reader.pages)), limit=danish_number(MAX_PDF_PAGES)
                )
            )
        # pypdf's extraction time grows with the page content it decompresses and
        # parses, whichever extraction mode, and pages that share one stream pay
        # for it again each: a 31 KB file of 200 pages drawing one 44 KB stream is
        # 9 MB to extract. So what extraction would read is counted before any
        # page is read, and it may be only so much more than the file itself.
        allowed = _allowed_content_bytes(len(data))
        content = 0
        for page in reader.pages:
            content += _content_bytes(page)
            if content > allowed:
                raise ParseError(_too_much_content(allowed))
        pages = [_page_text(page) for page in reader.pages]
    except ParseError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise ParseError(PDF_ENCRYPTED) from exc
    except Exception as exc:
        # pypdf raises many types (its own errors, ValueError, KeyError,
        # struct.error, RecursionError ...) on damaged files; for the clerk they
        # all mean the same.
        logger.info("pdf unreadable: %s", type(exc).__name__)
        raise ParseError(PDF_BROKEN) from exc
    pages = [_tidy_page(clean_characters(repair_mojibake(page))) for page in pages]
    if not any(_WORD.search(page) for page in pages):
        raise ParseError(PDF_NO_TEXT)
    return "\n\n".join(_drop_page_noise(pages)).strip("\n") + "\n"


def _allowed_content_bytes(size: int) -> int:
    return min(MAX_PDF_CONTENT_BYTES, max(PDF_CONTENT_ALLOWANCE, MAX_PDF_CONTENT_RATIO * size))


def _too_much_content(allowed: int) -> str:
    if allowed == MAX_PDF_CONTENT_BYTES:
        limit = danish_number(MAX_PDF_CONTENT_BYTES // (1024 * 1024))
        return PDF_TOO_MUCH_CONTENT.format(limit=limit)
    return PDF_CONTENT_OUT_OF_PROPORTION.format(ratio=MAX_PDF_CONTENT_RATIO)


def _content_bytes(page: PageObject) -> int:
    contents = page.get_contents()
    return len(contents.get_data()) if contents is not None else 0


def _page_text(page: PageObject) -> str:
    # Layout mode keeps the vertical gaps between paragraphs as blank lines and
    # table columns apart, which the text layouts read; some odd pages it cannot
    # lay out, and those get pypdf's plain reading order instead.
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:
        logger.info("pdf page fell back to plain extraction")
        return page.extract_text() or ""


def _tidy_page(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    # Layout mode indents everything by the page margin; keep only relative indents.
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line]
    margin = min(indents, default=0)
    text = "\n".join(line[margin:] for line in lines)
    return _BLANK_RUNS.sub("\n\n", text)


_BLANK_RUNS = re.compile(r"\n{3,}")
_WORD = re.compile(r"[^\W\d_]{2,}")
_DIGITS = re.compile(r"\d+")


def _drop_page_noise(pages: list[str]) -> list[str]:
    if len(pages) < 3:
        return pages
    split = [page.split("\n") for page in pages]
    counts: dict[str, int] = {}
    for lines in split:
        edges = {_edge_key(line) for line in lines[:2] + lines[-2:] if line.strip()}
        for key in edges:
            counts[key] = counts.get(key, 0) + 1
    noise = {key for key, count in counts.items() if count >= max(3, len(pages) * 0.6)}
    if not noise:
        return pages
    kept = []
    for lines in split:
        head = [line for line in lines[:2] if _edge_key(line) not in noise]
        tail = [line for line in lines[-2:] if _edge_key(line) not in noise]
        if len(lines) <= 4:
            body = [line for line in lines if _edge_key(line) not in noise]
        else:
            body = head + lines[2:-2] + tail
        kept.append("\n".join(body))
    return kept


def _edge_key(line: str) -> str:
    # Page numbers differ per page; the rest of a running header does not.
    return _DIGITS.sub("#", line.strip())
