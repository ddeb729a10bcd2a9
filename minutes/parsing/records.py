"""What the parser produces: plain frozen dataclasses, no Django.

The shape mirrors the JSON that ``parse_minutes`` prints (see ``as_json``), so the
command, the importer and the tests all read one structure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ParsedSection:
    """One part of an agenda item's body: a heading ("Sagsfremstilling") and its text.

    The text uses a light, safe markup: paragraphs separated by blank lines,
    "- " list items, and "| a | b |" table rows. No HTML ever.
    """

    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class ParsedDecision:
    """A decision (beslutning): this meeting's (``current``) or an earlier one."""

    text: str
    current: bool
    body: str | None = None  # the committee (udvalg) that decided
    date: dt.date | None = None
    item_number: int | None = None  # the item's number in that committee's meeting
    absent: tuple[str, ...] = ()  # "Fraværende: Ingen" gives ()


@dataclass(frozen=True, slots=True)
class ParsedAttachment:
    """An attachment (bilag): its title, and a link where the source has one."""

    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """An agenda item (punkt)."""

    number: int
    title: str
    case_number: str | None = None  # canonical form, see casenumbers.py
    case_officer: str | None = None  # None for "-" or nothing given
    is_closed: bool = False  # "Lukket: ...": title and number only
    sections: tuple[ParsedSection, ...] = ()
    recommendation: str | None = None  # indstilling
    decisions: tuple[ParsedDecision, ...] = ()  # this meeting's first, then earlier ones
    attachments: tuple[ParsedAttachment, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedMeeting:
    """A meeting (møde) with its agenda items, as read from one document."""

    layout: str
    items: tuple[ParsedItem, ...]
    municipality: str | None = None
    committee: str | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    location: str | None = None
    participants: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    # "dagsorden" or "referat" as the document calls itself (its title), None when
    # it does not say; the importer decides then (importing/preview.py meeting_kind).
    kind: str | None = None


def as_json(meeting: ParsedMeeting) -> dict:
    """The documented JSON shape of ``parse_minutes`` (and of the golden files)."""
    return {
        "layout": meeting.layout,
        "municipality": meeting.municipality,
        "committee": meeting.committee,
        "date": meeting.date.isoformat() if meeting.date else None,
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "location": meeting.location,
        "participants": list(meeting.participants),
        "kind": meeting.kind,
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "case_number": item.case_number,
                "case_officer": item.case_officer,
                "closed": item.is_closed,
                "sections": [{"heading": s.heading, "text": s.text} for s in item.sections],
                "recommendation": item.recommendation,
                "decisions": [
                    {
                        "body": d.body,
                        "date": d.date.isoformat() if d.date else None,
                        "item_number": d.item_number,
                        "text": d.text,
                        "absent": list(d.absent),
                        "current": d.current,
                    }
                    for d in item.decisions
                ],
                "attachments": [{"title": a.title, "url": a.url} for a in item.attachments],
            }
            for item in meeting.items
        ],
        "warnings": list(meeting.warnings),
    }
