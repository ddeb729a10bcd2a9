"""From an uploaded file to a saved meeting: the one import path.

The admin upload, ``import_minutes`` and ``load_demo_data`` all go through here:

1. ``store_source_document``: keep the file exactly as it came (a ``SourceDocument``),
   or recognise a file that was already imported (same SHA-256 and metadata).
2. ``parse_source_document``: run the parser on the stored bytes with what the clerk
   typed; a failure marks the document FAILED with the Danish message.
3. ``preview_import``: what saving would create or change (the clerk's preview).
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
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from . import search
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
class ImportPreview:
    """What saving a parsed meeting would do, for the clerk to check first.

    ``existing`` is the meeting with the same municipality, committee and date, if
    any; the three lists hold item numbers compared with it.
    """

    parsed: ParsedMeeting
    existing: Meeting | None
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    meeting_changed: bool = False

    @property
    def is_update(self) -> bool:
        return self.existing is not None

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.meeting_changed)

    @property
    def rows(self) -> list[tuple[ParsedItem, str]]:
        """Each parsed item with what saving does to it: "ny", "ændret" or "uændret"."""
        if self.existing is None:
            return [(item, "ny") for item in self.parsed.items]
        added, changed = set(self.added), set(self.changed)
        return [
            (
                item,
                "ny" if item.number in added else "ændret" if item.number in changed else "uændret",
            )
            for item in self.parsed.items
        ]


@dataclass(frozen=True)
class ImportOutcome:
    """What ``save_meeting`` did: IMPORTED (new meeting), UPDATED or UNCHANGED."""

    meeting: Meeting
    status: SourceDocument.Status
    document: SourceDocument
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)


def find_meeting(parsed: ParsedMeeting) -> Meeting | None:
    """The meeting on the natural key of a parsed one, if it was imported before."""
    municipality = _find_by_name(Municipality.objects.all(), parsed.municipality)
    if municipality is None:
        return None
    committee = _find_by_name(municipality.committees.all(), parsed.committee)
    if committee is None:
        return None
    return (
        Meeting.objects.select_related("municipality", "committee")
        .filter(committee=committee, date=parsed.date, sequence=1)
        .first()
    )


def _find_by_name(queryset: models.QuerySet, name: str) -> Municipality | Committee | None:
    # The slug catches what iexact misses on SQLite ("Økonomiudvalget" and
    # "økonomiudvalget") and spellings such as "Århus"/"Aarhus".
    return queryset.filter(Q(name__iexact=name) | Q(slug=danish_slugify(name))).first()


def preview_import(parsed: ParsedMeeting) -> ImportPreview:
    """Compare a parsed meeting with the one it would update (read-only)."""
    existing = find_meeting(parsed)
    if existing is None:
        return ImportPreview(parsed=parsed, existing=None, added=[i.number for i in parsed.items])
    stored = {
        item.number: item
        for item in existing.items.prefetch_related("decisions", "attachments").order_by("number")
    }
    added, changed = [], []
    for parsed_item in parsed.items:
        item = stored.get(parsed_item.number)
        if item is None:
            added.append(parsed_item.number)
        elif item.is_withdrawn or stored_item_values(item) != parsed_item_values(parsed_item):
            changed.append(parsed_item.number)
    parsed_numbers = {item.number for item in parsed.items}
    removed = [
        number
        for number, item in stored.items()
        if number not in parsed_numbers and not item.is_withdrawn
    ]
    return ImportPreview(
        parsed=parsed,
        existing=existing,
        added=added,
        removed=removed,
        changed=changed,
        meeting_changed=stored_meeting_values(existing) != parsed_meeting_values(parsed),
    )


def parsed_meeting_values(parsed: ParsedMeeting) -> dict:
    """The Meeting fields a parsed meeting sets, in the model's form."""
    return {
        "start_time": parsed.start_time,
        "location": _fit(parsed.location or "", Meeting, "location"),
        "participants": list(parsed.participants),
    }


def stored_meeting_values(meeting: Meeting) -> dict:
    return {
        "start_time": meeting.start_time,
        "location": meeting.location,
        "participants": list(meeting.participants),
    }


