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

_DATE = (
    r"(?P<date>\d{1,2}\s*\.?\s*[A-Za-zæøåÆØÅ]+\.?\s+\d{4}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"
    r"|\d{4}-\d{2}-\d{2})"
)
_NUMBER = r"(?:\s*,?\s*(?:under\s+)?(?:punkt|pkt\.?)\s*(?P<number>\d{1,7}))?"
# "Økonomiudvalgets beslutning i mødet den 31. marts 2020" (København's eDoc).
_GENITIVE = re.compile(
    r"^\s*(?P<body>[A-ZÆØÅ][^,:()]{1,80}?)s\s+beslutning(?:er)?\s+(?:i|på|fra)\s+(?:mødet\s+)?"
    r"(?:den\s+|d\.\s*)?" + _DATE + _NUMBER + r"\s*[:.]?\s*(?P<rest>.*?)\s*$"
)
# "Social og Sundhed, 6. januar 2020, pkt. 123:" (Stevns), "Kultur- og Demokratiudvalget,
# 03.09.2018" (Næstved), also with "Beslutning" in front and the decision on the same line:
# "Beslutning Byrådet, 22.11.2016 Githa Nelander var fraværende. Godkendt." The body is a
# name: capitalised, no digits, parentheses or sentence punctuation, at most ten words.
_BODY_DATE = re.compile(
    r"^\s*(?:Beslutning(?:er)?\s+)?(?P<body>[A-ZÆØÅ][^\d,:;.()!?]{1,80}?(?:,\s*[A-ZÆØÅ][^\d,:;.()!?]{1,60}?)*)"
    r"\s*,\s*(?:den\s+|d\.\s*)?"
    + _DATE
    + _NUMBER
    + r"\s*(?::\s*(?P<rest>.*?)|\s+(?P<inline>[A-ZÆØÅ].*?))?\s*$"
)

# "Fraværende: A, B og C", "Afbud: A"; "Fraværende: Ingen" (and "-", or nothing) names nobody.
_ABSENT_LABEL = re.compile(
    r"^\s*(?:Fraværende|Afbud|Fravær|Ikke\s+til\s+stede|Ikke\s+mødt|Forfald)(?![a-zæøå])"
    r"\s*(?:fra\s+mødet|med\s+afbud|med\s+forfald)?\s*[:\-–]?\s*(?P<names>.*?)\s*\.?\s*$",
    re.IGNORECASE,
)
# "Githa Nelander var fraværende.", "A og B havde meldt afbud." at the start of a line;
# "Liv Gro Jensen var forhindret i at deltage ...", "X var ikke til stede" (FirstAgenda).
_WAS_ABSENT = re.compile(
    r"^\s*(?P<names>[A-ZÆØÅ][^.:;]{1,200}?)\s+(?:var|er)\s+"
    r"(?:fraværende|forhindret|ikke\s+til\s+stede)\b"
    r"|^\s*(?P<names2>[A-ZÆØÅ][^.:;]{1,200}?)\s+havde\s+(?:meldt\s+)?(?:afbud|forfald)\b",
)
# A party letter after a name: "Mikkel Lundemann Rasmussen (C)", "Hans Østergaard ()".
# "(?<!\s)": a match starts where a run of spaces starts, not at each of its spaces
# (which made a long run quadratic); the leftmost match is the same.
_PARTY = re.compile(r"(?<!\s)\s*\((?:[A-ZÆØÅ]{1,3}|[A-ZÆØÅ]\+[A-ZÆØÅ+]*|)\)\s*")
_NOBODY = {"", "-", "ingen", "ingen.", "ingen fravær", "alle mødt", "alle til stede"}

# "Bent. B. Graversen, Søren V. Jensen og Steen Madsen deltog ikke i sagens behandling."
# "Bibi Mundbjerg (V) deltog ikke ved sagens behandling."
_DID_NOT_TAKE_PART = re.compile(
    # The names start and end on a non-space ("\S", "(?<!\s)"): with ".+?\s+" alone a
    # long run of spaces is tried at every split, cubic in its length.
    r"^\s*(?P<names>\S.*?)(?<!\s)\s+(?:deltog|deltager)\s+ikke\s+(?:(?:i|ved|under)\s+"
    r"(?:sagens|punktets|behandlingen)|(?:på|i)\s+mødet)[^.]*\.?\s*$",
    re.IGNORECASE,
)
_NAME_SEPARATORS = re.compile(r"(?<!\s)\s*,\s*|(?<!\s)\s+og\s+|(?<!\s)\s*;\s*")  # as _PARTY


