"""The query plans of the list pages, so that two corpus sizes can be compared.

Each list page is requested once through the test Client with fixed parameters
(the same kommune, udvalg, case-number prefix, period and depth at every corpus
size), its SQL captured and explained. A plan's *shape* is its tree of operations
and the indexes they use, with the estimates, timings and literal values left out:
the same shape at 100,000 and 1,000,000 items means the same plan, whose cost then
grows with the rows a page reads (20, or the count's 1,001), not with the table.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import AgendaItem, Meeting, Municipality
from minutes.public.pagination import Keyset

# The same parameters at every size: real municipalities and committee slugs of the
# synthetic corpus (benchmarks/textpool.py), a period and a depth inside its ten years.
KOMMUNE = "aarhus-kommune"
SMALL_KOMMUNE = "laesoe-kommune"
THREE_KOMMUNER = ("aarhus-kommune", "herning-kommune", "lemvig-kommune")
UDVALG = "oekonomiudvalget"
CASE_PREFIX = "15.00"
PERIOD = {"fra": "2021-01-01", "til": "2021-03-31"}
# Where the cursor rows come from: half-way through the lists (~page 25,000 at 1M).
CURSOR_DAY = dt.date(2020, 12, 31)

_ESTIMATES = re.compile(r"\s*\((?:cost|actual)[^)]*\)")
_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")
# EXPLAIN ANALYZE lines that report what happened, not what was planned.
_RUNTIME = re.compile(
    r"^\s*(Planning|Execution|Buffers|Rows Removed|Heap Fetches|Sort Method|Worker|"
    r"Memory Usage|Batches|Pre-sorted Groups|Full-sort Groups|I/O Timings|JIT|Functions|"
    r"Options|Timing|Peak Memory)"
)


@dataclass
class QueryPlan:
    sql: str
    plan: list[str]
    shape: list[str]


@dataclass
class PagePlans:
    name: str
    url: str
    queries: list[QueryPlan] = field(default_factory=list)

    @property
    def shapes(self) -> list[list[str]]:
        return [query.shape for query in self.queries]


def _query(path: str, **params: object) -> str:
    pairs = [(key, value) for key, value in params.items() if value not in (None, "")]
    return f"{path}?{urlencode(pairs, doseq=True)}" if pairs else path


def _cursor(queryset) -> str:
    row = queryset.first()
    return Keyset.of(queryset).cursor(row) if row is not None else ""


def plan_cases() -> list[tuple[str, str]]:
    """(row name, URL) of every list page, with the fixed parameters above."""
    items_path, meetings_path = reverse("minutes:item_list"), reverse("minutes:meeting_list")
    kommune = Municipality.objects.filter(slug=KOMMUNE).first()
    whole_case = (
        AgendaItem.objects.public()
        .filter(municipality=kommune)
        .exclude(case_number="")
        .order_by("-meeting_date")
        .values_list("case_number", flat=True)
        .first()
        or ""
    )
    item_cursor = _cursor(
        AgendaItem.objects.public().newest_first().filter(meeting_date__lte=CURSOR_DAY)
    )
    meeting_cursor = _cursor(Meeting.objects.public().filter(date__lte=CURSOR_DAY))
    kommune_item_cursor = _cursor(
        AgendaItem.objects.public()
        .newest_first()
        .filter(municipality=kommune, meeting_date__lte=CURSOR_DAY)
    )
    cases = []
    for label, path, cursor in (
        ("meeting list", meetings_path, meeting_cursor),
        ("item list", items_path, item_cursor),
    ):
        cases += [
            (f"{label}: no filter", _query(path)),
            (f"{label}: kommune", _query(path, kommune=KOMMUNE)),
            (f"{label}: small kommune", _query(path, kommune=SMALL_KOMMUNE)),
            (f"{label}: udvalg", _query(path, udvalg=UDVALG)),
            (f"{label}: sagsnummer prefix", _query(path, sagsnummer=CASE_PREFIX)),
            (f"{label}: sagsnummer whole", _query(path, sagsnummer=whole_case)),
            (f"{label}: fra/til", _query(path, **PERIOD)),
            (f"{label}: kommune + udvalg", _query(path, kommune=KOMMUNE, udvalg=UDVALG)),
            (f"{label}: 3 kommuner + fra/til", _query(path, kommune=THREE_KOMMUNER, **PERIOD)),
            (
                f"{label}: kommune + sagsnummer + fra/til",
                _query(path, kommune=KOMMUNE, sagsnummer=CASE_PREFIX, **PERIOD),
            ),
            (f"{label}: deepest numbered page", _query(path, side=50)),
            (f"{label}: far page by cursor", _query(path, efter=cursor)),
            (f"{label}: far page by cursor, back", _query(path, foer=cursor)),
        ]
    cases.append(
        (
            "item list: kommune, far page by cursor",
            _query(items_path, kommune=KOMMUNE, efter=kommune_item_cursor),
        )
    )
    return cases


def explain_sql(sql: str, *, analyze: bool) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            options = "ANALYZE, BUFFERS, " if analyze else ""
            cursor.execute(f"EXPLAIN ({options}COSTS true) {sql}")
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        rows = cursor.fetchall()
    # SQLite: (id, parent, notused, detail); indent by depth as PostgreSQL does.
    depth: dict[int, int] = {}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


def shape(plan: list[str]) -> list[str]:
    """The plan without estimates, run-time figures and literal values."""
    lines = []
    for line in plan:
        if _RUNTIME.match(line):
            continue
        line = _ESTIMATES.sub("", line)
        line = _STRING.sub("?", line)
        line = _NUMBER.sub("N", line)
        lines.append(line.rstrip())
    return lines


def _reads_the_cache(sql: str) -> bool:
    # The shared database cache's own lookups are not the page's data; whether they
    # hit differs from run to run.
    cache = settings.CACHES["default"]
    return cache["BACKEND"].endswith("DatabaseCache") and f'"{cache["LOCATION"]}"' in sql


def explain_pages(*, analyze: bool = False, only: tuple[str, ...] = ()) -> list[PagePlans]:
    """Every list page's captured SELECTs, explained."""
    client = Client(raise_request_exception=True)
    results = []
    for name, url in plan_cases():
        if only and not any(text in name for text in only):
            continue
        client.get(url)  # warm-up: the cached choices, so the plans are of the page's own SQL
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        page = PagePlans(name, url)
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or _reads_the_cache(sql):
                continue
            plan = explain_sql(sql, analyze=analyze)
            page.queries.append(QueryPlan(sql=sql, plan=plan, shape=shape(plan)))
        results.append(page)
    return results


