"""One agenda item's text → a ``ParsedItem``: metadata, sections, recommendation,
decisions and attachments.

Shared by every text layout family (and usable by any layout that has an item's
plain text): the family finds where items start and what the meeting is; this
module reads what is under each item's title, the same way for all of them.

Rules, in the order they apply:

- The title continues on the lines right under it (no blank line between) until
  a case number, a label or a heading: PDFs wrap long titles.
- "Lukket: Meddelelser" (also "Lukket punkt: ...") is a closed item: the title
  without the prefix, its case number, nothing else.
- Item metadata is read wherever it stands before the recommendation: the case
  number ("Sagsnr.:", "Sagsnummer:" or a bare case-number line before the first
  section), the case officer ("Sagsbeh.:", "Sagsbehandler:"; "-" or nothing is
  none). "Øvrige sagsbehandlere: -" names nobody and is dropped.
- Everything else is cut at headings (``sections.classify``) and each part goes
  to its field; a part with an unknown heading becomes a section of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .casenumbers import find_case_number, is_case_number_label, is_case_number_line
from .decisions import is_this_meetings, make_decision, parse_earlier_decision_heading
from .headings import HEADINGS
from .history import read_history
from .records import ParsedAttachment, ParsedDecision, ParsedItem, ParsedSection
from .sections import Heading, Kind, _next_text_lines, classify
from .textclean import _ABBREVIATIONS, continues, join_wrapped, plain_line, strip_markup, to_markup

_CLOSED = re.compile(r"^\s*lukket(?:\s+punkt)?\s*[:\-–]\s*(?P<title>.*)$", re.IGNORECASE)
_CLOSED_SUFFIX = re.compile(r"\s*\((?:lukket(?:\s+punkt)?)\)\s*$", re.IGNORECASE)
_OFFICER = re.compile(
    r"^\s*(?:sagsbeh(?:andler)?|ansvarlig\s+sagsbehandler|sagsansvarlig)(?![a-zæøå])"
    r"\s*\.?\s*:?\s*(?P<name>.*?)\s*$",
    re.IGNORECASE,
)
_OTHER_OFFICERS = re.compile(
    r"^\s*(?P<label>øvrige\s+sagsbehandlere|medsagsbehandlere?)\s*:?\s*(?P<names>.*?)\s*$",
    re.IGNORECASE,
)
_NOBODY = {"", "-", "–", "ingen"}
_BULLET_PREFIX = re.compile(r"^\s*(?:[-•▪◦●*]|\d{1,2}[.)])\s+")


@dataclass(frozen=True, slots=True)
class MeetingContext:
    """What the item reader needs from the meeting: the current decision's maker and date."""

    committee: str | None = None
    date: dt.date | None = None
    width: int | None = None  # PDF wrap width, see textclean.wrap_width
    recurring: frozenset[str] = frozenset()  # the document's own headings


@dataclass(slots=True)
class _Block:
    heading: Heading | None
    lines: list[str] = field(default_factory=list)


# A line of glued PDF text that starts with the item's KLE case number:
# "00.22.02-A26-1-13 Beslutning Byrådet, 22.11.2016 ..." (FlippingBook text layers).
_LEADING_KLE = re.compile(
    r"^\s*(?P<number>\d{2}\.\d{2}\.\d{2}(?:-[A-ZÆØÅ]\d{2}-\d+-\d{2})?)\s+(?P<rest>\S.*)$"
)
_KLE_PREFIX = re.compile(r"^\s*\d{2}\.\d{2}\.\d{2}\b")
# A title glued to a web page's fold-out label that repeats it: "Godkendelse af
# dagsordenKlik her for at folde ud og læse mere om Godkendelse af dagsorden".
_GLUED_REPEAT = re.compile(r"^(?P<title>.{3,300}?[a-zæøå0-9)])[A-ZÆØÅ][^\n]{0,200}?\s(?P=title)$")
_BULLETED = re.compile(r"^\s*[•▪◦●]")


