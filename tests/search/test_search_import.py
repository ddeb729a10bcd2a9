"""The index follows real imports of seed 002 (Herning): first upload, correction, busy index."""

import threading

import pytest

from minutes import search
from minutes.importing.batch import import_file
from minutes.models import AgendaItem, Meeting
from tests.helpers import HERNING, corrected_herning

pytestmark = pytest.mark.django_db


def import_herning(data: bytes, capture) -> Meeting:
    with capture(execute=True):
        outcome = import_file(data, filename="referat.txt", municipality="Herning Kommune")
    return outcome.meeting


def numbers(query: str) -> list[int]:
    ids = [hit.item_id for hit in search.search(query).hits]
    return [item.number for item in AgendaItem.objects.in_order(ids)]


def test_an_import_is_searchable_once_committed(django_capture_on_commit_callbacks):
    meeting = import_herning(HERNING.read_bytes(), django_capture_on_commit_callbacks)

    assert numbers("jobcamp") == [9]
    assert numbers('"fagudvalg drøftet"') == [8]
    assert Meeting.objects.get(pk=meeting.pk).is_search_indexed


def test_a_corrected_upload_updates_the_index(django_capture_on_commit_callbacks):
    import_herning(HERNING.read_bytes(), django_capture_on_commit_callbacks)

    meeting = import_herning(corrected_herning(), django_capture_on_commit_callbacks)

    assert numbers("jobcamp") == []
    assert numbers('"fagudvalg drøftet"') == []
    assert numbers('"fagudvalg blev drøftet"') == [8]
    assert Meeting.objects.get(pk=meeting.pk).is_search_indexed


def test_an_import_waits_for_another_writer_and_succeeds(django_capture_on_commit_callbacks):
    holding, released = threading.Event(), threading.Event()

    def hold_writer() -> None:
        with search.index_writer(timeout=5):
            holding.set()
            released.wait(timeout=10)

    holder = threading.Thread(target=hold_writer)
    holder.start()
    holding.wait(timeout=10)
    # A rebuild or another import finishes while this import waits for the lock.
    threading.Timer(0.2, released.set).start()

    meeting = import_herning(HERNING.read_bytes(), django_capture_on_commit_callbacks)

    holder.join()
    assert numbers("jobcamp") == [9]
    assert Meeting.objects.get(pk=meeting.pk).is_search_indexed
