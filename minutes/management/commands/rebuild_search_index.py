"""Rebuild the full-text search index from the database.

The database is the truth and the index is derived from it: this command
rebuilds it from scratch (after a schema change, a lost volume, or to catch up
meetings an index failure left "not yet searchable"). Searches keep answering
from the old index until the new one is committed at the end.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from minutes import search
from minutes.models import AgendaItem


class Command(BaseCommand):
    help = "Genopbyg søgeindekset fra databasen (alle offentlige dagsordenspunkter)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tæl kun de punkter, der ville blive indekseret.",
        )
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=search.WRITER_LOCK_TIMEOUT,
            help="Sekunder der ventes på en anden skriver (fx en import) før der gives op.",
        )

    def handle(self, *args, dry_run: bool, lock_timeout: float, verbosity: int, **options) -> None:
        total = AgendaItem.objects.public().count()
        if dry_run:
            self.stdout.write(f"{total} punkter ville blive indekseret.")
            return
        # A progress bar on a terminal; plain lines (one per tenth) otherwise.
        interactive = verbosity > 0 and hasattr(self.stdout, "isatty") and self.stdout.isatty()
        bar = tqdm(total=total, unit="punkter", file=sys.stderr) if interactive else None
        done = 0
        next_report = max(total // 10, 1)

        def progress(added: int) -> None:
            nonlocal done, next_report
            done += added
            if bar is not None:
                bar.update(added)
            elif verbosity > 1 or (verbosity > 0 and done >= next_report):
                self.stdout.write(f"{done} af {total} punkter indekseret")
                next_report = done + max(total // 10, 1)

        try:
            count = search.rebuild(progress=progress, lock_timeout=lock_timeout)
        except search.WriterBusy as error:
            raise CommandError(
                "Søgeindekset er optaget af en anden skriver (fx en import); prøv igen."
            ) from error
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(self.style.SUCCESS(f"Søgeindekset er genopbygget: {count} punkter."))
