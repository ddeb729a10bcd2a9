"""Layout family: a publishing system's agenda-item record, as JSON or as its rendered tree.

The record (seed 003, Lemvig) holds one agenda item: number ("Punktnummer" /
"Number"), title ("Navn" / "Caption"), case number ("SagsNummer" /
"CaseNumber"), attachments ("Bilag", with ids), and the item's content as HTML
in "Felter"[*]."Html". The HTML is the richest source: its headings mark the
sections, "Beslutning fra <udvalg>, den <dato>, punkt N:" headings the earlier
decisions, and "fravaer" blocks their absent members.

The rendered tree form is preceded by the page text the viewer showed. That
text is a lossy copy of the HTML (it dropped an absent member) with noise from
survey and AI tools on the page; it is used only to add absent members the
HTML lacks, and as the content when a record has no HTML at all.

A record carries no meeting header: municipality, committee and date come from
the clerk. "IsOpen" is the system's flag for the item's state in its own
workflow, not for a closed (lukket) item: seed 003 is published in full with
``IsOpen false``, so it is ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from ..blockbody import read_blocks, with_absent
from ..casenumbers import normalise_case_number
from ..decisions import absent_in_line, parse_earlier_decision_heading
from ..errors import ParseError
from ..headings import Kind, classify_heading, heading_key
from ..html_text import Block, html_blocks
from ..record_tree import ENTRY, HEADER, read_tree
from ..records import ParsedAttachment, ParsedDecision, ParsedItem, ParsedMeeting

NAME = "agenda_record"
DESCRIPTION = "et publiceringssystems poster for punkterne"

NUMBER_KEYS = ("Punktnummer", "Number", "Nummer", "Sorting")
TITLE_KEYS = ("Navn", "Caption", "Titel", "Title", "Overskrift")
CASE_NUMBER_KEYS = ("SagsNummer", "CaseNumber", "Sagsnr", "Sagsnummer")
ATTACHMENT_KEYS = ("Bilag", "Attachments")
FIELD_KEYS = ("Felter", "Fields")
URL_KEYS = ("Link", "Url", "URL", "Href")

# Lines on the rendered page that are not minutes: a survey widget ("Er du enig
# eller uenig?", "Nej") and an AI tool's panel ("Prompt resultater", "Relevans
# v1"), and the viewer's tab label. Listed in docs/PARSER.md, "Noise we drop".
NOISE = re.compile(
    r"^(?:Prompt\s+resultater?|Relevans(?:\s+v\d+)?|Ja|Nej|Ved\s+ikke|"
    r"Er\s+du\s+enig\s+eller\s+uenig\??|Enig|Uenig|First-agenda)$",
    re.IGNORECASE,
)
# The viewer prefixes the first heading with its tab name: "First-agenda Sagsfremstilling".
_TAB_PREFIX = re.compile(r"^First-agenda\s+", re.IGNORECASE)

_TREE_ROOT = re.compile(r"^\d+ items?$", re.MULTILINE)
_TREE_ITEM_FIELD = re.compile(r"^- (?:Punktnummer|Number|Caption|Navn|SagsNummer) ", re.MULTILINE)


def matches(text: str) -> bool:
    """A JSON document, or text holding a record tree with an item's fields."""
    if _json_value(text) is not None:
        return True
    return bool(_TREE_ROOT.search(text) and _TREE_ITEM_FIELD.search(text))


def parse(text: str) -> ParsedMeeting:
    """One ``ParsedItem`` per agenda-item record in the document."""
    warnings: list[str] = []
    value = _json_value(text)
    if value is not None:
        records = list(_item_records(value))
        page_text = ""
        if not records:
            raise ParseError(
                "JSON-filen indeholder ingen dagsordenspunkter "
                "(felterne Punktnummer og Navn mangler)."
            )
    else:
        tree = read_tree(text)
        if tree is None:
            raise ParseError("Dagsordensposten kunne ikke læses.")
        page_text, record = tree
        if not _is_item_record(record):
            raise ParseError("Dagsordensposten har intet punktnummer eller ingen titel.")
        records = [record]
    items = [_item(record, page_text, warnings) for record in records]
    items.sort(key=lambda item: item.number)
    numbers = [item.number for item in items]
    if len(set(numbers)) != len(numbers):
        warnings.append("Dokumentet har flere dagsordenspunkter med samme nummer.")
    return ParsedMeeting(layout=NAME, items=tuple(items), warnings=tuple(warnings))


# -- finding the records ----------------------------------------------------


def _json_value(text: str) -> object | None:
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        return json.loads(stripped)
    except (ValueError, RecursionError):
        return None


def _is_item_record(value: object) -> bool:
    return (
        isinstance(value, dict)
        and _first(value, NUMBER_KEYS) is not None
        and _first(value, TITLE_KEYS) is not None
    )


def _item_records(value: object, depth: int = 0) -> Iterable[dict]:
    # A single record, a list of them, or an agenda object with a list of them
    # under some key ("Punkter", "Items").
    if depth > 3:
        return
    if _is_item_record(value):
        yield value  # type: ignore[misc]
    elif isinstance(value, list):
        for element in value:
            yield from _item_records(element, depth + 1)
    elif isinstance(value, dict):
        for element in value.values():
            if isinstance(element, list | dict):
                yield from _item_records(element, depth + 1)


def _first(record: dict, keys: tuple[str, ...]) -> object | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


# -- one item ------------------------------------------------------------------


