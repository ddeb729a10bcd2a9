"""The demo data: the five seed minutes and what a clerk would type for each.

The seeds are real published minutes (``minutes/fixtures/seeds/``); the benchmarks'
corpus recombines their text and the tests read them too. The manifest
``minutes/fixtures/demo_minutes.json`` gives each seed's file, relative to the
project, and the municipality, committee and date where the document lacks them.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from ..management.arguments import iso_date
from .batch import FileToImport

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS_DIR = FIXTURES_DIR / "seeds"
MANIFEST = FIXTURES_DIR / "demo_minutes.json"


def read_manifest(path: Path) -> list[FileToImport]:
    """The files of a demo manifest with their metadata; CommandError if it is unreadable."""
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
