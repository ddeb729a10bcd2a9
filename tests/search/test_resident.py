"""Holding the index in memory (minutes/search/resident.py): every file of the index held,
new segments taken up and old ones let go as the index changes, searches and rebuilds
unaffected, and the lock itself checked in a process of its own."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from minutes import search
from minutes.search.resident import ResidentIndex
from tests.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
RESIDENT = ROOT / "minutes" / "search" / "resident.py"


def index_files(settings) -> dict[Path, int]:
    folder = Path(settings.SEARCH_INDEX_DIR)
    return {p: p.stat().st_size for p in folder.iterdir() if p.is_file() and p.stat().st_size}


def indexed_meeting(day: int, text: str) -> None:
    meeting = make_meeting(date=dt.date(2026, 1, day))
    make_item(meeting=meeting, sections=[{"heading": "", "text": text}])
    assert search.index_meeting(meeting.pk)


def test_every_file_of_the_index_is_held(settings):
    indexed_meeting(13, "Budget for skolerne.")
    resident = ResidentIndex(Path(settings.SEARCH_INDEX_DIR))
    scan = resident.rescan(touch=True)
    files = index_files(settings)
    assert set(resident.held) == set(files)
    assert (scan.files, scan.bytes, scan.added, scan.released) == (
        len(files),
        sum(files.values()),
        len(files),
        0,
    )
    assert resident.rescan(touch=False).added == 0  # nothing changed, nothing remapped
    resident.release()


def test_new_segments_are_taken_up_and_deleted_ones_let_go(settings):
    indexed_meeting(13, "Budget for skolerne.")
    resident = ResidentIndex(Path(settings.SEARCH_INDEX_DIR))
    resident.rescan(touch=False)
    before = set(resident.held)

    indexed_meeting(20, "Vejprojekt ved havnen.")  # a commit writes new files
    scan = resident.rescan(touch=False)
    assert set(resident.held) == set(index_files(settings))
    # Added: the new segments, and the files a commit rewrites (meta.json); released:
    # the segments a merge deleted and the rewritten files' old versions.
    assert scan.added >= len(set(resident.held) - before) > 0
    assert scan.released >= len(before - set(resident.held))
    assert scan.added - scan.released == len(resident.held) - len(before)
    # Held files do not keep the engine from reading or writing.
    assert [hit.item_id for hit in search.search("vejprojekt").hits]
    resident.release()


def test_a_rebuild_while_held_replaces_the_files_and_the_next_rescan_follows(settings):
    indexed_meeting(13, "Budget for skolerne.")
    resident = ResidentIndex(Path(settings.SEARCH_INDEX_DIR))
    resident.rescan(touch=False)
    old = set(resident.held)

    call_command("rebuild_search_index", stdout=StringIO())
    scan = resident.rescan(touch=True)
    assert set(resident.held) == set(index_files(settings))
    assert old - set(resident.held)  # the rebuild wrote new segments
    assert scan.released >= len(old - set(resident.held))
    assert [hit.item_id for hit in search.search("skolerne").hits]
    resident.release()


def test_a_replaced_file_is_mapped_again(tmp_path):
    segment = tmp_path / "abc.idx"
    segment.write_bytes(b"a" * 10_000)
    resident = ResidentIndex(tmp_path)
    resident.rescan(touch=False)
    segment.unlink()
    segment.write_bytes(b"b" * 20_000)  # a new file under the same name
    scan = resident.rescan(touch=True)
    assert (scan.added, scan.released, scan.bytes) == (1, 1, 20_000)
    assert resident.held[segment].mapping[:1] == b"b"
    resident.release()


def test_no_index_folder_holds_nothing(tmp_path):
    scan = ResidentIndex(tmp_path / "missing").rescan(touch=True)
    assert (scan.files, scan.bytes) == (0, 0)


def test_the_command_once_reads_the_index_in(settings):
    indexed_meeting(13, "Budget for skolerne.")
    out = StringIO()
    call_command("hold_search_index", "--once", stdout=out)
    assert out.getvalue().startswith(f"Læst ind: {len(index_files(settings))} filer, ")


def test_the_lock_holds_the_mapped_pages_or_says_why_not(tmp_path):
    # In a process of its own: mlockall() would lock every later page of this one.
    (tmp_path / "seg.store").write_bytes(b"x" * 4_000_000)
    script = textwrap.dedent(
        f"""
        import importlib.util
        import sys
        from pathlib import Path
        # The module alone, without Django: it needs none.
        spec = importlib.util.spec_from_file_location("resident", {str(RESIDENT)!r})
        resident = sys.modules["resident"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(resident)
        ResidentIndex, lock_future_mappings = resident.ResidentIndex, resident.lock_future_mappings
        refused = lock_future_mappings()
        ResidentIndex(Path({str(tmp_path)!r})).rescan(touch=bool(refused))
        locked = next(
            int(line.split()[1])
            for line in open("/proc/self/status")
            if line.startswith("VmLck:")
        )
        print(repr(refused), locked)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    refused, locked_kb = result.stdout.rsplit(" ", 1)
    if refused == "''":
        assert int(locked_kb) >= 4_000_000 // 1024  # the file's pages are locked
    else:
        assert refused.strip("'")  # the reason, from the system's own message
