"""What looks wrong in a parsed meeting: warnings for the clerk, in Danish.

The parser reads what it recognises and never guesses; where the result has a
shape that real minutes rarely have, the clerk is told here, so the preview shows
what to check before publishing. A warning about one item starts "Punkt N: " (the
admin preview puts it by item N); any other warning is the meeting's.

Two entries:

- ``review(meeting, text=...)`` looks at a whole ``ParsedMeeting`` (after the
  clerk's metadata is applied, so merged decisions count): a referat without any
  decision, a title or decision far longer than usual, a decision that runs into
  a heading, attachments shaped like sub-points, item numbers out of order or
  repeated.
- ``missing_toc_entries``, ``restated_numbers`` and ``unread_header_text`` word
  what only the text layouts can see (``textmeeting`` calls them): a table of
  contents entry with no item in the body, an item number that starts two items,
  sentences before the first item that no part of the meeting took.

The thresholds are named below with the figures they come from: the five seeds
and the real minutes in tests/fixtures/samples/, where no correct result trips a
rule (tests/parsing/test_review.py checks that).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher

from .headings import HEADINGS, Kind
from .records import ParsedItem, ParsedMeeting

# The seeds' longest title is 86 characters, the samples' longest real one 242
# (Frederiksberg: "Forslag til beslutning fra rådmænd ..., ... om sang inden hvert møde").
LONG_TITLE_CHARS = 300
# The seeds' longest decision is 692 characters, the samples' longest real one 950
# (København: the participants of a video meeting listed in "Godkendelse af dagsorden").
LONG_DECISION_CHARS = 1200
# One item without a decision is the preview's own per-item warning; "none of them"
# says something about the document only when there are several.
MIN_ITEMS_FOR_NO_DECISIONS = 2
# Lines of the text searched for the document's own name ("Referat", "Dagsorden").
KIND_LINES = 40
# TOC titles are cut ("... i Aarhus......") and have typos ("udvalgmøder"): a prefix this
# long, or this much likeness, is the same title.
TOC_PREFIX_CHARS = 15
TOC_LIKENESS = 0.85
# Bounds on the TOC check, far above a real agenda (the samples' longest TOC has 21 entries).
MAX_TOC_ENTRIES = 500
MAX_LIKENESS_ENTRIES = 20
TITLE_COMPARED_CHARS = 300
# Sentences before the first item: this many words make text, not a label or a name.
UNREAD_MIN_WORDS = 8
QUOTE_CHARS = 70  # how much of a text a warning quotes

REFERAT = "referat"
DAGSORDEN = "dagsorden"

_KIND_WORD = re.compile(
    r"^(?:.{0,80}?\s[-–:]\s*)?(?P<word>referat|beslutningsprotokol|protokol|dagsorden)(?![a-zæøå])",
    re.IGNORECASE,
)
# "a. Title", "b) Title", "iv. Title": an item's sub-point; "At ..." a recommendation clause.
_SUB_POINT = re.compile(r"^\s*(?:[a-zæøå]|[ivx]{1,4})[.)]\s+\S|^\s*at\s+[a-zæøå]", re.IGNORECASE)
# "... deltager. Temamøde ...": a sentence ends inside the line (not "Sdr. Badevej").
_SENTENCE_INSIDE = re.compile(r"[a-zæøå]{3}[.!?]\s+[A-ZÆØÅ]")
# A line in capitals, as templates print section headings ("INDSTILLING FRA MAGISTRATEN").
_CAPITALS_LINE = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ0-9 ,.\-–/&]{9,}$")
_NOT_DECISION_HEADINGS = frozenset(
    key for key, kind in HEADINGS.items() if kind not in (Kind.DECISION, Kind.EARLIER_DECISION)
)


def review(meeting: ParsedMeeting, *, text: str = "") -> ParsedMeeting:
    """``meeting`` with a warning added for each thing in it that looks wrong.

    ``text`` is what the layout read; it is used only to tell a referat from a
    dagsorden (whose items have no decisions yet).
    """
    found = [
        *_no_decisions(meeting, document_kind(text)),
        *_number_order(meeting.items),
    ]
    for item in meeting.items:
        found.extend(_item_warnings(item))
    if not found:
        return meeting
    return replace(meeting, warnings=tuple(dict.fromkeys([*meeting.warnings, *found])))


def document_kind(text: str) -> str | None:
    """``REFERAT`` or ``DAGSORDEN`` when the document's opening names itself, else None.

    "REFERAT Beskæftigelsesudvalget", "Kommunalbestyrelsen - Referat", "Dagsorden til
    mødet ...". A referat often has a "Dagsorden" line too, so a referat word wins.
    """
    kinds: set[str] = set()
    seen = 0
    for line in text[:20_000].split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > KIND_LINES:
            break
        match = _KIND_WORD.match(line.strip())
        if match is not None:
            word = match["word"].lower()
            kinds.add(DAGSORDEN if word == DAGSORDEN else REFERAT)
    if REFERAT in kinds:
        return REFERAT
    return DAGSORDEN if kinds else None


def _has_decision(item: ParsedItem) -> bool:
    return any(d.current and d.text.strip() for d in item.decisions)


def _no_decisions(meeting: ParsedMeeting, kind: str | None) -> list[str]:
    open_items = [item for item in meeting.items if not item.is_closed]
    if len(open_items) < MIN_ITEMS_FOR_NO_DECISIONS or any(map(_has_decision, open_items)):
        return []
    if kind == DAGSORDEN:
        return []  # an agenda is published before the meeting: no decisions yet
    if kind == REFERAT:
        return [
            "Ingen af punkterne har en beslutning, men dokumentet er et referat: beslutningerne "
            'blev ikke genkendt. Tjek at de står under en overskrift som "Beslutning".'
        ]
    return [
        "Ingen af punkterne har en beslutning. Er dokumentet en dagsorden, er det som ventet; "
        'er det et referat, blev beslutningerne ikke genkendt (overskrifter som "Beslutning").'
    ]


def _number_order(items: tuple[ParsedItem, ...]) -> list[str]:
    warnings = []
    counts = Counter(item.number for item in items)
    for number, count in counts.items():
        if count > 1:
            warnings.append(f"Punkt {number}: nummeret bruges af {count} punkter i dokumentet.")
    for previous, item in itertools.pairwise(items):
        if item.number < previous.number:
            warnings.append(
                f"Punkt {item.number}: står efter punkt {previous.number}; "
                "numrene er ikke i rækkefølge. Tjek om punktet er læst rigtigt."
            )
    return warnings


def _item_warnings(item: ParsedItem) -> list[str]:
    label = f"Punkt {item.number}: "
    warnings = []
    if len(item.title) > LONG_TITLE_CHARS:
        warnings.append(
            f"{label}titlen er {len(item.title)} tegn lang, langt over det sædvanlige; "
            "måske er tekst under titlen læst som en del af den."
        )
    for decision in item.decisions:
        if not decision.current:
            continue
        heading = _heading_inside(decision.text)
        if heading is not None:  # says more than the length: where it ran on
            warnings.append(
                f'{label}beslutningen indeholder linjen "{_quote(heading)}", der ligner en '
                "overskrift; måske er beslutningen løbet ind i det næste afsnit."
            )
        elif len(decision.text) > LONG_DECISION_CHARS:
            warnings.append(
                f"{label}beslutningen er {len(decision.text)} tegn lang, langt over det "
                "sædvanlige; måske er den løbet ind i det næste afsnit."
            )
    sub_points = [a.title for a in item.attachments if _SUB_POINT.match(a.title)]
    if sub_points:
        what = (
            "1 bilag ligner et underpunkt eller en indstilling"
            if len(sub_points) == 1
            else f"{len(sub_points)} bilag ligner underpunkter eller indstillinger"
        )
        warnings.append(
            f'{label}{what}, ikke bilag ("{_quote(sub_points[0])}"). Tjek bilagslisten.'
        )
    return warnings


def _heading_inside(text: str) -> str | None:
    """A line of a decision that is a section heading: the decision ran on past its end."""
    for line in text.split("\n")[1:]:
        bare = line.strip().rstrip(":").strip()
        if not bare or bare.startswith(("- ", "| ")):
            continue
        if bare.lower() in _NOT_DECISION_HEADINGS or _CAPITALS_LINE.match(bare):
            return bare
    return None


def missing_toc_entries(toc_titles: list[str], items: list[ParsedItem]) -> list[str]:
    """A warning for the table-of-contents entries that no item's title matches."""
    if len(toc_titles) > MAX_TOC_ENTRIES:
        return []  # not a table of contents a clerk could check against the items
    titles = [title for title in (_comparable(item.title) for item in items) if title]
    exact = set(titles)
    unmatched = [
        entry
        for entry in toc_titles
        if (wanted := _comparable(entry)) and wanted not in exact and not _prefix_of(wanted, titles)
    ]
    # The likeness is slow and only a typo needs it; a TOC of which many entries are
    # missing is reported as it is.
    fuzzy = len(unmatched) <= MAX_LIKENESS_ENTRIES
    missing = [
        entry.strip()
        for entry in unmatched
        if not (fuzzy and _alike(_comparable(entry), titles[:MAX_TOC_ENTRIES]))
    ]
    if not missing:
        return []
    shown = ", ".join(f'"{_quote(title)}"' for title in missing[:3])
    more = f" og {len(missing) - 3} til" if len(missing) > 3 else ""
    return [
        f"Indholdsfortegnelsen nævner {_count(len(missing), 'punkt', 'punkter')}, der ikke blev "
        f"fundet i teksten: {shown}{more}. Tjek om de mangler i dokumentet eller ikke blev "
        "genkendt som punkter."
    ]


