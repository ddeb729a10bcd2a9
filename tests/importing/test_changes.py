"""The one owner of "a meeting changed": the items' copies, the change stamp, the index."""

import datetime as dt
import threading

import pytest

from minutes import search
from minutes.importing.changes import meeting_changed, meetings_changed, meetings_deleted
from minutes.models import AgendaItem, Meeting
from tests.factories import make_committee, make_item, make_meeting, make_municipality

pytestmark = pytest.mark.django_db


def indexed_item(**overrides) -> AgendaItem:
    item = make_item(sections=[{"heading": "", "text": "Budget for skolerne."}], **overrides)
    assert search.index_meeting(item.meeting_id)
    return item


def found(query: str) -> list[int]:
    return [hit.item_id for hit in search.search(query).hits]


def test_a_changed_meeting_moves_its_items_copies_stamp_and_index(
    django_capture_on_commit_callbacks,
):
    item = indexed_item()
    meeting = item.meeting
    other = make_committee(municipality=make_municipality(name="Ikast", slug="ikast"))
    before = Meeting.objects.last_change()
    meeting.committee, meeting.municipality = other, other.municipality
    meeting.date = dt.date(2026, 2, 3)
    meeting.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting_changed(meeting)
    item.refresh_from_db()
    assert (item.municipality, item.committee, item.meeting_date) == (
        other.municipality,
        other,
        dt.date(2026, 2, 3),
    )
    in_transaction = Meeting.objects.get(pk=meeting.pk)
    assert not in_transaction.is_search_indexed
    assert in_transaction.updated_at > before

    for callback in callbacks:
        callback()
    after_commit = Meeting.objects.get(pk=meeting.pk)
    assert after_commit.updated_at > in_transaction.updated_at
    assert after_commit.is_search_indexed
    assert Meeting.objects.last_change() == after_commit.updated_at
    assert search.search("budget").hits[0].item_id == item.pk


def test_the_last_change_to_commit_moves_the_stamp_last(django_capture_on_commit_callbacks):
    # Of two overlapping imports, the one that stamped first commits last: its
    # stamp after the commit is the newest, so cached figures keyed by it refresh.
    first, second = make_meeting(), make_meeting(date=dt.date(2026, 1, 14))
    with django_capture_on_commit_callbacks(execute=False) as first_commit:
        meetings_changed([first.pk])
    with django_capture_on_commit_callbacks(execute=True):
        meetings_changed([second.pk])
    stamp_before = Meeting.objects.last_change()
    for callback in first_commit:
        callback()
    assert Meeting.objects.last_change() > stamp_before
    assert Meeting.objects.last_change() == Meeting.objects.get(pk=first.pk).updated_at


def test_nothing_changed_is_nothing_stamped(django_assert_num_queries):
    with django_assert_num_queries(0):
        meetings_changed([])


def test_a_deleted_meeting_leaves_the_index_after_the_commit(django_capture_on_commit_callbacks):
    item = indexed_item()
    with django_capture_on_commit_callbacks(execute=True):
        meetings_deleted([item.meeting_id])
        item.meeting.delete()
    assert found("budget") == []


def test_an_unpublished_meeting_takes_its_items_out_of_every_public_list():
    item = make_item()
    meeting = item.meeting
    Meeting.objects.filter(pk=meeting.pk).update(is_published=False)  # the admin action's update
    meetings_changed([meeting.pk])
    item.refresh_from_db()
    assert item.meeting_is_published is False
    assert not AgendaItem.objects.public().exists()

    Meeting.objects.filter(pk=meeting.pk).update(is_published=True)
    meetings_changed([meeting.pk])
    assert list(AgendaItem.objects.public()) == [item]


def test_the_recount_thread_counts_after_the_change_and_once_for_changes_meanwhile(
    settings, monkeypatch
):
    from minutes.importing import changes

    settings.RECOUNT_IN_BACKGROUND = True
    started, release, counted = threading.Event(), threading.Event(), []

    def slow_count():
        counted.append(threading.current_thread().name)
        started.set()
        release.wait(5)

    monkeypatch.setattr(changes, "RECOUNTS", [slow_count])
    changes.recount()
    assert started.wait(5)  # counting, and recount() has returned to the caller
    for _ in range(3):  # three changes while it counts: one more count, not three
        changes.recount()
    release.set()
    changes.wait_for_recounts()
    assert counted == ["recount", "recount"]
    assert changes._recount_thread.thread is None


def test_without_the_thread_the_recount_runs_at_once(settings, monkeypatch):
    from minutes.importing import changes

    settings.RECOUNT_IN_BACKGROUND = False
    counted = []
    monkeypatch.setattr(changes, "RECOUNTS", [lambda: counted.append(threading.current_thread())])
    changes.recount()
    assert counted == [threading.current_thread()]
