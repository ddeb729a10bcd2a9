"""The meeting header printed above the first item: committee, date, time, place, people.

Seed 000 prints::

    REFERAT Beskæftigelsesudvalget d. 05-05-2026
    Mødedato Tirsdag d. 05. maj 2026 kl. 12:00
    Mødested Treco Group, Elmegaardsvej 3, 9620 Aalestrup
    Mødedeltagere Jimmy Støttrup, Nicklas Ødén Poulsen, ...

Labels come with or without a colon, and other systems say "Dato", "Sted",
"Deltagere", "Tidspunkt". Many documents (PDF text) have no header at all: then
everything stays empty and the clerk types it in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import find_date, find_time
from .decisions import split_names
from .review import is_unread_sentence
from .textclean import plain_line

_TITLE = re.compile(
    r"^\s*(?P<kind>referat|dagsorden|beslutningsprotokol|protokol)\b\s*:?\s*(?:fra|for|af|til)?\s*"
    r"(?:(?:det\s+)?(?:ordinære\s+|ekstraordinære\s+)?møde(?:t)?\s+i\s+)?"
    r"(?P<committee>.*?)\s*(?:,\s*)?(?:(?:d\.|den|mødedato)\s*)?(?P<rest>\d.*)?$",
    re.IGNORECASE,
)


def _label(*names: str) -> re.Pattern[str]:
    alternatives = "|".join(names)
    return re.compile(
        rf"^\s*(?:{alternatives})(?![a-zæøå])\s*:?\s*(?P<value>.*?)\s*$", re.IGNORECASE
    )


_DATE_LABEL = _label("mødedato", "dato", "mødedag", "tid og sted", "mødetid")
_TIME_LABEL = _label("mødetidspunkt", "tidspunkt", "starttidspunkt", "mødestart", "kl")
_PLACE_LABEL = _label("mødested", "sted", "mødelokale", "lokale")
_PEOPLE_LABEL = _label("mødedeltagere", "deltagere", "til stede", "medlemmer", "deltagende")


@dataclass(frozen=True, slots=True)
class MeetingHeader:
    committee: str | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    location: str | None = None
    participants: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    # What the title calls the document: "dagsorden" (the agenda, before the
    # meeting), "referat" (the minutes, a protocol too), None without a title.
    kind: str | None = None


def read_header(lines: list[str]) -> MeetingHeader:
    """What the lines before the first item say about the meeting."""
    committee: str | None = None
    kind: str | None = None
    title_date: dt.date | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    location: str | None = None
    participants: tuple[str, ...] = ()
    warnings: list[str] = []
    for raw in lines:
        line = plain_line(raw)
        if not line:
            continue
        if (match := _TITLE.match(line)) is not None and committee is None:
            committee = match["committee"].strip(" ,-:") or None
            if committee is not None and not any(ch.isalpha() for ch in committee):
                committee = None
            kind = "dagsorden" if match["kind"].casefold() == "dagsorden" else "referat"
            title_date, warning = _date(match["rest"] or "", line)
            warnings.extend(warning)
            start_time = start_time or find_time(line)
        elif (match := _DATE_LABEL.match(line)) is not None and date is None:
            date, warning = _date(match["value"], line)
            warnings.extend(warning)
            start_time = start_time or find_time(line)
        elif (match := _TIME_LABEL.match(line)) is not None:
            start_time = start_time or find_time(f"kl. {match['value']}")
        elif (match := _PLACE_LABEL.match(line)) is not None and location is None:
            location = match["value"] or None
        elif (match := _PEOPLE_LABEL.match(line)) is not None and not participants:
            participants = split_names(match["value"])
    if date and title_date and date != title_date:
        warnings.append(
            f"Mødets dato står både som {title_date:%d-%m-%Y} og {date:%d-%m-%Y}; "
            "mødedatoen er brugt."
        )
    return MeetingHeader(
        committee=committee,
        date=date or title_date,
        start_time=start_time,
        location=location,
        participants=participants,
        warnings=tuple(warnings),
        kind=kind,
    )


def unread_lines(lines: list[str]) -> list[str]:
    """Sentences above the first item that ``read_header`` takes nothing from.

    A title or label line is the header's; running text there ("A og B havde meldt
    forfald. I stedet mødte C.") belongs to no item and is not read.
    """
    unread = []
    for raw in lines:
        line = plain_line(raw)
        if not line or any(
            pattern.match(line) is not None
            for pattern in (_TITLE, _DATE_LABEL, _TIME_LABEL, _PLACE_LABEL, _PEOPLE_LABEL)
        ):
            continue
        if is_unread_sentence(line):
            unread.append(line)
    return unread


def _date(text: str, line: str) -> tuple[dt.date | None, list[str]]:
    found = find_date(text)
    if found is None:
        return None, []
    if found.value is None:
        return None, [f"Mødets dato '{found.text}' i '{line}' findes ikke."]
    return found.value, []
