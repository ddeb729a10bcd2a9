"""The "Dækning" page: what the record holds per municipality and committee, and how fresh it is.

Stale, silently incomplete data is what users of such sites complain about most,
so this page says plainly, per committee, how many meetings and agenda items are
here, the first and last meeting date, and when minutes were last imported.

Two aggregate queries, whatever the number of committees: one over committees and
their meetings (with the source documents' upload times), one counting public
items per committee on the items table. Counting a million items takes about a
second on PostgreSQL, so the figures, and the table rendered from them, are kept
in Django's cache under a stamp of the data (the meetings' last change and the
newest upload, two index lookups): an import or an edit is counted on the next
request. What the stamp does not see (a meeting deleted or a committee renamed in
the admin) is counted within ``COVERAGE_CACHE_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property

from ..models import AgendaItem, Committee, Meeting, SourceDocument

# Denmark has 98 municipalities (kommuner) since the 2007 reform.
MUNICIPALITIES_IN_DENMARK = 98

COVERAGE_CACHE_KEY = "minutes:coverage"
# The stamp catches imports and edits at once; this bounds the rest, and the page
# shows the time it was counted.
COVERAGE_CACHE_SECONDS = 300

IMPORTED = [
    SourceDocument.Status.IMPORTED,
    SourceDocument.Status.UPDATED,
    SourceDocument.Status.UNCHANGED,
]


@dataclass
class CommitteeCoverage:
    name: str
    slug: str
    meeting_count: int
    item_count: int
    first_meeting: dt.date | None
    last_meeting: dt.date | None
    last_import: dt.datetime | None


@dataclass
class MunicipalityCoverage:
    name: str
    slug: str
    committees: list[CommitteeCoverage] = field(default_factory=list)

    @property
    def meeting_count(self) -> int:
        return sum(committee.meeting_count for committee in self.committees)

    @property
    def item_count(self) -> int:
        return sum(committee.item_count for committee in self.committees)

    @property
    def first_meeting(self) -> dt.date | None:
        return min((c.first_meeting for c in self.committees if c.first_meeting), default=None)

    @property
    def last_meeting(self) -> dt.date | None:
        return max((c.last_meeting for c in self.committees if c.last_meeting), default=None)

    @property
    def last_import(self) -> dt.datetime | None:
        return max((c.last_import for c in self.committees if c.last_import), default=None)


def coverage() -> list[MunicipalityCoverage]:
    """Every municipality with its committees' figures, alphabetically; public rows only."""
    published = Q(meetings__is_published=True)
    committees = (
        Committee.objects.values("id", "name", "slug", "municipality__name", "municipality__slug")
        .annotate(
            # distinct: a meeting uploaded twice joins two source documents.
            meeting_count=Count("meetings", filter=published, distinct=True),
            first_meeting=Min("meetings__date", filter=published),
            last_meeting=Max("meetings__date", filter=published),
            # Meetings loaded without an upload (demo data, generated corpora) count
            # from when their row was created.
            last_import=Coalesce(
                Max(
                    "meetings__source_documents__uploaded_at",
                    filter=published & Q(meetings__source_documents__status__in=IMPORTED),
                ),
                Max("meetings__created_at", filter=published),
            ),
        )
        .order_by("municipality__name", "name", "id")
    )
    item_counts = dict(
        AgendaItem.objects.public()
        .order_by()
        .values("committee_id")
        .annotate(count=Count("id"))
        .values_list("committee_id", "count")
    )
    municipalities: dict[str, MunicipalityCoverage] = {}
    for row in committees:
        municipality = municipalities.setdefault(
            row["municipality__slug"],
            MunicipalityCoverage(name=row["municipality__name"], slug=row["municipality__slug"]),
        )
        municipality.committees.append(
            CommitteeCoverage(
                name=row["name"],
                slug=row["slug"],
                meeting_count=row["meeting_count"],
                item_count=item_counts.get(row["id"], 0),
                first_meeting=row["first_meeting"],
                last_meeting=row["last_meeting"],
                last_import=row["last_import"],
            )
        )
    return list(municipalities.values())


def data_stamp() -> str:
    """Moves with every import and edit: the meetings' last change and the newest upload."""
    changed = Meeting.objects.last_change()
    upload = SourceDocument.objects.aggregate(newest=Max("id"))["newest"]
    return f"{changed.isoformat() if changed else '-'}/{upload or 0}"


@dataclass
class CoverageSummary:
    """The page's figures; ``municipalities`` (2,000 rows at national scale) is read
    from its own cache entry only when the cached table has to be rendered again."""

    stamp: str
    counted_at: dt.datetime
    with_minutes: int
    has_rows: bool

    @property
    def rows_key(self) -> str:
        return f"{COVERAGE_CACHE_KEY}:rows:{self.stamp}:{self.counted_at.isoformat()}"

    @property
    def table_key(self) -> str:
        """Names the table rendered from these figures ({% cache %} in coverage.html)."""
        return f"{self.stamp}:{self.counted_at.isoformat()}"

    @cached_property
    def municipalities(self) -> list[MunicipalityCoverage]:
        rows = cache.get(self.rows_key)
        if rows is None:
            rows = coverage()
        return rows


def cached_coverage() -> CoverageSummary:
    stamp = data_stamp()
    key = f"{COVERAGE_CACHE_KEY}:{stamp}"
    summary = cache.get(key)
    if summary is None:
        rows = coverage()
        summary = CoverageSummary(
            stamp=stamp,
            counted_at=timezone.now(),
            with_minutes=sum(1 for municipality in rows if municipality.meeting_count),
            has_rows=bool(rows),
        )
        # The small summary is read on every request, the rows only to render the table.
        cache.set(key, summary, COVERAGE_CACHE_SECONDS)
        cache.set(summary.rows_key, rows, COVERAGE_CACHE_SECONDS)
        summary.municipalities = rows
    return summary


def coverage_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "minutes/coverage.html",
        {
            "summary": cached_coverage(),
            "in_denmark": MUNICIPALITIES_IN_DENMARK,
            "cache_seconds": COVERAGE_CACHE_SECONDS,
        },
    )
