"""A damaged search index: searches answer the Danish 503 (never a 500, never a silent
"nothing found"), /helse/ and the system check say so, and rebuild_search_index heals it."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command

from minutes import search
from tests.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


def folder(settings) -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def segment_files(settings, suffix: str) -> list[Path]:
    files = sorted(folder(settings).glob(f"*{suffix}"))
    assert files, f"no {suffix} file in the index"
    return files


def corrupt_meta(settings) -> None:
    (folder(settings) / "meta.json").write_text("{ikke json")


def delete_store_files(settings) -> None:
    for file in segment_files(settings, ".store"):
        file.unlink()


def truncate_term_files(settings) -> None:
    for file in segment_files(settings, ".term"):
        file.write_bytes(file.read_bytes()[:10])


def file_instead_of_folder(settings) -> None:
    shutil.rmtree(folder(settings))
    folder(settings).write_text("ikke en mappe")


def delete_folder(settings) -> None:
    shutil.rmtree(folder(settings))


FAULTS: dict[str, Callable] = {
    "corrupt meta.json": corrupt_meta,
    "missing segment files": delete_store_files,
    "truncated segment files": truncate_term_files,
    "a file where the folder should be": file_instead_of_folder,
    "deleted folder": delete_folder,
}


# Damage to files an open index has already opened (meta.json unchanged).
SEGMENT_FAULTS = {"missing segment files", "truncated segment files"}


@pytest.fixture
def indexed(client):
    item = make_item(title="Budget 2027")
    assert search.index_meeting(item.meeting_id)
    assert [hit.item_id for hit in search.search("budget").hits] == [item.pk]
    assert client.get("/helse/").json() == {"database": "ok", "search_index": "ok"}
    return item


def is_search_503(response) -> bool:
    return response.status_code == 503 and "søg" in response.content.decode().lower()


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
@pytest.mark.parametrize("restarted", [False, True], ids=["same worker", "after a restart"])
def test_a_damaged_index_answers_503_and_a_rebuild_heals_it(
    client, settings, indexed, fault, restarted
):
    FAULTS[fault](settings)
    if restarted:
        search.index.forget_open_index()

    response = client.get("/punkter/?q=budget")
    if fault in SEGMENT_FAULTS and not restarted:
        # A worker that opened the segments before they broke still reads them.
        assert response.status_code == 200 or is_search_503(response)
    else:
        assert is_search_503(response)
    # The lists without a search do not need the index.
    assert client.get("/punkter/").status_code == 200
    health = client.get("/helse/")
    assert health.status_code == 503
    assert health.json() == {"database": "ok", "search_index": "damaged"}
    # An import meanwhile is saved, marked not yet searchable, and caught up later.
    later = make_item(meeting=make_meeting(date=dt.date(2026, 5, 5)), title="Budget for skoler")
    assert not search.index_meeting(later.meeting_id)

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert sorted(hit.item_id for hit in search.search("budget").hits) == sorted(
        [indexed.pk, later.pk]
    )
    assert client.get("/punkter/?q=budget").status_code == 200
    assert client.get("/helse/").status_code == 200
    assert search.damage_on_disk() is None


@pytest.mark.parametrize(
    "fault", ["corrupt meta.json", "missing segment files", "a file where the folder should be"]
)
def test_the_system_check_names_damage_on_disk(settings, indexed, fault):
    assert not [m for m in checks.run_checks() if m.id == "minutes.W001"]
    FAULTS[fault](settings)

    [warning] = [m for m in checks.run_checks() if m.id == "minutes.W001"]

    assert warning.level == checks.WARNING
    assert "rebuild_search_index" in warning.hint


def test_a_new_installation_creates_its_index(client, settings):
    """No folder and no meeting marked searchable: nothing is missing, the index is made."""
    shutil.rmtree(folder(settings), ignore_errors=True)
    item = make_item(title="Budget 2027")

    assert client.get("/punkter/?q=budget").status_code == 200
    assert search.index_meeting(item.meeting_id)
    assert [hit.item_id for hit in search.search("budget").hits] == [item.pk]
