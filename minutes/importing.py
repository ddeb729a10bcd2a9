"""From an uploaded file to a saved meeting: the one import path.

The admin upload, ``import_minutes`` and ``load_demo_data`` all go through here:

1. ``store_source_document``: keep the file exactly as it came (a ``SourceDocument``),
   or recognise a file that was already imported (same SHA-256 and metadata).
2. ``parse_source_document``: run the parser on the stored bytes with what the clerk
   typed; a failure marks the document FAILED with the Danish message.
3. ``import_preview.preview_import``: what saving would create or change (the
   clerk's preview; the comparison lives in import_preview.py).
4. ``save_meeting``: write everything in one transaction, updating a meeting that
   exists in place so that ids and public URLs survive a corrected upload.

``import_file`` runs the four steps for the commands.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import search
from .import_preview import (
    compare,
    find_by_name,
    fit,
    new_meeting_preview,
    parsed_item_values,
    parsed_meeting_values,
    stored_items,
)
from .models import (
    AgendaItem,
    Attachment,
    Committee,
    Decision,
    Meeting,
    Municipality,
    SourceDocument,
)
from .parsing import ParsedItem, ParsedMeeting, ParseError, parse_document
from .slugs import danish_slugify

logger = logging.getLogger(__name__)

NO_MUNICIPALITY = "Dokumentet angiver ikke kommunen; skriv den i feltet Kommune."
NO_COMMITTEE = "Dokumentet angiver ikke udvalget; skriv det i feltet Udvalg."
NO_DATE = "Dokumentet angiver ikke mødedatoen; skriv den i feltet Dato."
NO_LETTERS = "{what} skal indeholde bogstaver eller tal: '{name}'."
FILE_MISSING = "Den gemte fil kan ikke læses; upload den igen."

# A document with one of these statuses is done: the same file again changes nothing.
DONE = (
    SourceDocument.Status.IMPORTED,
    SourceDocument.Status.UPDATED,
    SourceDocument.Status.UNCHANGED,
)


def size_error(size: int) -> str | None:
    """The Danish message for a file over ``MINUTES_UPLOAD_MAX_BYTES``, or None."""
    limit = settings.MINUTES_UPLOAD_MAX_BYTES
    if size <= limit:
        return None
    return (
        f"Filen er for stor ({_megabytes(size)}); den største fil, der kan uploades, "
        f"er {_megabytes(limit)}. Filen er ikke gemt."
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def store_source_document(
    data: bytes,
    *,
    filename: str,
    content_type: str = "",
    uploaded_by: AbstractBaseUser | None = None,
    entered_municipality: str = "",
    entered_committee: str = "",
    entered_date: dt.date | None = None,
) -> SourceDocument:
    """Keep an uploaded file as it came, before anything reads it.

    Returns the earlier document, untouched, when this file was already imported with
    the same metadata: its status is then not RECEIVED, and nothing new is written.
    A file that failed before is stored as a new attempt (the clerk may now give the
    date the document lacks), sharing the stored bytes of the earlier attempt.
    """
    sha256 = SourceDocument.hash_bytes(data)
    entered_municipality = " ".join(entered_municipality.split())
    entered_committee = " ".join(entered_committee.split())
    same_file = SourceDocument.objects.filter(sha256=sha256).order_by("-id")
    done = same_file.filter(
        status__in=DONE,
        meeting__isnull=False,
        entered_municipality=entered_municipality,
        entered_committee=entered_committee,
        entered_date=entered_date,
    ).first()
    if done is not None:
        logger.info("upload is a known file doc=%s sha256=%s", done.pk, sha256[:16])
        return done
    document = SourceDocument(
        original_name=filename[-255:],
        sha256=sha256,
        size=len(data),
        content_type=content_type[:100],
        uploaded_by=uploaded_by,
        entered_municipality=entered_municipality[:100],
        entered_committee=entered_committee[:200],
        entered_date=entered_date,
    )
    earlier = same_file.exclude(file="").first()
    if earlier is not None and earlier.file.storage.exists(earlier.file.name):
        document.file.name = earlier.file.name
        document.save()
    else:
        # The name is only a hint: source_document_path() builds the stored path.
        document.file.save(filename, ContentFile(data), save=True)
    logger.info("stored upload doc=%s size=%d sha256=%s", document.pk, len(data), sha256[:16])
    return document


def read_stored_file(document: SourceDocument) -> bytes:
    """The bytes of the file as it came; ParseError if storage lost them."""
    try:
        with document.file.open("rb") as stored:
            return stored.read()
    except (FileNotFoundError, ValueError) as exc:
        raise ParseError(FILE_MISSING) from exc


def parse_source_document(document: SourceDocument) -> ParsedMeeting:
    """Parse the stored file with the clerk's metadata, and check that it is complete.

    Always from the stored bytes, never from what a form sent back, so the preview
    and the save read the same thing. On any ``ParseError`` the document is marked
    FAILED with the message, and the error is raised again for the caller to show.
    """
    try:
        data = read_stored_file(document)
        parsed = parse_document(
            data,
            document.original_name,
            municipality=document.entered_municipality or None,
            committee=document.entered_committee or None,
            date=document.entered_date,
        )
        check_complete(parsed)
    except ParseError as exc:
        mark_failed(document, exc.user_message)
        raise
    return parsed


def check_complete(parsed: ParsedMeeting) -> None:
    """A meeting needs a municipality, a committee and a date to have a URL."""
    if not parsed.municipality:
        raise ParseError(NO_MUNICIPALITY)
    if not parsed.committee:
        raise ParseError(NO_COMMITTEE)
    if parsed.date is None:
        raise ParseError(NO_DATE)
    if not danish_slugify(parsed.municipality):
        raise ParseError(NO_LETTERS.format(what="Kommunens navn", name=parsed.municipality))
    if not danish_slugify(parsed.committee):
        raise ParseError(NO_LETTERS.format(what="Udvalgets navn", name=parsed.committee))


def mark_failed(document: SourceDocument, message: str) -> None:
    document.status = SourceDocument.Status.FAILED
    document.error_message = message
    document.save(update_fields=["status", "error_message"])
    logger.info("import failed doc=%s", document.pk)


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


def import_file(
    data: bytes,
    *,
    filename: str,
    municipality: str = "",
    committee: str = "",
    date: dt.date | None = None,
    uploaded_by: AbstractBaseUser | None = None,
) -> ImportOutcome:
    """Store, parse and save one file without a preview: the commands' path.

    Raises ``ParseError`` with the Danish message when the file cannot be imported;
    the document is then kept as FAILED (except a file over the size limit, which
    is not stored at all).
    """
    message = size_error(len(data))
    if message:
        raise ParseError(message)
    document = store_source_document(
        data,
        filename=filename,
        uploaded_by=uploaded_by,
        entered_municipality=municipality,
        entered_committee=committee,
        entered_date=date,
    )
    if document.status != SourceDocument.Status.RECEIVED:
        return ImportOutcome(
            meeting=document.meeting, status=SourceDocument.Status.UNCHANGED, document=document
        )
    parsed = parse_source_document(document)
    return save_meeting(parsed, source_document=document)
