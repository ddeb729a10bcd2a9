"""``manage.py benchmark``: p50/p95/p99 and SQL queries for every page, on the current database.

Meant for the synthetic corpus (``generate_corpus``) on PostgreSQL; see
docs/PERFORMANCE.md for the figures and how to reproduce them. The upload and import
rows write real meetings under "Benchmark Kommune" and delete them again.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from benchmarks import pages
from minutes.models import AgendaItem


class Command(BaseCommand):
    help = "Måler svartider og SQL-forespørgsler for hver side på den aktuelle database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--requests", type=int, default=50, help="forespørgsler pr. side (mindst 2; 50)"
        )
        parser.add_argument("--seed", type=int, default=1, help="startværdi for parametrene")
        parser.add_argument("--output", help="skriv rapporten (Markdown) til denne fil")
        parser.add_argument(
            "--read-only",
            action="store_true",
            help="spring upload og import over (skriver intet i databasen)",
        )
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="TEKST",
            help="mål kun rækker hvis navn indeholder teksten (kan gentages), fx --only feed",
        )
        parser.add_argument(
            "--skip",
            action="append",
            default=[],
            metavar="TEKST",
            help="spring rækker over hvis navn indeholder teksten (kan gentages), fx --skip naive",
        )
        parser.add_argument(
            "--cold",
            action="store_true",
            help="mål også rækker med tømt sidecache (kræver root: /proc/sys/vm/drop_caches)",
        )
        parser.add_argument("--json", help="skriv de rå målinger (JSON) til denne fil")
        parser.add_argument(
            "--process-imports",
            type=int,
            default=0,
            metavar="N",
            help="tid N import_minutes-processer (med opstart) mod miljøets database (0)",
        )

    def handle(
        self,
        *args,
        requests: int,
        seed: int,
        output: str | None,
        read_only: bool,
        only: list[str],
        skip: list[str],
        cold: bool,
        json: str | None,
        process_imports: int,
        **options,
    ) -> None:
        if requests < 2:
            raise CommandError("--requests skal være mindst 2.")
        verbosity = options["verbosity"]
        started = time.monotonic()
        load_before = os.getloadavg()
        try:
            results = pages.run(
                requests=requests,
                seed=seed,
                include_writes=not read_only,
                only=tuple(only),
                skip=tuple(skip),
                cold=cold,
                process_imports=process_imports,
                quiet=verbosity < 2,
                progress=(lambda line: self.stderr.write(f"  {line}"))
                if verbosity > 1
                else (lambda line: None),
            )
        except ValueError as err:
            raise CommandError(str(err)) from err
        report = (
            self._header(requests, time.monotonic() - started, load_before, os.getloadavg())
            + "\n"
            + pages.markdown_table(results)
        )
        self.stdout.write(report)
        if json:
            header = {
                "items": AgendaItem.objects.count(),
                "vendor": connection.vendor,
                "server": _server_version(),
                "load_before": load_before,
                "load_after": os.getloadavg(),
            }
            Path(json).write_text(pages.to_json(results, header), encoding="utf-8")
        if output:
            Path(output).write_text(report, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Rapporten er skrevet til {output}."))

    def _header(
        self,
        requests: int,
        elapsed: float,
        load_before: tuple[float, float, float],
        load_after: tuple[float, float, float],
    ) -> str:
        items = AgendaItem.objects.count()
        # The load average beside the figures: on a shared machine it explains their noise.
        return (
            f"Benchmark: {items:,} agenda items, {connection.vendor} "
            f"({_server_version()}), {requests} requests per page, "
            f"Python {platform.python_version()}, {elapsed:.0f} s, {os.cpu_count()} cores, "
            f"load average (1/5/15 min) {_load(load_before)} at the start, "
            f"{_load(load_after)} at the end.\n"
        )


def _load(load: tuple[float, float, float]) -> str:
    return "/".join(f"{value:.1f}" for value in load)


def _server_version() -> str:
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    return f"SQLite {connection.Database.sqlite_version}"
