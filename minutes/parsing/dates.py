"""Danish dates and times as minutes print them.

Seen: "05-05-2026", "d. 05. maj 2026", "3. maj 2022", "den 29. oktober 2025",
"10.06.25", "31/03/2022", ISO "2026-05-05"; times "kl. 12:00" and "kl. 12.00".
A date that is printed but does not exist ("31-13-2022") is reported as found
with no value, so the caller can warn the clerk; nothing here raises.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "marts": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# One alternation, tried left to right at each position, so the first date in
# the text wins whatever its form. The look-arounds keep "2026-2030" (a span of
# years) and "1.000.000" (an amount) from being read as dates.
_DATE = re.compile(
    rf"(?<![\w,/-])(?<!\d\.)(?:"
    rf"(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})"
    rf"|(?P<num_d>\d{{1,2}})(?P<sep>[-./])\s?(?P<num_m>\d{{1,2}})(?P=sep)\s?(?P<num_y>\d{{4}}|\d{{2}})"
    rf"|(?P<name_d>\d{{1,2}})\s*\.?\s*(?P<name_m>{_MONTH_NAMES})\.?\s+(?P<name_y>\d{{4}})"
    rf")(?!\d|-[A-Za-zÆØÅæøå\d])",
    re.IGNORECASE,
)

_TIME = re.compile(r"\bkl\.?\s*(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?!\d)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date as printed (``text``) and its value; ``value`` is None if it does not exist."""

    text: str
    value: dt.date | None


def _year(text: str) -> int:
    year = int(text)
    # Two-digit years in minutes are this century's ("10.06.25").
    return 2000 + year if year < 100 else year


def _to_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _value(match: re.Match[str]) -> dt.date | None:
    if match.group("iso_y"):
        return _to_date(int(match["iso_y"]), int(match["iso_m"]), int(match["iso_d"]))
    if match.group("num_d"):
        return _to_date(_year(match["num_y"]), int(match["num_m"]), int(match["num_d"]))
    month = MONTHS[match["name_m"].lower()]
    return _to_date(int(match["name_y"]), month, int(match["name_d"]))


def find_date(text: str) -> FoundDate | None:
    """The first date printed in ``text``, or None if there is none."""
    match = _DATE.search(text)
    if match is None:
        return None
    return FoundDate(text=match.group(0), value=_value(match))


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` if it exists; None if there is none or it is impossible."""
    found = find_date(text)
    return found.value if found else None


def find_time(text: str) -> dt.time | None:
    """The time after "kl." ("kl. 12:00", "kl. 12.00", "kl. 9"); None if absent or impossible."""
    match = _TIME.search(text)
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)
