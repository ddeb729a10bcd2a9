"""Full-text search: a Tantivy index beside the database.

The database is the truth; the index is derived from it and can always be
rebuilt (``manage.py rebuild_search_index``). It follows the database through
three calls: ``index_meeting()`` after an import, correction, edit or
(un)publishing has committed, ``remove_meeting()`` when a meeting is deleted,
and ``rebuild()``. ``search()`` answers the lists' ``q`` with item ids in the
engine's order, the exact number of matches and a snippet per hit.

This is the only module that imports ``tantivy``: moving to another engine
(Quickwit, OpenSearch; see docs/SEARCH.md) means rewriting this module only.

Concurrency: any number of processes read; Tantivy allows one writer per index
across processes (a lock file). A writer that finds the lock taken retries with
backoff for a bounded time; if the index still cannot be updated, the meeting
stays saved with ``is_search_indexed`` False, and the next ``index_meeting()``
or ``rebuild()`` catches it up. An index failure never loses an import.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from ..models import AgendaItem, Decision, Meeting
from ..parsing.casenumbers import case_number_query

logger = logging.getLogger(__name__)

# How much each text field counts in the ranking, in one place: a hit in the
# title counts most, a decision or recommendation next, the background text last.
FIELD_BOOSTS: dict[str, float] = {
    "title": 4.0,
    "decisions": 2.0,
    "recommendation": 2.0,
    "body": 1.0,
}
# Which field an excerpt is taken from first: what was decided is what a reader
# wants to see; the title is shown beside the excerpt anyway.
SNIPPET_FIELDS = ("decisions", "recommendation", "body", "title")
SNIPPET_MAX_CHARS = 240

# Private-use characters mark the highlighted words in a snippet. They are
# stripped from document text first, so a document can never forge one; the
# template filter search_tags.highlight escapes the text, then swaps them for
# <mark> and </mark>.
MARK_START = "\ue000"
MARK_END = "\ue001"

# An import waits this long for another writer (another import, a rebuild)
# before giving up and leaving the meeting marked "not yet searchable".
WRITER_LOCK_TIMEOUT = 30.0
# Each index_meeting() also indexes up to this many meetings that an earlier
# failure left behind, so the index catches up without a rebuild.
CATCH_UP_MEETINGS = 10
# A bulk import (batched_indexing) commits the index once per this many meetings:
# a commit costs ~25 ms on the 1M-item index, more than indexing a meeting's items.
BATCH_MEETINGS = 50
REBUILD_BATCH_ITEMS = 2000
# Deeper than this nobody pages; the engine keeps offset + limit hits in memory.
MAX_OFFSET = 100_000

# The Snowball Danish stop words, except "ikke": "ikke godkendt" must not find
# "godkendt". Stop words are dropped from documents and queries alike, so a
# query of only stop words finds nothing instead of everything.
# fmt: off
DANISH_STOP_WORDS = (
    "og", "i", "jeg", "det", "at", "en", "den", "til", "er", "som", "på", "de", "med", "han",
    "af", "for", "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "havde",
    "ham", "hun", "nu", "over", "da", "fra", "du", "ud", "sin", "dem", "os", "op", "man", "hans",
    "hvor", "eller", "hvad", "skal", "selv", "her", "alle", "vil", "blev", "kunne", "ind", "når",
    "være", "dog", "noget", "ville", "jo", "deres", "efter", "ned", "skulle", "denne", "end",
    "dette", "mit", "også", "under", "have", "dig", "anden", "hende", "mine", "alt", "meget",
    "sit", "sine", "vor", "mod", "disse", "hvis", "din", "nogle", "hos", "blive", "mange", "ad",
    "bliver", "hendes", "været", "thi", "jer", "sådan",
)
# fmt: on

TOKENIZER = "danish"
# Word pairs: each text field has a twin holding every two neighbouring tokens
# as one term ("tag||efterretning"), so a two-word phrase is a term lookup instead
# of an intersection of two long posting lists and a check of every position (a
# phrase of common words visited ~560,000 field matches at 1M items: 45-65 ms),
# and a longer phrase is a phrase of pairs, whose posting lists are far shorter.
PAIRS_TOKENIZER = "pairs"
PAIRS_SUFFIX = "_pairs"
# Between the two tokens of a pair, one "|" per position they lie apart: a stop
# word between them leaves a gap, as it does in a phrase query. The tokens are
# alphanumeric, so "|" never occurs in one.
PAIR_GAP = "|"


def _danish_analyzer() -> tantivy.TextAnalyzer:
    # No ASCII folding: æ, ø and å are searched as typed ("bør" is not "bor").
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.custom_stopword(list(DANISH_STOP_WORDS)))
        .filter(tantivy.Filter.stemmer("danish"))
        .build()
    )


ANALYZER = _danish_analyzer()
# The pair terms are built in Python from ANALYZER's tokens; the field only splits them.
PAIRS_ANALYZER = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def _pairs_field(field: str) -> str:
    return field + PAIRS_SUFFIX


def _words(text: str) -> list[tuple[int, str]]:
    """The analysed tokens of ``text`` with their positions, as the index sees them."""
    return [(token.position, token.text) for token in ANALYZER.pre_tokenize(text).tokens]


def _pair_terms(words: Sequence[tuple[int, str]]) -> list[str]:
    return [
        first + PAIR_GAP * (second_position - first_position) + second
        for (first_position, first), (second_position, second) in pairwise(words)
    ]


def _build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("item_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("meeting_id", indexed=True)
    for field in FIELD_BOOSTS:
        # No positions: phrases are matched in the pair fields.
        builder.add_text_field(field, stored=True, tokenizer_name=TOKENIZER, index_option="freq")
        builder.add_text_field(_pairs_field(field), tokenizer_name=PAIRS_TOKENIZER)
    # Filters: exact slugs and case numbers (raw, untokenised), dates as day numbers.
    builder.add_text_field("municipality", fast=True, tokenizer_name="raw")
    builder.add_text_field("committee", fast=True, tokenizer_name="raw")
    builder.add_text_field("case_number", fast=True, tokenizer_name="raw")
    builder.add_integer_field("day", indexed=True, fast=True)
    # Newest first, as AgendaItem.newest_first(): date, then meeting, then item number.
    builder.add_integer_field("newest", fast=True)
    return builder.build()


SCHEMA = _build_schema()


@dataclass(frozen=True, slots=True)
class SearchHit:
    item_id: int
    snippet: str  # plain text with MARK_START/MARK_END around matched words


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[SearchHit]
    total: int


class WriterBusy(Exception):
    """Another writer held the index for longer than we were willing to wait."""


class IndexOutdated(Exception):
    """The index on disk was built with another schema: ``rebuild_search_index`` replaces it."""


# --- the index on disk ------------------------------------------------------

_open_lock = threading.Lock()
_cached: dict[str, object] = {}


def _index_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def _rebuild_marker() -> Path:
    # Beside the folder, not in it: the folder is deleted and made again.
    path = _index_dir()
    return path.with_name(path.name + ".rebuilding")


def _open_index(*, rebuilding: bool = False) -> tantivy.Index:
    """This process's handle on the index, created on first use.

    Readers reload when meta.json changes (a commit, by this or another process):
    one small read per search, so gunicorn workers see new commits at once. While a
    rebuild replaces an outdated index (its marker file exists), the index is
    empty until the rebuild commits: everyone but the rebuild gets IndexOutdated,
    so searches say "try again" instead of "nothing found".
    """
    path = _index_dir()
    if not rebuilding and _rebuild_marker().exists():
        raise IndexOutdated(f"{path} is being rebuilt")
    with _open_lock:
        index = _cached.get("index")
        if index is None or _cached.get("path") != str(path):
            path.mkdir(parents=True, exist_ok=True)
            try:
                index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
            except ValueError as error:
                if "schema does not match" in str(error):
                    raise IndexOutdated(str(path)) from error
                raise
            index.register_tokenizer(TOKENIZER, ANALYZER)
            index.register_tokenizer(PAIRS_TOKENIZER, PAIRS_ANALYZER)
            index.config_reader(reload_policy="manual")
            _cached.update(path=str(path), index=index, meta=None)
        # Its content, not its mtime: two commits within one clock tick of the file
        # system (a few ms) leave the same mtime, and the second went unseen until
        # the next commit. Every commit writes a new opstamp; the file is ~5 KB.
        try:
            meta = (path / "meta.json").read_bytes()
        except FileNotFoundError:
            meta = None
        if meta != _cached.get("meta"):
            index.reload()
            _cached["meta"] = meta
        return index


def _acquire_writer(
    index: tantivy.Index, *, timeout: float, heap_size: int = 50_000_000, num_threads: int = 1
) -> tantivy.IndexWriter:
    """The index's one writer; waits with backoff while another process holds it."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        try:
            return index.writer(heap_size=heap_size, num_threads=num_threads)
        except ValueError as error:
            if "LockBusy" not in str(error):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WriterBusy(str(error)) from error
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 1.0)