def clean_title(title: str) -> str:
    """The title without a glued fold-out label that repeats it."""
    if len(title) <= 800:
        match = _GLUED_REPEAT.match(title)
        if match is not None:
            return match["title"]
    return title


def split_title(title: str, lines: list[str]) -> tuple[str, list[str]]:
    """Join a title wrapped onto the lines right under it; return it and the rest."""
    title = plain_line(title)
    lines = list(lines)
    if lines:
        glued = _LEADING_KLE.match(lines[0])
        if glued is not None:
            lines[0:1] = [glued["number"], glued["rest"]]
    index = 0
    while index < len(lines):
        line = lines[index]
        if (
            not line.strip()
            or is_case_number_line(line)
            or is_case_number_label(line)
            or _KLE_PREFIX.match(line)
            or _BULLETED.match(line)
            or _OFFICER.match(line)
            or classify(line) is not None
        ):
            break
        title = join_wrapped(title, plain_line(line)) if title else plain_line(line)
        index += 1
    return clean_title(title), lines[index:]


# Run-in headings: a text layer that lost its line breaks (FlippingBook and some PDF
# exports) runs each heading into the sentence before it: "... uden ændringer. INDSTILLING
# Administrationen indstiller, at ...", "... Godkendt. Sagsfremstilling", "... 6.2 T1.
# TidligerePolitiskBehandling Plan- og Ejendomsudvalget Byrådet Bilag Forslag til ...".
# A vocabulary heading (capitalised or in capitals, or its words run together) right after
# a sentence end, followed by a capital or the line's end, starts a line of its own; so
# does "Beslutning <udvalg>, <dato> <text>". Once a line has shown it is such a layer,
# "Bilag" and the history headings start a line after any word: the list of committees
# before them ends no sentence.
_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_WORD_GAP = re.compile(r"(?<=\S)\s+(?=[A-ZÆØÅ])")
_RUN_IN = re.compile(
    r"(?P<heading>(?i:"  # the heading in any case; what follows it must be a capital
    + "|".join(
        r"\s+".join(re.escape(word) for word in key.split())
        for key in sorted(HEADINGS, key=len, reverse=True)
    )
    + r"))(?=\s+[A-ZÆØÅ\"“„]|\s*$)"
)
_RUN_TOGETHER = re.compile(r"(?P<heading>[A-ZÆØÅ][a-zæøå]+(?:[A-ZÆØÅ][a-zæøå]+)+)(?=\s|$)")
_CAMEL_GAP = re.compile(r"(?<=[a-zæøå])(?=[A-ZÆØÅ])")
_LATE_KINDS = (Kind.ATTACHMENTS, Kind.HISTORY)


def _run_in_heading(line: str, at: int) -> tuple[str, int] | None:
    """(heading, where the text after it starts) if a run-in heading starts at ``at``.

    A dated decision heading keeps its text on its line: ("", ``at``). Matched in place,
    never on a copy of the rest of the line: a long glued line has many sentence ends.
    """
    # The heading and its date are near its start; 400 is the heading reader's own limit.
    if (
        line[at : at + 10].lower() == "beslutning"
        and parse_earlier_decision_heading(line[at : at + 400]) is not None
    ):
        return "", at
    match = _RUN_IN.match(line, at)
    if match is not None:
        printed = match["heading"]
        if printed.isupper() or printed[1:] == printed[1:].lower():
            return printed, match.end()
    match = _RUN_TOGETHER.match(line, at)
    if match is not None:
        key = _CAMEL_GAP.sub(" ", match["heading"]).lower()
        if key in HEADINGS:
            return match["heading"], match.end()
    return None


