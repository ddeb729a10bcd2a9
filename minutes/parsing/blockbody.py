"""An agenda item's body from HTML blocks: sections, recommendation, decisions, bilag.

The layouts that read HTML by its structure (a publishing system's JSON record,
its web page) share this reader. A heading block starts a part, and what kind of
part is the one heading vocabulary's word (headings.py), as in the text layouts:
"Beslutning"/"Beslutninger" this meeting's decision, "Beslutning fra <udvalg>,
<dato>, punkt N:" an earlier one, "Indstilling" the recommendation, "Sagsforløb"/
"Historisk" earlier decisions (history.py), "Bilag" the attachment titles. Any
other heading, known or not, starts a section of that name: in HTML a heading is
marked up as one, so it need not be in the vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .decisions import absent_in_line, make_decision, parse_earlier_decision_heading, split_names
from .headings import Kind, classify_heading, heading_key
from .history import read_history
from .html_text import Block, render_blocks
from .records import ParsedDecision, ParsedSection


@dataclass(slots=True)
class BlockBody:
    """What the walk over an item's blocks found, in document order."""

    sections: list[ParsedSection] = field(default_factory=list)
    recommendation: str | None = None
    decisions: list[ParsedDecision] = field(default_factory=list)
    attachment_titles: list[str] = field(default_factory=list)
    heading_keys: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Part:
    kind: Kind
    heading: str = ""
    blocks: list[Block] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # from "Fraværende:" labels
    decision: dict = field(default_factory=dict)  # current, body, date, item_number, rest


def is_heading_block(block: Block) -> bool:
    """A heading, or a paragraph that is only a dated decision heading (bold text in a <p>)."""
    return block.kind == "heading" or (
        block.kind == "paragraph" and parse_earlier_decision_heading(block.text) is not None
    )


def read_blocks(blocks: list[Block]) -> BlockBody:
    """Split an item's blocks into its parts by their headings."""
    body = BlockBody()
    recommendation: list[Block] = []
    part = _Part(Kind.SECTION)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        following = blocks[index] if index < len(blocks) else None
        label = _absent_label(block, following)
        if label is not None:
            names, used_next = label
            index += used_next
            if part.kind in (Kind.DECISION, Kind.EARLIER_DECISION):
                part.absent.extend(names)
                continue
        if not is_heading_block(block):
            part.blocks.append(block)
            continue
        _close(part, body, recommendation)
        part = _start(block)
        body.heading_keys.add(heading_key(block.text))
    _close(part, body, recommendation)
    body.recommendation = render_blocks(recommendation) or None
    return body


def _start(block: Block) -> _Part:
    heading = heading_key(block.text) and " ".join(block.text.split()).rstrip(":").strip()
    earlier = parse_earlier_decision_heading(block.text)
    if earlier is not None:
        return _Part(
            Kind.EARLIER_DECISION,
            heading,
            decision={
                "body": earlier.body,
                "date": earlier.date,
                "item_number": earlier.item_number,
                "rest": earlier.rest,
            },
        )
    kind = classify_heading(block.text) if heading else None
    if kind in (Kind.DECISION, Kind.RECOMMENDATION, Kind.ATTACHMENTS, Kind.HISTORY):
        return _Part(kind, heading)
    return _Part(Kind.SECTION, heading)


def _close(part: _Part, body: BlockBody, recommendation: list[Block]) -> None:
    if part.kind is Kind.RECOMMENDATION:
        recommendation.extend(part.blocks)
    elif part.kind is Kind.ATTACHMENTS:
        body.attachment_titles.extend(block.text for block in part.blocks)
    elif part.kind in (Kind.DECISION, Kind.EARLIER_DECISION):
        meta = part.decision
        text = "\n\n".join(filter(None, [meta.get("rest"), render_blocks(part.blocks)]))
        decision = make_decision(
            text,
            current=part.kind is Kind.DECISION,
            body=meta.get("body"),
            date=meta.get("date"),
            item_number=meta.get("item_number"),
        )
        body.decisions.append(with_absent(decision, part.absent))
    elif part.kind is Kind.HISTORY:
        before, earlier = read_history(render_blocks(part.blocks).split("\n"))
        body.decisions.extend(earlier)
        text = "\n".join(before).strip()
        if text or (not earlier and part.blocks):
            body.sections.append(ParsedSection(part.heading, text))
    elif part.blocks:
        body.sections.append(ParsedSection(part.heading, render_blocks(part.blocks)))


def _absent_label(block: Block, following: Block | None) -> tuple[list[str], int] | None:
    # "Fraværende:" as a heading (or a "fravaer" block) with the names in the
    # next block, as a record's HTML prints it; or the names on the same line.
    names = (
        absent_in_line(block.text) if block.text.lower().startswith(("fravær", "afbud")) else None
    )
    if names is None:
        return None
    if names:
        return list(names), 0
    if (
        following is not None
        and following.kind == "paragraph"
        and (block.kind == "heading" or any("fravaer" in c for c in following.classes))
        and not parse_earlier_decision_heading(following.text)
    ):
        return list(split_names(following.text)), 1
    return [], 0


def with_absent(decision: ParsedDecision, names: Iterable[str]) -> ParsedDecision:
    """The decision with ``names`` added to its absent members, each once."""
    merged = list(decision.absent)
    merged.extend(name for name in names if name not in merged)
    return ParsedDecision(
        text=decision.text,
        current=decision.current,
        body=decision.body,
        date=decision.date,
        item_number=decision.item_number,
        absent=tuple(merged),
    )