@contextmanager
def index_writer(
    *,
    timeout: float = WRITER_LOCK_TIMEOUT,
    heap_size: int = 50_000_000,
    num_threads: int = 1,
    rebuilding: bool = False,
) -> Iterator[tantivy.IndexWriter]:
    """The index's single writer for the with-block, committed at its end.

    Waits up to ``timeout`` seconds for another writer (WriterBusy after that).
    An exception in the block discards its changes: readers never see half a job.
    """
    writer = _acquire_writer(
        _open_index(rebuilding=rebuilding),
        timeout=timeout,
        heap_size=heap_size,
        num_threads=num_threads,
    )
    try:
        yield writer
        writer.commit()
        # Merges run in the writer's threads; waiting keeps the segment count low
        # and releases the lock only when the index is tidy.
        writer.wait_merging_threads()
    finally:
        # Dropping the writer releases the lock (and rolls back if uncommitted).
        del writer


def is_outdated() -> bool:
    """True if the index on disk was built with another schema and must be rebuilt."""
    try:
        _open_index()
    except IndexOutdated:
        return True
    return False


# --- documents ----------------------------------------------------------------


def _plain(text: str) -> str:
    # The parser's light markup ("**bold**") is not searchable text, and the
    # highlight markers must never come from a document.
    return text.replace("**", "").replace(MARK_START, "").replace(MARK_END, "")


