"""Keep the search index's files in memory, so that a search never waits for the disk.

The engine reads the index through the kernel's page cache. Pages it has not used
for a while are evicted when memory is wanted elsewhere, and the first search for a
rare term then reads its posting lists from disk: a cold search (docs/PERFORMANCE.md
measures both). A holder process (``manage.py hold_search_index``) maps every file of
the index and locks its pages in memory; the page cache is shared, so the web workers'
searches find them there. It rescans the folder, because every commit and merge of
the index writes new segment files and deletes old ones: new files are held, deleted
or replaced ones released.

Locking needs the capability to lock memory (root, or ``CAP_IPC_LOCK`` in a container)
or a memlock limit above the index's size. Without it the holder falls back to
reading one byte of every page at each rescan, which keeps the pages among the
recently used ones; the kernel may still evict them under pressure between rescans.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import mmap
import os
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

# mlockall() flags (<sys/mman.h> on Linux): the pages mapped now, and every mapping
# made later (new segment files) as it is made.
MCL_CURRENT = 1
MCL_FUTURE = 2


@dataclass(frozen=True)
class Rescan:
    files: int  # files held after the rescan
    bytes: int
    added: int
    released: int


@dataclass
class _HeldFile:
    identity: tuple[int, int, int]  # inode, size, modification time: a replaced file differs
    mapping: mmap.mmap


def lock_future_mappings() -> str:
    """Lock this process's mappings in memory, now and later; "" or why it could not.

    Call it once, in the holder process only: every page it maps stays in memory.
    """
    libc_name = ctypes.util.find_library("c")
    if libc_name is None or not hasattr(mmap, "MAP_SHARED"):
        return "mlockall is not available on this system"
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if libc.mlockall(MCL_CURRENT | MCL_FUTURE) != 0:
        return os.strerror(ctypes.get_errno())
    return ""


class ResidentIndex:
    """The files of one index folder, mapped; ``rescan()`` brings the set up to date."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held: dict[Path, _HeldFile] = {}

    def rescan(self, *, touch: bool) -> Rescan:
        """Map new files, release gone or replaced ones; with ``touch``, read every page."""
        present = {}
        if self.folder.is_dir():
            for entry in os.scandir(self.folder):
                if not entry.is_file(follow_symlinks=False):
                    continue
                stat = entry.stat(follow_symlinks=False)
                if stat.st_size > 0:
                    present[Path(entry.path)] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        released = 0
        for path in [p for p, held in self.held.items() if present.get(p) != held.identity]:
            self.held.pop(path).mapping.close()
            released += 1
        added = 0
        for path, identity in present.items():
            if path in self.held:
                continue
            try:
                with path.open("rb") as handle:
                    mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (FileNotFoundError, ValueError):
                continue  # deleted (or emptied) between the listing and the open
            mapping.madvise(mmap.MADV_WILLNEED)
            self.held[path] = _HeldFile(identity, mapping)
            added += 1
        if touch:
            for held in self.held.values():
                _read_every_page(held.mapping)
        return Rescan(
            files=len(self.held),
            bytes=sum(len(held.mapping) for held in self.held.values()),
            added=added,
            released=released,
        )

    def release(self) -> None:
        for held in self.held.values():
            held.mapping.close()
        self.held.clear()


def _read_every_page(mapping: mmap.mmap) -> None:
    for offset in range(0, len(mapping), mmap.PAGESIZE):
        mapping[offset]
