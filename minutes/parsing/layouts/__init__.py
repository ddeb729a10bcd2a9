"""The layout families the parser knows, most specific first.

Each family is one module with the same small shape:

``NAME: str``
    a short identifier, printed as ``"layout"`` in the parse result and in logs.
``matches(text: str) -> bool``
    cheap: does this decoded text look like this family? Called in ``LAYOUTS`` order;
    the first family that matches reads the document.
``parse(text: str) -> ParsedMeeting``
    read the whole text. What cannot be read becomes a Danish warning in
    ``ParsedMeeting.warnings``; only a document with nothing readable raises ``ParseError``.

A new family is one new module, its fixtures and tests, and one line in ``LAYOUTS``.
See docs/PARSER.md, "Adding a sixth layout".
"""

from __future__ import annotations

from types import ModuleType

from ..errors import ParseError
from ..textmeeting import what_was_found
from . import agenda_record, numbered_text, punkt_text

LAYOUTS: tuple[ModuleType, ...] = (
    agenda_record,  # a publishing system's JSON item record, or its rendered tree
    punkt_text,  # "Punkt N: Title" exports and PDF text
    numbered_text,  # "N. Title" numbering, least specific
)


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
