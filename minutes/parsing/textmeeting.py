"""A whole plain-text meeting: header, items, warnings; shared by the text layout families.

A family only says where its items start (``ItemStart`` lines); this module
does the rest the same way for all of them:

- the lines before the first item are the meeting header (``meetingheader``);
- a table of contents is not taken for items: a start line with dot leaders or
  a trailing page number is a TOC entry, and when an item number occurs twice
  the occurrence with the least text under it (the TOC's) is dropped;
- each item's lines go to ``itembody.read_item``;
- what only the text shows becomes a warning for the clerk (worded in ``review``): a
  table-of-contents entry above the items that no item's title matches, a number that
  starts two items with text under both, sentences above the first item nothing read;
- a text without any item start is refused with what it has instead (``what_was_found``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ParseError
from .itembody import MeetingContext, read_item
from .meetingheader import read_header, unread_lines
from .records import ParsedItem, ParsedMeeting
from .review import missing_toc_entries, restated_numbers, unread_header_text
from .sections import recurring_headings
from .textclean import normalise_lines, wrap_width

NO_ITEMS = 'Der blev ikke fundet nogen dagsordenspunkter ("Punkt N: ...") i dokumentet.'


@dataclass(frozen=True, slots=True)
class ItemStart:
    """A line that starts an item: its index in the lines, number and title as printed."""

    index: int
    number: int
    title: str
    skip: int = 0  # lines after ``index`` that belong to the title (number alone on its line)


def is_toc_entry(line: str) -> bool:
    """A table-of-contents line: dot leaders or a tab before a page number.

    "Godkendelse af dagsorden.....\t3", "Punkt 5: Budget ........ 12", "Eventuelt   27".
    Read from the end of the line, not with a searching regex: one that tries every
    start in a run of tabs, spaces or dots is quadratic in a long line of them.
    """
    body = line.rstrip()
    start = len(body)
    while start > 0 and body[start - 1].isdecimal():
        start -= 1
    if not 1 <= len(body) - start <= 4:
        return False
    lead = body[:start].rstrip()
    gap = body[len(lead) : start]
    return len(gap) >= 3 or "\t" in gap or lead.endswith(("....", "……"))


# "Punkt 5: Titel", "Pkt. 197 Titel", "Dagsordenspunkt 1: Titel": the word says it is an item.
PUNKT_START = re.compile(
    r"^\s*(?:[•▪◦●\-*]\s*)?(?:punkt|pkt\.?|dagsordenspunkt)\s*(?P<number>\d{1,7})"
    r"(?:\s*[:.\-–]\s*|\s+(?=[A-ZÆØÅ0-9\"“„]))(?P<title>.*?)\s*$",
    re.IGNORECASE,
)
# "5. Titel", "5 : Titel", "• 301. Titel", "• 1 Titel" (a bullet makes the separator optional).
_NUMBER_START = re.compile(
    r"^\s*(?:(?P<bullet>[•▪◦●\-*])\s*)?(?P<number>\d{1,7})(?P<sep>\s*[.:)]|\s+[:\-–])?"
    r"\s+(?P<title>[A-ZÆØÅ\"“„].*?)\s*$"
)
# The number alone on its line ("5." or "5"), the title on the next.
_NUMBER_ONLY = re.compile(r"^\s*(?:[•▪◦●\-*]\s*)?(?P<number>\d{1,7})\s*\.?\s*$")
_BULLET = re.compile(r"^\s*[•▪◦●\-*]\s+")
_LOOKAHEAD = 4  # non-blank lines in which a case number or a heading confirms a start
_MAX_ITEM_NUMBER = 2**31 - 1  # what the database holds
_MAX_GAP = 50  # a bare number this far above the previous item's is not the next item


def _candidate(lines: list[str], index: int) -> tuple[int, str, bool, int] | None:
    """(number, title, strong) if the line looks like an item start; strong for "Punkt N"."""
    line = lines[index]
    if len(line) > 600 or not line.strip():
        return None
    match = PUNKT_START.match(line)
    if match is not None:
        return int(match["number"]), match["title"], True, 0
    match = _NUMBER_START.match(line)
    if match is not None:
        if match["sep"] is None and match["bullet"] is None:
            return None
        return int(match["number"]), match["title"], False, 0
    match = _NUMBER_ONLY.match(line)
    if match is not None:
        after = [i for i in range(index + 1, min(index + 3, len(lines))) if lines[i].strip()]
        following = lines[after[0]] if after else ""
        if (
            following
            and following.lstrip()[:1].isupper()
            and _NUMBER_START.match(following) is None
        ):
            return int(match["number"]), following.strip(), False, after[0] - index
    return None


def _confirmed(lines: list[str], index: int) -> bool:
    from .casenumbers import is_case_number_label, is_case_number_line
    from .sections import classify

    following = [line for line in lines[index + 1 : index + 16] if line.strip()][:_LOOKAHEAD]
    for line in following:
        bare = _BULLET.sub("", line)
        if is_case_number_line(bare) or is_case_number_label(bare):
            return True
        heading = classify(bare)
        if heading is not None:
            return True
        if _glued_heading(bare):
            return True
    return False


def _glued_heading(line: str) -> bool:
    from .sections import split_glued_heading

    return split_glued_heading(line) is not None


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[.…]{2,}.*$", "", title).split()).lower()[:60]


def find_item_starts(lines: list[str]) -> tuple[list[ItemStart], list[str]]:
    """The item starts of a text meeting and its TOC titles (``_find_item_starts``)."""
    starts, toc, _restated = _find_item_starts(lines)
    return starts, toc


def _find_item_starts(lines: list[str]) -> tuple[list[ItemStart], list[str], list[int]]:
    """The item starts of a text meeting, and the titles of its table of contents.

    Every form Danish minutes use (see ``PUNKT_START`` and ``_NUMBER_START``). A
    "Punkt N" line is a start by its word; a bare number needs confirmation: a case
    number or a heading within the next lines, or its title in the table of
    contents. A run of three or more start-like lines with nothing between them is
    a table of contents (or a list of items), never items; its titles confirm the
    starts in the body. Numbers go up through a meeting (they may continue through
    the year: 301, 302); a lower bare number inside an item is a list ("1. At ...").
    Also the numbers that started a second item with text under it (read as one).
    """
    candidates: list[tuple[int, int, str, bool]] = []
    skips: dict[int, int] = {}
    for index in range(len(lines)):
        found = _candidate(lines, index)
        if found is not None:
            number, title, strong, skip = found
            candidates.append((index, number, title, strong))
            skips[index] = skip
    # Runs of start lines without text between them: a table of contents.
    toc_indexes: set[int] = set()
    run: list[int] = []

    def close_run() -> None:
        if len(run) >= 3:
            toc_indexes.update(run)
        run.clear()

    previous = -10
    previous_number = -1
    for index, number, _title, _strong in candidates:
        between = any(line.strip() for line in lines[previous + 1 : index])
        if run and (between or number <= previous_number):
            close_run()
        run.append(index)
        previous = index
        previous_number = number
    close_run()
    toc_titles = [
        _title_key(title) for index, _n, title, _s in candidates if index in toc_indexes
    ] + [_title_key(line) for line in lines if is_toc_entry(line)]
    toc_set = {title for title in toc_titles if title}
    # A document that names its items ("Punkt 5:") numbers nothing else as an item.
    has_strong = any(
        strong and index not in toc_indexes and not is_toc_entry(lines[index])
        for index, _n, _t, strong in candidates
    )
    starts: list[ItemStart] = []
    for index, number, title, strong in candidates:
        if index in toc_indexes or is_toc_entry(lines[index]):
            continue
        if number > _MAX_ITEM_NUMBER:
            continue
        if not strong:
            if has_strong:
                continue
            in_toc = _title_key(title) in toc_set
            if starts and number <= starts[-1].number:
                continue
            if starts and number > starts[-1].number + _MAX_GAP and not in_toc:
                continue  # "2025 Budget" inside an item is a year, not item 2025
            if not (in_toc or _confirmed(lines, index + skips[index])):
                continue
        starts.append(ItemStart(index, number, title, skips[index]))
    kept, restated = _first_of_each_number(starts, lines)
    return kept, sorted(toc_set), restated


def _first_of_each_number(
    starts: list[ItemStart], lines: list[str]
) -> tuple[list[ItemStart], list[int]]:
    """One start per number: the first that has text under it (a later one restates it).

    Also the numbers whose dropped start had text under it too: not a TOC entry or a
    restated title but a second item (or a misread one) that the clerk must see.
    """
    if not starts:
        return [], []
    bounds = [start.index for start in starts[1:]] + [len(lines)]
    weight = {
        id(start): sum(1 for line in lines[start.index + 1 : end] if line.strip())
        for start, end in zip(starts, bounds, strict=True)
    }
    best: dict[int, ItemStart] = {}
    for start in starts:
        kept = best.get(start.number)
        if kept is None or (weight[id(kept)] <= 1 < weight[id(start)]):
            best[start.number] = start
    restated = [
        start.number
        for start in starts
        if best[start.number] is not start
        and weight[id(start)] > 1 < weight[id(best[start.number])]
    ]
    return [start for start in starts if best[start.number] is start], restated


def _move_case_numbers_above_titles(
    bodies: list[list[str]], lines: list[str], starts: list[ItemStart]
) -> None:
    """A case number on its own line right above a start belongs to that item (SBSYS prints
    "85.02.02-G01-1-17" above "40. Godkendelse af dagsorden"), not to the item before."""
    from .casenumbers import is_case_number_line

    def line_above(index: int) -> int:
        above = index - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        return above

    # The document's convention shows at its first item: there, a case number above the
    # title can belong to no earlier item. Otherwise it is the previous item's (a closed
    # item prints its case number under its title, right above the next item).
    first = line_above(starts[0].index) if starts else -1
    if first < 0 or not is_case_number_line(lines[first]):
        return
    for position, start in enumerate(starts):
        above = line_above(start.index)
        if above < 0 or not is_case_number_line(lines[above]):
            continue
        if position > 0:
            previous = bodies[position - 1]
            offset = above - (starts[position - 1].index + 1 + starts[position - 1].skip)
            if 0 <= offset < len(previous):
                previous[offset] = ""
        body = bodies[position]
        at = next((i for i, line in enumerate(body) if not line.strip()), len(body))
        body.insert(at, lines[above].strip())


def parse_text_meeting(text: str, *, layout: str) -> ParsedMeeting:
    """Read a plain-text meeting: header, items at ``find_item_starts``, warnings."""
    lines = normalise_lines(text)
    starts, _toc, restated = _find_item_starts(lines)
    if not starts:
        raise ParseError(f"{NO_ITEMS} {what_was_found(text)}")
    header_lines = lines[: starts[0].index]
    header = read_header(header_lines)
    bounds = [start.index for start in starts[1:]] + [len(lines)]
    bodies = [
        lines[start.index + 1 + start.skip : end] for start, end in zip(starts, bounds, strict=True)
    ]
    _move_case_numbers_above_titles(bodies, lines, starts)
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
    warnings.extend(missing_toc_entries(_header_toc(header_lines), items))
    warnings.extend(restated_numbers(restated))
    untaken = [line for line in header_lines if not _is_toc_line(line)]
    warnings.extend(unread_header_text(unread_lines(untaken)))
    return ParsedMeeting(
        layout=layout,
        items=tuple(items),
        committee=header.committee,
        date=header.date,
        start_time=header.start_time,
        location=header.location,
        participants=header.participants,
        warnings=tuple(warnings),
        kind=header.kind,
    )


def _header_toc(lines: list[str]) -> list[str]:
    """The table of contents above the first item: its entries' titles as printed.

    Dot leaders with or without a page number ("Budget 2026.....\t12"; a PDF puts the
    page numbers on lines of their own), or start-like lines ("49. Godkendelse af
    dagsorden") with nothing between them, as ``_find_item_starts`` sees a TOC.
    """
    dotted: list[str] = []
    numbered: list[str] = []
    for index, line in enumerate(lines):
        if _is_toc_line(line):
            dotted.append(re.sub(r"\s*[.…]{2,}.*$", "", line).strip())
            continue
        found = _candidate(lines, index)
        if found is not None and found[3] == 0:
            numbered.append(found[1])
    # One numbered line above the items is a stray line, not a table of contents.
    entries = dotted + (numbered if len(numbered) >= 3 else [])
    return [entry for entry in entries if entry]


def _is_toc_line(line: str) -> bool:
    return is_toc_entry(line) or line.rstrip().endswith(("....", "……"))


def what_was_found(text: str) -> str:
    """For a document without items: what it has that looks like them, in Danish.

    "Fandt 0 linjer som "Punkt 5: Titel", 3 som "5. Titel" uden sagsnummer eller
    overskrift under sig, og 2 overskrifter som "Beslutning" (af 120 linjer tekst)."
    Only called when reading failed, so it may read the whole text once more.
    """
    from .sections import Kind, classify

    lines = normalise_lines(text)
    filled = [line for line in lines if line.strip()]
    if not filled:
        return "Dokumentet indeholder ingen tekst (er det en scannet PDF uden tekstlag?)."
    punkt = toc = numbered = decisions = 0
    for index, line in enumerate(lines):
        if not line.strip() or len(line) > 600:
            continue
        if is_toc_entry(line) or line.rstrip().endswith(("....", "……")):
            toc += 1
            continue
        found = _candidate(lines, index)
        if found is not None:
            if found[2]:
                punkt += 1
            else:
                numbered += 1
            continue
        heading = classify(line)
        if heading is not None and heading.kind in (Kind.DECISION, Kind.EARLIER_DECISION):
            decisions += 1
    parts = [
        f'{_lines(punkt)} som "Punkt 5: Titel"',
        f'{numbered} som "5. Titel" uden sagsnummer eller overskrift lige under sig',
    ]
    if toc:
        parts.append(f"{toc} i en indholdsfortegnelse")
    return (
        f"Fandt {', '.join(parts[:-1])} og {parts[-1]}, og {_headings(decisions)} som "
        f'"Beslutning" (i alt {len(filled)} linjer tekst).'
    )


def _lines(count: int) -> str:
    return f"{count} linje" if count == 1 else f"{count} linjer"


def _headings(count: int) -> str:
    return f"{count} overskrift" if count == 1 else f"{count} overskrifter"
