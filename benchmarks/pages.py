"""The page benchmark: every public page, the admin upload and the import, timed in-process.

Each page is requested through Django's test Client (all middleware, the view, the
template) with varied parameters drawn from the database, and timed with the queries
it ran captured. For list pages the captured SQL is then run again on a bare cursor,
so the page can be compared with the database work it cannot avoid ("bare work");
for search pages the bare work is the engine search plus the SQL of the rows shown,
run through the view without rendering. The naive ``icontains`` scan that search
replaces is timed in the same run. The upload and import rows write real meetings
under ``BENCHMARK_MUNICIPALITY`` and remove them afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import connection
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from minutes.importing.batch import FileToImport, run_import
from minutes.importing.demo import SEEDS_DIR
from minutes.models import (
    AgendaItem,
    AgendaItemQuerySet,
    Committee,
    Decision,
    Meeting,
    SourceDocument,
)
from minutes.public.pagination import COUNT_CAP, Keyset
from minutes.public.views import PAGE_SIZE, ItemListView

# The deepest list page the capped count offers (COUNT_CAP rows, PAGE_SIZE a page);
# a higher ?side= shows this one.
LAST_PAGE = COUNT_CAP // PAGE_SIZE

# A real kommune (the import path takes no other) and a committee of our own, which
# is what the clean-up removes: the kommune's real minutes, if any, are not touched.
BENCHMARK_MUNICIPALITY = "Læsø Kommune"
BENCHMARK_USER = "benchmark-admin"
# Seed 000: one Vesthimmerland meeting of 13 items, 40 KB: a typical upload.
UPLOAD_SEED = "000_59f6b2a94828c4c1.txt"
UPLOAD_COMMITTEE = "Benchmarkudvalget"

DETAIL_TARGET_MS = 20.0
LIST_TARGET_MS = 50.0
IMPORT_TARGET_PER_SECOND = 10.0

# Search words taken from the seed minutes, so the corpus holds them.
RARE_WORDS = ("Treco", "Ungeløftet", "HotSpot", "rehabiliteringsteam", "straksaktivering")
COMMON_WORDS = ("borgere", "kommune", "beskæftigelsesindsatsen", "udvalget", "budget")
# Inflected forms that only match the corpus's other forms through stemming.
STEMMED_WORDS = ("besparelserne", "ledighedens", "virksomhedernes", "kommunernes")
PHRASES = (
    '"tages til efterretning"',
    '"fremtidens beskæftigelsesindsats"',
    '"ingen bemærkninger"',
)
# The naive scan reads every item (26-64 s per run at 1M items): a few runs show it.
NAIVE_RUNS = 3


@dataclass
class Measurement:
    """The timings of one benchmark row."""

    name: str
    kind: str  # "detail", "list", "search", "naive", "admin", "other"
    times_ms: list[float] = field(default_factory=list)
    # The work the page cannot avoid: its SQL re-run on a bare cursor (lists), the
    # engine search plus the rows' SQL (search pages).
    bare_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    note: str = ""

    def percentile(self, p: float, values: list[float] | None = None) -> float:
        """Nearest-rank percentile: a value that was actually measured."""
        values = sorted(self.times_ms if values is None else values)
        if not values:
            return math.nan
        return values[max(0, math.ceil(p / 100 * len(values)) - 1)]

    @property
    def target_ms(self) -> float | None:
        return {"detail": DETAIL_TARGET_MS, "list": LIST_TARGET_MS, "search": LIST_TARGET_MS}.get(
            self.kind
        )

    @property
    def bare_p95(self) -> float:
        return self.percentile(95, self.bare_ms)

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 400)

    @property
    def verdict(self) -> str:
        """Against the absolute targets only; the page/bare ratio is a diagnostic."""
        misses = []
        p95 = self.percentile(95)
        if self.target_ms is not None and p95 > self.target_ms:
            misses.append(f"p95 > {self.target_ms:.0f} ms")
        # The engine plus the rows shown within the list target too.
        if self.kind == "search" and self.bare_ms and self.bare_p95 > LIST_TARGET_MS:
            misses.append(f"engine + rows p95 > {LIST_TARGET_MS:.0f} ms")
        if self.errors:
            codes = ", ".join(str(code) for code in sorted(self.statuses) if code >= 400)
            misses.append(f"{self.errors} errors (HTTP {codes})")
        if not misses:
            return "ok" if self.target_ms is not None else ""
        return "MISS: " + ", ".join(misses)


@dataclass
class Samples:
    """Real parameters from the database: items, meetings, cases, slugs, dates."""

    items: list[AgendaItem]
    municipality_slugs: list[str]
    committee_slugs: list[str]
    first_day: dt.date
    last_day: dt.date

    @property
    def meetings(self) -> list[Meeting]:
        return [item.meeting for item in self.items]

    @classmethod
    def from_database(cls, rng: random.Random, count: int) -> Samples:
        bounds = AgendaItem.objects.public().aggregate(low=Min("id"), high=Max("id"))
        if bounds["low"] is None:
            raise ValueError("the database holds no public agenda items: run generate_corpus")
        items: dict[int, AgendaItem] = {}
        # Random ids, not ORDER BY random(): that would read all million rows.
        for _attempt in range(20):
            ids = [rng.randint(bounds["low"], bounds["high"]) for _ in range(count * 2)]
            found = (
                AgendaItem.objects.public()
                .for_listing()
                .exclude(
                    municipality__name=BENCHMARK_MUNICIPALITY, committee__name=UPLOAD_COMMITTEE
                )
                .filter(pk__in=ids)
            )
            items.update((item.pk, item) for item in found)
            if len(items) >= count:
                break
        dates = Meeting.objects.public().aggregate(low=Min("date"), high=Max("date"))
        return cls(
            items=sorted(items.values(), key=lambda item: item.pk)[: max(count, 1)],
            municipality_slugs=sorted({item.municipality.slug for item in items.values()}),
            committee_slugs=sorted({item.committee.slug for item in items.values()}),
            first_day=dates["low"],
            last_day=dates["high"],
        )

    def items_with_case(self) -> list[AgendaItem]:
        return [item for item in self.items if item.case_number] or self.items

    def window(self, rng: random.Random, days: int) -> tuple[dt.date, dt.date]:
        span = max(0, (self.last_day - self.first_day).days - days)
        start = self.first_day + dt.timedelta(days=rng.randint(0, span))
        return start, start + dt.timedelta(days=days)


def _query(path: str, **params: object) -> str:
    pairs = [(key, value) for key, value in params.items() if value not in (None, "")]
    return f"{path}?{urlencode(pairs, doseq=True)}" if pairs else path


def list_cases(
    samples: Samples, rng: random.Random, count: int
) -> Iterator[tuple[str, str, list[str]]]:
    """(name, kind, urls) for the meeting and item lists: each filter alone and combined."""
    for label, path in (
        ("meeting list", reverse("minutes:meeting_list")),
        ("item list", reverse("minutes:item_list")),
    ):

        def urls(make: Callable[[], dict], path: str = path) -> list[str]:
            return [_query(path, **make()) for _ in range(count)]

        def case_prefix() -> str:
            number = rng.choice(samples.items_with_case()).case_number
            return number[: rng.choice((2, 5, 8))]

        yield f"{label}: no filter", "list", urls(lambda: {"side": rng.randint(1, 5)})
        yield (
            f"{label}: kommune",
            "list",
            urls(lambda: {"kommune": rng.choice(samples.municipality_slugs)}),
        )
        yield (
            f"{label}: udvalg",
            "list",
            urls(lambda: {"udvalg": rng.choice(samples.committee_slugs)}),
        )
        yield f"{label}: sagsnummer prefix", "list", urls(lambda: {"sagsnummer": case_prefix()})
        yield (
            f"{label}: sagsnummer whole",
            "list",
            urls(lambda: {"sagsnummer": rng.choice(samples.items_with_case()).case_number}),
        )

        def period() -> dict:
            start, end = samples.window(rng, rng.choice((30, 90, 365)))
            return {"fra": start.isoformat(), "til": end.isoformat()}

        yield f"{label}: fra/til", "list", urls(period)
        yield (
            f"{label}: kommune + udvalg",
            "list",
            urls(
                lambda: {
                    "kommune": (item := rng.choice(samples.items)).municipality.slug,
                    "udvalg": item.committee.slug,
                }
            ),
        )
        yield (
            f"{label}: 3 kommuner + fra/til",
            "list",
            urls(lambda: {"kommune": rng.sample(samples.municipality_slugs, 3), **period()}),
        )
        yield (
            f"{label}: kommune + sagsnummer + fra/til",
            "list",
            urls(
                lambda: {
                    "kommune": rng.choice(samples.municipality_slugs),
                    "sagsnummer": case_prefix(),
                    **period(),
                }
            ),
        )
        yield (
            f"{label}: deep page",
            "list",
            urls(lambda: {"side": rng.randint(LAST_PAGE * 3 // 5, LAST_PAGE)}),
        )
        # Næste/Forrige past the numbered pages: a cursor at a random row of the
        # list, anywhere in its ten years (page 40,000 and deeper at 1M items).
        keyset_rows = samples.items if label == "item list" else samples.meetings
        keyset = Keyset.of(
            AgendaItem.objects.newest_first() if label == "item list" else Meeting.objects.all()
        )
        yield (
            f"{label}: far page (efter=)",
            "list",
            urls(
                lambda keyset=keyset, rows=keyset_rows: {"efter": keyset.cursor(rng.choice(rows))}
            ),
        )
        yield (
            f"{label}: far page back (foer=)",
            "list",
            urls(lambda keyset=keyset, rows=keyset_rows: {"foer": keyset.cursor(rng.choice(rows))}),
        )
        yield (
            f"{label}: kommune, far page (efter=)",
            "list",
            urls(
                lambda keyset=keyset, rows=keyset_rows: {
                    "kommune": (row := rng.choice(rows)).municipality.slug,
                    "efter": keyset.cursor(row),
                }
            ),
        )


def search_cases(
    samples: Samples, rng: random.Random, count: int
) -> Iterator[tuple[str, str, list[str]]]:
    path = reverse("minutes:item_list")

    def urls(words: tuple[str, ...], **extra: Callable[[], object]) -> list[str]:
        return [
            _query(path, q=rng.choice(words), **{key: make() for key, make in extra.items()})
            for _ in range(count)
        ]

    yield "search: rare word", "search", urls(RARE_WORDS)
    yield "search: common word", "search", urls(COMMON_WORDS)
    yield "search: stemmed word", "search", urls(STEMMED_WORDS)
    yield "search: phrase", "search", urls(PHRASES)
    yield (
        "search: common word + kommune + fra/til",
        "search",
        urls(
            COMMON_WORDS,
            kommune=lambda: rng.choice(samples.municipality_slugs),
            fra=lambda: samples.window(rng, 365)[0].isoformat(),
        ),
    )
    yield "search: common word, newest", "search", urls(COMMON_WORDS, orden=lambda: "nyeste")
    yield (
        "search: rare word, newest, udvalg",
        "search",
        urls(
            RARE_WORDS, orden=lambda: "nyeste", udvalg=lambda: rng.choice(samples.committee_slugs)
        ),
    )
    yield (
        "search: phrase + kommune + fra/til",
        "search",
        urls(
            PHRASES,
            kommune=lambda: rng.choice(samples.municipality_slugs),
            fra=lambda: samples.window(rng, 365)[0].isoformat(),
        ),
    )
    yield "search: phrase, newest", "search", urls(PHRASES, orden=lambda: "nyeste")
    yield (
        "search: common word, pages 2-5",
        "search",
        urls(COMMON_WORDS, side=lambda: rng.randint(2, 5)),
    )


def naive_search(word: str) -> AgendaItemQuerySet:
    """What search would be without an engine: icontains over every text column."""
    in_decision = Decision.objects.filter(agenda_item=OuterRef("pk"), text__icontains=word)
    return (
        AgendaItem.objects.public()
        .filter(
            Q(title__icontains=word)
            | Q(recommendation__icontains=word)
            | Q(sections__icontains=word)
            | Q(Exists(in_decision))
        )
        .newest_first()
    )


def measure_naive_search(name: str, words: tuple[str, ...], runs: int) -> Measurement:
    """The count and the first page of the naive scan, as a list page would need them."""
    measurement = Measurement(name, "naive")
    for run in range(runs):
        queryset = naive_search(words[run % len(words)])
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            queryset.count()
            list(queryset[:PAGE_SIZE])
            measurement.times_ms.append((time.perf_counter() - started) * 1000)
        measurement.queries.append(len(captured))
        measurement.statuses[200] += 1
    return measurement


def page_cases(
    samples: Samples, rng: random.Random, count: int
) -> Iterator[tuple[str, str, list[str]]]:
    """Every page row of the report, in the report's order."""
    yield "home", "other", [reverse("minutes:home")] * count
    yield from list_cases(samples, rng, count)
    items = samples.items
    yield (
        "meeting page",
        "detail",
        [rng.choice(items).meeting.get_absolute_url() for _ in range(count)],
    )
    yield "item page", "detail", [rng.choice(items).get_absolute_url() for _ in range(count)]
    yield (
        "case page",
        "detail",
        [rng.choice(samples.items_with_case()).get_case_url() for _ in range(count)],
    )
    yield from search_cases(samples, rng, count)
    yield from facet_cases(samples, rng, count)
    yield from data_cases(samples, rng, count)


