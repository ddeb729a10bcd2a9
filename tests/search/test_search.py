"""minutes/search/: the Tantivy index beside the database, on a fresh folder per test."""

import datetime as dt
import os
import threading

import pytest
from django.core.paginator import Paginator

from minutes import search
from minutes.models import AgendaItem, Meeting
from tests.factories import (
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
)
from tests.helpers import make_outdated_index, record_calls

pytestmark = pytest.mark.django_db


def body(text: str) -> list[dict[str, str]]:
    return [{"heading": "Sagsfremstilling", "text": text}]


def indexed_item(**overrides) -> AgendaItem:
    item = make_item(**overrides)
    assert search.index_meeting(item.meeting_id)
    return item


def found(query: str, **filters) -> list[int]:
    return [hit.item_id for hit in search.search(query, **filters).hits]


# --- language -------------------------------------------------------------------


def test_singular_finds_plural_and_plural_finds_singular():
    meeting = make_meeting()
    savings = make_item(meeting=meeting, number=1, sections=body("Der skal findes besparelser."))
    pension = make_item(meeting=meeting, number=2, sections=body("Flere førtidspensioner i 2025."))
    make_item(meeting=meeting, number=3, sections=body("Ny cykelsti."))
    search.index_meeting(meeting.pk)

    assert found("besparelse") == [savings.pk]
    assert found("førtidspension") == [pension.pk]
    assert found("Førtidspensioner") == [pension.pk]


def test_danish_letters_are_searched_as_typed():
    meeting = make_meeting()
    rule = make_item(meeting=meeting, number=1, sections=body("Borgeren bør søge om hjælp."))
    make_item(meeting=meeting, number=2, sections=body("Borgeren bor i Herning."))
    search.index_meeting(meeting.pk)

    assert found("bør") == [rule.pk]
    assert found("søge") == [rule.pk]


def test_all_words_must_occur_by_default():
    meeting = make_meeting()
    both = make_item(
        meeting=meeting, number=1, sections=body("Budget for skole og daginstitution.")
    )
    make_item(meeting=meeting, number=2, sections=body("Budget for veje."))
    search.index_meeting(meeting.pk)

    assert found("budget skole") == [both.pk]
    assert found("budget AND skole") == [both.pk]


def test_phrase_in_quotes_needs_the_words_together():
    meeting = make_meeting()
    phrase = make_item(
        meeting=meeting, number=1, sections=body("Indstillingen blev ikke godkendt.")
    )
    make_item(meeting=meeting, number=2, sections=body("Godkendt, men ikke uden debat."))
    search.index_meeting(meeting.pk)

    assert found('"ikke godkendt"') == [phrase.pk]
    assert sorted(found("ikke godkendt")) == sorted([phrase.pk, phrase.pk + 1])


def test_phrase_with_a_stop_word_keeps_its_gap():
    meeting = make_meeting()
    gap = make_item(meeting=meeting, number=1, sections=body("Sagen tages til efterretning."))
    make_item(meeting=meeting, number=2, sections=body("Det tages efterretning med."))
    make_item(meeting=meeting, number=3, sections=body("Tages op til ny efterretning."))
    # A gap only stop words fill: another word in it is not the phrase.
    make_item(meeting=meeting, number=4, sections=body("Det tages straks efterretning."))
    search.index_meeting(meeting.pk)

    assert found('"tages til efterretning"') == [gap.pk]
    assert found('"tages efterretning"') == [gap.pk + 1]


def test_long_phrase_needs_its_pairs_in_one_run():
    # Every word pair of the phrase occurs in the second item, but never all
    # three words in a row: the positions decide.
    meeting = make_meeting()
    whole = make_item(meeting=meeting, number=1, sections=body("Ny skole åbner i august."))
    make_item(meeting=meeting, number=2, sections=body("Ny skole. Skole åbner senere."))
    search.index_meeting(meeting.pk)

    assert found('"ny skole åbner"') == [whole.pk]


def test_phrase_across_fields_and_in_each_field():
    meeting = make_meeting()
    titled = make_item(meeting=meeting, number=1, title="Ikke godkendt budget")
    decided = make_item(meeting=meeting, number=2)
    make_decision(agenda_item=decided, text="Budgettet blev ikke godkendt.")
    # The two words end one field and begin the next: not a phrase.
    split = make_item(meeting=meeting, number=3, title="Ikke", recommendation="Godkendt.")
    search.index_meeting(meeting.pk)

    assert sorted(found('"ikke godkendt"')) == [titled.pk, decided.pk]
    assert split.pk not in found('"ikke godkendt"')


