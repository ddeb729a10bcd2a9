"""The index on disk: opening it in this process, its one writer, whether it is outdated."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings

from .analysis import ANALYZER, PAIRS_ANALYZER, PAIRS_TOKENIZER, SCHEMA, TOKENIZER

# An import waits this long for another writer (another import, a rebuild)
# before giving up and leaving the meeting marked "not yet searchable".
WRITER_LOCK_TIMEOUT = 30.0


class WriterBusy(Exception):
    """Another writer held the index for longer than we were willing to wait."""


class IndexOutdated(Exception):
    """The index on disk was built with another schema: ``rebuild_search_index`` replaces it."""


_open_lock = threading.Lock()
_cached: dict[str, object] = {}


def forget_open_index() -> None:
    """Drop this process's handle, so the next use opens the folder afresh."""
    with _open_lock:
        _cached.clear()


def index_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def rebuild_marker() -> Path:
    # Beside the folder, not in it: the folder is deleted and made again.
    path = index_dir()
    return path.with_name(path.name + ".rebuilding")


def open_index(*, rebuilding: bool = False) -> tantivy.Index:
    """This process's handle on the index, created on first use.

    Readers reload when meta.json changes (a commit, by this or another process):
    one small read per search, so gunicorn workers see new commits at once. While a
    rebuild replaces an outdated index (its marker file exists), the index is
    empty until the rebuild commits: everyone but the rebuild gets IndexOutdated,
    so searches say "try again" instead of "nothing found".
    """
    path = index_dir()
    if not rebuilding and rebuild_marker().exists():
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
        open_index(rebuilding=rebuilding),
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
        open_index()
    except IndexOutdated:
        return True
    return False
