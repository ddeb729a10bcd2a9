"""``manage.py import_minutes PATH...``: import minutes files and folders without the admin.

The same path as the admin upload (importing.py: store, parse, save), minus the
preview. A file that fails is reported and the rest go on; the exit code is
non-zero if any failed. Rerunning is safe: a file imported before is recognised
by its SHA-256 and counted as unchanged.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from tqdm import tqdm

from minutes import search
from minutes.import_preview import preview_import
from minutes.importing import check_complete, import_file, size_error
from minutes.models import SourceDocument
from minutes.parsing import ParseError, parse_document

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


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ugyldig dato '{value}': skriv den som ÅÅÅÅ-MM-DD.") from exc


def import_one(file: FileToImport, *, dry_run: bool = False) -> SourceDocument.Status:
    """Import one file; raises ParseError with the Danish reason if it cannot be imported."""
    try:
        data = file.path.read_bytes()
    except OSError as exc:
        raise ParseError(f"Filen kan ikke læses ({exc.strerror}).") from exc
    if not dry_run:
        outcome = import_file(
            data,
            filename=file.path.name,
            municipality=file.municipality,
            committee=file.committee,
            date=file.date,
        )
        return outcome.status
    # A dry run parses and compares, and writes nothing: not even the source document.
    message = size_error(len(data))
    if message:
        raise ParseError(message)
    parsed = parse_document(
        data,
        file.path.name,
        municipality=file.municipality or None,
        committee=file.committee or None,
        date=file.date,
    )
    check_complete(parsed)
    preview = preview_import(parsed)
    if not preview.is_update:
        return SourceDocument.Status.IMPORTED
    return SourceDocument.Status.UPDATED if preview.has_changes else SourceDocument.Status.UNCHANGED


def run_import(
    files: list[FileToImport], *, stdout: OutputWrapper, verbosity: int = 1, dry_run: bool = False
) -> ImportReport:
    """Import each file in turn, with a progress bar on a terminal, plain lines otherwise."""
    report = ImportReport()
    # A terminal's stdout is sys.stdout; tqdm needs the raw stream, not Django's wrapper.
    on_terminal = stdout.isatty() and verbosity >= 1
    progress: Iterable[FileToImport] = files
    if on_terminal:
        progress = tqdm(files, desc="Importerer", unit="fil", file=sys.stdout)
    # One search index commit per batch of meetings, not one per file.
    with search.batched_indexing():
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
    return report


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


class Command(BaseCommand):
    help = (
        "Import minutes files (PDF, HTML, text or JSON) and folders of them through the "
        "same path as the admin upload, without a preview."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files and folders")
        parser.add_argument(
            "--municipality", default="", help="the kommune, if the files do not say"
        )
        parser.add_argument("--committee", default="", help="the udvalg; wins over the files")
        parser.add_argument("--date", help="the meeting date, YYYY-MM-DD; wins over the files")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and compare, save nothing"
        )

    def handle(self, *args: object, **options: object) -> None:
        date = iso_date(str(options["date"])) if options.get("date") else None
        files = [
            FileToImport(
                path=path,
                municipality=str(options["municipality"]),
                committee=str(options["committee"]),
                date=date,
            )
            for path in collect_files(list(options["paths"]))  # type: ignore[arg-type]
        ]
        if not files:
            raise CommandError("Der er ingen filer at importere.")
        report = run_import(
            files,
            stdout=self.stdout,
            verbosity=int(options["verbosity"]),  # type: ignore[arg-type]
            dry_run=bool(options["dry_run"]),
        )
        summary = report.summary()
        if options["dry_run"]:
            summary = f"Prøvekørsel, intet gemt. {summary}"
        if report.failures:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