_TOC_PREFIX = re.compile(
    r"^\s*(?:(?:punkt|pkt\.?|dagsordenspunkt)\s*\d+\s*[:.\-–]?|\d{1,7}\s*[.:)]?)\s*|^\s*lukket(?:\s+punkt)?\s*[:\-–]\s*",
    re.IGNORECASE,
)


def _comparable(title: str) -> str:
    title = title.strip()[:TITLE_COMPARED_CHARS]
    title = re.sub(r"(?:\s*[.…]{2,}.*|\s+\d{1,4})$", "", title)
    for _ in range(2):  # "Punkt 21: Lukket: Køb af ..."
        title = _TOC_PREFIX.sub("", title, count=1)
    return " ".join(title.casefold().split()).rstrip(" .:")


def _prefix_of(toc: str, titles: list[str]) -> bool:
    # A TOC cuts long titles ("... 2030-"), and a PDF's title may be wrapped short.
    return any(
        min(len(toc), len(title)) >= TOC_PREFIX_CHARS
        and (toc.startswith(title) or title.startswith(toc))
        for title in titles
    )


def _alike(toc: str, titles: list[str]) -> bool:
    length = max(len(toc), TOC_PREFIX_CHARS)
    for title in titles:
        matcher = SequenceMatcher(None, toc, title[:length])
        if matcher.real_quick_ratio() >= TOC_LIKENESS and matcher.ratio() >= TOC_LIKENESS:
            return True
    return False