def parsed_item_values(item: ParsedItem) -> dict:
    """An item's content in the model's form, decisions and attachments included.

    The same shape as ``stored_item_values``, so comparing the two says whether a
    corrected upload changed the item.
    """
    return {
        "title": _fit(item.title, AgendaItem, "title"),
        "case_number": _fit(item.case_number or "", AgendaItem, "case_number"),
        "case_officer": _fit(item.case_officer or "", AgendaItem, "case_officer"),
        "is_closed": item.is_closed,
        "sections": [{"heading": s.heading, "text": s.text} for s in item.sections],
        "recommendation": item.recommendation or "",
        "decisions": [
            {
                "is_current": decision.current,
                "committee_name": _fit(decision.body or "", Decision, "committee_name"),
                "date": decision.date,
                "item_number": decision.item_number,
                "text": decision.text,
                "absent": list(decision.absent),
            }
            for decision in item.decisions
        ],
        "attachments": [
            {
                "title": _fit(attachment.title, Attachment, "title"),
                "url": _fit(attachment.url or "", Attachment, "url"),
            }
            for attachment in item.attachments
        ],
    }


def stored_item_values(item: AgendaItem) -> dict:
    """Reads the item's decisions and attachments: prefetch them for many items."""
    return {
        "title": item.title,
        "case_number": item.case_number,
        "case_officer": item.case_officer,
        "is_closed": item.is_closed,
        "sections": item.sections,
        "recommendation": item.recommendation,
        "decisions": [
            {
                "is_current": decision.is_current,
                "committee_name": decision.committee_name,
                "date": decision.date,
                "item_number": decision.item_number,
                "text": decision.text,
                "absent": decision.absent,
            }
            for decision in item.decisions.all()
        ],
        "attachments": [
            {"title": attachment.title, "url": attachment.url}
            for attachment in item.attachments.all()
        ],
    }


def _fit(value: str, model: type[models.Model], field_name: str) -> str:
    # A parser result longer than the column would fail on PostgreSQL only; the
    # text is kept whole in the stored source document.
    max_length = model._meta.get_field(field_name).max_length
    return value.strip()[:max_length]


def save_meeting(parsed: ParsedMeeting, *, source_document: SourceDocument) -> ImportOutcome:
    """Save a complete parsed meeting in one transaction, updating it in place if it exists.

    Items keep their rows (and so their URLs) by number; an item the corrected version
    no longer has is marked withdrawn, never deleted. Unpublished meetings and items
    stay unpublished. The search index follows after the commit.
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
        preview = preview_import(parsed)
        if meeting is None:
            meeting = Meeting.objects.create(
                municipality=municipality,
                committee=committee,
                date=parsed.date,
                sequence=1,
                **parsed_meeting_values(parsed),
            )
            status = SourceDocument.Status.IMPORTED
        elif preview.has_changes:
            for name, value in parsed_meeting_values(parsed).items():
                setattr(meeting, name, value)
            meeting.corrected_at = timezone.now()
            meeting.is_search_indexed = False
            meeting.save()
            status = SourceDocument.Status.UPDATED
        else:
            status = SourceDocument.Status.UNCHANGED
        to_write = set(preview.added) | set(preview.changed)
        for parsed_item in parsed.items:
            if parsed_item.number in to_write:
                _save_item(meeting, parsed_item)
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
    existing = _find_by_name(Municipality.objects.all(), name)
    if existing is not None:
        return existing
    return Municipality.objects.create(
        name=_fit(name, Municipality, "name"), slug=danish_slugify(name)[:100]
    )


def _get_or_create_committee(municipality: Municipality, name: str) -> Committee:
    existing = _find_by_name(municipality.committees.all(), name)
    if existing is not None:
        return existing
    return Committee.objects.create(
        municipality=municipality,
        name=_fit(name, Committee, "name"),
        slug=danish_slugify(name)[:200],
    )


def _save_item(meeting: Meeting, parsed_item: ParsedItem) -> AgendaItem:
    values = parsed_item_values(parsed_item)
    decisions = values.pop("decisions")
    attachments = values.pop("attachments")
    item, _ = AgendaItem.objects.update_or_create(
        meeting=meeting,
        number=parsed_item.number,
        defaults={
            **values,
            "municipality": meeting.municipality,
            "committee": meeting.committee,
            "meeting_date": meeting.date,
            "is_withdrawn": False,
        },
    )
    item.decisions.all().delete()
    Decision.objects.bulk_create(
        Decision(agenda_item=item, position=position, **decision)
        for position, decision in enumerate(decisions)
    )
    item.attachments.all().delete()
    Attachment.objects.bulk_create(
        Attachment(agenda_item=item, position=position, **attachment)
        for position, attachment in enumerate(attachments)
    )
    return item


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
