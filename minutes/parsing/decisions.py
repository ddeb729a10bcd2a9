"""Decisions (beslutninger): earlier-decision headings and absent members.

Shared by every layout, the text ones and the JSON agenda record alike, so that
"Beslutning fra Økonomiudvalget, den 3. juni 2025, punkt 9:" and "Fraværende:
Ingen" mean the same thing whatever the publishing system was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import find_date
from .records import ParsedDecision

# "Beslutning fra <udvalg>, den <dato>, punkt N:" and "Beslutning fra <udvalg>,
# <dato>, pkt. N:" (seeds 001, 003, 004); "i" instead of "fra" and a missing item
# number are other systems' variants. The body is everything up to the date, so
# a committee name with a comma in it ("Økonomi-, Erhvervs- og ...") survives.
_EARLIER = re.compile(
    r"^\s*Beslutning(?:en)?\s+(?:fra|i)\s+(?P<body>.+?)\s*,?\s+(?:den\s+|d\.\s*)?"
    r"(?P<date>\d{1,2}\s*\.?\s*[A-Za-zæøåÆØÅ]+\.?\s+\d{4}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"
    r"|\d{4}-\d{2}-\d{2})"
    r"(?:\s*,?\s*(?:under\s+)?(?:punkt|pkt\.?)\s*(?P<number>\d+))?"
    r"\s*[:.]?\s*(?P<rest>.*?)\s*$",
    re.IGNORECASE,
)

# "Fraværende: A, B og C", "Afbud: A"; "Fraværende: Ingen" (and "-", or nothing) names nobody.
_ABSENT_LABEL = re.compile(
    r"^\s*(?:Fraværende|Afbud|Fravær)(?![a-zæøå])\s*(?:fra\s+mødet)?\s*:?\s*(?P<names>.*?)\s*\.?\s*$",
    re.IGNORECASE,
)
_NOBODY = {"", "-", "ingen", "ingen.", "ingen fravær", "alle mødt", "alle til stede"}

# "Bent. B. Graversen, Søren V. Jensen og Steen Madsen deltog ikke i sagens behandling."
# "Bibi Mundbjerg (V) deltog ikke ved sagens behandling."
_DID_NOT_TAKE_PART = re.compile(
    r"^\s*(?P<names>.+?)\s+(?:deltog|deltager)\s+ikke\s+(?:i|ved|under)\s+"
    r"(?:sagens|punktets|behandlingen)[^.]*\.?\s*$",
    re.IGNORECASE,
)
_NAME_SEPARATORS = re.compile(r"\s*,\s*|\s+og\s+|\s*;\s*")


@dataclass(frozen=True, slots=True)
class EarlierDecisionHeading:
    """What a "Beslutning fra ..." heading says about the decision under it."""

    body: str
    date: dt.date | None  # None when no date or an impossible one was printed
    date_text: str  # as printed, for the clerk's warning when ``date`` is None
    item_number: int | None
    rest: str  # text printed on the heading line after the colon, if any


def parse_earlier_decision_heading(line: str) -> EarlierDecisionHeading | None:
    """Read "Beslutning fra <udvalg>, den <dato>, punkt N:"; None for any other line."""
    match = _EARLIER.match(line)
    if match is None:
        return None
    found = find_date(match["date"])
    if found is None:  # "5. Budget 2026" looks like a date to the pattern but is not
        return None
    return EarlierDecisionHeading(
        body=match["body"].strip(" ,"),
        date=found.value,
        date_text=found.text,
        item_number=int(match["number"]) if match["number"] else None,
        rest=match["rest"],
    )


def split_names(text: str) -> tuple[str, ...]:
    """ "A, B og C" → ("A", "B", "C"); a trailing full stop is not part of a name."""
    names = (name.strip().rstrip(".").strip() for name in _NAME_SEPARATORS.split(text))
    return tuple(name for name in names if name)


def absent_in_line(line: str) -> tuple[str, ...] | None:
    """The absent members a line names, () for "Fraværende: Ingen", None if it names none."""
    label = _ABSENT_LABEL.match(line)
    if label is not None:
        names = label["names"]
        if names.strip().lower() in _NOBODY:
            return ()
        return split_names(names)
    took_no_part = _DID_NOT_TAKE_PART.match(line)
    if took_no_part is not None:
        return split_names(took_no_part["names"])
    return None


def split_absent(text: str) -> tuple[str, tuple[str, ...]]:
    """The absent members a decision text names, and the text without its absence labels.

    A "Fraværende: ..." (or "Afbud: ...") line is a label, not part of what was
    decided: it moves to ``absent``. A sentence "X deltog ikke i sagens behandling."
    is part of the minuted decision: it stays in the text, and X is absent too.
    """
    kept: list[str] = []
    absent: list[str] = []
    for line in text.split("\n"):
        names = absent_in_line(line)
        if names is None:
            kept.append(line)
            continue
        if _ABSENT_LABEL.match(line) is None:
            kept.append(line)
        absent.extend(name for name in names if name not in absent)
    return _tidy_blank_lines("\n".join(kept)), tuple(absent)


def make_decision(
    text: str,
    *,
    current: bool,
    body: str | None = None,
    date: dt.date | None = None,
    item_number: int | None = None,
) -> ParsedDecision:
    """A ``ParsedDecision`` from its text, with the absent members taken out of it."""
    remaining, absent = split_absent(text)
    return ParsedDecision(
        text=remaining,
        current=current,
        body=body,
        date=date,
        item_number=item_number,
        absent=absent,
    )


def _tidy_blank_lines(text: str) -> str:
    # Removing an absence line may leave a run of blank lines or one at an end.
    return re.sub(r"\n{3,}", "\n\n", text).strip()
