"""Counts per kommune, udvalg and year beside a list or a search (facets).

Every count is exact, each from where it is cheapest:

- A list filtered only by kommune, udvalg and whole years: exact, from one table
  of public items per (committee, year), kept in the shared cache under the
  meetings' last change (``Meeting.objects.last_change()``). Building it is one
  GROUP BY over every public item, counted after every change commits
  (``importing.changes`` calls ``recount_table``), so no list request pays for it
  unless the cache has lost it.
- Any other list (a case-number prefix, a period that is not whole years): counted
  by the search engine over the same filters (``search.facet_counts``), exact, in
  one pass over fast fields; while the index is damaged or outdated, the list shows
  no facets.
- A search: every match counted by the engine itself (``search.facet_counts``, one
  pass over the matches' fast fields, as cheap as the search's own count): exact.
  The engine's counts are kept in the shared cache per query and filters under the
  data stamp and the index's last commit, so the pages of one search count once. They
  count what the index holds: a meeting not indexed yet (a busy writer, a batch's
  catch-up) is in a list a moment before it is in the list's facets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from .. import search
from ..models import AgendaItem, Committee
from .filters import AgendaItemFilter, change_stamp

FACET_VALUES_SHOWN = 10
# The stamp in the key keeps them right; the expiry only frees the cache of old searches.
FACET_CACHE_SECONDS = 600


@dataclass(frozen=True, slots=True)
class FacetValue:
    label: str
    count: int
    query_string: str  # the list with this value's filter added; "" when it is applied


@dataclass(frozen=True, slots=True)
class Facets:
    municipalities: list[FacetValue]
    committees: list[FacetValue]
    years: list[FacetValue]

    @property
    def groups(self) -> list[tuple[str, list[FacetValue]]]:
        return [
            ("Kommune", self.municipalities),
            ("Udvalg", self.committees),
            ("År", self.years),
        ]

    @property
    def is_empty(self) -> bool:
        return not (self.municipalities or self.committees or self.years)


# (committee id, year, public items): one row of the counted table.
CountRow = tuple[int, int, int]


def committee_slugs() -> dict[int, tuple[str, str]]:
    rows = Committee.objects.values_list("pk", "municipality__slug", "slug")
    return {pk: (municipality, committee) for pk, municipality, committee in rows}


class CountTable:
    """Public items per (committee, year), grouped for the questions a list asks of it.

    The rows are what is counted and cached; the groups are built from them once per
    process and data stamp, so that a list filtered by one kommune reads that kommune's
    rows, and an unfiltered list the per-kommune and per-udvalg sums, not every row.
    """

    def __init__(self, rows: list[CountRow], slugs: dict[int, tuple[str, str]]) -> None:
        self.rows = rows
        self.slugs = slugs  # committee id -> (kommune slug, udvalg slug)
        self.by_municipality: dict[str, list[tuple[str, int, int]]] = {}
        self.by_committee: dict[str, list[tuple[str, int, int]]] = {}
        municipality_years: Counter[tuple[str, int]] = Counter()
        committee_years: Counter[tuple[str, int]] = Counter()
        for committee_id, year, items in rows:
            municipality, committee = slugs.get(committee_id, ("", ""))
            self.by_municipality.setdefault(municipality, []).append((committee, year, items))
            self.by_committee.setdefault(committee, []).append((municipality, year, items))
            municipality_years[municipality, year] += items
            committee_years[committee, year] += items
        self.municipality_years = list(municipality_years.items())
        self.committee_years = list(committee_years.items())

    def counter(
        self, years: tuple[int, int], municipalities: set[str], committees: set[str]
    ) -> FacetCounter:
        """The counts of the items in these years, kommuner and udvalg (empty: all)."""
        first, last = years
        counter = FacetCounter()
        if municipalities:
            for municipality in municipalities:
                for committee, year, items in self.by_municipality.get(municipality, ()):
                    if first <= year <= last and (not committees or committee in committees):
                        counter.add_cell(municipality, committee, year, items)
        elif committees:
            for committee in committees:
                for municipality, year, items in self.by_committee.get(committee, ()):
                    if first <= year <= last:
                        counter.add_cell(municipality, committee, year, items)
        else:
            for (municipality, year), items in self.municipality_years:
                if first <= year <= last:
                    counter.municipalities[municipality] += items
                    counter.years[year] += items
            for (committee, year), items in self.committee_years:
                if first <= year <= last:
                    counter.committees[committee] += items
        return counter


def _table_key(stamp: str) -> str:
    return f"minutes:facet-table:2:{stamp}"


def _count_key(stamp: str) -> str:
    # Which count of the table is the current one: a deleted meeting or a renamed
    # kommune is counted again under the same stamp, and every worker must see it.
    return f"minutes:facet-table-count:2:{stamp}"


# This process's grouped copy of the table, (stamp, count token, table): a list request
# would otherwise read and unpickle the whole table from the shared cache every time.
# Each request reads the small count token instead and compares.
_table_in_process: tuple[str, str, CountTable] | None = None


def count_table(stamp: str) -> CountTable:
    """Public items per (committee, year), and the committees' slugs, as of ``stamp``."""
    global _table_in_process
    current = cache.get(_count_key(stamp))
    held = _table_in_process
    if held is not None and current is not None and held[:2] == (stamp, current):
        return held[2]
    cached = cache.get(_table_key(stamp))
    if cached is None:
        return recount_table(stamp)
    token, rows, slugs = cached
    if current != token:
        cache.set(_count_key(stamp), token, None)
    table = CountTable(rows, slugs)
    _table_in_process = (stamp, token, table)
    return table


