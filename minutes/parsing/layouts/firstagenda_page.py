"""Layout family: FirstAgenda's publication web page (publication.firstagenda.com), saved as HTML.

The same system as the agenda records (agenda_record.py, seed 003), read with the
same block reader and heading vocabulary (blockbody.py, headings.py). The page is
an application: scripts, a JSON blob of UI strings, menus ("Hent som PDF", "Kopier
link"), dialogs ("Tip en ven") around the minutes. Only the page's own structure is
read, never its text as a whole:

- the meeting header: a table of label/value rows ("Udvalg:", "Mødedato:",
  "Mødested:", "Mødedeltagere:", "Afbud:"), else the title heading ("Referat 1.
  oktober 2025 kl. 15.45") and the element of class ``udvalg``;
- one item per row of class ``punktrow``: its number in the first cell (a
  ``label`` badge), its title in the ``overskrift`` heading, its case number in
  the ``sagsnummer`` element, and its body in the ``details`` container: an
  ``h3`` heading per field ("Beslutninger", an unnamed one, "Resume",
  "Beslutningspunkter", "Sagsforløb", ...) over the field's text;
- attachments: the ``bilag-link`` links under the item's "Bilag" heading, titles
  without the "PDF" badge printed before each.
"""

from __future__ import annotations

import re
from dataclasses import replace

import lxml.etree

from ..blockbody import read_blocks, with_absent
from ..casenumbers import normalise_case_number
from ..decisions import absent_in_line
from ..headings import Kind, classify_heading
from ..html_text import HEADING_TAGS, element_blocks, is_chrome
from ..meetingheader import read_header
from ..records import ParsedAttachment, ParsedItem, ParsedMeeting

NAME = "firstagenda_page"
DESCRIPTION = "en FirstAgenda-webside"

Element = lxml.etree._Element


def _class_is(name: str) -> str:
    # XPath 1.0 for "has the CSS class": whole tokens, so "punktrow" is not "punktrows".
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_ITEM_ROWS = lxml.etree.XPath(f"//*[{_class_is('punktrow')}]")
_TITLE = lxml.etree.XPath(
    f".//*[self::h1 or self::h2 or self::h3 or self::h4][{_class_is('overskrift')}]"
)
_NUMBER_BADGE = lxml.etree.XPath(f".//*[{_class_is('label')}]")
_CASE_NUMBER = lxml.etree.XPath(f".//*[{_class_is('sagsnummer')}]")
_DETAILS = lxml.etree.XPath(f".//*[{_class_is('details')}]")
_ATTACHMENT_LINKS = lxml.etree.XPath(f".//a[{_class_is('bilag-link')}]")
_COMMITTEE = lxml.etree.XPath(f"//*[{_class_is('udvalg')}]")
_LABEL_ROWS = lxml.etree.XPath("//tr[count(td|th) = 2]")
_HEADINGS = lxml.etree.XPath("//h1 | //h2")

_DIGITS = re.compile(r"^\s*([0-9]{1,7})\s*\.?\s*$")
_COMMITTEE_LABEL = re.compile(r"^\s*(?:udvalg|udvalgets\s+navn)\s*:?\s*$", re.IGNORECASE)


def matches(root: Element) -> bool:
    """A page with item rows that have a title heading: FirstAgenda's agenda table."""
    return any(_TITLE(row) for row in _ITEM_ROWS(root))


def parse(root: Element) -> ParsedMeeting:
    """The meeting header and one ``ParsedItem`` per item row."""
    rows = [row for row in _ITEM_ROWS(root) if _TITLE(row)]
    warnings: list[str] = []
    header_lines, committee, absent = _header(root, rows)
    header = read_header(header_lines)
    warnings.extend(header.warnings)
    items = []
    for position, row in enumerate(rows, start=1):
        item = _item(row, position, warnings)
        if absent and not item.is_closed:
            item = replace(
                item,
                decisions=tuple(
                    with_absent(decision, absent) if decision.current else decision
                    for decision in item.decisions
                ),
            )
        items.append(item)
    numbers = [item.number for item in items]
    if len(set(numbers)) != len(numbers):
        warnings.append("Dokumentet har flere dagsordenspunkter med samme nummer.")
    return ParsedMeeting(
        layout=NAME,
        items=tuple(items),
        committee=committee or header.committee,
        date=header.date,
        start_time=header.start_time,
        location=header.location,
        participants=header.participants,
        warnings=tuple(warnings),
    )


# -- the meeting header -----------------------------------------------------------