def test_minus_excludes_a_word_and_a_phrase():
    meeting = make_meeting()
    school = make_item(meeting=meeting, number=1, sections=body("Budget for skolen."))
    roads = make_item(meeting=meeting, number=2, sections=body("Budget for vejene."))
    search.index_meeting(meeting.pk)

    assert found("budget -vejene") == [school.pk]
    assert found('budget -"for skolen"') == [roads.pk]


def test_or_finds_either_word_and_binds_its_neighbours():
    meeting = make_meeting()
    school = make_item(meeting=meeting, number=1, sections=body("Lukning af skolen."))
    nursery = make_item(meeting=meeting, number=2, sections=body("Lukning af børnehaven."))
    make_item(meeting=meeting, number=3, sections=body("Udvidelse af skolen."))
    search.index_meeting(meeting.pk)

    assert sorted(found("skolen OR børnehaven lukning")) == sorted([school.pk, nursery.pk])


@pytest.mark.parametrize(
    "query",
    ["og", "og i at", "- -- !!", "???", '"', 'budget "uafsluttet', "OR", "(((", "titel:x", "-"],
)
def test_odd_queries_never_raise(query):
    indexed_item(sections=body("Budget og uafsluttet sag med titel x."))

    result = search.search(query)

    assert result.total == len(result.hits)


def test_only_stop_words_or_symbols_find_nothing():
    indexed_item(sections=body("Det er og bliver en sag."))

    assert search.search("og det").total == 0
    assert search.search("!!! ---").total == 0


def test_unbalanced_quote_reads_the_rest_as_a_phrase():
    item = indexed_item(sections=body("Budget for skolen."))

    assert found('"budget for') == [item.pk]


# --- ranking, order, count, paging ----------------------------------------------


def test_title_hit_ranks_above_body_hit():
    meeting = make_meeting()
    in_body = make_item(
        meeting=meeting, number=1, title="Orientering", sections=body("Om vandforsyning.")
    )
    in_title = make_item(
        meeting=meeting, number=2, title="Vandforsyning i Herning", sections=body("Orientering.")
    )
    search.index_meeting(meeting.pk)

    assert found("vandforsyning") == [in_title.pk, in_body.pk]


def test_decision_hit_ranks_above_body_hit():
    meeting = make_meeting()
    in_body = make_item(meeting=meeting, number=1, sections=body("Sagen om udbud fremlægges."))
    in_decision = make_item(meeting=meeting, number=2, sections=body("Sagen fremlægges."))
    make_decision(agenda_item=in_decision, text="Udvalget godkendte udbud.")
    search.index_meeting(meeting.pk)

    assert found("udbud") == [in_decision.pk, in_body.pk]


def test_newest_first_orders_by_meeting_date_then_item_number():
    old = make_meeting(date=dt.date(2024, 3, 1))
    new = make_meeting(date=dt.date(2026, 3, 1))
    old_item = make_item(meeting=old, number=1, title="Budget", sections=body("Budget budget."))
    new_second = make_item(meeting=new, number=2, sections=body("Om budget."))
    new_first = make_item(meeting=new, number=1, sections=body("Om budget."))
    search.index_meeting(old.pk)
    search.index_meeting(new.pk)

    assert found("budget", order="newest") == [new_first.pk, new_second.pk, old_item.pk]
    assert found("budget")[0] == old_item.pk


def test_count_is_exact_and_pages_follow_each_other():
    meeting = make_meeting()
    for number in range(1, 26):
        make_item(meeting=meeting, number=number, sections=body(f"Budget, punkt {number}."))
    search.index_meeting(meeting.pk)

    first = search.search("budget", order="newest", limit=20)
    second = search.search("budget", order="newest", offset=20, limit=20)

    assert first.total == second.total == 25
    assert len(first.hits) == 20
    assert len(second.hits) == 5
    all_ids = [hit.item_id for hit in first.hits + second.hits]
    assert sorted(all_ids) == sorted(meeting.items.values_list("pk", flat=True))


# --- filters --------------------------------------------------------------------