def facet_cases(
    samples: Samples, rng: random.Random, count: int
) -> Iterator[tuple[str, str, list[str]]]:
    """/punkter/ rows for each way its facets are counted (every item list row has them)."""
    path = reverse("minutes:item_list")

    def year() -> dict:
        chosen = rng.choice(samples.items).meeting_date.year
        return {"fra": f"{chosen}-01-01", "til": f"{chosen}-12-31"}

    yield (
        "facets: whole year (cached table)",
        "list",
        [_query(path, **year()) for _ in range(count)],
    )
    yield (
        "facets: udvalg + sagsnummer prefix (newest rows)",
        "list",
        [
            _query(
                path,
                udvalg=rng.choice(samples.committee_slugs),
                sagsnummer=rng.choice(samples.items_with_case()).case_number[:5],
            )
            for _ in range(count)
        ],
    )
    yield (
        "facets: search, common word + year (best hits)",
        "search",
        [_query(path, q=rng.choice(COMMON_WORDS), **year()) for _ in range(count)],
    )


def data_cases(
    samples: Samples, rng: random.Random, count: int
) -> Iterator[tuple[str, str, list[str]]]:
    """Feeds, the API's first pages and the coverage page (docs/API.md), held to the list target."""

    def case_kwargs() -> dict:
        item = rng.choice(samples.items_with_case())
        return {"municipality": item.municipality.slug, "case_number": item.case_number}

    def municipality() -> str:
        return rng.choice(samples.municipality_slugs)

    feed = reverse("data:item_feed")
    yield "feed: item list", "list", [feed] * count
    yield (
        "feed: item list, kommune",
        "list",
        [_query(feed, kommune=municipality()) for _ in range(count)],
    )
    yield (
        "feed: municipality",
        "list",
        [reverse("data:municipality_feed", args=[municipality()]) for _ in range(count)],
    )
    yield (
        "feed: case",
        "list",
        [reverse("data:case_feed", kwargs=case_kwargs()) for _ in range(count)],
    )
    items = reverse("api:item-list")
    yield "api: items, first page", "list", [items] * count
    yield (
        "api: items, kommune",
        "list",
        [_query(items, kommune=municipality()) for _ in range(count)],
    )
    yield "api: meetings, first page", "list", [reverse("api:meeting-list")] * count
    yield (
        "api: cases of a kommune",
        "list",
        [reverse("api:case-list", args=[municipality()]) for _ in range(count)],
    )
    yield (
        "api: one case",
        "detail",
        [reverse("api:case-detail", kwargs=case_kwargs()) for _ in range(count)],
    )
    # Cached for five minutes: the warm-up request counts, the rest read the cache.
    yield "coverage (cached)", "list", [reverse("data:coverage")] * count


