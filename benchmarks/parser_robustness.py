"""The parser's robustness run: thousands of hostile and random inputs, each within its budget.

    .venv/bin/python -m benchmarks.parser_robustness [--count 5000] [--seed 17]

Every input must end in a ParsedMeeting or the parser's own ParseError (not its
"internal error" message); the run reports outcomes by kind, the slowest inputs
and the peak memory (tracemalloc) of one parse. Inputs: random and truncated
bytes, byte-flipped seed texts and PDFs, pathological text (blank lines, tabs,
spaces, dots, one long line), nested and flat HTML, record trees with odd
numbers, and hostile PDFs (tests/pdf_builder.py). Figures: docs/RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minutes.parsing import INTERNAL_ERROR, ParseError, parse_document, parse_within_budget  # noqa: E402
from tests.pdf_builder import shared_stream_pdf, text_to_pdf  # noqa: E402

SEEDS = sorted((ROOT / "minutes" / "fixtures" / "seeds").glob("*.txt"))


def _flip(data: bytes, rng: random.Random, flips: int) -> bytes:
    out = bytearray(data)
    for _ in range(flips):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def inputs(count: int, rng: random.Random):
    seeds = [path.read_bytes() for path in SEEDS]
    pdfs = [text_to_pdf(path.read_text(encoding="utf-8")) for path in SEEDS[:3]]
    size = lambda: rng.choice([10, 100, 1_000, 10_000, 100_000])  # noqa: E731
    makers = {
        "random_bytes": lambda: (rng.randbytes(size()), rng.choice(["r.txt", "r.pdf", "r.html"])),
        "truncated_seed": lambda: (rng.choice(seeds)[: rng.randrange(1, 50_000)], "r.txt"),
        "flipped_seed": lambda: (_flip(rng.choice(seeds), rng, rng.randrange(1, 200)), "r.txt"),
        "flipped_pdf": lambda: (_flip(rng.choice(pdfs), rng, rng.randrange(1, 20)), "r.pdf"),
        "truncated_pdf": lambda: ((p := rng.choice(pdfs))[: rng.randrange(8, len(p))], "r.pdf"),
        "blank_lines": lambda: (b"Punkt 1: Titel\n" + b"\n" * size(), "r.txt"),
        "whitespace_line": lambda: (
            b"Punkt 1: Titel\nA" + rng.choice([b"\t", b" ", b".", b"\xc2\xa0"]) * size() + b"x",
            "r.txt",
        ),
        "one_long_line": lambda: (b"Punkt 1: Titel " + b"ord " * size() * 3, "r.txt"),
        "nested_html": lambda: (b"<div>" * size() + b"<p>Punkt 1: Titel</p>", "r.html"),
        "html_paragraphs": lambda: (
            b"<html><body>" + b"<p>Punkt 1: Tekst</p>" * (size() // 10 + 1),
            "r.html",
        ),
        "record_tree_number": lambda: (
            (
                '3 items\n- Navn "Budget"\n- Punktnummer '
                + rng.choice(["¹", "²³", "1" * 5000, "-1", "99999999999", "7"])
                + '\n- Html "<p>x</p>"\n'
            ).encode(),
            "r.txt",
        ),
        "hostile_pdf": lambda: (
            shared_stream_pdf(
                pages=rng.choice([1, 10, 200, 2001]), operations=rng.choice([10, 1_000, 100_000])
            ),
            "r.pdf",
        ),
        "shuffled_lines": lambda: (
            b"\n".join(rng.sample(lines := rng.choice(seeds).split(b"\n"), k=len(lines) // 2)),
            "r.txt",
        ),
    }
    kinds = sorted(makers)
    for number in range(count):
        kind = kinds[number % len(kinds)]
        data, filename = makers[kind]()
        yield kind, data, filename


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--seconds", type=float, default=25.0, help="budget of one parse")
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 (reproducible inputs, not secrets)
    outcomes: Counter[str] = Counter()
    slowest: list[tuple[float, str, int]] = []
    peak = (0, "", 0)
    bugs = 0
    started = time.perf_counter()
    for number, (kind, data, filename) in enumerate(inputs(args.count, rng)):
        # Every parse runs under the budget, as an upload does.
        start = time.perf_counter()
        try:
            parse_within_budget(data, filename, seconds=args.seconds)
            outcome = "read"
        except ParseError as error:
            outcome = "refused: " + error.user_message[:60]
            if error.user_message == INTERNAL_ERROR:
                bugs += 1
                outcome = "INTERNAL ERROR"
        elapsed = time.perf_counter() - start
        if elapsed > args.seconds / 5:
            print(
                f"slow: input {number} ({kind}, {len(data):,} bytes): {elapsed:.1f} s", flush=True
            )
        outcomes[outcome] += 1
        slowest = sorted([*slowest, (elapsed, kind, len(data))], reverse=True)[:5]
        # Memory: every 20th input is parsed once more in this process with tracing
        # on, if it finished well within its budget (tracing slows a parse threefold,
        # and this parse has no budget to stop it).
        if number % 20 == 0 and elapsed < args.seconds / 10:
            tracemalloc.start()
            with contextlib.suppress(ParseError):
                parse_document(data, filename)
            memory = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            if memory > peak[0]:
                peak = (memory, kind, len(data))
    total = time.perf_counter() - started
    print(f"{args.count} inputs in {total:.0f} s; {bugs} internal errors")
    for outcome, number in outcomes.most_common():
        print(f"{number:6d}  {outcome}")
    print("slowest:")
    for elapsed, kind, size in slowest:
        print(f"  {elapsed:6.2f} s  {kind} ({size:,} bytes)")
    print(
        f"peak traced memory of one parse (every 20th input): {peak[0] / 1e6:.1f} MB "
        f"({peak[1]}, {peak[2]:,} bytes)"
    )
    return 1 if bugs else 0


if __name__ == "__main__":
    raise SystemExit(main())