def split_run_in_headings(lines: list[str]) -> list[str]:
    """Lines with each run-in heading (see ``_RUN_IN``) moved to a line of its own."""
    out: list[str] = []
    for line in lines:
        if len(line) < 40:
            out.append(line)
            continue
        out.extend(_split_line(line))
    return out


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    late = False  # the line has shown it is a run-together text layer
    while True:
        found = None
        for gap in (_WORD_GAP if late else _SENTENCE_GAP).finditer(line, start + 1):
            after_sentence = line[gap.start() - 1] in ".!?"
            if after_sentence:
                word_start = line.rfind(" ", start, gap.start()) + 1
                if line[max(word_start, start) : gap.start()].lower() in _ABBREVIATIONS:
                    continue  # "jf. Bilag 2" does not end a sentence
            heading = _run_in_heading(line, gap.end())
            if heading is None:
                continue
            if not after_sentence:
                kind = classify(heading[0]) if heading[0] else None
                if kind is None or kind.kind not in _LATE_KINDS:
                    continue
            found = (gap, heading)
            break
        if found is None:
            pieces.append(line[start:])
            break
        gap, (heading, rest_at) = found
        pieces.append(line[start : gap.start()])
        if heading:
            pieces.append(heading)
        start = rest_at
        while start < len(line) and line[start].isspace():
            start += 1
        if start >= len(line):
            break
        late = True
    return [piece for piece in pieces if piece.strip()]


def read_item(
    number: int, title: str, lines: list[str], meeting: MeetingContext
) -> tuple[ParsedItem, tuple[str, ...]]:
    """The item under "Punkt ``number``: ``title``" and any warnings for the clerk."""
    title, lines = split_title(title, lines)
    lines = split_run_in_headings(lines)
    closed = _CLOSED.match(title)
    is_closed = closed is not None or _CLOSED_SUFFIX.search(title) is not None
    if closed is not None:
        title = closed["title"].strip()
    title = _CLOSED_SUFFIX.sub("", title)
    case_number, officer, lines = _take_metadata(lines, recurring=meeting.recurring)
    if is_closed:
        return ParsedItem(number=number, title=title, case_number=case_number, is_closed=True), ()
    return _read_body(
        number=number,
        title=title,
        case_number=case_number,
        officer=officer,
        blocks=_blocks(lines, meeting.recurring),
        meeting=meeting,
    )


def _take_metadata(
    lines: list[str], *, recurring: frozenset[str]
) -> tuple[str | None, str | None, list[str]]:
    case_number: str | None = None
    officer: str | None = None
    kept: list[str] = []
    in_header = True  # before the first section: a bare case number belongs to the item
    for index, line in enumerate(lines):
        heading = classify(line, recurring=recurring)
        if heading is not None and heading.kind in (Kind.RECOMMENDATION, Kind.DECISION):
            # Past this point label-like lines are decision text, not metadata.
            kept.extend(lines[index:])
            break
        if heading is not None and heading.kind is not Kind.ITEM_INFO:
            in_header = False
        if is_case_number_label(line) or (in_header and is_case_number_line(line)):
            case_number = case_number or find_case_number(line)
            kept.append("")  # keep line positions: blank lines separate paragraphs
            continue
        officer_match = _OFFICER.match(line)
        if officer_match is not None:
            name = plain_line(officer_match["name"])
            officer = officer or (None if name in _NOBODY else name)
            kept.append("")
            continue
        others = _OTHER_OFFICERS.match(line)
        if others is not None and others["names"].strip() in _NOBODY:
            kept.append("")
            continue
        kept.append(line)
    return case_number, officer, kept


# Kinds that end an attachment list; any other heading word under "Bilag" is the title
# of an attachment ("Indstilling", "Sagsfremstilling" are common attachment names).
_ENDS_ATTACHMENTS = (Kind.DECISION, Kind.EARLIER_DECISION, Kind.HISTORY, Kind.ATTACHMENTS)
# "application/pdf icon udkast_planstrategi.pdf": a web page's attachment link, wherever it stands.
_FILE_LINK = re.compile(
    r"^\s*(?:application|image|text)/[\w.+-]+\s+icon\s+(?P<name>\S.*?)\s*$"
    r"|^\s*(?P<file>[\w][\w .,()&+-]{0,200}\.(?:pdf|docx?|xlsx?|pptx?))\s*$",
    re.IGNORECASE,
)


