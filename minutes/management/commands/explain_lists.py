"""``manage.py explain_lists``: the query plans of every list page, to compare corpus sizes.

Run it on each corpus with ``--output``, then ``--compare A.json B.json`` says, row by
row, whether the plans are the same (benchmarks/plans.py; docs/PERFORMANCE.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from benchmarks import pages, plans
from minutes.models import AgendaItem


class Command(BaseCommand):
    help = "Viser forespørgselsplanerne for listesiderne og sammenligner to korpusstørrelser."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--analyze", action="store_true", help="EXPLAIN ANALYZE (kører SQL)")
        parser.add_argument("--output", help="gem planerne (JSON) i denne fil")
        parser.add_argument(
            "--compare",
            nargs=2,
            metavar=("A", "B"),
            help="sammenlign to gemte kørsler i stedet for at måle",
        )
        parser.add_argument(
            "--only", action="append", default=[], metavar="TEKST", help="kun rækker med teksten"
        )

    def handle(self, *args, analyze: bool, output, compare, only: list[str], **options) -> None:
        if compare:
            self._compare(*compare)
            return
        items = AgendaItem.objects.count()
        if not items:
            raise CommandError("Databasen har ingen dagsordenspunkter: kør generate_corpus.")
        label = f"{items:,} items, {connection.vendor}"
        with pages.benchmark_settings():
            results = plans.explain_pages(analyze=analyze, only=tuple(only))
        for page in results:
            self.stdout.write(f"== {page.name}  {page.url}")
            for number, query in enumerate(page.queries, 1):
                self.stdout.write(f"-- query {number}: {query.sql[:300]}")
                for line in query.plan if options["verbosity"] > 1 else query.shape:
                    self.stdout.write(f"   {line}")
        if output:
            Path(output).write_text(plans.to_json(results, label=label), encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Planerne ({label}) er gemt i {output}."))

    def _compare(self, first_file: str, second_file: str) -> None:
        try:
            first, second = (
                json.loads(Path(name).read_text()) for name in (first_file, second_file)
            )
        except (OSError, ValueError) as err:
            raise CommandError(f"Kan ikke læse planerne: {err}") from err
        rows = plans.compare(first, second)
        self.stdout.write(
            f"| list page | same plan at {first['label']} and {second['label']} | plan |"
        )
        self.stdout.write("|---|---|---|")
        differing = 0
        details = []
        for name, same, summaries, lines in rows:
            differing += not same
            verdict = "yes" if same else "NO"
            self.stdout.write(f"| {name} | {verdict} | {'<br>'.join(summaries)} |")
            if lines:
                details.append(f"\n{name}:\n" + "\n".join(f"    {line}" for line in lines))
        self.stdout.write("".join(details))
        self.stdout.write(f"\n{len(rows) - differing} of {len(rows)} rows have the same plan.")
