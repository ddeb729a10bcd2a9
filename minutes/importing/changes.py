"""One owner for "a meeting changed": its items' copies, the change stamp, the search index,
the figures counted in the shared cache.

Every write that changes what a meeting shows ends here: an import or a corrected
upload (``save.py``), an edit, publish, unpublish or delete in the admin. Inside
the write's transaction the meetings are marked not yet searchable (so a failed
index update is caught up later) and stamped; after the commit they are stamped
again and re-indexed.

The stamp is ``Meeting.updated_at``; ``Meeting.objects.last_change()``, its
maximum, is what cached figures (filter choices, coverage) are keyed by. The
second stamp, after the commit, is what makes it move for the last transaction
to commit: of two overlapping imports, the one that stamped first may commit last.

After the second stamp, the figures that readers keep in the shared cache (the
facets' count table, the coverage page, RECOUNTS) are counted again under it, so
that no reader's request pays for a count over every item. A bulk import counts
them once at its end (``recounts_at_the_end()``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from .. import search
from ..models import Meeting

logger = logging.getLogger(__name__)

# Each counts its figures for the data as it is now and stores them in the cache.
# The readers that own them are parts above this one: MinutesConfig.ready() (apps.py)
# lists them here.
RECOUNTS: list[Callable[[], object]] = []

# Set inside recounts_at_the_end(): True once a change asked for a recount.
_recount_pending: ContextVar[bool | None] = ContextVar("recount_pending", default=None)


def meeting_changed(meeting: Meeting) -> None:
    """The meeting's own fields changed (admin edit): as below."""
    meetings_changed([meeting.pk])


def meetings_changed(meeting_ids: Iterable[int]) -> None:
    """What these meetings show changed: their items' copies follow, they are stamped,
    and re-indexed once it commits.

    Call it inside the transaction that made the change (outside one, Django's
    autocommit runs the after-commit part at once).
    """
    meeting_ids = sorted(set(meeting_ids))
    if not meeting_ids:
        return
    # Whatever changed (an edit, an unpublish action's bulk update, an import), the
    # items' copies of the meeting's fields are brought in line here; only items that
    # differ are written.
    for meeting in Meeting.objects.filter(pk__in=meeting_ids):
        meeting.update_item_copies()
    Meeting.objects.filter(pk__in=meeting_ids).update(
        is_search_indexed=False, updated_at=timezone.now()
    )
    # Robust: the change has committed; should the database or the index fail now,
    # the flag stays False and the index's catch-up finds the meetings later.
    transaction.on_commit(partial(_after_commit, meeting_ids), robust=True)


def meetings_deleted(meeting_ids: Iterable[int]) -> None:
    """These meetings are being deleted: their items leave the index once it commits.

    Nothing is left to stamp: the figures are counted again under the same stamp,
    and the caches keyed by ``last_change()`` alone see it when they expire.
    """
    for meeting_id in sorted(set(meeting_ids)):
        transaction.on_commit(partial(search.remove_meeting, meeting_id), robust=True)
    recount_after_commit()


def recount_after_commit() -> None:
    """Count the cached figures again once the current transaction commits.

    For a change that moves no meeting's stamp but shows on the coverage page (an
    unchanged re-upload is a committee's latest import); meetings_changed() calls it.
    """
    transaction.on_commit(recount, robust=True)


def recount() -> None:
    """Count every RECOUNTS again: at the end of the enclosing recounts_at_the_end(),
    else in this process's recount thread (settings.RECOUNT_IN_BACKGROUND), else now."""
    if _recount_pending.get() is not None:
        _recount_pending.set(True)
        return
    if settings.RECOUNT_IN_BACKGROUND:
        _recount_thread.request()
    else:
        _run_recounts()


class _RecountThread:
    """One thread per process that counts the cached figures again after a change.

    The counts read every item (about a second at 1,000,000), so a clerk's save and
    an import do not wait for them. Changes that commit while a count runs get one
    more count after it, not one each. Until the new figures are stored, a reader
    who asks for them counts them itself (their key names the change stamp), so
    nothing stale is shown. Not a daemon: a command's process waits for it to end.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending = False
        self.thread: threading.Thread | None = None

    def request(self) -> None:
        with self.lock:
            self.pending = True
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="recount")
                self.thread.start()

    def _run(self) -> None:
        try:
            while True:
                with self.lock:
                    if not self.pending:
                        self.thread = None
                        return
                    self.pending = False
                _run_recounts()
        finally:
            connections.close_all()  # the connections this thread opened

    def wait(self) -> None:
        """Until every count asked for so far has run (benchmarks, tests)."""
        with self.lock:
            thread = self.thread
        if thread is not None:
            thread.join()


_recount_thread = _RecountThread()
wait_for_recounts = _recount_thread.wait


def _run_recounts() -> None:
    for recount_figures in RECOUNTS:
        try:
            recount_figures()
        except Exception:
            # The change has committed; a reader's request counts what is missing.
            logger.exception("cached figures not counted: %s", recount_figures.__qualname__)


@contextmanager
def recounts_at_the_end() -> Iterator[None]:
    """Within the block, the recounts wait for its end: a bulk import counts once, not per file."""
    if _recount_pending.get() is not None:
        yield  # already waiting: the outer block counts
        return
    token = _recount_pending.set(False)
    try:
        yield
    finally:
        pending = _recount_pending.get()
        _recount_pending.reset(token)
        if pending:
            recount()


def _after_commit(meeting_ids: list[int]) -> None:
    # Stamp before indexing: the index marks a meeting indexed only if it has not
    # changed since the index read it.
    Meeting.objects.filter(pk__in=meeting_ids).update(updated_at=timezone.now())
    for meeting_id in meeting_ids:
        search.index_meeting(meeting_id)
    recount()
