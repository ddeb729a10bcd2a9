"""The parser's robustness run: thousands of hostile and random inputs, each within its budget.

    nice -n 19 .venv/bin/python -m benchmarks.parser_robustness [--count 5000] [--seed 17]

Every input must end in a ParsedMeeting or the parser's own ParseError (not its
"internal error" message); the run reports, per kind of input, how many were
read, refused with the parser's own message or stopped by the budget, the
slowest inputs, and the peak memory of one parse. Inputs: random and truncated
bytes, byte-flipped seed texts, PDFs made from them and the real PDF among the
samples, pathological text (blank lines, tabs, spaces, dots, one long line),
nested and flat HTML, record trees with odd numbers, and hostile PDFs
(tests/pdf_builder.py). Figures: docs/RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minutes.parsing import INTERNAL_ERROR, ParseError, parse_document, parse_within_budget  # noqa: E402
from minutes.parsing.budget import TOO_MUCH_MEMORY, TOO_SLOW  # noqa: E402

SEEDS = sorted((ROOT / "minutes" / "fixtures" / "seeds").glob("*.txt"))
REAL_PDF = ROOT / "tests" / "fixtures" / "samples" / "aarhus-byraad-2025-08-27.pdf"
OVER_TIME = TOO_SLOW.split("{")[0]


def _flip(data: bytes, rng: random.Random, flips: int) -> bytes:
    out = bytearray(data)
    for _ in range(flips):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def inputs(count: int, rng: random.Random):
    """``count`` inputs as (round, kind, data, filename), a round being one input of each kind."""
    # Imported here: each budget child imports this module again as its main
    # module, and it needs no reportlab.
    from tests.pdf_builder import shared_stream_pdf, text_to_pdf

    seeds = [path.read_bytes() for path in SEEDS]
    pdfs = [text_to_pdf(path.read_text(encoding="utf-8")) for path in SEEDS[:3]]
    real_pdf = REAL_PDF.read_bytes()
    size = lambda: rng.choice([10, 100, 1_000, 10_000, 100_000])  # noqa: E731
    makers = {
        "random_bytes": lambda: (rng.randbytes(size()), rng.choice(["r.txt", "r.pdf", "r.html"])),
        "truncated_seed": lambda: (rng.choice(seeds)[: rng.randrange(1, 50_000)], "r.txt"),
        "flipped_seed": lambda: (_flip(rng.choice(seeds), rng, rng.randrange(1, 200)), "r.txt"),
        "flipped_pdf": lambda: (_flip(rng.choice(pdfs), rng, rng.randrange(1, 20)), "r.pdf"),
        "truncated_pdf": lambda: ((p := rng.choice(pdfs))[: rng.randrange(8, len(p))], "r.pdf"),
        "flipped_real_pdf": lambda: (_flip(real_pdf, rng, rng.randrange(1, 20)), "r.pdf"),
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
                pages=rng.choice([1, 10, 200, 2001]),
                operations=rng.choice([10, 100, 1_000, 100_000]),
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
        yield number // len(kinds), kind, data, filename


def outcome_of(data: bytes, filename: str, *, seconds: float) -> str:
    """How a parse under the budget ended: read, refused, over time or memory, internal error."""
    # Every parse runs under the budget, as an upload does.
    try:
        parse_within_budget(data, filename, seconds=seconds)
    except ParseError as error:
        if error.user_message == INTERNAL_ERROR:
            return "internal error"
        if error.user_message.startswith(OVER_TIME):
            return "over time"
        if error.user_message == TOO_MUCH_MEMORY:
            return "over memory"
        return "refused"
    return "read"


def _peak_memory(data: bytes, filename: str) -> int:
    """Peak resident memory, in bytes, of a forked process that parses ``data``.

    Resident memory counts what pypdf and lxml allocate in C as well, which
    tracemalloc would miss; an idle fork's figure is subtracted by the caller.
    """
    receiver, sender = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_parse_and_measure, args=(sender, data, filename))
    child.start()
    sender.close()
    try:
        return receiver.recv()
    except EOFError:
        return 0
    finally:
        receiver.close()
        child.join()


def _parse_and_measure(sender, data: bytes, filename: str) -> None:
    if data:
        with contextlib.suppress(ParseError):
            parse_document(data, filename)
    sender.send(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)  # kB on Linux
    sender.close()


_FORK = multiprocessing.get_context("fork")
COLUMNS = ("read", "refused", "over time", "over memory", "internal error")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--seconds", type=float, default=25.0, help="budget of one parse")
    parser.add_argument(
        "--memory-every", type=int, default=1, help="measure the memory of 1 round in N"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 (reproducible inputs, not secrets)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    slowest_of_kind: dict[str, tuple[float, int]] = {}
    slowest: list[tuple[float, str, int]] = []
    import pypdf  # noqa: F401 (in the idle fork's figure, as in the budget's fork server)

    idle = _peak_memory(b"", "")
    peak = (0, "", 0)
    started = time.perf_counter()
    for number, (round_, kind, data, filename) in enumerate(inputs(args.count, rng)):
        start = time.perf_counter()
        outcome = outcome_of(data, filename, seconds=args.seconds)
        elapsed = time.perf_counter() - start
        if elapsed > args.seconds / 5:
            print(
                f"slow: input {number} ({kind}, {len(data):,} bytes): {elapsed:.1f} s", flush=True
            )
        by_kind[kind][outcome] += 1
        if elapsed > slowest_of_kind.get(kind, (0.0, 0))[0]:
            slowest_of_kind[kind] = (elapsed, len(data))
        slowest = sorted([*slowest, (elapsed, kind, len(data))], reverse=True)[:5]
        # Memory, in every Nth round of kinds, from a second parse in a forked process
        # without a budget: only for inputs that finished well within theirs.
        measured = outcome in ("read", "refused") and elapsed < args.seconds / 10
        if round_ % args.memory_every == 0 and measured:
            memory = _peak_memory(data, filename) - idle
            if memory > peak[0]:
                peak = (memory, kind, len(data))
    total = time.perf_counter() - started
    totals = sum(by_kind.values(), Counter())
    print(f"{args.count} inputs in {total:.0f} s (seed {args.seed}, budget {args.seconds:g} s)")
    print(f"{'kind':20} {'inputs':>6} " + " ".join(f"{c:>14}" for c in COLUMNS) + "  slowest")
    for kind in sorted(by_kind):
        counts = by_kind[kind]
        elapsed, size = slowest_of_kind[kind]
        print(
            f"{kind:20} {sum(counts.values()):6d} "
            + " ".join(f"{counts[c]:14d}" for c in COLUMNS)
            + f"  {elapsed:.2f} s ({size:,} bytes)"
        )
    print(f"{'all':20} {sum(totals.values()):6d} " + " ".join(f"{totals[c]:14d}" for c in COLUMNS))
    print("slowest:")
    for elapsed, kind, size in slowest:
        print(f"  {elapsed:6.2f} s  {kind} ({size:,} bytes)")
    print(
        f"peak memory of one parse (1 round in {args.memory_every}, resident, above an idle "
        f"fork of {idle / 1e6:.0f} MB): {peak[0] / 1e6:.1f} MB ({peak[1]}, {peak[2]:,} bytes)"
    )
    return 1 if totals["internal error"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