def _item(record: dict, page_text: str, warnings: list[str]) -> ParsedItem:
    title = " ".join(str(_first(record, TITLE_KEYS)).split())
    raw_number = str(_first(record, NUMBER_KEYS)).strip()
    # isdigit() is true of "²" too, which int() refuses; a number beyond what the
    # database holds (and Python's 4,300-digit limit) is not an item number either.
    if not (raw_number.isascii() and raw_number.isdigit()) or len(raw_number) > 10:
        shown = raw_number if len(raw_number) <= 20 else raw_number[:20] + "…"
        raise ParseError(f"Dagsordenspunktet '{title}' har intet gyldigt punktnummer ({shown}).")
    number = int(raw_number)
    raw_case = _first(record, CASE_NUMBER_KEYS)
    case_number = normalise_case_number(str(raw_case)) if raw_case is not None else None
    is_closed = False
    if title.lower().startswith("lukket:"):
        is_closed, title = True, title[len("lukket:") :].strip()
    attachments = _attachments(record)
    if is_closed:
        return ParsedItem(number, title, case_number=case_number or None, is_closed=True)

    page_lines = _page_lines(page_text)
    blocks = _content_blocks(record) or _text_blocks(page_lines)
    body = read_blocks(blocks)
    if not attachments:
        attachments = tuple(ParsedAttachment(title) for title in body.attachment_titles)
    decisions = body.decisions
    if page_lines:
        decisions = _merge_absent(decisions, _absent_in_page(page_lines, body.heading_keys))
    for decision in decisions:
        if decision.date is None and not decision.current:
            warnings.append(f"Punkt {number}: en tidligere beslutning har ingen gyldig dato.")
    return ParsedItem(
        number=number,
        title=title,
        case_number=case_number or None,
        sections=tuple(body.sections),
        recommendation=body.recommendation,
        decisions=tuple(sorted(decisions, key=lambda decision: not decision.current)),
        attachments=attachments,
    )


def _attachments(record: dict) -> tuple[ParsedAttachment, ...]:
    found: list[ParsedAttachment] = []
    for key in ATTACHMENT_KEYS:
        entries = record.get(key)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict):
                title = _first(entry, TITLE_KEYS)
                url = _first(entry, URL_KEYS)
            else:
                title, url = entry, None
            if title is None:
                continue
            link = str(url).strip() if url is not None else None
            # Only a link of the attachment's own; ids alone make no link.
            if link and not link.startswith(("https://", "http://")):
                link = None
            found.append(ParsedAttachment(" ".join(str(title).split()), link or None))
    return tuple(found)


def _content_blocks(record: dict) -> list[Block]:
    blocks: list[Block] = []
    for key in FIELD_KEYS:
        fields = record.get(key)
        if not isinstance(fields, list):
            continue
        for field in fields:
            if not isinstance(field, dict):
                continue
            name = " ".join(str(field.get("Navn") or field.get("Name") or "").split())
            html = field.get("Html") or field.get("HTML")
            if isinstance(html, str) and html.strip():
                field_blocks = html_blocks(html)
            elif isinstance(field.get("Tekst"), str):
                field_blocks = _text_blocks(_page_lines(field["Tekst"]))
            else:
                continue
            if name and (not field_blocks or field_blocks[0].kind != "heading"):
                blocks.append(Block("heading", name, 3))
            blocks.extend(field_blocks)
    for key in ("Html", "HTML"):
        if not blocks and isinstance(record.get(key), str):
            blocks = html_blocks(record[key])
    return blocks


def _page_lines(text: str) -> list[str]:
    lines = []
    for raw in text.split("\n"):
        line = _TAB_PREFIX.sub("", raw.strip())
        if not line or NOISE.match(line):
            continue
        # A tree line in the page text is the viewer's, not the minutes'.
        if HEADER.match(line) or (ENTRY.match(line) and not line.startswith("- ")):
            continue
        lines.append(line)
    return lines


def _text_blocks(lines: list[str]) -> list[Block]:
    # Plain text has no markup: known headings and decision headings are headings.
    blocks = []
    for line in lines:
        if _is_text_heading(line):
            blocks.append(Block("heading", line, 3))
        elif line.startswith(("- ", "• ")):
            blocks.append(Block("item", line[2:].strip(), 1))
        elif line.startswith("|") and line.endswith("|"):
            blocks.append(Block("row", line))
        else:
            blocks.append(Block("paragraph", line))
    return blocks


def _is_text_heading(line: str) -> bool:
    # The one vocabulary (headings.py), as for the text layouts.
    return classify_heading(line) is not None


# -- absent members from the page text -----------------------------------------


def _decision_key(decision: ParsedDecision) -> tuple:
    if decision.current:
        return ("current",)
    return (decision.body, decision.date, decision.item_number)


def _absent_in_page(lines: list[str], headings: set[str]) -> dict[tuple, list[str]]:
    found: dict[tuple, list[str]] = {}
    key: tuple | None = None
    for line in lines:
        earlier = parse_earlier_decision_heading(line)
        kind = classify_heading(line)
        if earlier is not None:
            key = (earlier.body, earlier.date, earlier.item_number)
        elif kind is Kind.DECISION:
            key = ("current",)
        elif kind is not None or heading_key(line) in headings:
            key = None
        elif key is not None:
            names = absent_in_line(line)
            if names:
                found.setdefault(key, []).extend(names)
    return found


def _merge_absent(
    decisions: list[ParsedDecision], page_absent: dict[tuple, list[str]]
) -> list[ParsedDecision]:
    return [
        with_absent(decision, page_absent.get(_decision_key(decision), []))
        for decision in decisions
    ]
