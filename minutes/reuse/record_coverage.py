"""The "Dækning" page: what the record holds per municipality and committee, and how fresh it is.

Stale, silently incomplete data is what users of such sites complain about most,
so this page says plainly, per committee, how many meetings and agenda items are
here, the first and last meeting date, and when minutes were last imported; and it
lists every one of the 98 kommuner, those with no minutes here yet as well.

Two aggregate queries, whatever the number of committees: one over committees and
their meetings (with the source documents' upload times), and the facets' count of
public items per committee and year (``public.facets.count_table``). Counting a
million items takes about a second on PostgreSQL, so the figures, and the table
rendered from them, are counted after every change commits (``recount_coverage``,
called by ``importing.changes``) and kept in the shared cache under a stamp of the data (the
meetings' last change and the newest import, two index lookups). A reader's request
counts only when the cache has lost them; one after a change never sees the old
figures, as the stamp has moved.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property

from .. import kommuner
from ..models import Committee, Meeting, Municipality, SourceDocument
from ..public.facets import count_table
from ..public.filters import change_stamp

# Denmark has 98 municipalities (kommuner) since the 2007 reform.
MUNICIPALITIES_IN_DENMARK = 98

COVERAGE_CACHE_KEY = "minutes:coverage:2"
# The name of the {% cache %} fragment in coverage.html, filled by recount_coverage().
TABLE_FRAGMENT = "coverage_table"
TABLE_TEMPLATE = "minutes/_coverage_table.html"

IMPORTED = [
    SourceDocument.Status.IMPORTED,
    SourceDocument.Status.UPDATED,
    SourceDocument.Status.UNCHANGED,
]


@dataclass
class CommitteeFigures:
    """One committee's public meetings and items, and when they were last imported."""

    name: str
    slug: str
    meeting_count: int
    item_count: int
    first_meeting: dt.date | None
    last_meeting: dt.date | None
    last_import: dt.datetime | None


@dataclass
class MunicipalityFigures:
    """One kommune's committees' figures, and their sums; ``slug`` is empty without a page."""

    name: str
    slug: str
    committees: list[CommitteeFigures] = field(default_factory=list)

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


def every_municipality() -> dict[str, MunicipalityFigures]:
    """The 98 kommuner of the official list and any other municipality row, by name.

    The list decides what a kommune is (a table emptied since migration 0009 still
    shows all 98); a kommune without a row has no page to link to yet.
    """
    rows = Municipality.objects.values_list("name", "slug", "kommunekode")
    # A row made before the list has no code: it is found by its name.
    by_code = {code: (name, slug) for name, slug, code in rows if code}
    by_name = {name: (name, slug) for name, slug, _ in rows}
    municipalities = {}
    for kommune in kommuner.all_kommuner():
        name, slug = by_code.get(kommune.code) or by_name.get(kommune.name) or (kommune.name, "")
        municipalities[name] = MunicipalityFigures(name=name, slug=slug)
    for name, slug, _ in rows:
        municipalities.setdefault(name, MunicipalityFigures(name=name, slug=slug))
    return municipalities


def figures_per_municipality() -> list[MunicipalityFigures]:
    """Every municipality with its committees' figures, alphabetically; public rows only."""
    published = Q(meetings__is_published=True)
    committees = (
        Committee.objects.values("id", "name", "slug", "municipality__name")
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
    # The facets' table of public items per committee and year: counted once after a
    # change (RECOUNTS counts it first), not a second GROUP BY over every item here.
    item_counts: Counter[int] = Counter()
    for committee_id, _, items in count_table(change_stamp()).rows:
        item_counts[committee_id] += items
    municipalities = every_municipality()
    for row in committees:
        municipalities[row["municipality__name"]].committees.append(
            CommitteeFigures(
                name=row["name"],
                slug=row["slug"],
                meeting_count=row["meeting_count"],
                item_count=item_counts.get(row["id"], 0),
                first_meeting=row["first_meeting"],
                last_meeting=row["last_meeting"],
                last_import=row["last_import"],
            )
        )
    return sorted(municipalities.values(), key=lambda municipality: municipality.name)


def data_stamp() -> str:
    """Moves with every import and edit: the meetings' last change and the newest import."""
    changed = Meeting.objects.last_change()
    # An unchanged re-upload moves no meeting but is the committee's latest import.
    upload = SourceDocument.objects.filter(status__in=IMPORTED).aggregate(newest=Max("id"))
    return f"{changed.isoformat() if changed else '-'}/{upload['newest'] or 0}"


@dataclass
class CoverageSummary:
    """The page's figures; ``municipalities`` (2,000 rows at national scale) is read
    from its own cache entry only when the cached table has to be rendered again."""

    stamp: str
    counted_at: dt.datetime
    with_minutes: int

    @property
    def rows_key(self) -> str:
        return f"{COVERAGE_CACHE_KEY}:rows:{self.table_key}"

    @property
    def table_key(self) -> str:
        """Names the table rendered from these figures ({% cache %} in coverage.html)."""
        return f"{self.stamp}:{self.counted_at.isoformat()}"

    @cached_property
    def municipalities(self) -> list[MunicipalityFigures]:
        rows = cache.get(self.rows_key)
        if rows is None:
            rows = figures_per_municipality()
        return rows


def recount_coverage(stamp: str | None = None) -> CoverageSummary:
    """Count the figures for the data as it is now and keep them, the table rendered too.

    After every change (``importing.changes``), and on a request that finds nothing
    in the cache. No expiry: the stamp names the data they were counted from.
    """
    stamp = stamp or data_stamp()  # before counting: the figures are at least this new
    rows = figures_per_municipality()
    summary = CoverageSummary(
        stamp=stamp,
        counted_at=timezone.now(),
        with_minutes=sum(1 for municipality in rows if municipality.meeting_count),
    )
    table = render_to_string(TABLE_TEMPLATE, {"municipalities": rows})
    cache.set_many(
        {
            f"{COVERAGE_CACHE_KEY}:{stamp}": summary,
            # The small summary is read on every request, the rows only to render the table.
            summary.rows_key: rows,
            make_template_fragment_key(TABLE_FRAGMENT, [summary.table_key]): table,
        },
        None,
    )
    # After it is stored: the summary read on every request carries no rows.
    summary.municipalities = rows
    return summary


def coverage_summary() -> CoverageSummary:
    """The figures of the data as it is now: from the cache, counted only if it has lost them."""
    stamp = data_stamp()
    summary = cache.get(f"{COVERAGE_CACHE_KEY}:{stamp}")
    if summary is None:
        summary = recount_coverage(stamp)
    return summary


def coverage_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "minutes/coverage.html",
        {
            "summary": coverage_summary(),
            "in_denmark": MUNICIPALITIES_IN_DENMARK,
        },
    )
