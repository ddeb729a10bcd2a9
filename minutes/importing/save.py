"""Save a parsed meeting in one transaction: the last step of the one import path.

A meeting that exists (same committee and date) is updated in place, so that ids and
public URLs survive a corrected upload.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .. import search
from ..models import (
    AgendaItem,
    Attachment,
    Committee,
    Decision,
    Meeting,
    Municipality,
    SourceDocument,
)
from ..parsing import ParsedItem, ParsedMeeting
from ..slugs import danish_slugify
from .preview import (
    compare,
    find_by_name,
    fit,
    new_meeting_preview,
    parsed_item_values,
    parsed_meeting_values,
    stored_items,
)
from .sources import check_complete

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportOutcome:
    """What ``save_meeting`` did: IMPORTED (new meeting), UPDATED or UNCHANGED."""

    meeting: Meeting
    status: SourceDocument.Status
    document: SourceDocument
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)


def save_meeting(parsed: ParsedMeeting, *, source_document: SourceDocument) -> ImportOutcome:
    """Save a complete parsed meeting in one transaction, updating it in place if it exists.

    Items keep their rows (and so their URLs) by number; an item the corrected version
    no longer has is marked withdrawn, never deleted. Unpublished meetings and items
    stay unpublished. The search index follows after the commit.

    The number of queries does not grow with the number of items: items, decisions
    and attachments are written in bulk (docs/PERFORMANCE.md, "Import throughput").
    """
    check_complete(parsed)
    with transaction.atomic():
        municipality = _get_or_create_municipality(parsed.municipality)
        committee = _get_or_create_committee(municipality, parsed.committee)
        # Lock the meeting row so two uploads of one meeting are applied one after the other.
        meeting = (
            Meeting.objects.select_for_update()
            .filter(committee=committee, date=parsed.date, sequence=1)
            .first()
        )
        if meeting is None:
            meeting = Meeting.objects.create(
                municipality=municipality,
                committee=committee,
                date=parsed.date,
                sequence=1,
                **parsed_meeting_values(parsed),
            )
            preview = new_meeting_preview(parsed)
            _write_items(meeting, parsed.items, stored={})
            status = SourceDocument.Status.IMPORTED
        else:
            stored = stored_items(meeting)
            preview = compare(parsed, meeting, stored)
            if preview.has_changes:
                for name, value in parsed_meeting_values(parsed).items():
                    setattr(meeting, name, value)
                meeting.corrected_at = timezone.now()
                meeting.is_search_indexed = False
                meeting.save()
                status = SourceDocument.Status.UPDATED
            else:
                status = SourceDocument.Status.UNCHANGED
            to_write = set(preview.added) | set(preview.changed)
            _write_items(
                meeting, [item for item in parsed.items if item.number in to_write], stored=stored
            )
            if preview.removed:
                meeting.items.filter(number__in=preview.removed).update(is_withdrawn=True)
        source_document.meeting = meeting
        source_document.status = status
        source_document.layout = parsed.layout[:50]
        source_document.error_message = ""
        source_document.save(update_fields=["meeting", "status", "layout", "error_message"])
        if status != SourceDocument.Status.UNCHANGED:
            meeting_id = meeting.pk
            transaction.on_commit(lambda: search.index_meeting(meeting_id))
    logger.info(
        "saved meeting=%s doc=%s status=%s added=%d changed=%d withdrawn=%d",
        meeting.pk,
        source_document.pk,
        status,
        len(preview.added),
        len(preview.changed),
        len(preview.removed),
    )
    return ImportOutcome(
        meeting=meeting,
        status=status,
        document=source_document,
        added=preview.added,
        removed=preview.removed,
        changed=preview.changed,
    )


def _get_or_create_municipality(name: str) -> Municipality:
    existing = find_by_name(Municipality.objects.all(), name)
    if existing is not None:
        return existing
    return Municipality.objects.create(
        name=fit(name, Municipality, "name"), slug=danish_slugify(name)[:100]
    )


def _get_or_create_committee(municipality: Municipality, name: str) -> Committee:
    existing = find_by_name(municipality.committees.all(), name)
    if existing is not None:
        return existing
    return Committee.objects.create(
        municipality=municipality,
        name=fit(name, Committee, "name"),
        slug=danish_slugify(name)[:200],
    )


# What a corrected upload rewrites on an item it changed; never is_published or
# unpublished_reason, which are the clerk's.
ITEM_UPDATE_FIELDS = [
    "title",
    "case_number",
    "case_officer",
    "is_closed",
    "sections",
    "recommendation",
    "municipality",
    "committee",
    "meeting_date",
    "is_withdrawn",
    "updated_at",
]


def _write_items(
    meeting: Meeting, parsed_items: list[ParsedItem], *, stored: dict[int, AgendaItem]
) -> None:
    """Write new and changed items with their decisions and attachments, in bulk.

    ``stored`` holds the meeting's existing items by number: those among
    ``parsed_items`` are updated in place (same id, same URL) and their decisions and
    attachments replaced; the rest are created. At most seven queries, however many items.
    """
    if not parsed_items:
        return
    now = timezone.now()
    to_create, to_update, children = [], [], []
    for parsed_item in parsed_items:
        values = parsed_item_values(parsed_item)
        decisions = values.pop("decisions")
        attachments = values.pop("attachments")
        item = stored.get(parsed_item.number)
        if item is None:
            item = AgendaItem(meeting=meeting, number=parsed_item.number)
            to_create.append(item)
        else:
            to_update.append(item)
        for name, value in values.items():
            setattr(item, name, value)
        item.municipality_id = meeting.municipality_id
        item.committee_id = meeting.committee_id
        item.meeting_date = meeting.date
        item.is_withdrawn = False
        # bulk_update() skips auto_now: the changed rows say when they changed.
        item.updated_at = now
        children.append((item, decisions, attachments))
    if to_update:
        AgendaItem.objects.bulk_update(to_update, ITEM_UPDATE_FIELDS)
        Decision.objects.filter(agenda_item__in=to_update).delete()
        Attachment.objects.filter(agenda_item__in=to_update).delete()
    # Sets each new item's pk (RETURNING on PostgreSQL and SQLite ≥ 3.35).
    AgendaItem.objects.bulk_create(to_create)
    Decision.objects.bulk_create(
        Decision(agenda_item=item, position=position, **decision)
        for item, decisions, _ in children
        for position, decision in enumerate(decisions)
    )
    Attachment.objects.bulk_create(
        Attachment(agenda_item=item, position=position, **attachment)
        for item, _, attachments in children
        for position, attachment in enumerate(attachments)
    )