def test_filters_combine_with_the_text_query():
    herning = make_committee()
    lemvig_municipality = make_municipality(name="Lemvig Kommune", slug="lemvig-kommune")
    lemvig = make_committee(municipality=lemvig_municipality, name="Økonomiudvalget", slug="oeu")
    match = make_item(
        meeting=make_meeting(committee=herning, date=dt.date(2025, 6, 1)),
        case_number="15.00.00-A00-4-25",
        sections=body("Besparelser på området."),
    )
    other_case = make_item(
        meeting=make_meeting(committee=herning, date=dt.date(2025, 6, 2)),
        case_number="27.00.00-A00-1-25",
        sections=body("Besparelser på området."),
    )
    too_old = make_item(
        meeting=make_meeting(committee=herning, date=dt.date(2020, 1, 1)),
        case_number="15.00.00-A00-4-25",
        sections=body("Besparelser på området."),
    )
    elsewhere = make_item(
        meeting=make_meeting(committee=lemvig, date=dt.date(2025, 6, 1)),
        case_number="15.00.00-A00-4-25",
        sections=body("Besparelser på området."),
    )
    for item in (match, other_case, too_old, elsewhere):
        search.index_meeting(item.meeting_id)

    assert len(found("besparelse")) == 4
    assert sorted(found("besparelse", municipalities=["herning-kommune"])) == sorted(
        [match.pk, other_case.pk, too_old.pk]
    )
    assert sorted(
        found("besparelse", municipalities=["herning-kommune", "lemvig-kommune"])
    ) == sorted([match.pk, other_case.pk, too_old.pk, elsewhere.pk])
    assert found("besparelse", committee="oeu") == [elsewhere.pk]
    assert found(
        "besparelse",
        municipalities=["herning-kommune"],
        committee="beskaeftigelsesudvalget",
        case_number="15.00.00a00-4-25",
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2025, 12, 31),
    ) == [match.pk]
    assert sorted(found("besparelse", case_number="15.00")) == sorted(
        [match.pk, too_old.pk, elsewhere.pk]
    )
    assert found("besparelse", date_to=dt.date(2021, 1, 1)) == [too_old.pk]
    assert found("besparelse", municipalities=["ukendt"]) == []


# --- case numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("15.00.00-A00-4-25", "15.00.00-A00-4-25"),
        ("15.00.00A00-4-25", "15.00.00-A00-4-25"),
        (" 15.00.00-a00-4-25 ", "15.00.00-A00-4-25"),
        ("besparelse", None),
        ("15.00", None),
        ("", None),
    ],
)
def test_looks_like_case_number(query, expected):
    assert search.looks_like_case_number(query) == expected


def test_case_number_query_finds_the_case_items_newest_first():
    meeting_2024 = make_meeting(date=dt.date(2024, 1, 1))
    meeting_2025 = make_meeting(date=dt.date(2025, 1, 1))
    first = make_item(meeting=meeting_2024, case_number="15.00.00-A00-4-25", title="Første")
    second = make_item(meeting=meeting_2025, case_number="15.00.00-A00-4-25", title="Anden")
    make_item(meeting=meeting_2025, number=2, case_number="15.00.00-A00-5-25")
    search.index_meeting(meeting_2024.pk)
    search.index_meeting(meeting_2025.pk)

    assert found("15.00.00A00-4-25") == [second.pk, first.pk]


# --- snippets -------------------------------------------------------------------


def test_snippet_marks_the_matched_words():
    indexed_item(sections=body("Udvalget drøftede besparelser på ældreområdet."))

    [hit] = search.search("besparelse").hits

    assert f"{search.MARK_START}besparelser{search.MARK_END}" in hit.snippet
    assert "ældreområdet" in hit.snippet


def test_snippet_of_a_phrase_marks_its_words():
    indexed_item(sections=body("Sagen tages til efterretning af udvalget."))

    [hit] = search.search('"tages til efterretning"').hits

    assert (
        f"{search.MARK_START}tages{search.MARK_END} til "
        f"{search.MARK_START}efterretning{search.MARK_END}"
    ) in hit.snippet


def test_snippet_prefers_the_decision():
    item = make_item(sections=body("Besparelser fremlægges."))
    make_decision(agenda_item=item, text="Besparelser godkendt.")
    search.index_meeting(item.meeting_id)

    [hit] = search.search("besparelse").hits

    assert hit.snippet.startswith(f"{search.MARK_START}Besparelser{search.MARK_END} godkendt")


