"""``manage.py import_minutes PATH...``: import minutes files and folders without the admin.

A thin wrapper over ``minutes.importing.batch``; the exit code is non-zero if any file failed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutes import kommuner
from minutes.importing.batch import FileToImport, collect_files, run_import
from minutes.management.arguments import iso_date


class Command(BaseCommand):
    help = (
        "Import minutes files (PDF, HTML, text or JSON) and folders of them through the "
        "same path as the admin upload, without a preview."
    )
    # The system checks load every URLconf and the API schema's views: 0.2 s of CPU in
    # each run, which a run per file pays again (docs/PERFORMANCE.md); deploys and
    # migrate run them.
    requires_system_checks: list[str] = []

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
        municipality = " ".join(str(options["municipality"]).split())
        if municipality:
            # Refused before any file is stored, as the upload form refuses it; a name
            # a document gives is checked per file on the same import path.
            kommune = kommuner.find(municipality)
            if kommune is None:
                raise CommandError(kommuner.UNKNOWN_KOMMUNE.format(name=municipality))
            municipality = kommune.name
        files = [
            FileToImport(
                path=path,
                municipality=municipality,
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
