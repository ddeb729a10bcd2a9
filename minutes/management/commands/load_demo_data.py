"""``manage.py load_demo_data``: the five seed minutes as demo data, so a new site is not empty.

Reads ``minutes/fixtures/demo_minutes.json`` (each seed's file, relative to the
project, and the municipality, committee and date a clerk would type; see
DOMAIN.md) and imports the files through the same path as the admin upload.
Rerunning changes nothing: the files are recognised by their SHA-256.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutes import search

from .import_minutes import FileToImport, iso_date, run_import

MANIFEST = Path(__file__).resolve().parents[2] / "fixtures" / "demo_minutes.json"


def read_manifest(path: Path) -> list[FileToImport]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Demodata-manifestet {path} kan ikke læses: {exc}") from exc
    return [
        FileToImport(
            path=Path(settings.BASE_DIR) / seed["file"],
            municipality=seed.get("municipality") or "",
            committee=seed.get("committee") or "",
            date=iso_date(seed["date"]) if seed.get("date") else None,
        )
        for seed in manifest["seeds"]
    ]


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
