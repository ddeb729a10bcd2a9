"""``manage.py parse_minutes PATH``: print what the parser reads from one file, as JSON.

For checking a new municipality's minutes before importing them: nothing is
saved. The output is the documented shape of ``records.as_json`` (docs/PARSER.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutes.management.arguments import iso_date
from minutes.parsing import ParseError, parse_document
from minutes.parsing.records import as_json


class Command(BaseCommand):
    help = "Parse one minutes file (PDF, HTML, text or JSON) and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the file to parse")
        parser.add_argument("--municipality", help="the kommune, if the file does not say")
        parser.add_argument("--committee", help="the udvalg; wins over the file")
        parser.add_argument("--date", help="the meeting date, YYYY-MM-DD; wins over the file")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        date = iso_date(str(options["date"])) if options.get("date") else None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Filen {path} kan ikke læses: {exc.strerror}.") from exc
        try:
            meeting = parse_document(
                data,
                path.name,
                municipality=options.get("municipality") or None,  # type: ignore[arg-type]
                committee=options.get("committee") or None,  # type: ignore[arg-type]
                date=date,
            )
        except ParseError as exc:
            raise CommandError(f"{path.name}: {exc.user_message}") from exc
        self.stdout.write(json.dumps(as_json(meeting), ensure_ascii=False, indent=2))