def test_document_text_cannot_forge_markers():
    forged = f"{search.MARK_START}falsk{search.MARK_END} budget"
    indexed_item(sections=body(forged))

    [hit] = search.search("budget").hits

    assert hit.snippet == f"Sagsfremstilling falsk {search.MARK_START}budget{search.MARK_END}"


# --- the index follows the database ---------------------------------------------


def test_reindex_after_a_corrected_upload_replaces_the_text():
    item = indexed_item(sections=body("Gammel tekst om cykelstier."))

    AgendaItem.objects.filter(pk=item.pk).update(sections=body("Ny tekst om parkering."))
    assert search.index_meeting(item.meeting_id)

    assert found("cykelsti") == []
    assert found("parkering") == [item.pk]


def test_unpublished_withdrawn_and_unpublished_meeting_items_leave_the_index():
    meeting = make_meeting()
    kept = make_item(meeting=meeting, number=1, sections=body("Budget."))
    unpublished = make_item(meeting=meeting, number=2, sections=body("Budget."))
    withdrawn = make_item(meeting=meeting, number=3, sections=body("Budget."))
    search.index_meeting(meeting.pk)
    assert len(found("budget")) == 3

    AgendaItem.objects.filter(pk=unpublished.pk).update(is_published=False)
    AgendaItem.objects.filter(pk=withdrawn.pk).update(is_withdrawn=True)
    search.index_meeting(meeting.pk)
    assert found("budget") == [kept.pk]

    meeting.is_published = False
    meeting.save()
    meeting.update_item_copies()  # as importing.changes.meetings_changed() does
    search.index_meeting(meeting.pk)
    assert found("budget") == []


def test_closed_item_is_found_by_title_only():
    item = indexed_item(title="Lukket: Personalesag", is_closed=True, sections=body("Hemmelig."))

    assert found("personalesag") == [item.pk]
    assert found("hemmelig") == []


def test_index_meeting_marks_the_meeting_searchable_and_catches_up_others():
    behind = make_item(sections=body("Glemt budget.")).meeting
    fresh = make_item(meeting=make_meeting(date=dt.date(2026, 2, 1))).meeting
    assert not Meeting.objects.get(pk=behind.pk).is_search_indexed

    assert search.index_meeting(fresh.pk)

    assert Meeting.objects.filter(is_search_indexed=False).count() == 0
    assert len(found("budget")) == 1


def test_remove_meeting_drops_its_items():
    item = indexed_item(sections=body("Budget."))

    assert search.remove_meeting(item.meeting_id)

    assert found("budget") == []
    assert not Meeting.objects.get(pk=item.meeting_id).is_search_indexed


def test_a_commit_within_the_same_clock_tick_is_seen():
    """A file system's timestamps are coarse (a few ms): two commits can leave meta.json
    with the same mtime, and a reader must still see the second one."""
    item = indexed_item(sections=body("Budget."))
    assert found("budget") == [item.pk]  # this process's reader holds the first commit
    meta = search.index.index_dir() / "meta.json"
    first = meta.stat()

    assert search.remove_meeting(item.meeting_id)
    os.utime(meta, ns=(first.st_atime_ns, first.st_mtime_ns))

    assert found("budget") == []


def test_rebuild_gives_the_same_results():
    meetings = [make_meeting(date=dt.date(2025, month, 1)) for month in (1, 2, 3)]
    for meeting in meetings:
        make_item(meeting=meeting, number=1, title="Budget", sections=body("Budget 2026."))
        make_item(meeting=meeting, number=2, sections=body("Orientering om budget."))
        make_item(meeting=meeting, number=3, sections=body("Cykelsti."))
        search.index_meeting(meeting.pk)
    queries = ["budget", "cykelsti", '"om budget"', "budget -orientering"]
    before = {q: search.search(q, order="newest") for q in queries}
    Meeting.objects.update(is_search_indexed=False)

    steps = []
    assert search.rebuild(progress=steps.append) == 9

    assert {q: search.search(q, order="newest") for q in queries} == before
    assert sum(steps) == 9
    assert Meeting.objects.filter(is_search_indexed=False).count() == 0


# --- one writer at a time ---------------------------------------------------------


def hold_writer(*, released: threading.Event, holding: threading.Event) -> None:
    # The index exists already (opened by the test's thread first): this
    # thread's database connection cannot read the test's uncommitted meetings.
    with search.index_writer(timeout=5):
        holding.set()
        released.wait(timeout=10)


