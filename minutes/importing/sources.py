"""Keep an uploaded file as it came and parse it: the first steps of the one import path.

``store_source_document`` keeps the file (a ``SourceDocument``) before anything reads it,
or recognises a file that was already imported; ``parse_source_document`` runs the parser
on the stored bytes with what the clerk typed, marking the document FAILED on a
``ParseError``. ``preview.py`` then shows what saving would change and ``save.py`` saves.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone

from .. import kommuner
from ..models import SourceDocument
from ..parsing import ParsedMeeting, ParseError, parse_within_budget
from ..parsing.extract import extract
from ..slugs import danish_slugify

logger = logging.getLogger(__name__)

NO_MUNICIPALITY = "Dokumentet angiver ikke kommunen; skriv den i feltet Kommune."
NO_COMMITTEE = "Dokumentet angiver ikke udvalget; skriv det i feltet Udvalg."
NO_DATE = "Dokumentet angiver ikke mødedatoen; skriv den i feltet Dato."
NO_LETTERS = "{what} skal indeholde bogstaver eller tal: '{name}'."
FILE_MISSING = "Den gemte fil kan ikke læses; upload den igen."
NUMBER_TOO_LARGE = (
    "{what} {number} er for stort et nummer; det største, der kan gemmes, er {limit}."
)
NUMBER_HUGE = "{what} har et nummer på over 20 cifre; det største, der kan gemmes, er {limit}."
NUMBER_NEGATIVE = "{what} {number} er et negativt nummer."
# Why a document did not get saved, when it was not the document's fault.
DATABASE_DOWN = "Databasen svarede ikke under importen; intet er gemt. Importér filen igen."
IMPORT_STOPPED = "Importen stoppede ved en intern fejl; intet er gemt. Importér filen igen."
IMPORT_ABANDONED = "Importen blev afbrudt, før mødet blev gemt; intet er gemt. Importér filen igen."
PREVIEW_ABANDONED = "Forhåndsvisningen blev aldrig bekræftet; intet er gemt. Upload filen igen."
NOT_SAVED = "Filen kan ikke gemmes; upload den igen."


class IncompleteMetadata(ParseError):
    """The document was read, but lacks what the upload form asks for (kommune, udvalg, date).

    The clerk fixes it in the form; any other ``ParseError`` is about the document
    itself, and the clerk gets its text to correct (``upload_views.edit_text``).
    """


# The errors that mean "the database does not answer", not "this document is wrong".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

# The largest number an item or a decision's item number may have: the columns are
# 32-bit on PostgreSQL (SQLite would take more, but the two must agree).
LARGEST_ITEM_NUMBER = 2**31 - 1

# How long a document may stay RECEIVED before its import counts as ended: a
# command's file is parsed and saved within one call (the parse has its own
# budget); an admin upload waits for the clerk to confirm the preview.
STALE_IMPORT = dt.timedelta(hours=1)
STALE_PREVIEW = dt.timedelta(days=1)

# A document with one of these statuses is done: the same file again changes nothing.
# A file read through the clerk's corrected text is done too: reading it again would
# fail as before, and its meeting is saved.
DONE = (
    SourceDocument.Status.IMPORTED,
    SourceDocument.Status.UPDATED,
    SourceDocument.Status.UNCHANGED,
    SourceDocument.Status.READ_AS_EDITED,
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
    edited_from: SourceDocument | None = None,
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
        edited_from=edited_from,
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


def store_edited_text(
    original: SourceDocument,
    text: str,
    *,
    uploaded_by: AbstractBaseUser | None,
    entered_municipality: str = "",
    entered_committee: str = "",
    entered_date: dt.date | None = None,
) -> SourceDocument:
    """Keep the clerk's corrected text of a document as a text file of its own.

    It is linked to the file the clerk uploaded (never to another edited text), so
    the original is kept beside every corrected version of it.
    """
    root = original.edited_from or original
    stem = root.original_name.rsplit(".", 1)[0] or "referat"
    return store_source_document(
        text.replace("\r\n", "\n").encode("utf-8"),
        filename=f"{stem[:200]}-rettet.txt",
        content_type="text/plain; charset=utf-8",
        uploaded_by=uploaded_by,
        entered_municipality=entered_municipality,
        entered_committee=entered_committee,
        entered_date=entered_date,
        edited_from=root,
    )


def stored_text(document: SourceDocument) -> str:
    """The document's text as the parser reads it; ParseError if there is none to read."""
    return extract(read_stored_file(document), document.original_name).text


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
    with failed_when_stopped(document):
        data = read_stored_file(document)
        parsed = parse_within_budget(
            data,
            document.original_name,
            seconds=settings.MINUTES_PARSE_BUDGET_SECONDS,
            municipality=document.entered_municipality or None,
            committee=document.entered_committee or None,
            date=document.entered_date,
        )
        check_complete(parsed)
    return parsed


