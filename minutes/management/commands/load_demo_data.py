"""``manage.py load_demo_data``: the five seed minutes as demo data, so a new site is not empty.

Imports the files listed in ``minutes/fixtures/demo_minutes.json`` (``importing/demo.py``)
through the same path as the admin upload. Rerunning changes nothing: the files are
recognised by their SHA-256.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutes import search
from minutes.importing.batch import run_import
from minutes.importing.demo import MANIFEST, read_manifest


class Command(BaseCommand):
    help = "Load the five seed minutes as demo data through the import path (safe to rerun)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--manifest", default=str(MANIFEST), help="the JSON list of files and their metadata"
        )

    def handle(self, *args: object, **options: object) -> None:
        files = read_manifest(Path(str(options["manifest"])))
        if search.is_outdated():
            # A development index from before a schema change: rebuilt from the
            # database, so searching the demo data keeps working after a pull.
            self.stdout.write("Søgeindekset er fra en ældre version; det bygges op igen.")
            search.rebuild()
        report = run_import(
            files,
            stdout=self.stdout,
            verbosity=int(options["verbosity"]),  # type: ignore[arg-type]
        )
        if report.failures:
            raise CommandError(f"Demodata: {report.summary()}")
        self.stdout.write(self.style.SUCCESS(f"Demodata: {report.summary()}"))