def _newest_key(item: AgendaItem) -> int:
    # Sorts like order_by("-meeting_date", "-meeting_id", "number") in one integer.
    return (
        item.meeting_date.toordinal() * 10**12
        + (item.meeting_id % 10**8) * 10**4
        + (9999 - min(item.number, 9999))
    )


def _add_text(doc: tantivy.Document, field: str, text: str) -> None:
    text = _plain(text)
    doc.add_text(field, text)
    doc.add_text(_pairs_field(field), " ".join(_pair_terms(_words(text))))


def _document(item: AgendaItem) -> tantivy.Document:
    """Reads municipality, committee, decisions and attachments: prefetch them."""
    doc = tantivy.Document()
    doc.add_integer("item_id", item.pk)
    doc.add_integer("meeting_id", item.meeting_id)
    _add_text(doc, "title", item.title)
    # Closed items ("Lukket punkt") are public by title and case number only.
    if not item.is_closed:
        _add_text(doc, "decisions", "\n".join(d.text for d in item.decisions.all()))
        _add_text(doc, "recommendation", item.recommendation)
        parts = []
        for section in item.sections or []:
            parts.append(str(section.get("heading") or ""))
            parts.append(str(section.get("text") or ""))
        parts.extend(attachment.title for attachment in item.attachments.all())
        _add_text(doc, "body", "\n".join(part for part in parts if part))
    doc.add_text("municipality", item.municipality.slug)
    doc.add_text("committee", item.committee.slug)
    doc.add_text("case_number", item.case_number)
    doc.add_integer("day", item.meeting_date.toordinal())
    doc.add_integer("newest", _newest_key(item))
    return doc


