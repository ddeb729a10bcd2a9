"""The one heading vocabulary of every layout (text, PDF, HTML, JSON records).

A heading is recognised by its words alone, lower-cased and without a trailing
colon; what it *starts* is its ``Kind``. Every layout asks this module, so
"Udvalgets beslutning" is a decision in a text export, a PDF and a JSON record
alike.

API:
- ``Kind``: where the text under a heading goes.
- ``HEADINGS``: heading key -> ``Kind``; ``heading_key(line)`` makes the key.
- ``classify_heading(line) -> Kind | None``: the kind of a line that is only a
  heading (known words, "Beslutning fra <udvalg>, <dato>, punkt N:", "<Udvalg>s
  beslutning i mødet den <dato>", "Beslutning i <udvalg> den <dato>",
  "<Udvalg>, <dato>, pkt. N:", a recommendation lead-in such as
  "Administrationen indstiller, at:"), None for text.
- ``SECTION_HEADINGS``, ``DECISION_HEADINGS``, ``RECOMMENDATION_HEADINGS``,
  ``ATTACHMENT_HEADINGS``, ``HISTORY_HEADINGS``, ``ITEM_INFO_HEADINGS``: the
  vocabulary as sets of keys.

A dated decision heading (Kind.EARLIER_DECISION) names a body and a date; whether
it is this meeting's decision or an earlier one is decided by the item reader from
the meeting's committee and date (or, lacking those, it being the item's last).
"""

from __future__ import annotations

import enum
import re


class Kind(enum.Enum):
    """Where the text under a heading goes in the ``ParsedItem``."""

    SECTION = "section"  # an ordinary body section
    ITEM_INFO = "item_info"  # "Punktoplysninger": case number and officer follow
    RECOMMENDATION = "recommendation"  # indstilling
    DECISION = "decision"  # this meeting's decision
    EARLIER_DECISION = "earlier_decision"  # "Beslutning fra <udvalg>, <dato>, punkt N:"
    HISTORY = "history"  # "Historisk": earlier decisions follow
    ATTACHMENTS = "attachments"  # bilag


# Lower-case, without a trailing colon. Each kommune's template uses a handful.
HEADINGS: dict[str, Kind] = {
    **dict.fromkeys(
        [
            "resume",
            "resumé",
            "sammenfatning",
            "sammendrag",
            "kort fortalt",
            "baggrund",
            "sagsfremstilling",
            "supplerende sagsfremstilling",
            "sagsbeskrivelse",
            "sagens indhold",
            "sagens baggrund",
            "beskrivelse",
            "formål",
            "vurdering",
            "administrationens vurdering",
            "forvaltningens vurdering",
            "økonomi",
            "økonomiske konsekvenser",
            "økonomi og finansiering",
            "økonomiske forhold",
            "bevillingsmæssige konsekvenser",
            "finansiering",
            "lovgrundlag",
            "retsgrundlag",
            "lovgivning",
            "forventet konsekvens",
            "forventede konsekvenser",
            "konsekvenser",
            "høring",
            "høringer",
            "kommunikation",
            "organisering og kommunikation",
            "procesplan",
            "tidsplan",
            "videre proces",
            "det videre forløb",
            "sagen afgøres i",
            "sagen afgøres endeligt af",
            "beslutningskompetence",
            "kompetence",
            "kompetenceforhold",
            "personalemæssige konsekvenser",
            "miljøvurdering",
            "klimavurdering",
            "borgerinddragelse",
            "inddragelse",
            "sagsgang",
            "relation til politikker",
            "politisk aftale",
            "udtalelse",
            "udtalelser",
            "anledning",
            "beslutningstema",
            "beskrivelse af sagen",
            "sagsgang og sagstype",
            "forventet sagsgang",
            "sagens gang",
            "indledning",
            "problemstilling",
            "konklusion",
            "ressourcer",
            "økonomiske og personalemæssige konsekvenser",
            "bæredygtighed",
            "klima og bæredygtighed",
            "tidsplan og videre proces",
        ],
        Kind.SECTION,
    ),
    **dict.fromkeys(["punktoplysning", "punktoplysninger", "sagsoplysninger"], Kind.ITEM_INFO),
    **dict.fromkeys(
        [
            "indstilling",
            "indstillinger",
            "forslag til beslutning",
            "administrationens indstilling",
            "forvaltningens indstilling",
            "indstilling og beslutning",
            "beslutningspunkter",  # FirstAgenda (Aarhus): "Det indstilles: At 1) ..."
        ],
        Kind.RECOMMENDATION,
    ),
    **dict.fromkeys(
        [
            "beslutning",
            "beslutninger",
            "afgørelse",
            "udvalgets beslutning",
            "beslutning i mødet",
            "referat og beslutning",
        ],
        Kind.DECISION,
    ),
    **dict.fromkeys(
        [
            "historisk",
            "historik",
            "tidligere beslutninger",
            "sagsforløb",
            "tidligere politisk behandling",
            "tidligere behandling",
        ],
        Kind.HISTORY,
    ),
    **dict.fromkeys(["bilag", "bilagsliste", "vedhæftede bilag"], Kind.ATTACHMENTS),
}


# "Administrationen indstiller", "Borgmesteren indstiller", "Direktøren for Social,
# Sundhed og Beskæftigelse indstiller", "Forvaltningen indstiller, at", "Det
# indstilles, at:", "Udvalget indstiller til Byrådet", "Direktøren for Kultur og
# Fritid indstiller til Udvalget for Kultur og Fritid:".
RECOMMENDATION_LEAD = re.compile(
    r"^\s*(?:\S.{0,100}?\s+indstiller(?:\s+til\s+\S.{0,120}?)?|det\s+indstilles(?:\s+til\s+\S.{0,60}?)?)"
    r"\s*,?\s*(?:at)?\s*:?\s*$",
    re.IGNORECASE,
)
_TRAILING_COLON = re.compile(r"\s*:\s*$")


def heading_key(line: str) -> str:
    """The vocabulary key of a line: whitespace collapsed, no trailing colon, lower case."""
    return _TRAILING_COLON.sub("", " ".join(line.split())).lower()


def _keys(kind: Kind) -> frozenset[str]:
    return frozenset(key for key, value in HEADINGS.items() if value is kind)


SECTION_HEADINGS = _keys(Kind.SECTION)
ITEM_INFO_HEADINGS = _keys(Kind.ITEM_INFO)
RECOMMENDATION_HEADINGS = _keys(Kind.RECOMMENDATION)
DECISION_HEADINGS = _keys(Kind.DECISION)
HISTORY_HEADINGS = _keys(Kind.HISTORY)
ATTACHMENT_HEADINGS = _keys(Kind.ATTACHMENTS)


def classify_heading(line: str) -> Kind | None:
    """The kind of heading ``line`` is (only the heading on the line), or None."""
    stripped = " ".join(line.split())
    if not stripped or len(stripped) > 200:
        return None
    key = heading_key(stripped)
    if key in HEADINGS:
        return HEADINGS[key]
    from .decisions import parse_earlier_decision_heading  # decisions imports dates only

    if parse_earlier_decision_heading(stripped) is not None:
        return Kind.EARLIER_DECISION
    if RECOMMENDATION_LEAD.match(stripped):
        return Kind.RECOMMENDATION
    return None
