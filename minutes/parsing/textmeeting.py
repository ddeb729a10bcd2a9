"""A whole plain-text meeting: header, items, warnings; shared by the text layout families.

A family only says where its items start (``ItemStart`` lines); this module
does the rest the same way for all of them:

- the lines before the first item are the meeting header (``meetingheader``);
- a table of contents is not taken for items: a start line with dot leaders or
  a trailing page number is a TOC entry, and when an item number occurs twice
  the occurrence with the least text under it (the TOC's) is dropped;
- each item's lines go to ``itembody.read_item``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import ParseError
from .itembody import MeetingContext, read_item
from .meetingheader import read_header
from .records import ParsedItem, ParsedMeeting
from .sections import recurring_headings
from .textclean import normalise_lines, wrap_width

NO_ITEMS = 'Der blev ikke fundet nogen dagsordenspunkter ("Punkt N: ...") i dokumentet.'

# "Godkendelse af dagsorden.....\t3", "Punkt 5: Budget ........ 12", "Eventuelt   27"
_TOC_ENTRY = re.compile(r"(?:\.{4,}|…{2,}|\t)\s*\d{1,4}\s*$|\s{3,}\d{1,4}\s*$")


@dataclass(frozen=True, slots=True)
class ItemStart:
    """A line that starts an item: its index in the lines, number and title as printed."""

    index: int
    number: int
    title: str


FindStarts = Callable[[list[str]], list[ItemStart]]


def is_toc_entry(line: str) -> bool:
    """A table-of-contents line: dot leaders or a tab before a page number."""
    return _TOC_ENTRY.search(line) is not None


def _without_toc(starts: list[ItemStart], lines: list[str]) -> list[ItemStart]:
    starts = [start for start in starts if not is_toc_entry(lines[start.index])]
    if not starts:
        return []
    bounds = [start.index for start in starts[1:]] + [len(lines)]
    weight = {
        id(start): sum(1 for line in lines[start.index + 1 : end] if line.strip())
        for start, end in zip(starts, bounds, strict=True)
    }
    best: dict[int, ItemStart] = {}
    for start in starts:
        kept = best.get(start.number)
        if kept is None or weight[id(start)] > weight[id(kept)]:
            best[start.number] = start
    return [start for start in starts if best[start.number] is start]


def parse_text_meeting(text: str, *, layout: str, find_starts: FindStarts) -> ParsedMeeting:
    """Read a plain-text meeting whose items start where ``find_starts`` says."""
    lines = normalise_lines(text)
    starts = _without_toc(find_starts(lines), lines)
    if not starts:
        raise ParseError(NO_ITEMS)
    header = read_header(lines[: starts[0].index])
    bounds = [start.index for start in starts[1:]] + [len(lines)]
    bodies = [lines[start.index + 1 : end] for start, end in zip(starts, bounds, strict=True)]
    context = MeetingContext(
        committee=header.committee,
        date=header.date,
        width=wrap_width(lines),
        recurring=recurring_headings(bodies),
    )
    items: list[ParsedItem] = []
    warnings: list[str] = list(header.warnings)
    for start, body in zip(starts, bodies, strict=True):
        item, item_warnings = read_item(start.number, start.title, body, context)
        items.append(item)
        warnings.extend(item_warnings)
    return ParsedMeeting(
        layout=layout,
        items=tuple(items),
        committee=header.committee,
        date=header.date,
        start_time=header.start_time,
        location=header.location,
        participants=header.participants,
        warnings=tuple(warnings),
    )
