"""Load test over real HTTP: concurrent readers against the app on 127.0.0.1, optionally
through a PostgreSQL restart.

    python benchmarks/load_test.py --base-url http://127.0.0.1:8000 --readers 50 --duration 60
    python benchmarks/load_test.py ... --restart-at 20 \
        --restart-command "pg_ctlcluster --skip-systemctl-redirect 15 main restart" \
        --import-during-restart

The URLs are drawn from the database the app uses (the same environment: DATABASE_URL
and the rest), with the page mix of ``manage.py benchmark``; the readers themselves use
only the standard library. Bounded: a fixed number of threads for a fixed time, and
only against 127.0.0.1. See docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import shlex
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
URLS_PER_PAGE = 40
TRY_AGAIN_TEXT = "Prøv igen"


@dataclass(frozen=True, slots=True)
class Sample:
    at: float  # seconds since the run started
    page: str
    status: int  # 0: no HTTP answer (refused, reset, timeout)
    latency_ms: float
    problem: str = ""


@dataclass
class ImportRun:
    """import_minutes started in a loop around the restart: what each run said."""

    exit_codes: Counter = field(default_factory=Counter)
    runs: list[tuple[float, float, int]] = field(default_factory=list)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def page_mix(seed: int) -> list[tuple[str, str]]:
    """(page, path) pairs: every public page row of the benchmark, URLS_PER_PAGE of each."""
    from django.db import connection

    from benchmarks.pages import Samples, page_cases

    rng = random.Random(seed)  # noqa: S311 - repeatable, not secret
    samples = Samples.from_database(rng, URLS_PER_PAGE * 2)
    mix = [
        (name, url) for name, _kind, urls in page_cases(samples, rng, URLS_PER_PAGE) for url in urls
    ]
    connection.close()  # the readers do not need it; the restart would break it anyway
    return mix


def reader(
    *,
    host: str,
    port: int,
    mix: list[tuple[str, str]],
    started: float,
    stop_at: float,
    samples: list[Sample],
    seed: int,
) -> None:
    rng = random.Random(seed)  # noqa: S311 - repeatable, not secret
    connection = http.client.HTTPConnection(host, port, timeout=30)
    while time.monotonic() < stop_at:
        page, path = rng.choice(mix)
        begun = time.monotonic()
        status, problem = 0, ""
        try:
            connection.request("GET", path, headers={"Host": host})
            response = connection.getresponse()
            body = response.read()
            status = response.status
            if status == 503 and TRY_AGAIN_TEXT.encode() not in body:
                problem = "503 without the Danish try-again page"
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException) as err:
            problem = type(err).__name__
            connection.close()
        end = time.monotonic()
        samples.append(Sample(begun - started, page, status, (end - begun) * 1000, problem))
    connection.close()


def import_loop(
    *, run: ImportRun, started: float, until: threading.Event, env: dict[str, str]
) -> None:
    """import_minutes, one meeting at a time, each with its own date, until told to stop."""
    from benchmarks.pages import BENCHMARK_MUNICIPALITY, UPLOAD_COMMITTEE, UPLOAD_SEED
    from minutes.importing.demo import SEEDS_DIR

    day = 0
    while not until.is_set():
        day += 1
        begun = time.monotonic() - started
        completed = subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "import_minutes",
                str(SEEDS_DIR / UPLOAD_SEED),
                "--municipality",
                BENCHMARK_MUNICIPALITY,
                "--committee",
                UPLOAD_COMMITTEE,
                "--date",
                (dt.date(2050, 1, 1) + dt.timedelta(days=day)).isoformat(),
                "-v",
                "0",
            ],
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        run.exit_codes[completed.returncode] += 1
        run.runs.append((begun, time.monotonic() - started, completed.returncode))


def check_imports() -> tuple[int, int, int]:
    """(meetings, whole, partial) for the meetings the import loop wrote."""
    from django.db import connection
    from django.db.models import Count

    from benchmarks.pages import BENCHMARK_MUNICIPALITY, UPLOAD_COMMITTEE, UPLOAD_SEED
    from minutes.importing.demo import SEEDS_DIR
    from minutes.models import Meeting
    from minutes.parsing import parse_document

    connection.close()  # opened before the restart: the server has dropped it
    expected = len(parse_document((SEEDS_DIR / UPLOAD_SEED).read_bytes(), UPLOAD_SEED).items)
    counts = Meeting.objects.filter(
        municipality__name=BENCHMARK_MUNICIPALITY, committee__name=UPLOAD_COMMITTEE
    ).annotate(n=Count("items"))
    sizes = [meeting.n for meeting in counts]
    whole = sum(1 for size in sizes if size == expected)
    return len(sizes), whole, len(sizes) - whole


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)]


def report(
    samples: list[Sample],
    *,
    duration: float,
    readers: int,
    restart: tuple[float, float] | None,
) -> tuple[str, int]:
    """The Markdown summary and the number of errors (answers that are not allowed)."""
    ok = [s for s in samples if 200 <= s.status < 400]
    statuses = Counter(s.status for s in samples)
    errors = [
        s
        for s in samples
        if s.problem or not (200 <= s.status < 400 or (s.status == 503 and restart))
    ]
    latencies = [s.latency_ms for s in ok]
    lines = [
        f"- readers: {readers}, duration: {duration:.0f} s, requests: {len(samples):,}",
        f"- throughput: {len(samples) / duration:.1f} requests/s "
        f"({len(ok) / duration:.1f} answered 2xx/3xx)",
        f"- latency of 2xx/3xx: p50 {percentile(latencies, 50):.0f} ms, "
        f"p95 {percentile(latencies, 95):.0f} ms, p99 {percentile(latencies, 99):.0f} ms",
        "- statuses: "
        + ", ".join(f"{code or 'no answer'} × {n}" for code, n in sorted(statuses.items())),
        f"- errors: {len(errors)}",
    ]
    by_page: dict[str, list[float]] = defaultdict(list)
    for s in ok:
        by_page[s.page].append(s.latency_ms)
    slowest = sorted(by_page.items(), key=lambda row: -percentile(row[1], 95))[:8]
    lines.append(
        "- slowest pages by p95: "
        + "; ".join(
            f"{page} {percentile(values, 95):.0f} ms (n={len(values)})" for page, values in slowest
        )
    )
    problems = Counter(s.problem or f"HTTP {s.status}" for s in errors)
    for problem, count in problems.most_common(5):
        lines.append(f"  - {problem} × {count}")
    if restart is not None:
        restart_began, restart_ended = restart
        unavailable = [s for s in samples if s.status == 503]
        after = [s for s in samples if s.at >= restart_began and not 200 <= s.status < 400]
        lines.append(f"- restart command ran from {restart_began:.1f} s to {restart_ended:.1f} s")
        if unavailable:
            ends = [s.at + s.latency_ms / 1000 for s in unavailable]
            lines.append(
                f'- 503 "Prøv igen" answers: {len(unavailable)}, answered between '
                f"{min(ends):.1f} s and {max(ends):.1f} s (requests queued before the restart "
                "began are answered during it)"
            )
        if after:
            last_failure = max(s.at + s.latency_ms / 1000 for s in after)
            lines.append(
                f"- last failed request answered at {last_failure:.1f} s; every later one succeeded"
            )
        lines.append("- per second (t: status × count):")
        by_second: dict[int, Counter] = defaultdict(Counter)
        for s in samples:
            by_second[int(s.at)][s.status] += 1
        for second in range(int(restart_began) - 2, int(restart_ended) + 6):
            counts = ", ".join(f"{code} × {n}" for code, n in sorted(by_second[second].items()))
            lines.append(f"  - {second} s: {counts}")
    return "\n".join(lines) + "\n", len(errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--restart-at", type=float, help="seconds into the run")
    parser.add_argument("--restart-command", help="e.g. pg_ctlcluster ... 15 main restart")
    parser.add_argument(
        "--import-during-restart",
        action="store_true",
        help="run import_minutes in a loop from 3 s before the restart to 5 s after",
    )
    parser.add_argument("--output", help="append the summary to this file")
    args = parser.parse_args(argv)

    url = urlsplit(args.base_url)
    if url.scheme != "http" or url.hostname != "127.0.0.1":
        parser.error("only http://127.0.0.1:<port> is allowed: this is a local load test")
    if not 1 <= args.readers <= 200 or not 1 <= args.duration <= 600:
        parser.error("--readers must be 1-200 and --duration 1-600 seconds")
    if (args.restart_at is None) != (args.restart_command is None):
        parser.error("--restart-at and --restart-command go together")

    setup_django()
    mix = page_mix(args.seed)
    if args.import_during_restart:
        from benchmarks.pages import remove_benchmark_data

        remove_benchmark_data()
    print(
        f"{len(mix)} URLs over {len({page for page, _ in mix})} pages; "
        f"{args.readers} readers for {args.duration:.0f} s against {args.base_url}"
    )

    samples: list[Sample] = []  # list.append is atomic: the threads share it safely
    started = time.monotonic()
    stop_at = started + args.duration
    threads = [
        threading.Thread(
            target=reader,
            kwargs={
                "host": url.hostname,
                "port": url.port or 80,
                "mix": mix,
                "started": started,
                "stop_at": stop_at,
                "samples": samples,
                "seed": args.seed * 1000 + number,
            },
            daemon=True,
        )
        for number in range(args.readers)
    ]
    for thread in threads:
        thread.start()

    restart: tuple[float, float] | None = None
    imports = ImportRun()
    if args.restart_at is not None:
        stop_imports = threading.Event()
        importer = None
        if args.import_during_restart:
            time.sleep(max(0, started + args.restart_at - 3 - time.monotonic()))
            importer = threading.Thread(
                target=import_loop,
                kwargs={
                    "run": imports,
                    "started": started,
                    "until": stop_imports,
                    "env": dict(os.environ),
                },
            )
            importer.start()
        time.sleep(max(0, started + args.restart_at - time.monotonic()))
        began = time.monotonic() - started
        subprocess.run(shlex.split(args.restart_command), check=True, timeout=120)
        restart = (began, time.monotonic() - started)
        print(f"restart: {restart[0]:.1f} s - {restart[1]:.1f} s")
        if importer is not None:
            time.sleep(5)
            stop_imports.set()
            importer.join()

    for thread in threads:
        thread.join()
    summary, errors = report(samples, duration=args.duration, readers=args.readers, restart=restart)
    if args.import_during_restart:
        meetings, whole, partial = check_imports()
        summary += (
            f"- import_minutes during the restart: {sum(imports.exit_codes.values())} runs, "
            f"exit codes {dict(imports.exit_codes)}; {meetings} meetings saved, {whole} whole, "
            f"{partial} partial\n"
        )
        for begun, ended, code in imports.runs:
            summary += f"  - {begun:.1f}-{ended:.1f} s: exit {code}\n"
        errors += partial
        from benchmarks.pages import remove_benchmark_data

        remove_benchmark_data()
    print(summary)
    if args.output:
        with open(args.output, "a", encoding="utf-8") as handle:
            handle.write(summary + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