def check_complete(parsed: ParsedMeeting) -> None:
    """A meeting needs a municipality (one of the 98), a committee and a date to have a URL."""
    if not parsed.municipality:
        raise IncompleteMetadata(NO_MUNICIPALITY)
    if not parsed.committee:
        raise IncompleteMetadata(NO_COMMITTEE)
    if parsed.date is None:
        raise IncompleteMetadata(NO_DATE)
    if kommuner.find(parsed.municipality) is None:
        raise IncompleteMetadata(kommuner.UNKNOWN_KOMMUNE.format(name=parsed.municipality))
    if not danish_slugify(parsed.committee):
        raise IncompleteMetadata(NO_LETTERS.format(what="Udvalgets navn", name=parsed.committee))
    for item in parsed.items:
        check_number(item.number, what="Punkt")
        for decision in item.decisions:
            if decision.item_number is not None:
                check_number(decision.item_number, what=f"Punkt {item.number}: beslutningens punkt")


def check_number(number: int, *, what: str) -> None:
    """A number read from the document must fit its column (not a 500 on save)."""
    if number >= 10**20:
        # Not str(number): Python refuses to print an int of over 4,300 digits.
        raise ParseError(NUMBER_HUGE.format(what=what, limit=LARGEST_ITEM_NUMBER))
    if number > LARGEST_ITEM_NUMBER:
        raise ParseError(
            NUMBER_TOO_LARGE.format(what=what, number=number, limit=LARGEST_ITEM_NUMBER)
        )
    if number < 0:
        raise ParseError(NUMBER_NEGATIVE.format(what=what, number=number))


@contextmanager
def failed_when_stopped(document: SourceDocument) -> Iterator[None]:
    """Whatever stops the import inside marks the document FAILED with its reason, and goes on.

    A ``ParseError`` gives its Danish message; a database outage and anything else
    (a bug, a worker timeout, Ctrl-C: the 500 or the traceback says more) a fixed one.
    """
    try:
        yield
    except ParseError as exc:
        fail_document(document, exc.user_message)
        raise
    except DATABASE_UNAVAILABLE:
        fail_document(document, DATABASE_DOWN)
        raise
    except BaseException:
        fail_document(document, IMPORT_STOPPED)
        raise


def fail_document(document: SourceDocument, message: str) -> None:
    """Mark a document FAILED after its import stopped, if nothing saved it meanwhile.

    Where possible: after a dropped connection Django opens a new one (the failed
    transaction closed the old); with the database still down the document stays
    RECEIVED, and ``fail_stale_documents()`` ends it later.
    """
    try:
        marked = SourceDocument.objects.filter(
            pk=document.pk, status=SourceDocument.Status.RECEIVED
        ).update(status=SourceDocument.Status.FAILED, error_message=message)
    except DatabaseError:
        logger.warning("import stopped, document not marked failed doc=%s", document.pk)
        return
    if marked:
        document.status = SourceDocument.Status.FAILED
        document.error_message = message
        logger.info("import stopped doc=%s", document.pk)


def fail_stale_documents() -> int:
    """End the imports that stopped without a word (a killed process, an abandoned preview).

    A document still RECEIVED long after its upload is no longer being imported:
    mark it FAILED, saying so. Returns how many were.
    """
    now = timezone.now()
    received = SourceDocument.objects.filter(status=SourceDocument.Status.RECEIVED)
    count = received.filter(uploaded_by__isnull=True, uploaded_at__lt=now - STALE_IMPORT).update(
        status=SourceDocument.Status.FAILED, error_message=IMPORT_ABANDONED
    )
    count += received.filter(uploaded_by__isnull=False, uploaded_at__lt=now - STALE_PREVIEW).update(
        status=SourceDocument.Status.FAILED, error_message=PREVIEW_ABANDONED
    )
    if count:
        logger.info("stale imports marked failed count=%d", count)
    return count