def _indexable_items():
    return (
        AgendaItem.objects.public()
        .select_related("municipality", "committee")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("position")),
            "attachments",
        )
    )


def _write_meetings(writer: tantivy.IndexWriter, meeting_ids: list[int]) -> int:
    for meeting_id in meeting_ids:
        writer.delete_documents_by_term("meeting_id", meeting_id)
    count = 0
    for item in _indexable_items().filter(meeting_id__in=meeting_ids).order_by("pk"):
        writer.add_document(_document(item))
        count += 1
    return count


def _mark_indexed(meeting_ids: Iterable[int], *, read_at: dt.datetime) -> None:
    # A meeting changed after we read it keeps False: its own index_meeting follows.
    Meeting.objects.filter(pk__in=list(meeting_ids), updated_at__lte=read_at).update(
        is_search_indexed=True
    )


# --- keeping the index in step with the database ------------------------------


# The meetings waiting for the end of a batched_indexing() block, or None outside one.
_batch: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "search_index_batch", default=None
)


def index_meeting(
    meeting_id: int,
    *,
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    catch_up: int = CATCH_UP_MEETINGS,
) -> bool:
    """Re-index every public item of the meeting (and drop the rest); True on success.

    Call it after the change has committed (``transaction.on_commit``). It also
    indexes up to ``catch_up`` meetings that an earlier failure left behind.
    Never raises on an index failure: logs it, leaves the meeting marked as not
    yet searchable and returns False. Inside ``batched_indexing()`` the meeting
    waits for the batch's commit instead (and True means "queued").
    """
    batch = _batch.get()
    if batch is not None:
        batch.append(meeting_id)
        if len(batch) >= BATCH_MEETINGS:
            full = batch[:]
            batch.clear()
            index_meetings(full, lock_timeout=lock_timeout, catch_up=catch_up)
        return True
    return index_meetings([meeting_id], lock_timeout=lock_timeout, catch_up=catch_up)


def index_meetings(
    meeting_ids: Sequence[int],
    *,
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    catch_up: int = CATCH_UP_MEETINGS,
) -> bool:
    """index_meeting() for several meetings in one index commit."""
    meeting_ids = list(dict.fromkeys(meeting_ids))
    if not meeting_ids:
        return True
    try:
        with index_writer(timeout=lock_timeout) as writer:
            # Read the database only once we hold the lock, so the last writer
            # always writes the newest state.
            read_at = timezone.now()
            behind = list(
                Meeting.objects.filter(is_search_indexed=False)
                .exclude(pk__in=meeting_ids)
                .order_by("pk")
                .values_list("pk", flat=True)[:catch_up]
            )
            count = _write_meetings(writer, [*meeting_ids, *behind])
    except (WriterBusy, IndexOutdated, ValueError, OSError, RuntimeError):
        logger.exception("search index not updated meetings=%s", meeting_ids)
        return False
    _mark_indexed([*meeting_ids, *behind], read_at=read_at)
    logger.info(
        "search index updated meetings=%s caught_up=%d items=%d",
        meeting_ids,
        len(behind),
        count,
    )
    return True


@contextmanager
def batched_indexing() -> Iterator[None]:
    """Within the block, index_meeting() queues meetings and commits once per batch.

    For bulk imports: a commit per meeting costs more than the meeting's items.
    Whatever is queued is indexed when the block ends, also after an exception;
    until then the meetings are saved and marked not yet searchable, so a crash
    leaves them to the catch-up, as any index failure does.
    """
    if _batch.get() is not None:
        yield  # already batching: the outer block commits
        return
    token = _batch.set([])
    try:
        yield
    finally:
        batch = _batch.get() or []
        _batch.reset(token)
        index_meetings(batch)