def time_search_work(url: str) -> float:
    """The search page's engine search and rows, through the view but not rendered; ms."""
    view = ItemListView()
    view.setup(RequestFactory().get(url))
    started = time.perf_counter()
    queryset = view.get_queryset()
    _paginator, _page, rows, _has_pages = view.paginate_queryset(queryset, PAGE_SIZE)
    list(rows)
    return (time.perf_counter() - started) * 1000


def time_bare_sql(statements: list[str]) -> float:
    """Run the page's captured reads again on a plain cursor; milliseconds.

    Writes (a page filling the shared database cache) are left out: run twice they
    would collide with the row they wrote, and they are not the page's data work.
    """
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def measure_page(
    client: Client,
    name: str,
    kind: str,
    urls: list[str],
    *,
    secure: bool,
    before: Callable[[], None] = lambda: None,
) -> Measurement:
    measurement = Measurement(name, kind)
    client.get(urls[0], secure=secure)  # warm-up: caches, template compilation
    for url in urls:
        before()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, secure=secure)
            measurement.times_ms.append((time.perf_counter() - started) * 1000)
        measurement.statuses[response.status_code] += 1
        measurement.queries.append(len(captured))
        if kind == "list":
            measurement.bare_ms.append(time_bare_sql([query["sql"] for query in captured]))
        elif kind == "search":
            measurement.bare_ms.append(time_search_work(url))
    return measurement


