"""Plain text whose items start with a bare number, as most publishing systems print them.

"5. Title", "5 : Title", "• 301. Title", "• 1 Title", or the number alone on its
line above the title. A numbered list inside an item ("1. At ...", a list of
names) looks the same, so a bare number starts an item only when a case number
or a heading follows within the next few lines (or the table of contents lists
its title), and when it is higher than the previous item's number (items are
numbered in order through a meeting, often through the year: 301, 302).
``textmeeting.find_item_starts`` holds these rules; everything under the start
line is read as in ``punkt_text``.
"""

from __future__ import annotations

from ..records import ParsedMeeting
from ..textclean import normalise_lines
from ..textmeeting import find_item_starts, parse_text_meeting

NAME = "numbered_text"
DESCRIPTION = "punkter i formen „5. Titel“"


def matches(text: str) -> bool:
    starts, _toc = find_item_starts(normalise_lines(text))
    return bool(starts)


def parse(text: str) -> ParsedMeeting:
    return parse_text_meeting(text, layout=NAME)
