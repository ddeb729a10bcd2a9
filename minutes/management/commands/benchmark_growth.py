"""``manage.py benchmark_growth``: the benchmark on several corpora in turn, with growth ratios.

See benchmarks/growth.py and docs/PERFORMANCE.md.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks import growth


class Command(BaseCommand):
    help = (
        "Kører benchmark på to eller tre korpusser på skift under samme belastning "
        "og viser væksten pr. række."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus",
            action="append",
            required=True,
            metavar="NAVN=DATABASE_URL|MAPPE",
            help="et korpus; det første er grundlaget for væksten (gentages)",
        )
        parser.add_argument("--rounds", type=int, default=5, help="runder (5)")
        parser.add_argument(
            "--requests", type=int, default=10, help="forespørgsler pr. række pr. runde (10)"
        )
        parser.add_argument("--output", help="skriv rapporten (Markdown) til denne fil")
        parser.add_argument(
            "--benchmark-args",
            default="",
            help='argumenter til hver benchmark-kørsel, fx "--read-only --skip naive"',
        )

    def handle(self, *args, corpus, rounds, requests, output, benchmark_args, **options) -> None:
        if rounds < 1 or requests < 2:
            raise CommandError("--rounds skal være mindst 1 og --requests mindst 2.")
        try:
            corpora = [growth.parse_corpus(text) for text in corpus]
        except ValueError as err:
            raise CommandError(str(err)) from err
        report = growth.run(
            corpora,
            rounds=rounds,
            requests=requests,
            extra=benchmark_args.split(),
            progress=lambda line: self.stderr.write(line),
        )
        self.stdout.write(report)
        if output:
            Path(output).write_text(report, encoding="utf-8")
