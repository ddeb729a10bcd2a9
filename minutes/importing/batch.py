"""Import files without a preview: the path of ``import_minutes`` and ``load_demo_data``.

The same steps as the admin upload (store, parse, save), minus the preview. A file
that fails is reported and the rest go on. Rerunning is safe: a file imported
before is recognised by its SHA-256 and counted as unchanged.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError, OutputWrapper
from django.db import transaction
from tqdm import tqdm

from .. import search
from ..models import SourceDocument
from ..parsing import ParseError
from . import changes
from .save import ImportOutcome, save_meeting
from .sources import (
    DATABASE_UNAVAILABLE,
    fail_stale_documents,
    parse_source_document,
    size_error,
    store_source_document,
)

logger = logging.getLogger(__name__)

# The summary's words for each outcome, in its order.
SUMMARY_WORDS = {
    SourceDocument.Status.IMPORTED: "importeret",
    SourceDocument.Status.UPDATED: "opdateret",
    SourceDocument.Status.UNCHANGED: "uændret",
    SourceDocument.Status.FAILED: "fejlet",
}


@dataclass(frozen=True)
class FileToImport:
    """One file and the metadata the clerk gives for it (blank: the document says it)."""

    path: Path
    municipality: str = ""
    committee: str = ""
    date: dt.date | None = None


@dataclass
class ImportReport:
    """Counts per outcome and the reason for each failure, for the summary line."""

    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        total = sum(self.counts.values())
        parts = ", ".join(f"{self.counts[status]} {word}" for status, word in SUMMARY_WORDS.items())
        line = f"{total} {'fil' if total == 1 else 'filer'}: {parts}"
        if self.failures:
            line += " (" + "; ".join(f"{name}: {message}" for name, message in self.failures) + ")"
        return line


def import_one(file: FileToImport, *, dry_run: bool = False) -> SourceDocument.Status:
    """Import one file; raises ParseError with the Danish reason if it cannot be imported.

    A dry run goes through the same path (store, parse, save) inside a transaction
    that is rolled back, so it reports what a real run would do, constraints
    included, and leaves nothing behind: no rows, no index update, no stored file.
    """
    try:
        data = file.path.read_bytes()
    except OSError as exc:
        raise ParseError(f"Filen kan ikke læses ({exc.strerror}).") from exc
    if not dry_run:
        return _import(data, file).status
    stored: list[SourceDocument] = []
    try:
        with transaction.atomic():
            try:
                return _import(data, file, stored=stored).status
            finally:
                transaction.set_rollback(True)
    finally:
        for document in stored:
            _delete_unreferenced_file(document)


def _import(
    data: bytes, file: FileToImport, *, stored: list[SourceDocument] | None = None
) -> ImportOutcome:
    return import_file(
        data,
        filename=file.path.name,
        municipality=file.municipality,
        committee=file.committee,
        date=file.date,
        stored=stored,
    )


def _delete_unreferenced_file(document: SourceDocument) -> None:
    """Remove a file a rolled-back dry run stored, unless a saved document shares it."""
    name = document.file.name
    if name and not SourceDocument.objects.filter(file=name).exists():
        document.file.storage.delete(name)


def run_import(
    files: list[FileToImport], *, stdout: OutputWrapper, verbosity: int = 1, dry_run: bool = False
) -> ImportReport:
    """Import each file in turn, with a progress bar on a terminal, plain lines otherwise.

    Stops with a CommandError (in Danish) when the database stops answering: the
    file being imported is marked failed where the database still lets us, and a
    rerun picks up where this one stopped. Imports that a killed earlier run left
    RECEIVED are marked failed first.
    """
    report = ImportReport()
    # A terminal's stdout is sys.stdout; tqdm needs the raw stream, not Django's wrapper.
    on_terminal = stdout.isatty() and verbosity >= 1
    progress: Iterable[FileToImport] = files
    if on_terminal:
        progress = tqdm(files, desc="Importerer", unit="fil", file=sys.stdout)
    file = None
    try:
        if not dry_run:
            fail_stale_documents()
        # One search index commit per batch of meetings, and one count of the cached
        # figures for the run, not one per file.
        with search.batched_indexing(), changes.recounts_at_the_end():
            for number, file in enumerate(progress, start=1):
                try:
                    status = import_one(file, dry_run=dry_run)
                except ParseError as exc:
                    status = SourceDocument.Status.FAILED
                    report.failures.append((file.path.name, exc.user_message))
                    line = f"{file.path}: fejlet: {exc.user_message}"
                else:
                    line = f"{file.path}: {SUMMARY_WORDS[status]}"
                report.counts[status] += 1
                if on_terminal:
                    tqdm.write(line, file=sys.stdout)
                elif verbosity >= 1:
                    stdout.write(f"[{number}/{len(files)}] {line}")
    except DATABASE_UNAVAILABLE as exc:
        logger.error("import stopped: database unavailable (%s)", exc)
        raise CommandError(database_down_message(report, file)) from exc
    return report


def database_down_message(report: ImportReport, file: FileToImport | None) -> str:
    done = sum(report.counts.values())
    where = f" ved {file.path}" if file is not None else ""
    return (
        f"Databasen svarer ikke; importen er stoppet{where}. {report.summary()}. "
        "Kør kommandoen igen, når databasen svarer: filer, der allerede er importeret, "
        "genkendes og springes over."
        if done
        else f"Databasen svarer ikke; importen er stoppet{where}, og intet er gemt. "
        "Kør kommandoen igen, når databasen svarer."
    )


def collect_files(paths: list[str]) -> list[Path]:
    """Files as given, and every file under a folder (sorted; hidden files skipped)."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.rglob("*")
                    if child.is_file()
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                )
            )
        else:
            # A missing file is reported as failed with the rest, not fatal to the run.
            found.append(path)
    return found


def import_file(
    data: bytes,
    *,
    filename: str,
    municipality: str = "",
    committee: str = "",
    date: dt.date | None = None,
    uploaded_by: AbstractBaseUser | None = None,
    stored: list[SourceDocument] | None = None,
) -> ImportOutcome:
    """Store, parse and save one file without a preview: the commands' path.

    Raises ``ParseError`` with the Danish message when the file cannot be imported;
    the document is then kept as FAILED (except a file over the size limit, which
    is not stored at all). ``stored``, if given, receives the source document as
    soon as it is kept (the dry run removes its file afterwards).
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
    if stored is not None and document.status == SourceDocument.Status.RECEIVED:
        stored.append(document)
    if document.status != SourceDocument.Status.RECEIVED:
        return ImportOutcome(
            meeting=document.meeting, status=SourceDocument.Status.UNCHANGED, document=document
        )
    parsed = parse_source_document(document)
    return save_meeting(parsed, source_document=document)