# The kernel's page cache, dropped before each request of the cold rows (root only).
DROP_CACHES = Path("/proc/sys/vm/drop_caches")
COLD_REQUESTS = 10


def drop_os_cache() -> None:
    """Drop the clean pages of every file from the kernel's page cache.

    What the cold rows measure: the database's files and the search index read from
    disk again, except what PostgreSQL holds in its own shared buffers and the index
    pages this process has mapped and still uses. Clean pages only (no sync), so the
    machine's other users lose their cache but no writes are forced.
    """
    DROP_CACHES.write_text("1\n")


def can_drop_os_cache() -> bool:
    try:
        drop_os_cache()
    except OSError:
        return False
    return True


def cold_cases(
    samples: Samples, rng: random.Random, count: int
) -> Iterator[tuple[str, str, list[str]]]:
    """A few rows measured with the page cache dropped before each request."""
    yield (
        "item page, cold cache",
        "detail",
        [rng.choice(samples.items).get_absolute_url() for _ in range(count)],
    )
    yield (
        "item list: kommune, cold cache",
        "list",
        [
            _query(reverse("minutes:item_list"), kommune=rng.choice(samples.municipality_slugs))
            for _ in range(count)
        ],
    )
    yield (
        "search: rare word, cold cache",
        "search",
        [_query(reverse("minutes:item_list"), q=rng.choice(RARE_WORDS)) for _ in range(count)],
    )


