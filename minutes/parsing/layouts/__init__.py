"""The layout families the parser knows, most specific first.

Each family is one module with the same small shape:

``NAME: str``
    a short identifier, printed as ``"layout"`` in the parse result and in logs.
``DESCRIPTION: str``
    the clerk's words for it, in Danish (the upload preview says which it read).
``matches(text: str) -> bool``
    cheap: does this decoded text look like this family? Called in ``LAYOUTS`` order;
    the first family that matches reads the document.
``parse(text: str) -> ParsedMeeting``
    read the whole text. What cannot be read becomes a Danish warning in
    ``ParsedMeeting.warnings``; only a document with nothing readable raises ``ParseError``.

A new family is one new module, its fixtures and tests, and one line in ``LAYOUTS``.
See docs/PARSER.md, "Adding a sixth layout".

``HTML_LAYOUTS`` are the families of publishing systems' web pages, read by their
structure. They are tried first, on the document tree of an HTML file; their
``matches(root)`` and ``parse(root)`` take the lxml tree (html_text.parse_html)
instead of text. A page none of them recognises is read as text by ``LAYOUTS``.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import ParseError
from ..textmeeting import what_was_found
from . import agenda_record, firstagenda_page, numbered_text, punkt_text

if TYPE_CHECKING:
    from ..extract import Extracted
    from ..records import ParsedMeeting

HTML_LAYOUTS: tuple[ModuleType, ...] = (
    firstagenda_page,  # FirstAgenda's publication web page
)

LAYOUTS: tuple[ModuleType, ...] = (
    agenda_record,  # a publishing system's JSON item record, or its rendered tree
    punkt_text,  # "Punkt N: Title" exports and PDF text
    numbered_text,  # "N. Title" numbering, least specific
)


def described(name: str) -> str:
    """The Danish description of the layout family called ``name`` (else the name)."""
    for layout in (*HTML_LAYOUTS, *LAYOUTS):
        if name == layout.NAME:
            return layout.DESCRIPTION
    return name


def parse_extracted(extracted: Extracted) -> ParsedMeeting:
    """Read an extracted file: an HTML page layout on its tree if one knows it, else its text."""
    if extracted.tree is not None:
        for layout in HTML_LAYOUTS:
            if layout.matches(extracted.tree):
                return layout.parse(extracted.tree)
    return find_layout(extracted.text).parse(extracted.text)


def find_layout(text: str) -> ModuleType:
    """The first layout family in ``LAYOUTS`` that recognises ``text``."""
    for layout in LAYOUTS:
        if layout.matches(text):
            return layout
    raise ParseError(
        "Dokumentets opbygning blev ikke genkendt. Parseren kender referater med "
        'dagsordenspunkter som "Punkt 5: Titel" eller "5. Titel" og JSON-poster fra '
        f"publiceringssystemer. {what_was_found(text)}"
    )