def forget_count_table() -> None:
    """Drop this process's copy (with the shared cache emptied, as the tests do)."""
    global _table_in_process
    _table_in_process = None


def recount_table(stamp: str | None = None) -> CountTable:
    """Count the table for the data as it is now and keep it (after every change)."""
    global _table_in_process
    stamp = stamp or change_stamp()  # before counting: the table is at least this new
    rows = (
        AgendaItem.objects.public()
        .annotate(year=ExtractYear("meeting_date"))
        .values_list("committee_id", "year")
        .annotate(items=Count("id"))
        .order_by()
    )
    token = uuid.uuid4().hex
    rows, slugs = list(rows), committee_slugs()
    # No expiry: the key names the data it was counted from and the token which count
    # is current; an expiry would only redo the GROUP BY over every item meanwhile.
    cache.set_many({_table_key(stamp): (token, rows, slugs), _count_key(stamp): token}, None)
    table = CountTable(rows, slugs)
    _table_in_process = (stamp, token, table)
    return table


def whole_years(date_from: dt.date | None, date_to: dt.date | None) -> tuple[int, int] | None:
    """The years a period covers, if it starts and ends on a year's edges (or is open)."""
    if date_from and (date_from.month, date_from.day) != (1, 1):
        return None
    if date_to and (date_to.month, date_to.day) != (12, 31):
        return None
    return (date_from.year if date_from else 0, date_to.year if date_to else 9999)


class FacetCounter:
    """Counts by kommune slug, udvalg slug and year."""

    def __init__(self) -> None:
        self.municipalities: Counter[str] = Counter()
        self.committees: Counter[str] = Counter()
        self.years: Counter[int] = Counter()

    def add_cell(self, municipality: str, committee: str, year: int, items: int) -> None:
        self.municipalities[municipality] += items
        self.committees[committee] += items
        self.years[year] += items


def _with(data: QueryDict, **values: str) -> str:
    query = data.copy()
    query.pop("side", None)
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


