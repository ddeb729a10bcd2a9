"""Case numbers (sagsnumre): find them in a line and normalise them to one form.

Most Danish municipalities journalise under KLE, printed as ``EE.HH.EE-FNN-S-YY``
(``15.00.00-A00-4-25``): subject number, handling facet, serial, two-digit year.
The same case returns in later meetings and in other committees, so every KLE
number is rewritten to one canonical form; that is what lets a journalist follow
a case across documents. Other case systems print other shapes (``2019-12345``,
``19/12345``, ``SAG-2019-00123``): those are kept exactly as printed (trimmed,
inner whitespace collapsed), never dropped and never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Printed variants seen in real minutes: a missing hyphen before the facet
# ("15.00.00A21-1-25"), spaces around hyphens, a lower-case facet letter.
_KLE = re.compile(
    r"(?<![\d.])(\d{2})\s*\.\s*(\d{2})\s*\.\s*(\d{2})"  # subject (emne) number
    r"\s*[-–]?\s*([A-Za-zÆØÅæøå])\s*(\d{2})"  # handling facet (handlingsfacet)
    r"\s*[-–]\s*(\d{1,6})"  # serial number
    r"\s*[-–]\s*(\d{2})(?!\d)"  # two-digit year
)

# Non-KLE shapes that are case numbers when they stand alone or follow a label:
# "2019-12345", "19/12345", and a system prefix such as "SAG-2019-00123".
_OTHER = re.compile(r"(?:[A-ZÆØÅ]{2,6}[-/ ]?)?\d{2,4}\s*[-/]\s*\d{3,8}(?:\s*[-/]\s*\d{1,6})?")

# The label in front of a case number. Seen: "Sagsnr.:", "Sagsnr.", "Sagsnummer:",
# "Sags nr.", and in other systems "J.nr.", "Journalnr.", "Sag nr.".
_LABEL = re.compile(
    r"^\s*(?:sagsnr|sagsnummer|sags\s*nr|sag\s*nr|j\s*\.\s*nr|journalnr|journalnummer)"
    r"(?![a-zæøå])\s*\.?\s*:?\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)


def normalise_case_number(text: str) -> str:
    """The canonical form of a KLE case number; anything else trimmed, as printed."""
    cleaned = " ".join(text.split())
    match = _KLE.fullmatch(cleaned)
    if match is None:
        return cleaned
    subject_1, subject_2, subject_3, facet, facet_number, serial, year = match.groups()
    return f"{subject_1}.{subject_2}.{subject_3}-{facet.upper()}{facet_number}-{int(serial)}-{year}"


_YEAR_SPAN = re.compile(r"(19|20)\d\d\s*[-/]\s*(19|20)\d\d")


def is_case_number_line(line: str) -> bool:
    """True if the whole line is a case number (printed under an item's title)."""
    cleaned = " ".join(line.split())
    if not cleaned or _YEAR_SPAN.fullmatch(cleaned):  # "2026-2030" is a period, not a case
        return False
    return _KLE.fullmatch(cleaned) is not None or _OTHER.fullmatch(cleaned) is not None


def find_case_number(text: str) -> str | None:
    """The case number in a label line ("Sagsnr.: ...") or a bare case-number line.

    A labelled value is returned even when its shape is unknown (kept as printed);
    without a label only a whole-line case number counts, so that a year span such
    as "2026-2030" in running text is never taken for one.
    """
    labelled = _LABEL.match(text)
    if labelled is not None:
        value = labelled.group("value").strip(" :.")
        if not value or value == "-":
            return None
        kle = _KLE.search(value)
        if kle is not None:
            return normalise_case_number(kle.group(0))
        return " ".join(value.split())
    if is_case_number_line(text):
        return normalise_case_number(text)
    return None


def is_case_number_label(line: str) -> bool:
    """True if the line starts with a case-number label ("Sagsnr.:", "Sagsnummer")."""
    return _LABEL.match(line) is not None


@dataclass(frozen=True)
class CaseNumberQuery:
    """What a typed case number asks for: one whole number, or the numbers that start so."""

    exact: str | None
    prefixes: tuple[str, ...] = ()


def case_number_query(value: str) -> CaseNumberQuery:
    """The one rule for a typed case number (filters, search, the case page).

    A whole case number matches exactly, normalised: "15.00.00A21-1-25" finds
    "15.00.00-A21-1-25". Anything shorter is a prefix, as typed and upper-cased,
    because the canonical KLE form has an upper-case facet letter ("a00" -> "A00")
    while other case systems keep their numbers as printed.
    """
    cleaned = " ".join(value.split())
    if is_case_number_line(cleaned):
        return CaseNumberQuery(exact=normalise_case_number(cleaned))
    prefixes = (cleaned,) if cleaned.upper() == cleaned else (cleaned, cleaned.upper())
    return CaseNumberQuery(exact=None, prefixes=prefixes)
