"""Answering a search: hits in the engine's order with their snippets, and the
matching items as a sequence Django's Paginator can page through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import tantivy

from ..models import AgendaItem
from . import query as query_language
from .analysis import SCHEMA
from .index import open_index, reading
from .query import looks_like_case_number
from .snippets import Excerpts

# Deeper than this nobody pages; the engine keeps offset + limit hits in memory.
MAX_OFFSET = 100_000


@dataclass(frozen=True, slots=True)
class SearchHit:
    item_id: int
    snippet: str  # plain text with MARK_START/MARK_END around matched words


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[SearchHit]
    total: int


def search(
    query: str,
    *,
    municipalities: Sequence[str] = (),
    committee: str | Sequence[str] | None = None,
    case_number: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    item_id_after: int | None = None,
    item_id_up_to: int | None = None,
    order: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    snippets: bool = True,
    compounds: bool = True,
) -> SearchResult:
    """Public items matching the query and the filters, best first (or newest first).

    ``snippets=False`` leaves every snippet empty and reads only the ids (a fast
    field), for callers that narrow a QuerySet by many hits (API, feeds).
    ``item_id_after`` < id <= ``item_id_up_to``: only the items added since a mark
    (the alerts' digest), either side open if None.

    Syntax: words must all occur (Danish stemming: "besparelse" finds
    "besparelser"; a word finds the compounds that begin or end with it, ranked
    below exact matches, unless ``compounds=False``), "a phrase" in quotes,
    -word excludes, OR between alternatives. A query that is a case number finds that case's items.
    A query of only stop words or symbols finds nothing; no query ever raises.
    """
    prepared = _prepared_query(
        query,
        compounds=compounds,
        filters=query_language.filter_queries(
            municipalities=municipalities,
            committee=committee,
            case_number=case_number,
            date_from=date_from,
            date_to=date_to,
            item_id_after=item_id_after,
            item_id_up_to=item_id_up_to,
        ),
    )
    if prepared is None:
        return SearchResult(hits=[], total=0)
    if prepared.is_case and order == "relevance":
        order = "newest"  # every item of a case matches equally well
    with reading():
        return _engine_search(
            prepared.full_query,
            prepared.highlighted,
            prepared.compound_words,
            order=order,
            offset=offset,
            limit=limit,
            snippets=snippets,
        )


@dataclass(frozen=True, slots=True)
class _PreparedQuery:
    full_query: tantivy.Query  # the words and the filters
    highlighted: tantivy.Query
    compound_words: list[str]
    is_case: bool


def _prepared_query(
    query: str, *, compounds: bool, filters: list[tantivy.Query]
) -> _PreparedQuery | None:
    """The engine query of a search box text and the list filters; None: nothing to find."""
    case = looks_like_case_number(query)
    if case is not None:
        matching = tantivy.Query.term_query(SCHEMA, "case_number", case)
        highlighted = matching  # no words: no excerpt (the row shows the case number)
        compound_words = []
    else:
        matching = query_language.text_query(query, compounds=compounds)
        highlighted = query_language.highlight_query(query)
        compound_words = query_language.compound_words(query) if compounds else []
    if matching is None:
        return None
    return _PreparedQuery(
        _filtered(matching, filters), highlighted, compound_words, is_case=case is not None
    )


def _filtered(matching: tantivy.Query, filters: list[tantivy.Query]) -> tantivy.Query:
    # The filters narrow the matches without adding to their scores.
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, matching)]
        + [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    )


@dataclass(frozen=True, slots=True)
class FacetCounts:
    """Every match of a search counted by kommune slug, udvalg slug and year."""

    municipalities: dict[str, int]
    committees: dict[str, int]
    years: dict[int, int]


# The years a meeting may fall in, for the engine's year ranges (day numbers).
FACET_FIRST_YEAR = 1970
FACET_YEARS_AHEAD = 5
# More distinct slugs than any list shows: the counts of those shown are then exact.
FACET_TERMS = 5_000


def facet_counts(
    query: str | None,
    *,
    municipalities: Sequence[str] = (),
    committee: str | Sequence[str] | None = None,
    case_number: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    compounds: bool = True,
    index: tantivy.Index | None = None,
) -> FacetCounts:
    """The search's matches counted per kommune, udvalg and year, exactly.

    ``query`` None: every public item the filters leave (a list without a search).
    One pass of the engine over the matches' fast fields, as cheap as counting
    them: the counts always add up to the search's count. ``index``: one opened
    already (by the caller's thread), else this process's.
    """
    filters = query_language.filter_queries(
        municipalities=municipalities,
        committee=committee,
        case_number=case_number,
        date_from=date_from,
        date_to=date_to,
    )
    if query is None:
        full_query = _filtered(tantivy.Query.all_query(), filters)
    elif prepared := _prepared_query(query, compounds=compounds, filters=filters):
        full_query = prepared.full_query
    else:
        return FacetCounts({}, {}, {})
    last_year = dt.date.today().year + FACET_YEARS_AHEAD
    years = range(FACET_FIRST_YEAR, last_year + 1)
    aggregations = {
        "municipalities": {"terms": {"field": "municipality", "size": FACET_TERMS}},
        "committees": {"terms": {"field": "committee", "size": FACET_TERMS}},
        "years": {
            "range": {
                "field": "day",
                "ranges": [
                    {
                        "key": str(year),
                        "from": dt.date(year, 1, 1).toordinal(),
                        "to": dt.date(year + 1, 1, 1).toordinal(),
                    }
                    for year in years
                ],
            }
        },
    }
    with reading():
        counted = (index or open_index()).searcher().aggregate(full_query, aggregations)

    def terms(name: str) -> dict[str, int]:
        return {bucket["key"]: bucket["doc_count"] for bucket in counted[name]["buckets"]}

    return FacetCounts(
        municipalities=terms("municipalities"),
        committees=terms("committees"),
        years={
            int(bucket["key"]): bucket["doc_count"]
            for bucket in counted["years"]["buckets"]
            if bucket["doc_count"] and bucket["key"].isdigit()
        },
    )


def _engine_search(
    full_query: tantivy.Query,
    highlighted: tantivy.Query,
    compound_words: list[str],
    *,
    order: str,
    offset: int,
    limit: int,
    snippets: bool,
) -> SearchResult:
    searcher = open_index().searcher()
    # Tantivy refuses a limit of 0, and a huge offset would size its heap.
    offset = min(max(offset, 0), MAX_OFFSET)
    wanted = max(limit, 0)
    sort = {"order_by_field": "newest"} if order == "newest" else {}
    result = searcher.search(full_query, max(wanted, 1), count=True, offset=offset, **sort)
    if wanted == 0:
        return SearchResult(hits=[], total=result.count)
    if not snippets:
        addresses = [address for _score, address in result.hits]
        ids = searcher.fast_field_values("item_id", addresses)
        return SearchResult(hits=[SearchHit(pk, "") for pk in ids], total=result.count)
    excerpts = Excerpts(searcher, highlighted, compound_words)
    hits = []
    for _score, address in result.hits:
        doc = searcher.doc(address)
        hits.append(SearchHit(item_id=doc.get_first("item_id"), snippet=excerpts.of(doc)))
    return SearchResult(hits=hits, total=result.count)


# The engine lets go of Python while it counts: a search's facet counts run in this
# pool, on the other core, while the page's own search runs (the search page's one
# hand-made fast path: at 1M items a common word's two passes over its matches would
# otherwise add up past the 50 ms target). Only the engine runs there, no database.
_COUNTING = ThreadPoolExecutor(max_workers=4, thread_name_prefix="facet-counts")


def facet_counts_started(query: str | None, **filters) -> Future[FacetCounts]:
    """``facet_counts()`` begun on a thread of its own; its ``result()`` gives them.

    The index is opened here, in the caller's thread (opening may ask the database
    whether meetings are indexed), so a missing or damaged index raises here.
    """
    # Opened here and handed over: the pool's threads never open it themselves.
    return _COUNTING.submit(facet_counts, query, index=open_index(), **filters)


class MatchingItems:
    """Search hits as a sequence of AgendaItems, for Django's Paginator.

    ``count()`` is the engine's exact count; a slice asks the engine for that
    page and fetches its rows from ``queryset`` in one query, in the engine's
    order, each with ``item.snippet``. ``search_kwargs`` are search()'s filters.

    ``count()`` fetches the hits of the page the caller expects to show
    (``window_start``, ``window_size``; the first 21 unless told) in the same
    engine search, since counting visits every match anyway: a page costs one
    search, and its count and rows come from the same snapshot of the index.
    A slice outside that window searches again.
    """

    def __init__(
        self,
        query: str,
        *,
        queryset,
        window_start: int = 0,
        window_size: int = 21,
        **search_kwargs,
    ) -> None:
        self.query = query
        self.queryset = queryset
        self.window_start = min(max(window_start, 0), MAX_OFFSET)
        self.window_size = window_size
        self.search_kwargs = search_kwargs
        self._count: int | None = None
        self._window: list[SearchHit] | None = None

    def count(self) -> int:
        if self._count is None:
            result = search(
                self.query, offset=self.window_start, limit=self.window_size, **self.search_kwargs
            )
            self._count = result.total
            self._window = result.hits
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _hits(self, start: int, stop: int) -> list[SearchHit]:
        window_stop = self.window_start + self.window_size
        if self._window is not None and self.window_start <= start and stop <= window_stop:
            return self._window[start - self.window_start : stop - self.window_start]
        result = search(self.query, offset=start, limit=max(stop - start, 0), **self.search_kwargs)
        self._count = result.total
        return result.hits

    def __getitem__(self, index: slice) -> list[AgendaItem]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("MatchingItems supports only plain slices")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        hits = self._hits(start, stop)
        snippets = {hit.item_id: hit.snippet for hit in hits}
        items = self.queryset.in_order([hit.item_id for hit in hits])
        for item in items:
            item.snippet = snippets[item.pk]
        return items
