"""Run ``manage.py benchmark`` on two or three corpora in turn, under the same load.

``manage.py benchmark_growth`` (docs/PERFORMANCE.md shows the command line). Each
corpus is ``label=DATABASE_URL|folder`` (the folder holds ``search-index/`` and
``media/``). Every round runs the benchmark once per corpus, in a process of its
own, with the corpora's order reversed every other round and a new seed each
round, so each size sees the same load; a row's timings are the rounds' together
(rounds x requests each). The growth ratio is the second corpus's p95 over the
first's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.pages import Measurement, from_json

ROOT = Path(__file__).resolve().parent.parent

GROWTH_TARGET = 1.5


def parse_corpus(text: str) -> tuple[str, str, Path]:
    label, _, rest = text.partition("=")
    url, _, folder = rest.partition("|")
    if not (label and url and folder):
        raise ValueError(f"expected label=DATABASE_URL|folder, got {text!r}")
    return label, url, Path(folder)


def run_once(corpus: tuple[str, str, Path], *, requests: int, seed: int, extra: list[str]) -> dict:
    label, url, folder = corpus
    env = os.environ | {
        "DEBUG": "1",
        "DATABASE_URL": url,
        "SEARCH_INDEX_DIR": str(folder / "search-index"),
        "MEDIA_ROOT": str(folder / "media"),
    }
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [
            sys.executable,
            str(ROOT / "manage.py"),
            "benchmark",
            f"--requests={requests}",
            f"--seed={seed}",
            f"--json={out.name}",
            *extra,
        ]
        started = time.monotonic()
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        result = json.loads(Path(out.name).read_text())
    result["header"]["seconds"] = time.monotonic() - started
    result["header"]["label"] = label
    return result


def merged(runs: list[dict]) -> dict[str, Measurement]:
    rows: dict[str, Measurement] = {}
    for run in runs:
        for row in run["rows"]:
            measurement = from_json(row)
            if measurement.name not in rows:
                rows[measurement.name] = measurement
                continue
            into = rows[measurement.name]
            into.times_ms += measurement.times_ms
            into.bare_ms += measurement.bare_ms
            into.queries += measurement.queries
            into.statuses.update(measurement.statuses)
            into.note = measurement.note or into.note
    for measurement in rows.values():
        if measurement.kind == "import" and measurement.times_ms:
            # Throughput over every round's imports together.
            per_second = 1000 * len(measurement.times_ms) / sum(measurement.times_ms)
            measurement.note = f"{per_second:.1f} meetings/s"
    return rows


def load(values: list[float]) -> str:
    return "/".join(f"{value:.1f}" for value in values)


def table(labels: list[str], results: dict[str, dict[str, Measurement]]) -> str:
    first, second = labels[0], labels[1] if len(labels) > 1 else None
    head = ["row"]
    for label in labels:
        head += [f"{label} p50", f"{label} p95", f"{label} p99"]
    if second:
        head.append(f"growth p95 {first} → {second}")
    head += ["n", "queries", "target", "result"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" + "--:|" * (len(head) - 3) + "--:|---|"]
    names = list(results[labels[-1]] if second is None else results[second])
    for label in labels:
        names += [name for name in results[label] if name not in names]
    for name in names:
        cells = [name]
        for label in labels:
            m = results[label].get(name)
            cells += (
                [f"{m.percentile(p):.1f}" for p in (50, 95, 99)]
                if m and m.times_ms
                else ["", "", ""]
            )
        small, large = results[first].get(name), results[second].get(name) if second else None
        growth = ""
        if second and small and large and small.times_ms and large.times_ms:
            ratio = large.percentile(95) / small.percentile(95)
            growth = f"{ratio:.2f}" + ("" if ratio <= GROWTH_TARGET else " (> 1.5)")
        if second:
            cells.append(growth)
        reference = large or results[labels[0]].get(name)
        sizes = sorted(
            {len(results[label][name].times_ms) for label in labels if name in results[label]}
        )
        low = min(reference.queries) if reference.queries else 0
        high = max(reference.queries) if reference.queries else 0
        verdict = reference.note or reference.verdict
        if growth.endswith("(> 1.5)") and reference.target_ms is not None:
            verdict = (verdict + ", " if verdict and verdict != "ok" else "") + "growth > 1.5"
        cells += [
            "/".join(map(str, sizes)),
            str(low) if low == high else f"{low}–{high}",
            f"≤ {reference.target_ms:.0f}" if reference.target_ms is not None else "",
            verdict,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def run(
    corpora: list[tuple[str, str, Path]],
    *,
    rounds: int,
    requests: int,
    extra: list[str],
    progress=lambda line: None,
) -> str:
    """The Markdown report of ``rounds`` alternating runs over ``corpora``."""
    runs: dict[str, list[dict]] = {label: [] for label, _, _ in corpora}
    log = []
    for round_number in range(rounds):
        order = corpora if round_number % 2 == 0 else list(reversed(corpora))
        for corpus in order:
            result = run_once(corpus, requests=requests, seed=round_number + 1, extra=extra)
            runs[corpus[0]].append(result)
            header = result["header"]
            line = (
                f"round {round_number + 1}, {header['label']} ({header['items']:,} items, "
                f"{header['server']}): {header['seconds']:.0f} s, load average "
                f"{load(header['load_before'])} → {load(header['load_after'])}"
            )
            log.append(line)
            progress(line)
    labels = [label for label, _, _ in corpora]
    results = {label: merged(runs[label]) for label in labels}
    every_load = [
        run["header"][key][0]
        for label in labels
        for run in runs[label]
        for key in ("load_before", "load_after")
    ]
    return (
        f"{rounds} rounds × {requests} requests per row and corpus, corpora alternated; "
        f"1-minute load average {min(every_load):.1f}–{max(every_load):.1f} over the run "
        f"({os.cpu_count()} cores).\n\n"
        + table(labels, results)
        + "\n"
        + "\n".join(f"- {line}" for line in log)
        + "\n"
    )