def remove_benchmark_data() -> None:
    """Delete what the upload and import rows wrote, files and search entries included."""
    from minutes import search

    meetings = list(
        Meeting.objects.filter(
            municipality__name=BENCHMARK_MUNICIPALITY, committee__name=UPLOAD_COMMITTEE
        )
    )
    documents = SourceDocument.objects.filter(
        entered_municipality=BENCHMARK_MUNICIPALITY, entered_committee=UPLOAD_COMMITTEE
    )
    for document in documents:
        document.file.delete(save=False)
    documents.delete()
    for meeting in meetings:
        search.remove_meeting(meeting.pk)
        meeting.delete()
    Committee.objects.filter(
        municipality__name=BENCHMARK_MUNICIPALITY, name=UPLOAD_COMMITTEE
    ).delete()
    get_user_model().objects.filter(username=BENCHMARK_USER).delete()


def _dates(count: int, *, start: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=offset) for offset in range(count)]


UPLOAD_ROWS = ("admin: upload preview (seed 000)", "admin: save after preview (seed 000)")


def import_rows(count: int) -> tuple[str, str]:
    return (
        "import_minutes (seed 000), one run per meeting",
        f"import_minutes (seed 000), {count} meetings in one run",
    )


PROCESS_IMPORT_ROW = "import_minutes (seed 000), one process per meeting"


