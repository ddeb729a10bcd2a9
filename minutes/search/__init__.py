"""Full-text search: a Tantivy index beside the database.

The database is the truth; the index is derived from it and can always be
rebuilt (``manage.py rebuild_search_index``). It follows the database through
three calls: ``index_meeting()`` after an import, correction, edit or
(un)publishing has committed, ``remove_meeting()`` when a meeting is deleted,
and ``rebuild()``. ``search()`` answers the lists' ``q`` with item ids in the
engine's order, the exact number of matches and a snippet per hit;
``MatchingItems`` is the same as a sequence of AgendaItems for the paginator.

The package is the only importer of ``tantivy`` (moving to another engine means
rewriting it only; see docs/SEARCH.md), in five parts:

- ``analysis``: the Danish analyser and the schema (what the index holds);
- ``index``: the index on disk, its one writer, whether it is outdated;
- ``sync``: keeping the index in step with the database;
- ``query``: the search box's query language and the list filters as engine queries;
- ``results``: running a search, its hits and snippets, its counts per kommune, udvalg and year.

Concurrency: any number of processes read; Tantivy allows one writer per index
across processes (a lock file). A writer that finds the lock taken retries with
backoff for a bounded time; if the index still cannot be updated, the meeting
stays saved with ``is_search_indexed`` False, and the next ``index_meeting()``
or ``rebuild()`` catches it up. An index failure never loses an import.

Other packages import only the names below.
"""

from .analysis import MARK_END, MARK_START
from .index import (
    WRITER_LOCK_TIMEOUT,
    IndexDamaged,
    IndexOutdated,
    WriterBusy,
    damage_on_disk,
    generation,
    index_writer,
    is_outdated,
    state,
)
from .query import looks_like_case_number
from .results import (
    FacetCounts,
    MatchingItems,
    SearchHit,
    SearchResult,
    facet_counts,
    facet_counts_started,
    search,
)
from .snippets import shortened
from .sync import (
    batched_indexing,
    index_meeting,
    index_meetings,
    rebuild,
    reindex_on_commit,
    remove_meeting,
)

__all__ = [
    "MARK_END",
    "MARK_START",
    "WRITER_LOCK_TIMEOUT",
    "FacetCounts",
    "IndexDamaged",
    "IndexOutdated",
    "MatchingItems",
    "SearchHit",
    "SearchResult",
    "WriterBusy",
    "batched_indexing",
    "damage_on_disk",
    "facet_counts",
    "facet_counts_started",
    "generation",
    "index_meeting",
    "index_meetings",
    "index_writer",
    "is_outdated",
    "looks_like_case_number",
    "rebuild",
    "reindex_on_commit",
    "remove_meeting",
    "search",
    "shortened",
    "state",
]
