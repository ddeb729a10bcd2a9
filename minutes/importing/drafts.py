"""The clerk's draft of an upload: the parsed meeting and the clerk's corrections, kept.

A draft (``ImportDraft``) holds the meeting in the JSON shape of ``parsing.as_json``,
so a timed-out session or a second tab finds the corrections where the clerk left
them; saving it goes through ``save.save_meeting`` as every import does. Here: the
JSON back into the parser's records, the warnings placed by item, the three
changes of structure a clerk makes (remove, join to the one before, split), which
items the clerk changed, and for a re-upload the saved version of each item the
clerk had corrected by hand, chosen until the clerk takes the new file's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from ..models import AgendaItem, ImportDraft, Meeting, SourceDocument
from ..parsing.records import (
    ParsedAttachment,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
    ParsedSection,
    as_json,
)
from .preview import (
    ItemDifference,
    find_meeting,
    item_differences,
    meeting_kind,
    parsed_item_values,
    stored_as_parsed,
    stored_item_values,
    stored_items,
)

NO_DECISION = "Punktet har ingen beslutning fra dette møde."
# A parser warning about one item starts with its number: "Punkt 58: ...".
ITEM_WARNING = re.compile(r"^Punkt (\d+)\b")


def start_draft(
    document: SourceDocument, parsed: ParsedMeeting, *, user: AbstractBaseUser | None
) -> ImportDraft:
    """The document's draft, begun (or begun again) from what the parser read.

    A corrected version of a saved meeting starts with the saved version of each
    item the clerk corrected by hand (``keeping_hand_corrections``): confirmed as
    it stands, it loses no correction.
    """
    existing = find_meeting(parsed)
    data = parsed if existing is None else keeping_hand_corrections(parsed, existing)
    draft, _ = ImportDraft.objects.update_or_create(
        source_document=document,
        defaults={"created_by": user, "data": as_json(data), "parsed": as_json(parsed)},
    )
    return draft


def keeping_hand_corrections(parsed: ParsedMeeting, existing: Meeting) -> ParsedMeeting:
    """``parsed`` with the saved version of every item corrected by hand that it changes.

    Only for a new version of the same document (a referat after a referat, an
    agenda after an agenda): the referat after its agenda brings the decisions,
    which the saved agenda item lacks, so there the new file's version stays
    chosen and the correction is only marked.
    """
    if meeting_kind(parsed) != existing.kind:
        return parsed
    stored = stored_items(existing)
    read = {item.number: parsed_item_values(item) for item in parsed.items}
    keep = {
        number: True
        for number in hand_corrected_items(stored)
        if read.get(number) != stored_item_values(stored[number])
    }
    if not keep:
        return parsed
    return with_versions(parsed, parsed, stored, keep_saved=keep)


def changed_by_clerk(draft: ImportDraft) -> bool:
    """Whether the clerk changed the draft from how it began.

    A re-upload begins with the saved version of the items someone corrected by
    hand; confirmed as it stands, that is still their correction, not this clerk's.
    """
    parsed = meeting_from_json(draft.parsed)
    existing = find_meeting(parsed)
    began = parsed if existing is None else keeping_hand_corrections(parsed, existing)
    return draft.data != as_json(began)


def corrected_item_numbers(draft: ImportDraft) -> set[int]:
    """The numbers of the draft's items the clerk changed from what the parser read.

    Compared in the form the items are saved in, so that what the preview's fields
    cannot show (None and "", a trailing space) is no change. An item the parser
    did not read under its number (split off, renumbered) is the clerk's.
    """
    read = {item.number: parsed_item_values(item) for item in meeting_from_json(draft.parsed).items}
    return {
        item.number
        for item in meeting_from_json(draft.data).items
        if read.get(item.number) != parsed_item_values(item)
    }


def open_drafts(user: AbstractBaseUser) -> QuerySet[ImportDraft]:
    """The clerk's drafts not yet saved (newest first), to come back to from the upload page."""
    return ImportDraft.objects.filter(
        created_by=user, source_document__status=SourceDocument.Status.RECEIVED
    ).select_related("source_document")