def measure_upload(client: Client, count: int, *, secure: bool) -> list[Measurement]:
    """The clerk's flow: upload → preview, then confirm → saved, for ``count`` meetings."""
    user = get_user_model().objects.create_superuser(BENCHMARK_USER, password=None)
    client.force_login(user)
    data = (SEEDS_DIR / UPLOAD_SEED).read_bytes()
    preview = Measurement(UPLOAD_ROWS[0], "admin")
    save = Measurement(UPLOAD_ROWS[1], "admin")
    upload_url = reverse("admin:minutes_meeting_upload")
    confirm_url = reverse("admin:minutes_meeting_upload_confirm")
    for date in _dates(count, start=dt.date(2030, 1, 1)):
        form = {
            "file": SimpleUploadedFile(UPLOAD_SEED, data, content_type="text/plain"),
            "municipality": BENCHMARK_MUNICIPALITY,
            "committee": UPLOAD_COMMITTEE,
            "new_committee": "on",
            "date": date.isoformat(),
        }
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(upload_url, form, secure=secure)
            preview.times_ms.append((time.perf_counter() - started) * 1000)
        preview.queries.append(len(captured))
        preview.statuses[response.status_code] += 1
        # The preview names the stored document only in its form: look it up instead.
        document = SourceDocument.objects.filter(
            entered_municipality=BENCHMARK_MUNICIPALITY,
            entered_date=date,
            status=SourceDocument.Status.RECEIVED,
        ).first()
        if document is None:
            preview.note = "no preview: the upload failed"
            continue
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(confirm_url, {"source_document": document.pk}, secure=secure)
            save.times_ms.append((time.perf_counter() - started) * 1000)
        save.queries.append(len(captured))
        save.statuses[response.status_code] += 1
    client.logout()
    return [preview, save]


def measure_import(count: int) -> Measurement:
    """``import_minutes`` once per seed-sized meeting, each with its own date."""
    measurement = Measurement(import_rows(count)[0], "import")
    with TemporaryDirectory() as folder:
        path = Path(folder) / UPLOAD_SEED
        path.write_bytes((SEEDS_DIR / UPLOAD_SEED).read_bytes())
        for date in _dates(count, start=dt.date(2040, 1, 1)):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                call_command(
                    "import_minutes",
                    str(path),
                    municipality=BENCHMARK_MUNICIPALITY,
                    committee=UPLOAD_COMMITTEE,
                    date=date.isoformat(),
                    stdout=StringIO(),
                    verbosity=0,
                )
                measurement.times_ms.append((time.perf_counter() - started) * 1000)
            measurement.queries.append(len(captured))
            measurement.statuses[200] += 1
    measurement.note = throughput_note(len(measurement.times_ms), sum(measurement.times_ms))
    return measurement


