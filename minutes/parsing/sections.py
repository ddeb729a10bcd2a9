"""Section headings of an agenda item, and what each kind of heading starts.

Municipalities name and order their headings differently (Resume, Baggrund,
Sagsfremstilling, Indstilling, Beslutning, ... in any order), so a heading is
recognised by a line that is *only* the heading, from three sources:

1. the vocabulary below (``HEADINGS``), shared by the kommuner we know;
2. the lead-ins of a recommendation ("Administrationen indstiller",
   "Direktøren for ... indstiller", "Det indstilles, at:") and of earlier
   decisions ("Beslutning fra <udvalg>, den <dato>, punkt N:");
3. the document itself: a short heading-like line that recurs in several items
   of one document is its template's heading (``recurring_headings``), so an
   unknown heading becomes a section of its own instead of being run into the
   previous section's text.

A short line that is none of these ("Målgruppen i Særlig Jobformidling") is a
sub-heading and stays in its section's text, as its own paragraph, in order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .casenumbers import is_case_number_label, is_case_number_line
from .decisions import parse_earlier_decision_heading
from .headings import _TRAILING_COLON, HEADINGS, RECOMMENDATION_LEAD, Kind, heading_key


@dataclass(frozen=True, slots=True)
class Heading:
    """A recognised heading: its kind, its text as printed, text after it on the line."""

    kind: Kind
    text: str
    rest: str = ""


def _key(line: str) -> str:
    return heading_key(line)


def classify(line: str, *, recurring: frozenset[str] = frozenset()) -> Heading | None:
    """The heading this line is, or None for a line of text.

    ``recurring`` holds the document's own headings (``recurring_headings``).
    "Beslutning: Godkendt." (a known heading, a colon, text) counts as a heading
    with ``rest`` "Godkendt.", as some systems print label and text on one line.
    """
    stripped = " ".join(line.split())
    if not stripped or len(stripped) > 200:
        return None
    key = _key(stripped)
    printed = _TRAILING_COLON.sub("", stripped)
    if key in HEADINGS:
        return Heading(HEADINGS[key], printed)
    if parse_earlier_decision_heading(stripped) is not None:
        return Heading(Kind.EARLIER_DECISION, stripped)
    if RECOMMENDATION_LEAD.match(stripped):
        return Heading(Kind.RECOMMENDATION, stripped)
    label, colon, rest = stripped.partition(":")
    if colon and rest.strip() and label.strip().lower() in HEADINGS:
        return Heading(HEADINGS[label.strip().lower()], label.strip(), rest.strip())
    if key in recurring:
        return Heading(Kind.SECTION, printed)
    return split_glued_heading(stripped)


# A heading glued to its text where a web page lost the line break between two blocks:
# "BeslutningGodkendt.", "BilagIngen bilag.", "SagsfremstillingUdvalget besøger ...";
# and headings whose words lost their spaces: "TidligerePolitiskBehandling".
_GLUED = re.compile(
    "^(?P<heading>"
    + "|".join(
        re.escape(key[0].upper() + key[1:])
        for key in sorted(HEADINGS, key=len, reverse=True)
        if len(key) >= 5
    )
    + ')(?P<rest>[A-ZÆØÅ"“„].*)$'
)
_CAMEL = re.compile(r"(?<=[a-zæøå])(?=[A-ZÆØÅ])")


def split_glued_heading(line: str) -> Heading | None:
    """A known heading glued to the text after it, or written without spaces; else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 20_000:
        return None
    if " " not in stripped and len(stripped) <= 60:
        key = _CAMEL.sub(" ", stripped).lower()
        if key in HEADINGS and key != stripped.lower():
            return Heading(HEADINGS[key], _CAMEL.sub(" ", stripped))
    match = _GLUED.match(stripped)
    if match is None:
        return None
    heading = match["heading"]
    return Heading(HEADINGS[heading.lower()], heading, match["rest"].strip())


def looks_like_heading(line: str) -> bool:
    """A short stand-alone line shaped like a heading: capitalised, no sentence end.

    Used only to propose document headings (``recurring_headings``); on its own it
    is too weak, as sub-headings look the same.
    """
    stripped = " ".join(line.split())
    if not 3 <= len(stripped) <= 60 or len(stripped.split()) > 7:
        return False
    if stripped[-1] in ".,;!?" or ": " in stripped or "\t" in line:
        return False
    # Routing codes ("DIR BFU SOS", "X") and numbers are not headings.
    return stripped[0].isupper() and any(ch.islower() for ch in stripped)


def recurring_headings(items: Iterable[list[str]]) -> frozenset[str]:
    """Heading-like lines that stand alone in several items: the template's headings.

    ``items`` are the body lines of each item. A line counts once per item, only
    before the item's first recommendation or decision (decision texts repeat
    short phrases such as "Godkendt"), only when a blank line precedes it and text
    (not another heading) follows it.
    It must recur in at least two items and a third of them.
    """
    counts: Counter[str] = Counter()
    total = 0
    for lines in items:
        total += 1
        seen: set[str] = set()
        following = _next_text_lines(lines)
        for index, line in enumerate(lines):
            known = classify(line)
            if known is not None and known.kind in (Kind.RECOMMENDATION, Kind.DECISION):
                break
            if (
                known is None
                and looks_like_heading(line)
                and _stands_alone(lines, index, following[index])
            ):
                seen.add(_key(line))
        counts.update(seen)
    needed = max(2, -(-total // 3))
    return frozenset(key for key, count in counts.items() if count >= needed)


def _next_text_lines(lines: list[str]) -> list[str | None]:
    """For each line, the next non-blank line after it (None at the end).

    One backward pass: looking ahead from every line would rescan a run of blank
    lines once per line, quadratic in a document of blank lines.
    """
    following: list[str | None] = [None] * len(lines)
    upcoming: str | None = None
    for index in range(len(lines) - 1, -1, -1):
        following[index] = upcoming
        if lines[index].strip():
            upcoming = lines[index]
    return following


def _stands_alone(lines: list[str], index: int, following: str | None) -> bool:
    # A heading has a blank line, the item's start or the item's metadata before
    # it, and text, not another heading, after it: "Ingen bemærkninger" between
    # two headings is text.
    before = lines[index - 1] if index > 0 else ""
    if before.strip() and not (is_case_number_line(before) or is_case_number_label(before)):
        return False
    return following is not None and classify(following) is None
