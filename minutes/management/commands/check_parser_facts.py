"""``manage.py check_parser_facts FOLDER``: the share of hand-read facts the parser holds.

FOLDER holds minutes and an ``expected.py`` (see ``tests/fixtures/samples/expected.py``
for the keys). Prints one line per document and the share over all; ``--verbose``
also lists each fact that does not hold. Exits non-zero below ``--need``.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutes.parsing.factcheck import check_folder, summary


class Command(BaseCommand):
    help = "Hold the parser against the facts in FOLDER/expected.py and print the share held."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="a folder with documents and an expected.py")
        parser.add_argument("--verbose", action="store_true", help="list every fact that fails")
        parser.add_argument("--need", type=float, default=0.0, help="fail below this share (0-1)")

    def handle(self, *args: object, **options: object) -> None:
        folder = Path(str(options["folder"]))
        if not (folder / "expected.py").is_file():
            raise CommandError(f"{folder} har ingen expected.py.")
        results = check_folder(folder)
        for result in results:
            self.stdout.write(
                f"{result.held:4}/{result.total:<4} {result.share:6.1%}  {result.name}"
            )
            if options["verbose"]:
                for line in result.failed:
                    self.stdout.write(f"            - {line}")
        held, total = summary(results)
        share = held / total if total else 1.0
        self.stdout.write(
            f"I alt: {held}/{total} fakta holder ({share:.1%}) i {len(results)} dokumenter."
        )
        if share < float(options["need"]):  # type: ignore[arg-type]
            raise CommandError(f"Under det krævede {float(options['need']):.0%}.")  # type: ignore[arg-type]
