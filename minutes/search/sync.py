"""Keeping the index in step with the database: a meeting's items in, out, or all again."""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

import tantivy
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from ..models import AgendaItem, Decision, Meeting
from .analysis import (
    REVERSED_FIELD,
    analysed_words,
    pair_terms,
    pairs_field,
    reversed_terms,
    searchable_text,
)
from .index import (
    WRITER_LOCK_TIMEOUT,
    IndexOutdated,
    WriterBusy,
    forget_open_index,
    index_dir,
    index_writer,
    is_outdated,
    rebuild_marker,
)

logger = logging.getLogger(__name__)

# Each index_meeting() also indexes up to this many meetings that an earlier
# failure left behind, so the index catches up without a rebuild.
CATCH_UP_MEETINGS = 10
# A bulk import (batched_indexing) commits the index once per this many meetings:
# a commit writes and syncs segment files, which costs more than indexing a meeting's items.
BATCH_MEETINGS = 50
REBUILD_BATCH_ITEMS = 2000


def _newest_key(item: AgendaItem) -> int:
    # Sorts like order_by("-meeting_date", "-meeting_id", "number") in one integer.
    return (
        item.meeting_date.toordinal() * 10**12
        + (item.meeting_id % 10**8) * 10**4
        + (9999 - min(item.number, 9999))
    )


def _add_text(doc: tantivy.Document, field: str, text: str) -> None:
    text = searchable_text(text)
    words = analysed_words(text)
    doc.add_text(field, text)
    doc.add_text(pairs_field(field), " ".join(pair_terms(words)))
    doc.add_text(REVERSED_FIELD, " ".join(reversed_terms(words)))


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
    marker = rebuild_marker()
    if is_outdated():
        # An index from an older schema, a damaged one (IndexDamaged), or a rebuild
        # of one that stopped halfway: nothing in it is worth keeping. The marker
        # keeps searches answering "try again" until the new index has committed;
        # should this rebuild stop too, it stays, and so does the 503, until a
        # rebuild finishes.
        logger.warning("search index: unusable index replaced path=%s", index_dir())
        marker.touch()
        path = index_dir()
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        forget_open_index()
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