def summary_line(query_shape: list[str]) -> str:
    """One line per query: its operations and indexes, outermost first."""
    nodes = []
    for line in query_shape:
        text = line.strip().removeprefix("->").strip()
        if not text or text.startswith(
            (
                "Index Cond",
                "Filter",
                "Sort Key",
                "Output",
                "Join Filter",
                "Hash Cond",
                "Recheck Cond",
                "Group Key",
                "Presorted Key",
                "Merge Cond",
                "SubPlan",
                "InitPlan",
                "Cache Key",
                "Cache Mode",
                "One-Time Filter",
            )
        ):
            continue
        nodes.append(re.sub(r" on minutes_\w+(?: \w+)?$", "", text))
    return " > ".join(nodes)


def to_json(pages: list[PagePlans], *, label: str) -> str:
    return json.dumps(
        {"label": label, "pages": [asdict(page) for page in pages]}, ensure_ascii=False, indent=1
    )


# Caches in front of an unchanged lookup: PostgreSQL adds them when it expects repeated
# keys, which says how many rows it estimates, not how it reads them.
_CACHE_NODES = ("Memoize", "Materialize", "Cache Key:", "Cache Mode:")


def access_path(query_shape: list[str]) -> list[str]:
    """The shape without cache nodes and indentation: what is read, in which way."""
    lines = []
    for line in query_shape:
        text = line.strip().removeprefix("->").strip()
        if text and not text.startswith(_CACHE_NODES):
            lines.append(text)
    return lines


def compare(first: dict, second: dict) -> list[tuple[str, bool, list[str], list[str]]]:
    """(row, same plans?, a summary line per query, the lines that differ) per row.

    A page's queries are compared as a set: the cached-choices stamp runs before or
    after the count depending on the cache.
    """
    by_name = {page["name"]: page for page in second["pages"]}
    rows = []
    for page in first["pages"]:
        other = by_name.get(page["name"])
        if other is None:
            continue
        mine = sorted(access_path(query["shape"]) for query in page["queries"])
        theirs = sorted(access_path(query["shape"]) for query in other["queries"])
        differing = []
        for a, b in zip(mine, theirs, strict=False):
            if a != b:
                differing += [f"- {line}" for line in a if line not in b]
                differing += [f"+ {line}" for line in b if line not in a]
        summaries = [summary_line(query["shape"]) for query in page["queries"]]
        rows.append((page["name"], mine == theirs, summaries, differing))
    return rows