@dataclass(frozen=True, slots=True)
class EarlierDecisionHeading:
    """What a "Beslutning fra ..." heading says about the decision under it."""

    body: str
    date: dt.date | None  # None when no date or an impossible one was printed
    date_text: str  # as printed, for the clerk's warning when ``date`` is None
    item_number: int | None
    rest: str  # text printed on the heading line after the colon, if any


def parse_earlier_decision_heading(line: str) -> EarlierDecisionHeading | None:
    """Read a dated decision heading; None for any other line.

    "Beslutning fra <udvalg>, den <dato>, punkt N:", "Beslutning i <udvalg> den <dato>",
    "<Udvalg>s beslutning i mødet den <dato>", "<Udvalg>, <dato>, pkt. N:" and
    "Beslutning <Udvalg>, <dato> <text>". Whether it is this meeting's decision or an
    earlier one is for the caller to say, from the meeting's committee and date.
    """
    if len(line) > 400:
        return None
    match = _EARLIER.match(line) or _GENITIVE.match(line)
    rest = match["rest"] if match is not None else None
    if match is None:
        # "<Udvalg>, <dato>": a name of at most ten words, its text after ":" or on the line.
        match = _BODY_DATE.match(line)
        if match is None or len(match["body"].split()) > 10:
            return None
        rest = (match["rest"] or match["inline"] or "").strip()
    found = find_date(match["date"])
    if found is None:  # "5. Budget 2026" looks like a date to the pattern but is not
        return None
    return EarlierDecisionHeading(
        body=match["body"].strip(" ,"),
        date=found.value,
        date_text=found.text,
        item_number=_item_number(match["number"]),
        rest=rest,
    )


def _item_number(text: str | None) -> int | None:
    # "\d" also matches other scripts' digits; int() reads them, isascii() keeps them out.
    if not text or not text.isascii() or len(text) > 7:
        return None
    return int(text)


def split_names(text: str) -> tuple[str, ...]:
    """ "A, B og C" → ("A", "B", "C"); a trailing full stop is not part of a name."""
    text = _PARTY.sub(" ", text)
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
    was_absent = _WAS_ABSENT.match(line)
    if was_absent is not None:
        return split_names(was_absent["names"] or was_absent["names2"])
    return None


def split_absent(text: str) -> tuple[str, tuple[str, ...]]:
    """The absent members a decision text names, and the text without its absence labels.

    A "Fraværende: ..." (or "Afbud: ...") line is a label, not part of what was
    decided: it moves to ``absent``. A sentence "X deltog ikke i sagens behandling."
    is part of the minuted decision: it stays in the text, and X is absent too.
    """
    kept: list[str] = []
    absent: list[str] = []
    lines = text.split("\n")
    skip_to = -1
    for index, line in enumerate(lines):
        if index <= skip_to:
            continue
        label = _ABSENT_LABEL.match(line)
        if label is not None and not label["names"].strip():
            # "Fraværende med afbud:" with the names (or "Ingen.") on the next line.
            following = next(
                (i for i in range(index + 1, min(index + 4, len(lines))) if lines[i].strip()), None
            )
            if following is not None and _names_line(lines[following]):
                value = lines[following].strip()
                if value.lower().rstrip(".") not in _NOBODY:
                    absent.extend(n for n in split_names(value) if n not in absent)
                skip_to = following
                continue
        names = absent_in_line(line)
        if names is None:
            kept.append(line)
            continue
        if _ABSENT_LABEL.match(line) is None:
            kept.append(line)
        absent.extend(name for name in names if name not in absent)
    return _tidy_blank_lines("\n".join(kept)), tuple(absent)


def _names_line(line: str) -> bool:
    value = line.strip()
    if value.lower().rstrip(".") in _NOBODY:
        return True
    return len(value) <= 200 and ":" not in value and not value.endswith(("?", "!"))


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


def is_this_meetings(
    decision: ParsedDecision, *, committee: str | None, date: dt.date | None
) -> bool:
    """A dated decision is this meeting's when its date is the meeting's and, where both
    are known, its body is the meeting's committee; the heading word alone never says."""
    if date is None or decision.date != date:
        return False
    if not committee or not decision.body:
        return True
    return same_body(decision.body, committee)


def same_body(first: str, second: str) -> bool:
    """Two ways of writing one committee: case, spacing and a genitive -s aside, or one
    name inside the other ("Byrådet" / "Næstved Byråd" do not; "Økonomiudvalget" does)."""
    a, b = (" ".join(x.lower().split()).rstrip("s") for x in (first, second))
    return a == b or a in b or b in a or a.rstrip("et") == b.rstrip("et")