def test_index_meeting_waits_for_another_writer():
    item = make_item(sections=body("Budget."))
    holding, released = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_writer, kwargs={"released": released, "holding": holding})
    search.index.open_index()
    holder.start()
    holding.wait(timeout=10)
    # The other writer finishes while index_meeting is waiting for the lock.
    threading.Timer(0.2, released.set).start()

    assert search.index_meeting(item.meeting_id, lock_timeout=10)

    holder.join()
    assert found("budget") == [item.pk]
    assert Meeting.objects.get(pk=item.meeting_id).is_search_indexed


def test_a_busy_index_leaves_the_meeting_saved_and_unsearchable_until_caught_up():
    item = make_item(sections=body("Budget."))
    holding, released = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_writer, kwargs={"released": released, "holding": holding})
    search.index.open_index()
    holder.start()
    holding.wait(timeout=10)
    try:
        assert not search.index_meeting(item.meeting_id, lock_timeout=0.05)
    finally:
        released.set()
        holder.join()

    assert Meeting.objects.filter(pk=item.meeting_id, is_search_indexed=False).exists()
    assert found("budget") == []

    later = make_item(meeting=make_meeting(date=dt.date(2026, 5, 5)), sections=body("Andet."))
    assert search.index_meeting(later.meeting_id)
    assert found("budget") == [item.pk]


# --- pages of results -------------------------------------------------------------


def test_search_results_page_through_django_paginator_with_rows_in_engine_order(
    django_assert_num_queries,
):
    meeting = make_meeting()
    for number in range(1, 24):
        make_item(meeting=meeting, number=number, sections=body(f"Budget nummer {number}."))
    search.index_meeting(meeting.pk)
    results = search.MatchingItems(
        "budget", queryset=AgendaItem.objects.public().for_listing(), order="newest"
    )

    with django_assert_num_queries(1):
        page = Paginator(results, 20).page(2)
        rows = list(page.object_list)

    assert page.paginator.count == 23
    assert [item.number for item in rows] == [21, 22, 23]
    assert f"{search.MARK_START}Budget{search.MARK_END} nummer 21" in rows[0].snippet


def test_first_page_and_count_come_from_one_search_of_one_snapshot(django_assert_num_queries):
    first = indexed_item(sections=body("Budget."))
    results = search.MatchingItems("budget", queryset=AgendaItem.objects.public().for_listing())

    assert results.count() == 1
    # Indexed after the count: the first page was fetched with it, so it agrees
    # with the count; a later search (page 2 and on) sees the new item.
    later = indexed_item(
        meeting=make_meeting(date=dt.date(2026, 2, 3)), sections=body("Budget igen.")
    )
    with django_assert_num_queries(1):
        rows = results[0:21]

    assert [item.pk for item in rows] == [first.pk]
    assert search.search("budget").total == 2
    assert {item.pk for item in results[0:22]} == {first.pk, later.pk}


def test_a_later_page_and_its_count_come_from_one_search(monkeypatch):
    meeting = make_meeting()
    for number in range(1, 46):
        make_item(meeting=meeting, number=number, sections=body(f"Budget nummer {number}."))
    search.index_meeting(meeting.pk)
    calls = record_calls(monkeypatch, search.results, "search")
    results = search.MatchingItems(
        "budget",
        queryset=AgendaItem.objects.public().for_listing(),
        order="newest",
        window_start=20,
        window_size=21,
    )

    page = Paginator(results, 20).page(2)

    assert [item.number for item in page.object_list] == list(range(21, 41))
    assert page.paginator.count == 45
    assert len(calls) == 1
    # Outside the window: a search of its own.
    assert [item.number for item in results[40:45]] == list(range(41, 46))
    assert len(calls) == 2


def test_limit_zero_counts_without_hits():
    indexed_item(sections=body("Budget."))

    result = search.search("budget", limit=0)

    assert (result.total, result.hits) == (1, [])


def test_reindex_on_commit_marks_the_meeting_and_indexes_after_commit(
    django_capture_on_commit_callbacks,
):
    item = indexed_item(sections=body("Budget."))

    with django_capture_on_commit_callbacks(execute=True):
        AgendaItem.objects.filter(pk=item.pk).update(is_published=False)
        search.reindex_on_commit([item.meeting_id])
        assert not Meeting.objects.get(pk=item.meeting_id).is_search_indexed
        assert found("budget") == [item.pk]

    assert found("budget") == []
    assert Meeting.objects.get(pk=item.meeting_id).is_search_indexed


