"""``manage.py benchmark_parser``: how fast the parser reads each seed, as text and as PDF.

A benchmark, not a timed test: the figures depend on the machine, so they are
written into docs/PARSER.md ("Speed") by hand, not asserted. The PDFs are built
from the seed texts with reportlab, a development dependency; without it only
the texts are measured.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutes.importing.demo import SEEDS_DIR
from minutes.parsing import ParseError, parse_document

# The checkout's root: minutes/management/commands/ is three levels below it.
ROOT = Path(__file__).resolve().parents[3]
# Real published PDFs (the 28-page Aarhus referat), measured beside the built ones.
SAMPLES_DIR = ROOT / "tests" / "fixtures" / "samples"


class Command(BaseCommand):
    help = (
        "Parse every seed (and a PDF made from it) and the sample PDFs many times; "
        "print median, p95, CPU time, MB/s and pages/s."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=50, help="parses per text seed")
        parser.add_argument(
            "--pdf-repeat", type=int, default=10, help="parses per PDF (0: no PDFs)"
        )
        parser.add_argument("--seeds", default=str(SEEDS_DIR), help="folder of seed .txt files")
        parser.add_argument(
            "--samples", default=str(SAMPLES_DIR), help="folder of real PDFs, also measured"
        )

    def handle(self, *args: object, **options: object) -> None:
        seeds = sorted(Path(str(options["seeds"])).glob("*.txt"))
        if not seeds:
            raise CommandError(f"Ingen seeds i {options['seeds']}.")
        inputs = [(path.name, path.read_bytes(), int(options["repeat"])) for path in seeds]
        pdf_repeat = int(options["pdf_repeat"])
        if pdf_repeat > 0:
            inputs += self._pdfs(seeds, pdf_repeat)
            samples = sorted(Path(str(options["samples"])).glob("*.pdf"))
            inputs += [(path.name, path.read_bytes(), pdf_repeat) for path in samples]
        self.stdout.write(
            f"{'file':<40} {'kB':>7} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7}"
            f" {'items':>6} {'pages':>6} {'pages/s':>8}"
        )
        totals: dict[str, list[float]] = {"text": [0.0, 0.0], "pdf": [0.0, 0.0]}
        pages_total = [0, 0.0]
        for name, data, repeat in inputs:
            timings, cpu, items = self._measure(name, data, repeat)
            kind = "pdf" if name.endswith(".pdf") else "text"
            totals[kind][0] += len(data) * repeat
            totals[kind][1] += sum(timings)
            median = statistics.median(timings)
            pages = _pages(data) if kind == "pdf" else 0
            per_second = f"{pages / median:>8.0f}" if pages else f"{'':>8}"
            pages_total[0] += pages * len(timings)
            pages_total[1] += sum(timings) if pages else 0.0
            self.stdout.write(
                f"{name:<40} {len(data) / 1024:>7.1f} {median * 1000:>10.1f}"
                f" {_p95(timings) * 1000:>8.1f} {statistics.median(cpu) * 1000:>7.1f}"
                f" {items:>6} {pages or '':>6} {per_second}"
            )
        for kind, (size, seconds) in totals.items():
            if seconds:
                self.stdout.write(
                    self.style.SUCCESS(f"{kind}: {size / seconds / 1_000_000:.2f} MB/s over all")
                )
        if pages_total[1]:
            self.stdout.write(
                self.style.SUCCESS(f"pdf: {pages_total[0] / pages_total[1]:.0f} pages/s over all")
            )

    def _measure(self, name: str, data: bytes, repeat: int) -> tuple[list[float], list[float], int]:
        # Wall clock and this process's CPU time: on a shared machine the wall clock also
        # counts the time other processes had the CPU, the CPU time does not.
        timings = []
        cpu = []
        items = 0
        for _ in range(max(repeat, 1)):
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                items = len(parse_document(data, name).items)
            except ParseError as error:
                raise CommandError(f"{name}: {error.user_message}") from error
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        return timings, cpu, items

    def _pdfs(self, seeds: list[Path], repeat: int) -> list[tuple[str, bytes, int]]:
        try:
            # The builder lives with the tests; reportlab is a dev dependency.
            from tests.pdf_builder import text_to_pdf
        except ImportError:
            self.stderr.write("reportlab mangler: kun tekstfilerne måles.")
            return []
        return [
            (path.with_suffix(".pdf").name, text_to_pdf(path.read_text(encoding="utf-8")), repeat)
            for path in seeds
        ]


def _pages(data: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)


def _p95(timings: list[float]) -> float:
    if len(timings) < 2:
        return timings[0]
    return statistics.quantiles(timings, n=20, method="inclusive")[18]
