"""Generate a synthetic national corpus for the benchmarks: ``generate_corpus --size N``.

98 municipalities with about 20 committees each, ten years of meetings, about 12
agenda items per meeting, text recombined from the seed minutes, case numbers that
recur across meetings and committees, earlier decisions, attachments and closed
items. COPY on PostgreSQL, bulk_create on SQLite, all in one transaction: an
interrupted run leaves nothing behind. The same size and seed give the same corpus.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, transaction

from benchmarks.corpus import (
    TABLES,
    CommitteeRef,
    CorpusGenerator,
    ensure_municipalities_and_committees,
    meetings_estimate,
    next_ids,
    payload_bytes,
    vacuum_postgresql,
    writer_for_database,
)
from benchmarks.textpool import COMMITTEES, MUNICIPALITIES, TextPool
from minutes.models import Meeting

# Database bytes per byte of payload (row headers, TOAST, the indexes): measured on
# PostgreSQL 15 with the 1,000,000-item corpus, see docs/PERFORMANCE.md.
STORAGE_FACTOR = 1.15
# Room for the write-ahead log and the index builds on top of the corpus itself.
HEADROOM = 1.5
SAMPLE_ITEMS = 3000


class Command(BaseCommand):
    help = "Genererer et syntetisk korpus af dagsordenspunkter til benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size", type=int, default=1_000_000, help="antal dagsordenspunkter (1.000.000)"
        )
        parser.add_argument("--seed", type=int, default=1, help="startværdi for tilfældighed")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="beregn kun pladsbehovet; skriv intet",
        )

    def handle(self, *args, size: int, seed: int, dry_run: bool, **options) -> None:
        if size < 1:
            raise CommandError("--size skal være mindst 1.")
        verbosity = options["verbosity"]
        pool = TextPool.from_seeds()

        needed = self._estimate_bytes(size=size, seed=seed, pool=pool)
        folder = self._database_folder()
        free = shutil.disk_usage(folder).free
        self.stdout.write(
            f"Korpus med {size:,} punkter (ca. {meetings_estimate(size):,} møder) fylder "
            f"ca. {_gb(needed)} i databasen; {_gb(free)} fri plads i {folder}."
        )
        if needed * HEADROOM > free:
            raise CommandError(
                f"Ikke plads nok: korpuset kræver ca. {_gb(needed * HEADROOM)} "
                f"inkl. plads til transaktionslog, men der er kun {_gb(free)} fri."
            )
        if dry_run:
            return

        started = time.monotonic()
        written = meetings = 0
        with transaction.atomic():
            committees = ensure_municipalities_and_committees(seed=seed)
            taken = set(Meeting.objects.values_list("committee_id", "date", "sequence"))
            generator = CorpusGenerator(
                size=size,
                seed=seed,
                pool=pool,
                committees=committees,
                first_ids=next_ids(),
                taken_meeting_keys=taken,
            )
            write, finish = writer_for_database()
            with self._progress(size, verbosity) as progress:
                for batch in generator.batches():
                    try:
                        write(batch)
                    except DatabaseError as err:
                        raise CommandError(f"Databasen afviste korpuset: {err}") from err
                    written += batch.item_count
                    meetings += len(batch.rows[Meeting])
                    progress(batch.item_count)
            finish()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{written:,} punkter i {meetings:,} møder genereret "
                f"på {elapsed:,.0f} s ({written / max(elapsed, 1e-9):,.0f} punkter/s)."
            )
        )
        if connection.vendor == "postgresql":
            started = time.monotonic()
            if vacuum_postgresql():
                self.stdout.write(f"VACUUM (ANALYZE) på {time.monotonic() - started:,.0f} s.")
            else:
                self.stdout.write("VACUUM sprunget over: kaldt inde i en transaktion.")
        if connection.vendor == "postgresql":
            self.stdout.write(f"Databasens størrelse nu: {_gb(_postgresql_size())}.")

    def _estimate_bytes(self, *, size: int, seed: int, pool: TextPool) -> int:
        """Generate a small sample in memory and scale its measured size up."""
        sample_size = min(size, SAMPLE_ITEMS)
        sample = CorpusGenerator(
            size=sample_size,
            seed=seed,
            pool=pool,
            committees=_sample_committees(),
            first_ids=dict.fromkeys(TABLES, 1),
        )
        sample_bytes = sum(payload_bytes(batch) for batch in sample.batches())
        return int(sample_bytes / sample_size * size * STORAGE_FACTOR)

    def _database_folder(self) -> Path:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                try:
                    cursor.execute("SHOW data_directory")
                    folder = Path(cursor.fetchone()[0])
                except DatabaseError:
                    folder = None  # not a superuser: the server's disk is not ours to see
            if folder is not None and folder.exists():
                return folder
            return Path(settings.BASE_DIR)
        return Path(settings.DATABASES["default"]["NAME"]).resolve().parent

    def _progress(self, total: int, verbosity: int):
        return _Progress(total, stream=self.stdout, verbosity=verbosity)


class _Progress:
    """tqdm on a terminal; a plain line every tenth otherwise."""

    def __init__(self, total: int, *, stream, verbosity: int) -> None:
        self.total = total
        self.stream = stream
        self.verbosity = verbosity
        self.done = 0
        self.next_report = total / 10
        self.bar = None

    def __enter__(self):
        if self.verbosity and sys.stdout.isatty() and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="punkter", unit_scale=True)
        return self

    def __call__(self, count: int) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
        elif self.verbosity and self.done >= self.next_report:
            self.stream.write(f"  {self.done:,} af {self.total:,} punkter")
            self.next_report += self.total / 10

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.close()


def _sample_committees() -> list[CommitteeRef]:
    """Stand-ins for the real committees: the estimate must not write anything."""
    return [
        CommitteeRef(m * 100 + c, m, m, name)
        for m in range(len(MUNICIPALITIES))
        for c, name in enumerate(COMMITTEES)
    ]


def _postgresql_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def _gb(size: float) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    return f"{size / 1024**2:.0f} MB"