def meeting_from_json(data: dict) -> ParsedMeeting:
    """The inverse of ``parsing.as_json``."""
    return ParsedMeeting(
        layout=data["layout"],
        municipality=data["municipality"],
        committee=data["committee"],
        date=_date(data["date"]),
        start_time=dt.time.fromisoformat(data["start_time"]) if data["start_time"] else None,
        location=data["location"],
        participants=tuple(data["participants"]),
        # A draft saved before the kind was kept has none: the importer decides.
        kind=data.get("kind"),
        warnings=tuple(data["warnings"]),
        items=tuple(
            ParsedItem(
                number=item["number"],
                title=item["title"],
                case_number=item["case_number"],
                case_officer=item["case_officer"],
                is_closed=item["closed"],
                sections=tuple(
                    ParsedSection(heading=section["heading"], text=section["text"])
                    for section in item["sections"]
                ),
                recommendation=item["recommendation"],
                decisions=tuple(
                    ParsedDecision(
                        text=decision["text"],
                        current=decision["current"],
                        body=decision["body"],
                        date=_date(decision["date"]),
                        item_number=decision["item_number"],
                        absent=tuple(decision["absent"]),
                    )
                    for decision in item["decisions"]
                ),
                attachments=tuple(
                    ParsedAttachment(title=attachment["title"], url=attachment["url"])
                    for attachment in item["attachments"]
                ),
            )
            for item in data["items"]
        ),
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def current_decision(item: ParsedItem) -> ParsedDecision | None:
    return next((decision for decision in item.decisions if decision.current), None)


def warnings_by_item(meeting: ParsedMeeting) -> tuple[list[str], list[list[str]]]:
    """(the meeting's warnings, each item's), the parser's and "no decision" of our own.

    A parser warning naming "Punkt N" stands by item N; the rest by the meeting. A
    closed item has no decision in public minutes, so it gets no such warning.
    """
    by_number: dict[int, list[str]] = {}
    general = []
    for warning in meeting.warnings:
        match = ITEM_WARNING.match(warning)
        if match:
            by_number.setdefault(int(match.group(1)), []).append(warning)
        else:
            general.append(warning)
    per_item = []
    for item in meeting.items:
        warnings = list(by_number.pop(item.number, []))
        decision = current_decision(item)
        if not item.is_closed and (decision is None or not decision.text.strip()):
            warnings.append(NO_DECISION)
        per_item.append(warnings)
    # A warning about a number no item has any more (joined, renumbered) is kept.
    general.extend(warning for warnings in by_number.values() for warning in warnings)
    return general, per_item


def join_with_previous(item: ParsedItem, previous: ParsedItem) -> ParsedItem:
    """The previous item with this one (a sub-point the parser took for an item) as its part.

    The title becomes a section heading; decisions and attachments are added after
    the previous item's, and a second "this meeting's" decision becomes earlier text
    of the first, so the item keeps one.
    """
    decisions = list(previous.decisions)
    for decision in item.decisions:
        if decision.current and current_decision(previous) is not None:
            decisions = [
                dataclasses.replace(
                    kept,
                    text="\n\n".join(part for part in (kept.text, decision.text) if part),
                    absent=tuple(dict.fromkeys(kept.absent + decision.absent)),
                )
                if kept.current
                else kept
                for kept in decisions
            ]
        else:
            decisions.append(decision)
    heading = f"{item.number}. {item.title}"
    body = (ParsedSection(heading=heading, text=""), *item.sections)
    if item.recommendation:
        body = (*body, ParsedSection(heading="Indstilling", text=item.recommendation))
    return dataclasses.replace(
        previous,
        sections=previous.sections + body,
        decisions=tuple(decisions),
        attachments=previous.attachments + item.attachments,
    )


def split_item(item: ParsedItem, *, at_section: int, number: int) -> tuple[ParsedItem, ParsedItem]:
    """The item before section ``at_section``, and a new item ``number`` from it on.

    The new item is titled by that section's heading and takes the sections from it
    on; decisions, attachments and the recommendation stay with the first, for the
    clerk to move.
    """
    section = item.sections[at_section]
    first = dataclasses.replace(item, sections=item.sections[:at_section])
    rest = item.sections[at_section + 1 :]
    if section.text.strip():
        rest = (ParsedSection(heading="", text=section.text), *rest)
    second = ParsedItem(number=number, title=section.heading or f"Punkt {number}", sections=rest)
    return first, second


def hand_corrected_items(stored: dict[int, AgendaItem]) -> set[int]:
    """The numbers of the saved items (not withdrawn) whose saved version is a clerk's
    correction: changed in the upload preview or in the admin, and not written by an
    import since (``AgendaItem.corrected_by_hand``)."""
    return {
        number
        for number, item in stored.items()
        if item.corrected_by_hand and not item.is_withdrawn
    }


def with_versions(
    draft: ParsedMeeting,
    new: ParsedMeeting,
    stored: dict[int, AgendaItem],
    *,
    keep_saved: dict[int, bool],
) -> ParsedMeeting:
    """The draft with the clerk's choice per item number of a re-upload.

    True: the saved version (none, for an item only the new file has); False: the
    new file's as read (none, for an item only the saved meeting has). The items
    keep their order; one put back goes before the first with a higher number.
    """
    items = list(draft.items)
    new_items = {item.number: item for item in new.items}
    for number, keep in keep_saved.items():
        if keep:
            saved = stored.get(number)
            version = None if saved is None or saved.is_withdrawn else stored_as_parsed(saved)
        else:
            version = new_items.get(number)
        at = next((i for i, item in enumerate(items) if item.number == number), None)
        if at is not None:
            if version is None:
                del items[at]
            else:
                items[at] = version
        elif version is not None:
            after = next((i for i, item in enumerate(items) if item.number > number), len(items))
            items.insert(after, version)
    return dataclasses.replace(draft, items=tuple(items))


def reupload_differences(
    draft: ImportDraft, current: ParsedMeeting, existing: Meeting
) -> list[ItemDifference]:
    """How the draft's file differs from the saved meeting it re-uploads, item by item."""
    stored = stored_items(existing)
    return item_differences(
        meeting_from_json(draft.parsed),
        current,
        stored=stored,
        corrected_by_hand=hand_corrected_items(stored),
    )


def choose_versions(
    draft: ImportDraft, current: ParsedMeeting, existing: Meeting, *, keep_saved: dict[int, bool]
) -> ParsedMeeting:
    """``current`` with the clerk's choices (``with_versions``) against the saved meeting."""
    return with_versions(
        current, meeting_from_json(draft.parsed), stored_items(existing), keep_saved=keep_saved
    )
