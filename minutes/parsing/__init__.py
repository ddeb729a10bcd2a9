"""The minutes parser: bytes and a file name in, a ``ParsedMeeting`` out.

Pure Python: nothing in this package imports Django (a test checks).
The only public entry is ``parse_document``: extract the text (extract.py),
find the layout family (layouts/), let it read the text, then apply what the
clerk typed in (municipality, committee, date), which wins over the document.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from .budget import parse_within_budget
from .decisions import is_this_meetings
from .errors import LINE_TOO_LONG, MAX_LINE_CHARS, ParseError, danish_number
from .extract import extract
from .layouts import parse_extracted
from .records import ParsedAttachment, ParsedDecision, ParsedItem, ParsedMeeting, ParsedSection
from .review import review

__all__ = [
    "ParseError",
    "ParsedAttachment",
    "ParsedDecision",
    "ParsedItem",
    "ParsedMeeting",
    "ParsedSection",
    "parse_document",
    "parse_within_budget",
]

logger = logging.getLogger(__name__)

# Far above any real referat (the seeds are 20-50 kB of text, PDFs a few MB);
# the upload form has its own, lower limit in settings.
MAX_BYTES = 50 * 1024 * 1024

INTERNAL_ERROR = (
    "Dokumentet kunne ikke læses på grund af en fejl i parseren. Fejlen er registreret; "
    "prøv eventuelt en anden udgave af referatet (PDF, HTML eller tekst)."
)
NO_ITEMS = 'Der blev ikke fundet nogen dagsordenspunkter ("Punkt N: ...") i dokumentet.'

_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
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

    Raises ``ParseError`` (with a Danish ``user_message``) for anything it cannot
    read, and for nothing else: any other failure is a parser bug, logged here and
    shown to the clerk as a ``ParseError`` too.
    """
    if len(data) > MAX_BYTES:
        raise ParseError(f"Filen er for stor ({len(data) // (1024 * 1024)} MB).")
    try:
        extracted = extract(data, filename)
        if extracted.kind != "json" and _longest_line(extracted.text) > MAX_LINE_CHARS:
            raise ParseError(LINE_TOO_LONG.format(limit=danish_number(MAX_LINE_CHARS)))
        meeting = parse_extracted(extracted)  # HTML page layouts first, then the text layouts
    except (ParseError, MemoryError):
        raise  # a MemoryError is the budget's (budget.py), not a parser bug
    except Exception as exc:
        # The boundary: a clerk must get a message, never a traceback. The
        # robustness tests fail on this message, so bugs are still found.
        logger.exception("parser failed file=%r size=%d", filename, len(data))
        raise ParseError(INTERNAL_ERROR) from exc
    if not meeting.items:
        raise ParseError(NO_ITEMS)
    meeting = review(
        apply_metadata(meeting, municipality=municipality, committee=committee, date=date),
        text=extracted.text,
    )
    logger.info(
        "parsed file=%r kind=%s layout=%s items=%d warnings=%d",
        filename,
        extracted.kind,
        meeting.layout,
        len(meeting.items),
        len(meeting.warnings),
    )
    return meeting


def _longest_line(text: str) -> int:
    return max(map(len, text.split("\n")), default=0)


def apply_metadata(
    meeting: ParsedMeeting,
    *,
    municipality: str | None = None,
    committee: str | None = None,
    date: dt.date | None = None,
) -> ParsedMeeting:
    """The clerk's metadata over the document's, and this meeting's current decisions."""
    warnings = list(meeting.warnings)
    municipality = _clean(municipality)
    committee = _clean(committee)
    chosen_municipality = _choose(
        _clean(meeting.municipality),
        municipality,
        conflict="Kommunen i dokumentet ({found}) afviger fra den indtastede ({typed}); "
        "den indtastede bruges.",
        missing="Kommunen fremgår ikke af dokumentet og er ikke indtastet.",
        warnings=warnings,
    )
    chosen_committee = _choose(
        _clean(meeting.committee),
        committee,
        conflict="Udvalget i dokumentet ({found}) afviger fra det indtastede ({typed}); "
        "det indtastede bruges.",
        missing="Udvalget fremgår ikke af dokumentet og er ikke indtastet.",
        warnings=warnings,
    )
    chosen_date = meeting.date
    if date is not None:
        if meeting.date is not None and meeting.date != date:
            warnings.append(
                f"Mødedatoen i dokumentet ({_danish_date(meeting.date)}) afviger fra den "
                f"indtastede ({_danish_date(date)}); den indtastede bruges."
            )
        chosen_date = date
    elif meeting.date is None:
        warnings.append("Mødedatoen fremgår ikke af dokumentet og er ikke indtastet.")
    items = tuple(
        _with_current_decision(item, committee=chosen_committee, date=chosen_date)
        for item in meeting.items
    )
    return replace(
        meeting,
        municipality=chosen_municipality,
        committee=chosen_committee,
        date=chosen_date,
        items=items,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _with_current_decision(item: ParsedItem, *, committee: str | None, date: dt.date | None):
    # The current decision was made in this meeting: by its committee, on its
    # date, under this item's number, whatever the layout could see. A dated
    # decision heading ("Byrådet, 22.11.2016", "Økonomiudvalgets beslutning i mødet
    # den 31. marts 2020") that the layout could not place, as the document did not
    # state its date, is this meeting's when its date and body are the meeting's.
    item = _merge_this_meetings_decisions(item, committee=committee, date=date)
    decisions = tuple(
        replace(
            decision,
            body=committee or decision.body,
            date=date or decision.date,
            item_number=item.number,
        )
        if decision.current
        else decision
        for decision in item.decisions
    )
    return replace(item, decisions=decisions)


def _merge_this_meetings_decisions(
    item: ParsedItem, *, committee: str | None, date: dt.date | None
) -> ParsedItem:
    ours = [
        d
        for d in item.decisions
        if not d.current and is_this_meetings(d, committee=committee, date=date)
    ]
    if not ours:
        return item
    current = next((d for d in item.decisions if d.current), None)
    texts = [current.text] if current is not None and current.text else []
    absent = list(current.absent) if current is not None else []
    for decision in ours:
        if decision.text:
            texts.append(decision.text)
        absent.extend(name for name in decision.absent if name not in absent)
    merged = ParsedDecision(
        text="\n\n".join(texts), current=True, body=committee, date=date, absent=tuple(absent)
    )
    rest = [d for d in item.decisions if not d.current and d not in ours]
    return replace(item, decisions=(merged, *rest))


def _choose(
    found: str | None,
    typed: str | None,
    *,
    conflict: str,
    missing: str,
    warnings: list[str],
) -> str | None:
    if typed:
        if found and found.casefold() != typed.casefold():
            warnings.append(conflict.format(found=found, typed=typed))
        return typed
    if not found:
        warnings.append(missing)
    return found


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None


def _danish_date(value: dt.date) -> str:
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"