def _text(element: Element) -> str:
    return " ".join(" ".join(block.text.split()) for block in element_blocks(element))


def _header(root: Element, rows: list[Element]) -> tuple[list[str], str | None, list[str]]:
    """The header's label/value rows as "Label: value" lines, its committee, its absentees."""
    inside_items = {descendant for row in rows for descendant in row.iter()}

    def in_header(element: Element) -> bool:
        # Not part of an item, and not in a cookie banner, menu or dialog.
        return element not in inside_items and not any(
            is_chrome(e) for e in (element, *element.iterancestors())
        )

    lines: list[str] = []
    committee: str | None = None
    absent: list[str] = []
    for row in filter(in_header, _LABEL_ROWS(root)):
        label_cell, value_cell = row.xpath("td|th")
        label = _text(label_cell)
        if not label.endswith(":"):
            continue
        value = ", ".join(block.text.replace("\n", ", ") for block in element_blocks(value_cell))
        if _COMMITTEE_LABEL.match(label):
            committee = committee or value or None
            continue
        if absent_in_line(label) is not None:  # "Afbud:", "Fraværende:", "Ikke til stede:"
            absent.extend(absent_in_line(f"{label} {value}") or ())
            continue
        lines.append(f"{label} {value}")
    # The title heading ("Referat 1. oktober 2025 kl. 15.45") after the labels: the
    # header reader takes a labelled date over a title's.
    lines.extend(_text(h) for h in filter(in_header, _HEADINGS(root)))
    if committee is None:
        named = [_text(e) for e in filter(in_header, _COMMITTEE(root))]
        committee = next((name for name in named if name), None)
    return lines, committee, absent


# -- one item -------------------------------------------------------------------


def _item(row: Element, position: int, warnings: list[str]) -> ParsedItem:
    title_element = _TITLE(row)[0]
    title = _text(title_element)
    number = _number(row)
    if number is None:
        number = position
        warnings.append(
            f"Punktet '{title}' har intet læsbart punktnummer; nummer {position} "
            "(dets plads på siden) er brugt."
        )
    case_elements = _CASE_NUMBER(row)
    case_text = _text(case_elements[0]) if case_elements else ""
    details = _DETAILS(row)
    container = details[0] if details else row
    attachments, attachment_parts = _attachments(container)
    is_closed = title.lower().startswith("lukket:")
    if is_closed:
        title = title[len("lukket:") :].strip()
    skip = {title_element, *case_elements, *attachment_parts}
    body = read_blocks(element_blocks(container, skip=skip, keep_empty_headings=True))
    if not attachments:
        attachments = tuple(ParsedAttachment(title) for title in body.attachment_titles)
    return ParsedItem(
        number=number,
        title=title,
        case_number=normalise_case_number(case_text) if case_text else None,
        is_closed=is_closed,
        sections=tuple(body.sections),
        recommendation=body.recommendation,
        decisions=tuple(sorted(body.decisions, key=lambda d: not d.current)),
        attachments=attachments,
    )


def _number(row: Element) -> int | None:
    for badge in _NUMBER_BADGE(row):
        if (match := _DIGITS.match(_text(badge))) is not None:
            return int(match[1])
    cells = row.xpath("td|th")
    if cells and (match := _DIGITS.match(_text(cells[0]))) is not None:
        return int(match[1])
    return None


def _attachments(container: Element) -> tuple[tuple[ParsedAttachment, ...], list[Element]]:
    """The attachments under a "Bilag" heading, and the elements that printed them."""
    found: list[ParsedAttachment] = []
    parts: list[Element] = []
    for heading in container.iter(*HEADING_TAGS):
        if classify_heading(_text(heading)) is not Kind.ATTACHMENTS:
            continue
        listing = heading.getnext()
        if listing is None or listing.tag not in ("ul", "ol", "table", "div"):
            continue
        parts += [heading, listing]
        for entry in listing.xpath("li|tr|div"):
            links = _ATTACHMENT_LINKS(entry) or entry.xpath(".//a")
            title = _text(links[0]) if links else _text(entry)
            if title:
                found.append(ParsedAttachment(title, _absolute(links[0]) if links else None))
    return tuple(found), parts


def _absolute(link: Element) -> str | None:
    # A saved page keeps the site's relative links ("/vis/pdf/bilag/..."), which lead
    # nowhere from here: only a link of its own is kept, as for agenda records.
    href = (link.get("href") or "").strip()
    return href if href.startswith(("https://", "http://")) else None