# A heading the template prints in capitals, on a line of its own: "BESLUTNINGSFORSLAG FRA
# DD", "INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ" (FirstAgenda, above the
# proposal and the recommendation that follow a decision). Two or more words, one of them a
# long word: routing codes ("DIR BFU SOS BSK", "SEK/SL/BF - AMU") are not headings.
_CAPITALS_HEADING = re.compile(
    r"^(?=.*[A-ZÆØÅ]{5})[A-ZÆØÅ][A-ZÆØÅ0-9,.\-–/&]*(?:\s+[A-ZÆØÅ0-9,.\-–/&]+)+$"
)


def _ends_decision(block: _Block, line: str, following: str | None) -> bool:
    """A capitals heading with text under it ends a decision: the decision is short and
    what the template prints after it in capitals is the next part, not more decision."""
    heading = block.heading
    if heading is None or following is None or classify(following) is not None:
        return False
    in_decision = heading.kind is Kind.DECISION or _CAPITALS_HEADING.match(heading.text)
    return bool(in_decision) and _CAPITALS_HEADING.match(line.strip()) is not None


def _blocks(lines: list[str], recurring: frozenset[str]) -> list[_Block]:
    blocks = [_Block(heading=None)]
    links: list[str] = []
    following = _next_text_lines(lines)
    for index, line in enumerate(lines):
        in_attachments = (
            blocks[-1].heading is not None and blocks[-1].heading.kind is Kind.ATTACHMENTS
        )
        link = None if in_attachments else _FILE_LINK.match(line)
        if link is not None:
            links.append(link["name"] or link["file"])
            continue
        heading = classify(line, recurring=recurring)
        if (
            heading is not None
            and in_attachments
            and not heading.rest
            and heading.kind not in _ENDS_ATTACHMENTS
        ):
            heading = None
        if heading is None and _ends_decision(blocks[-1], line, following[index]):
            heading = Heading(Kind.SECTION, line.strip())
        if heading is None:
            blocks[-1].lines.append(line)
            continue
        blocks.append(_Block(heading=heading, lines=[heading.rest] if heading.rest else []))
    if links:
        blocks.append(_Block(heading=Heading(Kind.ATTACHMENTS, ""), lines=links))
    return [block for block in blocks if block.heading is not None or _has_text(block.lines)]


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def _read_body(
    *,
    number: int,
    title: str,
    case_number: str | None,
    officer: str | None,
    blocks: list[_Block],
    meeting: MeetingContext,
) -> tuple[ParsedItem, tuple[str, ...]]:
    sections: list[ParsedSection] = []
    recommendation: list[str] = []
    decision_lines: list[str] = []
    earlier: list[ParsedDecision] = []
    attachments: list[ParsedAttachment] = []
    warnings: list[str] = []
    for block in blocks:
        kind = block.heading.kind if block.heading else Kind.SECTION
        heading_text = block.heading.text if block.heading else ""
        if kind is Kind.RECOMMENDATION:
            recommendation.extend(_recommendation_lines(block, width=meeting.width))
        elif kind is Kind.DECISION:
            decision_lines.extend(["", *block.lines])
        elif kind is Kind.EARLIER_DECISION:
            decision, warning = _earlier_decision(block, number=number, width=meeting.width)
            warnings.extend(warning)
            if is_this_meetings(decision, committee=meeting.committee, date=meeting.date):
                decision_lines.extend(["", decision.text, *(_absent_line(decision.absent))])
            else:
                earlier.append(decision)
        elif kind is Kind.ATTACHMENTS:
            attachments.extend(read_attachments(block.lines, width=meeting.width))
        elif kind in (Kind.HISTORY, Kind.ITEM_INFO) and not _has_text(block.lines):
            continue  # a label for what follows, nothing of its own
        elif kind is Kind.HISTORY and (history := read_history(block.lines))[1]:
            # "Udvalg: / Dato: / Punktnummer:" blocks: one earlier decision each, as the
            # web page and the JSON records of the same publishing system are read.
            before, treatments = history
            if _has_text(before):
                text = to_markup(before, width=meeting.width)
                sections.append(ParsedSection(heading=heading_text, text=text))
            for treatment in treatments:
                if is_this_meetings(treatment, committee=meeting.committee, date=meeting.date):
                    decision_lines.extend(["", treatment.text, *(_absent_line(treatment.absent))])
                else:
                    earlier.append(treatment)
        else:
            text = to_markup(block.lines, width=meeting.width)
            sections.append(ParsedSection(heading=heading_text, text=text))
    decisions = list(earlier)
    current_text = to_markup(decision_lines, width=meeting.width)
    current = make_decision(
        current_text,
        current=True,
        body=meeting.committee,
        date=meeting.date,
        item_number=number,
    )
    if current.text or current.absent:
        decisions.insert(0, current)
    item = ParsedItem(
        number=number,
        title=title,
        case_number=case_number,
        case_officer=officer,
        sections=tuple(sections),
        recommendation="\n".join(recommendation).strip() or None,
        decisions=tuple(decisions),
        attachments=tuple(attachments),
    )
    return item, tuple(warnings)


