"""Plain text whose items start "Punkt N: Title": text exports and text pulled from PDFs.

Seeds 000 and 002 (text exports: a meeting header, a table of contents, a blank
line after every heading) and seeds 001 and 004 (PDF text: no header, hard
wraps, titles wrapped over two lines, headings directly above their text) are
one family: the item starts are the same, and the differences are handled by
general rules in ``textclean`` (unwrapping) and ``itembody`` (wrapped titles).

Detection: at least one line "Punkt N:" (also "Pkt. N:", "Dagsordenspunkt N:",
and "." or "-" instead of the colon) that is not a table-of-contents entry.
"""

from __future__ import annotations

import re

from ..records import ParsedMeeting
from ..textmeeting import ItemStart, is_toc_entry, parse_text_meeting

NAME = "punkt_text"

_START = re.compile(
    r"^\s*(?:punkt|pkt\.?|dagsordenspunkt)\s*(?P<number>\d{1,4})\s*[:.\-–]\s*(?P<title>.*?)\s*$",
    re.IGNORECASE,
)


def find_starts(lines: list[str]) -> list[ItemStart]:
    """Every "Punkt N: Title" line, table-of-contents entries included (filtered later)."""
    starts = []
    for index, line in enumerate(lines):
        match = _START.match(line)
        if match is not None:
            starts.append(ItemStart(index, int(match["number"]), match["title"]))
    return starts


def matches(text: str) -> bool:
    return any(
        _START.match(line) is not None and not is_toc_entry(line) for line in text.splitlines()
    )


def parse(text: str) -> ParsedMeeting:
    return parse_text_meeting(text, layout=NAME, find_starts=find_starts)
