"""Save a parsed meeting in one transaction: the last step of the one import path.

A meeting that exists (same committee and date) is updated in place, so that ids and
public URLs survive a corrected upload.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import kommuner
from ..models import (
    AgendaItem,
    Attachment,
    Committee,
    Decision,
    Meeting,
    Municipality,
    SourceDocument,
)
from ..parsing import ParsedItem, ParsedMeeting, ParseError
from ..slugs import danish_slugify
from .changes import meetings_changed, recount_after_commit
from .preview import (
    compare,
    fit,
    new_meeting_preview,
    parsed_item_values,
    parsed_meeting_values,
    stored_items,
)
from .sources import NOT_SAVED, check_complete, failed_when_stopped

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
    # True when a parallel call (a second click on "Gem mødet") had saved the document first.
    already_saved: bool = False


def save_meeting(
    parsed: ParsedMeeting,
    *,
    source_document: SourceDocument,
    corrected_by: AbstractBaseUser | None = None,
    corrected_items: Collection[int] = (),
) -> ImportOutcome:
    """Save a complete parsed meeting in one transaction, updating it in place if it exists.

    Items keep their rows (and so their URLs) by number; an item the corrected version
    no longer has is marked withdrawn, never deleted. Unpublished meetings and items
    stay unpublished. The search index follows after the commit.

    Safe to run at once with other imports: a municipality, committee or meeting
    that a parallel import creates first is found instead of created twice, and the
    same document confirmed twice is saved once (the second call waits for the
    first and returns its outcome with ``already_saved``). Whatever ends the save
    early, the document does not stay RECEIVED: it is marked FAILED with the reason
    where the database still answers (``sources.failed_when_stopped``).

    The number of queries does not grow with the number of items: items, decisions
    and attachments are written in bulk (docs/PERFORMANCE.md, "Decisions").

    ``corrected_by``: the clerk who corrected what the parser read (the upload
    preview's draft); the meeting records that it was corrected by hand, and by whom.
    ``corrected_items``: the numbers of the items the clerk changed; each item
    written records whether it is one of them (``AgendaItem.corrected_by_hand``).
    """
    with failed_when_stopped(source_document):
        check_complete(parsed)
        with transaction.atomic():
            outcome = _save(parsed, source_document, corrected_by, frozenset(corrected_items))
    if not outcome.already_saved:
        logger.info(
            "saved meeting=%s doc=%s status=%s added=%d changed=%d withdrawn=%d",
            outcome.meeting.pk,
            source_document.pk,
            outcome.status,
            len(outcome.added),
            len(outcome.changed),
            len(outcome.removed),
        )
    return outcome


def _save(
    parsed: ParsedMeeting,
    source_document: SourceDocument,
    corrected_by: AbstractBaseUser | None,
    corrected_items: frozenset[int],
) -> ImportOutcome:
    # Lock the document first: a second confirm of the same preview waits here
    # for the first to commit, then finds the document saved.
    document = SourceDocument.objects.select_for_update().get(pk=source_document.pk)
    if document.status != SourceDocument.Status.RECEIVED:
        return _already_saved(document, source_document)
    municipality = _get_or_create_municipality(parsed.municipality)
    committee = _get_or_create_committee(municipality, parsed.committee)
    meeting, created = _locked_or_new_meeting(municipality, committee, parsed)
    if created:
        preview = new_meeting_preview(parsed)
        _write_items(meeting, parsed.items, stored={}, corrected=corrected_items)
        status = SourceDocument.Status.IMPORTED
    else:
        stored = stored_items(meeting)
        preview = compare(parsed, meeting, stored)
        if preview.refusal:
            raise ParseError(preview.refusal)
        if preview.has_changes:
            # Only a referat replacing a referat corrects an error; the referat
            # after its agenda, or a revised agenda, is the record going on.
            if meeting.kind == Meeting.Kind.MINUTES:
                meeting.corrected_at = timezone.now()
            for name, value in parsed_meeting_values(parsed).items():
                setattr(meeting, name, value)
            meeting.save()
            status = SourceDocument.Status.UPDATED
        else:
            status = SourceDocument.Status.UNCHANGED
        to_write = set(preview.added) | set(preview.changed)
        _write_items(
            meeting,
            [item for item in parsed.items if item.number in to_write],
            stored=stored,
            corrected=corrected_items,
        )
        if preview.removed:
            meeting.items.filter(number__in=preview.removed).update(is_withdrawn=True)
    if corrected_by is not None:
        meeting.corrected_by_hand = True
        meeting.corrected_by = corrected_by
        meeting.save(update_fields=["corrected_by_hand", "corrected_by", "updated_at"])
    source_document.meeting = meeting
    source_document.status = status
    source_document.layout = parsed.layout[:50]
    source_document.error_message = ""
    source_document.save(update_fields=["meeting", "status", "layout", "error_message"])
    if source_document.edited_from_id is not None:
        _saved_from_edited_text(source_document.edited_from_id, meeting)
    if status != SourceDocument.Status.UNCHANGED:
        meetings_changed([meeting.pk])
    else:
        recount_after_commit()  # the committee's latest import, on the coverage page
    return ImportOutcome(
        meeting=meeting,
        status=status,
        document=source_document,
        added=preview.added,
        removed=preview.removed,
        changed=preview.changed,
    )


def _saved_from_edited_text(original_id: int, meeting: Meeting) -> None:
    """The file the clerk's corrected text came from: the meeting keeps both, and the
    file no longer says it failed, but that it was read through the corrected text.

    Its error message stays: why the file itself could not be read.
    """
    SourceDocument.objects.filter(pk=original_id, meeting=None).update(meeting=meeting)
    SourceDocument.objects.filter(pk=original_id, status=SourceDocument.Status.FAILED).update(
        status=SourceDocument.Status.READ_AS_EDITED
    )


def _already_saved(document: SourceDocument, source_document: SourceDocument) -> ImportOutcome:
    """The outcome of the call that saved (or failed) this document before us."""
    for name in ("status", "meeting_id", "layout", "error_message"):
        setattr(source_document, name, getattr(document, name))
    if document.meeting is None:
        raise ParseError(document.error_message or NOT_SAVED)
    logger.info("document already saved doc=%s status=%s", document.pk, document.status)
    return ImportOutcome(
        meeting=document.meeting,
        status=SourceDocument.Status(document.status),
        document=source_document,
        already_saved=True,
    )


def _locked_or_new_meeting(
    municipality: Municipality, committee: Committee, parsed: ParsedMeeting
) -> tuple[Meeting, bool]:
    """The meeting on the parsed natural key, locked, and whether we created it."""
    meeting = _locked_meeting(committee, parsed)
    if meeting is not None:
        return meeting, False
    try:
        with transaction.atomic():  # a savepoint: the outer transaction goes on
            meeting = Meeting.objects.create(
                municipality=municipality,
                committee=committee,
                date=parsed.date,
                sequence=1,
                **parsed_meeting_values(parsed),
            )
    except IntegrityError:
        # A parallel import created it after we looked: our insert waited for its
        # commit. Update it as found.
        meeting = _locked_meeting(committee, parsed)
        if meeting is None:
            raise
        return meeting, False
    return meeting, True


def _locked_meeting(committee: Committee, parsed: ParsedMeeting) -> Meeting | None:
    # Lock the meeting row so two uploads of one meeting are applied one after the other.
    return (
        Meeting.objects.select_for_update()
        .filter(committee=committee, date=parsed.date, sequence=1)
        .first()
    )


def _get_or_create_municipality(name: str) -> Municipality:
    municipality = Municipality.objects.find_by_name(name)
    if municipality is None:  # check_complete() refused it before the transaction
        raise ParseError(kommuner.UNKNOWN_KOMMUNE.format(name=name))
    return municipality


def _get_or_create_committee(municipality: Municipality, name: str) -> Committee:
    """Find by name (or slug), else create; a row a parallel import created first is found.

    The unique constraints on name and slug decide: our insert waits for the other
    transaction and fails if it committed; the savepoint keeps ours usable.
    """
    existing = municipality.committees.find_by_name(name)
    if existing is not None:
        return existing
    row = Committee(
        municipality=municipality,
        name=fit(name, Committee, "name"),
        slug=danish_slugify(name)[:200],
    )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        existing = municipality.committees.find_by_name(name)
        if existing is None:
            raise
        return existing
    return row


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
    "corrected_by_hand",
    "updated_at",
]


def _write_items(
    meeting: Meeting,
    parsed_items: list[ParsedItem],
    *,
    stored: dict[int, AgendaItem],
    corrected: frozenset[int],
) -> None:
    """Write new and changed items with their decisions and attachments, in bulk.

    ``stored`` holds the meeting's existing items by number: those among
    ``parsed_items`` are updated in place (same id, same URL) and their decisions and
    attachments replaced; the rest are created. An item written is corrected by hand
    if its number is in ``corrected``, else it is now what the parser read. At most
    seven queries, however many items.
    """
    if not parsed_items:
        return
    now = timezone.now()
    copies = meeting.item_copies()
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
        for name, value in {**values, **copies}.items():
            setattr(item, name, value)
        item.is_withdrawn = False
        item.corrected_by_hand = parsed_item.number in corrected
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