def item_facets(
    filterset: AgendaItemFilter, *, started: EngineCounts | None = None
) -> Facets | None:
    """The facets of /punkter/ for this (valid) FilterSet.

    ``started``: the engine's counts of this search, begun by ``start_engine_counts()``.
    """
    if filterset.is_bound and not filterset.is_valid():
        return None
    data = filterset.data if filterset.is_bound else QueryDict()
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    stamp = filterset.choices.stamp if filterset.choices else change_stamp()
    query = filterset.text_query
    if query:
        counter = (started or start_engine_counts(filterset, query, stamp=stamp)).counter()
    elif (years := whole_years(cleaned.get("fra"), cleaned.get("til"))) and not cleaned.get(
        "sagsnummer"
    ):
        counter = count_table(stamp).counter(
            years, set(cleaned.get("kommune") or ()), set(cleaned.get("udvalg") or ())
        )
    else:
        try:
            counter = start_engine_counts(filterset, None, stamp=stamp).counter()
        except search.IndexOutdated:  # damaged or missing too
            return None  # the list itself does not need the index; its facets wait for it
    return _facets(filterset, counter, data, cleaned)


class EngineCounts:
    """The engine's counts of one search or filter: from the cache, or being counted."""

    def __init__(self, key: str, cached: search.FacetCounts | None, pending: Future | None):
        self.key = key
        self.cached = cached
        self.pending = pending

    def counter(self) -> FacetCounter:
        counts = self.cached
        if counts is None:
            counts = self.pending.result()
            # A reader pages through one search: counted once per data stamp.
            cache.set(self.key, counts, FACET_CACHE_SECONDS)
        counter = FacetCounter()
        counter.municipalities.update(counts.municipalities)
        counter.committees.update(counts.committees)
        counter.years.update(counts.years)
        return counter


def start_engine_counts(
    filterset: AgendaItemFilter, query: str | None, *, stamp: str
) -> EngineCounts:
    """Begin the engine's counts of this (valid) FilterSet's search or filters."""
    filters = filterset.search_kwargs()
    filters.pop("order", None)  # the counts are the same in any order
    digest = hashlib.sha256(repr((query, sorted(filters.items()))).encode()).hexdigest()
    # Under the index's last commit too: a meeting indexed after its import (a busy
    # writer, a batch, a catch-up) is counted as soon as the index has it.
    key = f"minutes:facet-engine:2:{stamp}:{search.generation()}:{digest}"
    cached = cache.get(key)
    if cached is not None:
        return EngineCounts(key, cached, None)
    # Counted beside the page's own search (search.facet_counts_started).
    return EngineCounts(key, None, search.facet_counts_started(query, **filters))


def _facets(
    filterset: AgendaItemFilter,
    counter: FacetCounter,
    data: QueryDict,
    cleaned: dict,
) -> Facets:
    chosen_municipalities = set(cleaned.get("kommune") or ())
    chosen_committees = set(cleaned.get("udvalg") or ())
    names = dict(filterset.choices.municipalities()) if filterset.choices else {}
    committee_names = dict(filterset.choices.committees()) if filterset.choices else {}
    chosen_years = whole_years(cleaned.get("fra"), cleaned.get("til"))

    def top(counts: Counter) -> list:
        return [
            (value, items)
            for value, items in sorted(counts.items(), key=lambda pair: (-pair[1], str(pair[0])))
            if items > 0 and value
        ][:FACET_VALUES_SHOWN]

    def by_slug(counts: Counter, labels: dict, chosen: set, parameter: str) -> list[FacetValue]:
        # A chosen value has no link: it is the filter already.
        return [
            FacetValue(
                labels.get(slug, slug),
                items,
                "" if slug in chosen else _with(data, **{parameter: slug}),
            )
            for slug, items in top(counts)
        ]

    municipalities = by_slug(counter.municipalities, names, chosen_municipalities, "kommune")
    committees = by_slug(counter.committees, committee_names, chosen_committees, "udvalg")
    years = [
        FacetValue(
            str(year),
            counter.years[year],
            ""
            if chosen_years == (year, year)
            else _with(data, fra=f"{year}-01-01", til=f"{year}-12-31"),
        )
        for year in sorted((y for y, n in counter.years.items() if n > 0), reverse=True)
    ]
    return Facets(
        municipalities,
        committees,
        years,
    )