def _absent_line(absent: tuple[str, ...]) -> list[str]:
    return ["", "Fraværende: " + ", ".join(absent)] if absent else []


def _recommendation_lines(block: _Block, *, width: int | None) -> list[str]:
    """The lead-in ("Borgmesteren indstiller") and the "at ..." clauses as "- " lines."""
    out: list[str] = []
    heading = block.heading
    lead = heading.text if heading is not None and not heading.rest else ""
    if lead and lead.lower().rstrip(":") not in ("indstilling", "indstillinger"):
        out.extend([lead, ""])
    clauses_follow = bool(re.search(r"\bat\s*:?\s*$", lead, re.IGNORECASE))
    for paragraph in to_markup(block.lines, width=width).split("\n\n"):
        for line in paragraph.split("\n"):
            if not line.strip():
                continue
            if line.startswith(("- ", "  - ", "| ")):
                out.append(line)
            elif clauses_follow or line.lower().startswith("at "):
                out.append(f"- {line}")
            else:
                out.append(line)
    return out


def _earlier_decision(
    block: _Block, *, number: int, width: int | None
) -> tuple[ParsedDecision, list[str]]:
    assert block.heading is not None  # only headed blocks are earlier decisions
    heading = parse_earlier_decision_heading(block.heading.text)
    assert heading is not None  # classify() recognised it with the same function
    lines = [heading.rest, *block.lines] if heading.rest else block.lines
    warnings = []
    if heading.date is None:
        warnings.append(
            f"Punkt {number}: datoen '{heading.date_text}' i '{block.heading.text}' findes ikke."
        )
    decision = make_decision(
        to_markup(lines, width=width),
        current=False,
        body=heading.body,
        date=heading.date,
        item_number=heading.item_number,
    )
    return decision, warnings


def read_attachments(lines: list[str], *, width: int | None = None) -> list[ParsedAttachment]:
    """Attachment titles: one a line or paragraph, wrapped titles joined, bullets dropped."""
    titles: list[str] = []
    previous_blank = True
    for raw in lines:
        if not raw.strip():
            previous_blank = True
            continue
        line = strip_markup(raw)
        bulleted = _BULLET_PREFIX.match(line) is not None
        text = plain_line(_BULLET_PREFIX.sub("", line) if bulleted else line)
        if (
            titles
            and not previous_blank
            and not bulleted
            and _title_goes_on(titles[-1], text, width)
        ):
            titles[-1] = join_wrapped(titles[-1], text)
        else:
            titles.append(text)
        previous_blank = False
    return [
        ParsedAttachment(title=title)
        for title in titles
        if title and title.lower().rstrip(". ") not in _NO_ATTACHMENTS
    ]


_NO_ATTACHMENTS = {"ingen bilag", "ingen", "-", "–", "ingen bilag til punktet"}


def _title_goes_on(title: str, line: str, width: int | None) -> bool:
    # A wrapped title: the next line continues the sentence, or a parenthesis is open.
    return continues(title, line, width=width) or title.count("(") > title.count(")")
