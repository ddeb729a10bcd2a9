"""Plain text whose items start "Punkt N: Title": text exports and text pulled from PDFs.

Seeds 000 and 002 (text exports: a meeting header, a table of contents, a blank
line after every heading) and seeds 001 and 004 (PDF text: no header, hard
wraps, titles wrapped over two lines, headings directly above their text) are
one family: the item starts are the same, and the differences are handled by
general rules in ``textclean`` (unwrapping) and ``itembody`` (wrapped titles).

Detection: at least one line "Punkt N:" (also "Pkt. N", "Dagsordenspunkt N:",
and "." or "-" instead of the colon) that is not a table-of-contents entry.
The item starts themselves are found by ``textmeeting.find_item_starts``, the
same for every text family.
"""

from __future__ import annotations

from ..records import ParsedMeeting
from ..textmeeting import PUNKT_START, is_toc_entry, parse_text_meeting

NAME = "punkt_text"
DESCRIPTION = "punkter i formen „Punkt 5: Titel“"


def matches(text: str) -> bool:
    return any(
        PUNKT_START.match(line) is not None and not is_toc_entry(line)
        for line in text.splitlines()
        if len(line) < 600
    )


def parse(text: str) -> ParsedMeeting:
    return parse_text_meeting(text, layout=NAME)
