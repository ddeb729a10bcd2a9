"""Plain text whose items start "N. Title", as several other publishing systems print them.

A numbered list inside an item ("1. Forenkling af målgrupper.") looks the same,
so a "N. Title" line starts an item only when its case number or its first
section heading follows within the next few lines, and when its number is
higher than the previous item's (items are numbered in order through a meeting).
Everything under the start line is read as in ``punkt_text``.
"""

from __future__ import annotations

import re

from ..casenumbers import is_case_number_label, is_case_number_line
from ..records import ParsedMeeting
from ..sections import classify
from ..textmeeting import ItemStart, parse_text_meeting

NAME = "numbered_text"

_START = re.compile(r"^\s*(?P<number>\d{1,4})\s*\.\s+(?P<title>[A-ZÆØÅ\"“].*?)\s*$")
_LOOKAHEAD = 4  # non-blank lines in which the case number or a heading must follow


def _is_item_start(lines: list[str], index: int) -> bool:
    following = [line for line in lines[index + 1 : index + 12] if line.strip()][:_LOOKAHEAD]
    return any(
        is_case_number_line(line) or is_case_number_label(line) or classify(line) is not None
        for line in following
    )


def find_starts(lines: list[str]) -> list[ItemStart]:
    starts: list[ItemStart] = []
    for index, line in enumerate(lines):
        match = _START.match(line)
        if match is None or not _is_item_start(lines, index):
            continue
        number = int(match["number"])
        if starts and number <= starts[-1].number:
            continue
        starts.append(ItemStart(index, number, match["title"]))
    return starts


def matches(text: str) -> bool:
    return bool(find_starts(text.splitlines()))


def parse(text: str) -> ParsedMeeting:
    return parse_text_meeting(text, layout=NAME, find_starts=find_starts)
