"""The minutes parser: bytes and a file name in, a ``ParsedMeeting`` out.

Pure Python: nothing in this package imports Django (a test checks).
The only public entry is ``parse_document``.
"""

import datetime as dt

from .errors import ParseError
from .records import ParsedAttachment, ParsedDecision, ParsedItem, ParsedMeeting, ParsedSection

__all__ = [
    "ParseError",
    "ParsedAttachment",
    "ParsedDecision",
    "ParsedItem",
    "ParsedMeeting",
    "ParsedSection",
    "parse_document",
]


def parse_document(
    data: bytes,
    filename: str,
    *,
    municipality: str | None = None,
    committee: str | None = None,
    date: dt.date | None = None,
) -> ParsedMeeting:
    """Read one uploaded file. What the clerk typed wins; a conflict becomes a warning.

    Raises ``ParseError`` (with a Danish ``user_message``) for anything it cannot read.
    """
    raise ParseError("Parseren er endnu ikke bygget.")