def measure_process_import(count: int) -> Measurement:
    """``manage.py import_minutes`` as its own process per meeting, start-up included.

    The processes use the database and search index of this process's environment
    (DATABASE_URL, SEARCH_INDEX_DIR): not a test database, which no other process sees.
    """
    measurement = Measurement(PROCESS_IMPORT_ROW, "import")
    manage = Path(settings.BASE_DIR) / "manage.py"
    with TemporaryDirectory() as folder:
        path = Path(folder) / UPLOAD_SEED
        path.write_bytes((SEEDS_DIR / UPLOAD_SEED).read_bytes())
        for date in _dates(count, start=dt.date(2045, 1, 1)):
            started = time.perf_counter()
            finished = subprocess.run(
                [
                    sys.executable,
                    str(manage),
                    "import_minutes",
                    str(path),
                    f"--municipality={BENCHMARK_MUNICIPALITY}",
                    f"--committee={UPLOAD_COMMITTEE}",
                    f"--date={date.isoformat()}",
                    "--verbosity=0",
                ],
                capture_output=True,
                check=False,
            )
            measurement.times_ms.append((time.perf_counter() - started) * 1000)
            measurement.statuses[200 if finished.returncode == 0 else 500] += 1
    measurement.note = throughput_note(len(measurement.times_ms), sum(measurement.times_ms))
    return measurement


def measure_bulk_import(count: int) -> Measurement:
    """One ``import_minutes`` run over ``count`` seed-sized files, each its own meeting.

    The command's own loop (``run_import``) with a date per file, which the command
    line cannot give: the search index is committed once per batch, not per file.
    The row's times are per meeting (the run's time divided evenly).
    """
    measurement = Measurement(import_rows(count)[1], "import")
    with TemporaryDirectory() as folder:
        path = Path(folder) / UPLOAD_SEED
        path.write_bytes((SEEDS_DIR / UPLOAD_SEED).read_bytes())
        files = [
            FileToImport(
                path=path,
                municipality=BENCHMARK_MUNICIPALITY,
                committee=UPLOAD_COMMITTEE,
                date=date,
            )
            for date in _dates(count, start=dt.date(2050, 1, 1))
        ]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            report = run_import(files, stdout=OutputWrapper(StringIO()), verbosity=0)
            elapsed = (time.perf_counter() - started) * 1000
    measurement.times_ms = [elapsed / count] * count
    measurement.queries.append(len(captured))
    measurement.statuses[200 if not report.failures else 500] += 1
    measurement.note = throughput_note(count, elapsed)
    return measurement


def throughput_note(meetings: int, elapsed_ms: float) -> str:
    per_second = 1000 * meetings / elapsed_ms
    verdict = "ok" if per_second >= IMPORT_TARGET_PER_SECOND else "MISS"
    return f"{per_second:.1f} meetings/s (target ≥ {IMPORT_TARGET_PER_SECOND:.0f}): {verdict}"


@contextmanager
def benchmark_settings() -> Iterator[None]:
    # The test Client says "testserver"; the pages must not answer 400 to it.
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        yield