def test_without_snippets_the_same_ids_come_back():
    meeting = make_meeting()
    for number in range(1, 6):
        make_item(meeting=meeting, number=number, sections=body("Budget."))
    search.index_meeting(meeting.pk)

    plain = search.search("budget", order="newest", snippets=False)

    assert [hit.item_id for hit in plain.hits] == found("budget", order="newest")
    assert {hit.snippet for hit in plain.hits} == {""}
    assert plain.total == 5


# --- an index from an older schema ----------------------------------------------


def test_an_outdated_index_is_told_apart_and_replaced_by_a_rebuild(settings):
    item = make_item(sections=body("Budget for skolen."))
    make_outdated_index(settings)

    assert search.is_outdated()
    with pytest.raises(search.IndexOutdated):
        search.search("budget")
    # An import meanwhile is saved, marked not yet searchable.
    assert search.index_meeting(item.meeting_id) is False
    assert not Meeting.objects.get(pk=item.meeting_id).is_search_indexed

    assert search.rebuild() == 1

    assert not search.is_outdated()
    assert found("budget") == [item.pk]
    assert Meeting.objects.get(pk=item.meeting_id).is_search_indexed


# --- bulk imports: one commit per batch --------------------------------------------


def committed_meetings(calls: list[tuple[tuple, dict]]) -> list[list[int]]:
    """The meeting ids of each index_meetings() call, i.e. of each index commit."""
    return [list(args[0]) for args, _kwargs in calls]


def test_batched_indexing_commits_once_at_the_end(monkeypatch):
    commits = record_calls(monkeypatch, search.sync, "index_meetings")
    meetings = [make_meeting(date=dt.date(2026, 1, day)) for day in (5, 6, 7)]
    for meeting in meetings:
        make_item(meeting=meeting, sections=body("Budget."))

    with search.batched_indexing():
        for meeting in meetings:
            assert search.index_meeting(meeting.pk)
        # Queued, not yet searchable.
        assert found("budget") == []
        assert not Meeting.objects.filter(is_search_indexed=True).exists()

    assert committed_meetings(commits) == [[meeting.pk for meeting in meetings]]
    assert len(found("budget")) == 3
    assert not Meeting.objects.filter(is_search_indexed=False).exists()


def test_a_batch_commits_when_full_and_after_an_error(monkeypatch):
    monkeypatch.setattr(search.sync, "BATCH_MEETINGS", 2)
    commits = record_calls(monkeypatch, search.sync, "index_meetings")
    meetings = [make_meeting(date=dt.date(2026, 1, day)) for day in (5, 6, 7)]
    for meeting in meetings:
        make_item(meeting=meeting, sections=body("Budget."))

    with pytest.raises(RuntimeError), search.batched_indexing():
        for meeting in meetings:
            search.index_meeting(meeting.pk)
        raise RuntimeError("the import stopped")

    assert committed_meetings(commits) == [[meetings[0].pk, meetings[1].pk], [meetings[2].pk]]
    assert len(found("budget")) == 3


def test_while_an_outdated_index_is_rebuilt_searches_are_refused_not_empty(settings):
    item = make_item(sections=body("Budget for skolen."))
    make_outdated_index(settings)
    seen_during_rebuild = []

    def progress(added: int) -> None:
        # What another worker sees while the new index is still empty.
        search.index.forget_open_index()
        with pytest.raises(search.IndexOutdated):
            search.search("budget")
        seen_during_rebuild.append(search.is_outdated())

    assert search.rebuild(progress=progress) == 1

    assert seen_during_rebuild == [True]
    assert found("budget") == [item.pk]
    assert not search.is_outdated()


def test_a_rebuild_that_stops_halfway_keeps_refusing_until_one_finishes(settings, monkeypatch):
    item = make_item(sections=body("Budget for skolen."))
    make_outdated_index(settings)
    real_document = search.sync._document

    def broken(item):
        raise RuntimeError("the rebuild was stopped")

    monkeypatch.setattr(search.sync, "_document", broken)
    with pytest.raises(RuntimeError):
        search.rebuild()
    search.index.forget_open_index()

    assert search.is_outdated()
    with pytest.raises(search.IndexOutdated):
        search.search("budget")

    monkeypatch.setattr(search.sync, "_document", real_document)
    assert search.rebuild() == 1
    assert found("budget") == [item.pk]