def reindex_on_commit(meeting_ids: Iterable[int]) -> None:
    """Mark the meetings not yet searchable and re-index them once the change commits.

    For edits that bypass importing.py (the admin's save and publish/unpublish):
    should the index update fail, the flag tells, and the catch-up finds them.
    """
    meeting_ids = list(meeting_ids)
    Meeting.objects.filter(pk__in=meeting_ids).update(
        is_search_indexed=False, updated_at=timezone.now()
    )
    for meeting_id in meeting_ids:
        transaction.on_commit(partial(index_meeting, meeting_id))


def remove_meeting(meeting_id: int, *, lock_timeout: float = WRITER_LOCK_TIMEOUT) -> bool:
    """Drop every item of the meeting from the index (the meeting was deleted)."""
    try:
        with index_writer(timeout=lock_timeout) as writer:
            writer.delete_documents_by_term("meeting_id", meeting_id)
    except (WriterBusy, IndexOutdated, ValueError, OSError, RuntimeError):
        logger.exception("search index: meeting=%s not removed", meeting_id)
        return False
    Meeting.objects.filter(pk=meeting_id).update(is_search_indexed=False)
    logger.info("search index: removed meeting=%s", meeting_id)
    return True


def rebuild(
    *,
    progress: Callable[[int], None] | None = None,
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
) -> int:
    """Index every public item from scratch; returns how many were indexed.

    Readers keep the old index until the single commit at the end. ``progress``
    is called with the number of items added since its last call. Items are read
    in batches by primary key, so a million items never sit in memory at once.
    Raises WriterBusy if another writer keeps the lock past ``lock_timeout``.
    """
    marker = _rebuild_marker()
    if is_outdated():
        # An index from an older schema (or a rebuild of one that stopped halfway):
        # nothing in it is worth keeping. The marker keeps searches answering
        # "try again" until the new index has committed; should this rebuild stop
        # too, it stays, and so does the 503, until a rebuild finishes.
        logger.warning("search index: incompatible index replaced path=%s", _index_dir())
        marker.touch()
        shutil.rmtree(_index_dir(), ignore_errors=True)
        _cached.clear()
    count = 0
    with index_writer(
        timeout=lock_timeout, heap_size=200_000_000, num_threads=0, rebuilding=marker.exists()
    ) as writer:
        started = timezone.now()
        writer.delete_all_documents()
        last_pk = 0
        while True:
            batch = list(
                _indexable_items().filter(pk__gt=last_pk).order_by("pk")[:REBUILD_BATCH_ITEMS]
            )
            if not batch:
                break
            for item in batch:
                writer.add_document(_document(item))
            count += len(batch)
            last_pk = batch[-1].pk
            if progress is not None:
                progress(len(batch))
    marker.unlink(missing_ok=True)
    # Every meeting unchanged since we began is now in the index; one changed
    # meanwhile stays False and is caught up by the next index_meeting().
    Meeting.objects.filter(updated_at__lte=started).update(is_search_indexed=True)
    logger.info("search index rebuilt items=%d", count)
    return count


# --- queries ------------------------------------------------------------------

# A user's query: "phrases", -exclusions, OR between alternatives, words.
_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


@dataclass(frozen=True, slots=True)
class _Atom:
    text: str
    excluded: bool


def _query_atoms(query: str) -> list[_Atom | None]:
    """The query as atoms, with None standing for an OR between two of them."""
    atoms: list[_Atom | None] = []
    for match in _QUERY_TOKEN.finditer(query):
        minus, phrase, word = match.groups()
        if word is not None:
            if word == "OR":
                atoms.append(None)
                continue
            if word == "AND":  # what words do anyway
                continue
            excluded = word.startswith("-") and len(word) > 1
            atoms.append(_Atom(word[1:] if excluded else word, excluded))
        else:
            atoms.append(_Atom(phrase, bool(minus)))
    return atoms