def restated_numbers(numbers: list[int]) -> list[str]:
    """A warning per item number that started two items with text under both.

    The parser keeps the first and reads the second as part of it (a TOC entry or a
    restated title has no text of its own and is not warned about).
    """
    return [
        f"Punkt {number}: nummeret står over to afsnit med tekst; de er læst som ét punkt. "
        "Tjek om et af dem er et andet punkt."
        for number in dict.fromkeys(numbers)
    ]


def unread_header_text(sentences: list[str]) -> list[str]:
    """A warning for sentences before the first item that the meeting header did not read."""
    if not sentences:
        return []
    shown = " / ".join(f'"{_quote(sentence)}"' for sentence in sentences[:2])
    return [
        f"Teksten før første punkt hører ikke til noget punkt og blev ikke læst: {shown}. "
        "Tjek om den siger noget om mødet (fx fravær eller stedfortrædere) eller hører til "
        "et punkt."
    ]


def is_unread_sentence(line: str) -> bool:
    """Running text, not a label, name or title: enough words and a sentence end in it."""
    words = line.split()
    if len(words) < UNREAD_MIN_WORDS:
        return False
    stripped = line.strip()
    return stripped.endswith((".", "!", "?")) or _SENTENCE_INSIDE.search(line) is not None


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular)}"
