"""The index on disk: opening it in this process, its one writer, whether it is outdated."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings

from ..models import Meeting
from .analysis import ANALYZER, PAIRS_ANALYZER, PAIRS_TOKENIZER, SCHEMA, TOKENIZER

# An import waits this long for another writer (another import, a rebuild)
# before giving up and leaving the meeting marked "not yet searchable".
WRITER_LOCK_TIMEOUT = 30.0


class WriterBusy(Exception):
    """Another writer held the index for longer than we were willing to wait."""


class IndexOutdated(Exception):
    """The index on disk was built with another schema: ``rebuild_search_index`` replaces it."""


class IndexDamaged(IndexOutdated):
    """The index on disk cannot be read: ``rebuild_search_index`` replaces it.

    Damaged or missing files, a file where the folder should be, or a folder that
    is gone while meetings are marked as searchable (an empty new index would answer
    "nothing found" for everything). A kind of IndexOutdated, so that every caller
    that answers "try again later" for one does for the other: the Danish search 503
    for readers, a meeting left marked not yet searchable for writers.
    """


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
            if path.exists() and not path.is_dir():
                raise IndexDamaged(f"{path} is not a folder")
            if not rebuilding and not (path / "meta.json").exists() and _meetings_say_indexed():
                raise IndexDamaged(f"{path} holds no index, but meetings are marked searchable")
            path.mkdir(parents=True, exist_ok=True)
            try:
                index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
            except ValueError as error:
                if "schema does not match" in str(error):
                    raise IndexOutdated(str(path)) from error
                raise IndexDamaged(f"{path}: {error}") from error
            index.register_tokenizer(TOKENIZER, ANALYZER)
            index.register_tokenizer(PAIRS_TOKENIZER, PAIRS_ANALYZER)
            index.config_reader(reload_policy="manual")
            _cached.update(path=str(path), index=index, meta=None)
        # Its content, not its mtime: two commits within one clock tick of the file
        # system (a few ms) leave the same mtime, and the second went unseen until
        # the next commit. Every commit writes a new opstamp; the file is ~5 KB.
        try:
            meta = (path / "meta.json").read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            meta = None
        if meta is None and not rebuilding:
            # Deleted (or replaced) under this open handle, which would go on
            # answering from files that are gone.
            _cached.clear()
            raise IndexDamaged(f"{path}/meta.json is gone")
        if meta != _cached.get("meta"):
            try:
                index.reload()
            except ValueError as error:
                _cached.clear()
                raise IndexDamaged(f"{path}: {error}") from error
            _cached["meta"] = meta
        return index


def generation() -> str:
    """The index as this process reads it now (its last commit), opening it first.

    A key part for figures counted from the index, so that they are counted again
    after every commit (a meeting indexed later than its import, a catch-up).
    """
    open_index()
    with _open_lock:
        meta = _cached.get("meta") or b""
    return hashlib.sha256(meta).hexdigest()[:16]


def _meetings_say_indexed() -> bool:
    return Meeting.objects.filter(is_search_indexed=True).exists()


@contextmanager
def reading() -> Iterator[None]:
    """Around a search's reads: a segment found damaged only then is IndexDamaged too."""
    try:
        yield
    except ValueError as error:
        forget_open_index()
        raise IndexDamaged(str(error)) from error


# The files every segment has (a ".del" file only once documents were deleted).
SEGMENT_FILES = (".idx", ".term", ".store", ".fast", ".fieldnorm")
# Tantivy ends every segment file with a footer whose last four bytes are this
# number (little-endian): a file cut short ends with something else.
FOOTER_MAGIC = (1337).to_bytes(4, "little")


def damage_on_disk() -> str | None:
    """What is wrong with the index's files, read from the folder alone (no database).

    For the system check: a file where the folder should be, a meta.json that is not
    JSON, or a segment it lists whose files are missing or empty.
    """
    path = index_dir()
    if path.exists() and not path.is_dir():
        return f"{path} er ikke en mappe"
    meta_file = path / "meta.json"
    if not meta_file.exists():
        return None
    try:
        meta = json.loads(meta_file.read_bytes())
        segments = [segment["segment_id"].replace("-", "") for segment in meta["segments"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return f"{meta_file} kan ikke læses"
    for segment in segments:
        for suffix in SEGMENT_FILES:
            file = path / (segment + suffix)
            if not file.exists():
                return f"{file.name} mangler"
            if not _ends_with_footer(file):
                return f"{file.name} er afkortet eller beskadiget"
    return None


def _ends_with_footer(file: Path) -> bool:
    with file.open("rb") as handle:
        size = handle.seek(0, 2)
        if size < len(FOOTER_MAGIC):
            return False
        handle.seek(size - len(FOOTER_MAGIC))
        return handle.read() == FOOTER_MAGIC


def state() -> str:
    """ "ok", "rebuilding", "outdated" or "damaged": for the health check and the system check."""
    if rebuild_marker().exists():
        return "rebuilding"
    if damage_on_disk() is not None:
        # Also while this process still reads from files it opened before the damage.
        return "damaged"
    try:
        open_index()
    except IndexDamaged:
        return "damaged"
    except IndexOutdated:
        return "outdated"
    return "ok"


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
    index = open_index(rebuilding=rebuilding)
    if not rebuilding and (damage := damage_on_disk()) is not None:
        # This process may still read the files it opened, but a commit would leave
        # the damage in place for every process that opens the index afresh.
        raise IndexDamaged(damage)
    writer = _acquire_writer(
        index,
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
    """True if the index on disk must be rebuilt: another schema, or damaged."""
    if damage_on_disk() is not None:
        return True
    try:
        open_index()
    except IndexOutdated:
        return True
    return False