def _phrase_query(field: str, words: list[tuple[int, str]]) -> tantivy.Query:
    """The phrase by its word pairs: one term for two words, a phrase of pairs for more.

    Neighbouring pairs share a token and sit at neighbouring positions of the
    pair field, so "a b c" is the pair phrase ("a|b", "b|c"): exact, never "a b"
    here and "b c" there.
    """
    pairs = _pair_terms(words)
    if len(pairs) == 1:
        return tantivy.Query.term_query(SCHEMA, _pairs_field(field), pairs[0])
    return tantivy.Query.phrase_query(SCHEMA, _pairs_field(field), list(enumerate(pairs)))


def _atom_words(text: str) -> list[tuple[int, str]]:
    """One word or phrase as tokens, positions counted from its first token.

    A word that analyses into several tokens ("15.00.00-A00", "e-mail") is a phrase.
    Stop words leave gaps, kept as position offsets, so "ikke godkendt" stays
    a phrase and "og" alone is nothing.
    """
    words = _words(text)
    if not words:
        return []
    first = words[0][0]
    return [(position - first, word) for position, word in words]


def _atom_query(text: str) -> tantivy.Query | None:
    """Every text field, boosted, for one word or phrase; None if nothing is searchable."""
    words = _atom_words(text)
    if not words:
        return None
    per_field = []
    for field, boost in FIELD_BOOSTS.items():
        if len(words) == 1:
            query = tantivy.Query.term_query(SCHEMA, field, words[0][1])
        else:
            query = _phrase_query(field, words)
        per_field.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, boost)))
    return tantivy.Query.boolean_query(per_field)


def _highlight_query(query: str) -> tantivy.Query:
    """Every wanted word in every text field: what the snippets highlight.

    Only its terms are used (never run): phrases are searched through the pair
    fields, but a reader wants the words themselves marked in the excerpt.
    """
    words = {
        word
        for atom in _query_atoms(query)
        if atom is not None and not atom.excluded
        for _position, word in _words(atom.text)
    }
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, field, word))
            for field in FIELD_BOOSTS
            for word in sorted(words)
        ]
    )


def _text_query(query: str) -> tantivy.Query | None:
    """Words are ANDed, OR joins its neighbours, -word excludes. Never raises."""
    groups: list[list[tantivy.Query]] = []
    excluded: list[tantivy.Query] = []
    joined = False
    for atom in _query_atoms(query):
        if atom is None:
            joined = bool(groups)
            continue
        atom_query = _atom_query(atom.text)
        if atom_query is None:
            continue
        if atom.excluded:
            excluded.append(atom_query)
        elif joined:
            groups[-1].append(atom_query)
        else:
            groups.append([atom_query])
        joined = False
    if not groups:
        # Only exclusions, or only stop words and symbols: nothing to look for.
        return None
    clauses = []
    for group in groups:
        if len(group) == 1:
            clauses.append((tantivy.Occur.Must, group[0]))
        else:
            alternatives = [(tantivy.Occur.Should, query) for query in group]
            clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(alternatives)))
    clauses.extend((tantivy.Occur.MustNot, query) for query in excluded)
    return tantivy.Query.boolean_query(clauses)


def looks_like_case_number(query: str) -> str | None:
    """The canonical case number if the whole query is one, else None.

    "15.00.00A00-4-25" gives "15.00.00-A00-4-25": the list shows the case page first.
    """
    cleaned = " ".join(query.split()).strip('"')
    return case_number_query(cleaned).exact if cleaned else None


def _case_number_filter(value: str) -> tantivy.Query:
    # The rule of parsing.casenumbers.case_number_query, as the engine's query.
    wanted = case_number_query(value)
    if wanted.exact is not None:
        return tantivy.Query.term_query(SCHEMA, "case_number", wanted.exact)
    return tantivy.Query.boolean_query(
        [
            (
                tantivy.Occur.Should,
                tantivy.Query.regex_query(SCHEMA, "case_number", re.escape(prefix) + ".*"),
            )
            for prefix in wanted.prefixes
        ]
    )