@contextmanager
def quiet_request_errors(quiet: bool) -> Iterator[None]:
    """Failed pages are counted in the report; their tracebacks only at -v 2."""
    logger = logging.getLogger("django.request")
    level = logger.level
    if quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def run(
    *,
    requests: int,
    seed: int = 1,
    include_writes: bool = True,
    progress: Callable[[str], None] = lambda line: None,
    quiet: bool = True,
    only: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
    cold: bool = False,
    process_imports: int = 0,
) -> list[Measurement]:
    """Every row, or with ``only`` the rows whose name contains one of its texts.

    ``skip`` leaves out the rows whose name contains one of its texts; ``cold`` adds
    the cold-cache rows (where the kernel lets this process drop its page cache);
    ``process_imports`` times that many ``import_minutes`` processes.
    The parameters are drawn for every row either way, so a row measures the same
    requests in a partial run as in a whole one (with the same seed).
    """
    rng = random.Random(seed)  # noqa: S311 - repeatable, not secret
    secure = settings.SECURE_SSL_REDIRECT
    results: list[Measurement] = []

    def wanted(name: str) -> bool:
        if any(text in name for text in skip):
            return False
        return not only or any(text in name for text in only)

    with benchmark_settings(), quiet_request_errors(quiet):
        samples = Samples.from_database(rng, max(requests, 50))
        # A page that fails is counted in its row, not allowed to stop the run.
        client = Client(raise_request_exception=False)
        for name, kind, urls in page_cases(samples, rng, requests):
            if wanted(name):
                progress(name)
                results.append(measure_page(client, name, kind, urls, secure=secure))
        if cold and can_drop_os_cache():
            for name, kind, urls in cold_cases(samples, rng, min(requests, COLD_REQUESTS)):
                if wanted(name):
                    progress(name)
                    results.append(
                        measure_page(client, name, kind, urls, secure=secure, before=drop_os_cache)
                    )
        runs = min(requests, NAIVE_RUNS)
        for name, words in (("rare word", RARE_WORDS), ("common word", COMMON_WORDS)):
            if wanted(name := f"naive icontains scan: {name}"):
                progress(name)
                results.append(measure_naive_search(name, words, runs))
        # The write rows are measured in groups (a save needs its preview); a group
        # runs when any of its rows is wanted, and only the wanted rows are reported.
        upload = any(wanted(name) for name in UPLOAD_ROWS)
        imports = any(wanted(name) for name in import_rows(requests))
        if include_writes and (upload or imports):
            remove_benchmark_data()
            try:
                written: list[Measurement] = []
                if upload:
                    progress("admin upload")
                    written.extend(measure_upload(client, requests, secure=secure))
                if imports:
                    progress("import_minutes")
                    written.append(measure_import(requests))
                    written.append(measure_bulk_import(requests))
                    if process_imports and wanted(PROCESS_IMPORT_ROW):
                        written.append(measure_process_import(process_imports))
                results.extend(m for m in written if wanted(m.name))
            finally:
                remove_benchmark_data()
    return results


def markdown_table(results: list[Measurement]) -> str:
    lines = [
        "| page | n | p50 ms | p95 ms | p99 ms | queries | bare work p95 ms | page/bare (p95) "
        "| target | result |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for m in results:
        low, high = (min(m.queries), max(m.queries)) if m.queries else (0, 0)
        queries = str(low) if low == high else f"{low}–{high}"
        bare = f"{m.bare_p95:.1f}" if m.bare_ms else ""
        ratio = f"{m.percentile(95) / m.bare_p95:.1f}" if m.bare_ms and m.bare_p95 > 0 else ""
        target = f"≤ {m.target_ms:.0f}" if m.target_ms is not None else ""
        verdict = m.note or m.verdict
        lines.append(
            f"| {m.name} | {len(m.times_ms)} | {m.percentile(50):.1f} | {m.percentile(95):.1f} | "
            f"{m.percentile(99):.1f} | {queries} | {bare} | {ratio} | {target} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def to_json(results: list[Measurement], header: dict) -> str:
    """The raw timings, for merging runs (benchmarks/growth.py)."""
    return json.dumps(
        {
            "header": header,
            "rows": [
                {
                    "name": m.name,
                    "kind": m.kind,
                    "times_ms": m.times_ms,
                    "bare_ms": m.bare_ms,
                    "queries": m.queries,
                    "statuses": {str(code): n for code, n in m.statuses.items()},
                    "note": m.note,
                }
                for m in results
            ],
        }
    )


def from_json(row: dict) -> Measurement:
    return Measurement(
        name=row["name"],
        kind=row["kind"],
        times_ms=list(row["times_ms"]),
        bare_ms=list(row["bare_ms"]),
        queries=list(row["queries"]),
        statuses=Counter({int(code): n for code, n in row["statuses"].items()}),
        note=row["note"],
    )