def _filters(
    *,
    municipalities: Sequence[str],
    committee: str | Sequence[str] | None,
    case_number: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> list[tantivy.Query]:
    filters = []
    if municipalities:
        filters.append(tantivy.Query.term_set_query(SCHEMA, "municipality", list(municipalities)))
    committees = [committee] if isinstance(committee, str) else list(committee or ())
    if committees:
        filters.append(tantivy.Query.term_set_query(SCHEMA, "committee", committees))
    if case_number and case_number.strip():
        filters.append(_case_number_filter(case_number))
    if date_from or date_to:
        filters.append(
            tantivy.Query.range_query(
                SCHEMA,
                "day",
                tantivy.FieldType.Integer,
                lower_bound=date_from.toordinal() if date_from else 0,
                upper_bound=date_to.toordinal() if date_to else dt.date.max.toordinal(),
            )
        )
    return filters


def _mark(snippet: tantivy.Snippet) -> str:
    """The fragment with markers around the matched words (ranges are in bytes)."""
    data = snippet.fragment().encode()
    parts = []
    position = 0
    for span in snippet.highlighted():
        parts.append(data[position : span.start].decode())
        parts.append(MARK_START + data[span.start : span.end].decode() + MARK_END)
        position = span.end
    parts.append(data[position:].decode())
    # One line: the excerpt is shown inline under the title.
    return " ".join("".join(parts).split())


def _snippet(generators: list[tantivy.SnippetGenerator], doc: tantivy.Document) -> str:
    for generator in generators:
        snippet = generator.snippet_from_doc(doc)
        if snippet.highlighted():
            return _mark(snippet)
    # A hit by case number or in the title only: the opening of the text instead.
    for field in ("decisions", "recommendation", "body"):
        text = " ".join(" ".join(doc.get_all(field)).split())
        if text:
            return text[:SNIPPET_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return ""


def search(
    query: str,
    *,
    municipalities: Sequence[str] = (),
    committee: str | Sequence[str] | None = None,
    case_number: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    order: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    snippets: bool = True,
) -> SearchResult:
    """Public items matching the query and the filters, best first (or newest first).

    ``snippets=False`` leaves every snippet empty and reads only the ids (a fast
    field), for callers that narrow a QuerySet by many hits (API, feeds).

    Syntax: words must all occur (Danish stemming: "besparelse" finds
    "besparelser"), "a phrase" in quotes, -word excludes, OR between
    alternatives. A query that is a case number finds that case's items.
    A query of only stop words or symbols finds nothing; no query ever raises.
    """
    case = looks_like_case_number(query)
    if case is not None:
        text_query = tantivy.Query.term_query(SCHEMA, "case_number", case)
        highlight_query = text_query  # nothing to mark: excerpts show the opening
        if order == "relevance":
            order = "newest"  # every item of a case matches equally well
    else:
        text_query = _text_query(query)
        highlight_query = _highlight_query(query)
    if text_query is None:
        return SearchResult(hits=[], total=0)
    filters = _filters(
        municipalities=municipalities,
        committee=committee,
        case_number=case_number,
        date_from=date_from,
        date_to=date_to,
    )
    full_query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, text_query)]
        + [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    )
    searcher = _open_index().searcher()
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
    generators = []
    for field in SNIPPET_FIELDS:
        generator = tantivy.SnippetGenerator.create(searcher, highlight_query, SCHEMA, field)
        generator.set_max_num_chars(SNIPPET_MAX_CHARS)
        generators.append(generator)
    hits = []
    for _score, address in result.hits:
        doc = searcher.doc(address)
        hits.append(SearchHit(item_id=doc.get_first("item_id"), snippet=_snippet(generators, doc)))
    return SearchResult(hits=hits, total=result.count)


class SearchResults:
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
            raise TypeError("SearchResults supports only plain slices")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        hits = self._hits(start, stop)
        snippets = {hit.item_id: hit.snippet for hit in hits}
        items = self.queryset.in_order([hit.item_id for hit in hits])
        for item in items:
            item.snippet = snippets[item.pk]
        return items
