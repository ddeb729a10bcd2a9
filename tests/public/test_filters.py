"""The FilterSets on their own, as the API and the feeds use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from minutes.models import AgendaItem
from minutes.public.filters import AgendaItemFilter, MeetingFilter, case_number_q
from minutes.public.pagination import CappedPaginator
from tests.factories import (
    make_committee,
    make_item,
    make_meeting,
    make_municipality,
    without_unused_kommuner,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def items() -> dict[str, AgendaItem]:
    herning = make_meeting()
    lemvig = make_meeting(
        committee=make_committee(
            municipality=make_municipality(name="Lemvig Kommune", slug="lemvig-kommune"),
            name="Økonomiudvalget",
            slug="oekonomiudvalget",
        ),
        date=dt.date(2025, 12, 16),
    )
    return {
        "herning": make_item(meeting=herning, number=1, case_number="15.00.00-A21-1-25"),
        "herning_other": make_item(meeting=herning, number=2, case_number="2019-12345"),
        "lemvig": make_item(meeting=lemvig, number=1, case_number="15.20.00-G01-1-26"),
    }


def filtered(query: str, filterset=AgendaItemFilter) -> list:
    return list(filterset(QueryDict(query)).qs)


def test_no_data_means_every_public_item_newest_first(items):
    assert AgendaItemFilter(None).qs.count() == 3
    assert AgendaItemFilter(None).qs.first().meeting_date == dt.date(2026, 1, 13)


def test_unpublished_and_withdrawn_items_are_never_listed(items):
    items["lemvig"].is_withdrawn = True
    items["lemvig"].save()
    items["herning_other"].is_published = False
    items["herning_other"].save()
    assert filtered("") == [items["herning"]]


def test_case_number_whole_normalised_or_prefix(items):
    assert filtered("sagsnummer=15.00.00A21-1-25") == [items["herning"]]
    assert set(filtered("sagsnummer=15")) == {items["herning"], items["lemvig"]}
    assert filtered("sagsnummer=15.00.00-a21") == [items["herning"]]
    assert filtered("sagsnummer=2019-12345") == [items["herning_other"]]
    assert filtered("sagsnummer=2019") == [items["herning_other"]]


def test_case_number_q_exact_for_whole_numbers():
    assert str(case_number_q("15.00.00A21-1-25")) == str(case_number_q("15.00.00-A21-1-25"))


def test_invalid_filter_gives_errors_and_no_rows(items):
    filterset = AgendaItemFilter(QueryDict("kommune=atlantis&fra=i-morgen"))
    assert list(filterset.qs) == []
    assert filterset.errors["kommune"] == ["Ukendt kommune: atlantis."]
    assert filterset.errors["fra"] == ["Skriv datoen som åååå-mm-dd, fx 2026-01-13."]


def test_empty_committee_option_means_no_filter(items):
    assert len(filtered("udvalg=")) == 3


def test_committee_slug_matches_across_municipalities(items):
    other = make_committee(
        municipality=make_municipality(name="Holstebro Kommune", slug="holstebro-kommune")
    )
    extra = make_item(meeting=make_meeting(committee=other, date=dt.date(2024, 1, 1)))
    assert set(filtered("udvalg=beskaeftigelsesudvalget")) == {
        items["herning"],
        items["herning_other"],
        extra,
    }


def test_meeting_filter_by_case_number_lists_each_meeting_once(items):
    make_item(meeting=items["herning"].meeting, number=3, case_number="15.00.00-A21-1-25")
    assert filtered("sagsnummer=15", MeetingFilter) == [
        items["herning"].meeting,
        items["lemvig"].meeting,
    ]


def test_meeting_filter_by_case_number_ignores_items_a_visitor_cannot_see(items):
    meeting = items["herning"].meeting
    make_item(meeting=meeting, number=3, case_number="27.00.00-A00-1-26", is_withdrawn=True)
    make_item(meeting=meeting, number=4, case_number="27.00.00-A00-2-26", is_published=False)
    assert filtered("sagsnummer=27", MeetingFilter) == []
    make_item(meeting=meeting, number=5, case_number="27.00.00-A00-3-26")
    assert filtered("sagsnummer=27", MeetingFilter) == [meeting]


def test_is_filtered_only_with_a_value(items):
    assert not AgendaItemFilter(QueryDict("side=2")).is_filtered
    assert AgendaItemFilter(QueryDict("kommune=lemvig-kommune")).is_filtered


def test_capped_paginator_counts_up_to_the_cap(items):
    paginator = CappedPaginator(AgendaItem.objects.order_by("pk"), 1)
    paginator.cap = 2
    assert paginator.count == 2
    assert paginator.is_capped
    assert paginator.num_pages == 2
    exact = CappedPaginator(AgendaItem.objects.order_by("pk"), 1)
    assert exact.count == 3
    assert not exact.is_capped


def test_capped_list_pages_on_past_the_cap(items):
    # Numbered pages as far as the count reaches, then by cursor (tests/public/test_pagination.py).
    paginator = CappedPaginator(AgendaItem.objects.order_by("pk"), 1)
    paginator.cap = 1
    assert paginator.is_capped
    all_ids = list(AgendaItem.objects.order_by("pk").values_list("pk", flat=True))
    first = paginator.page(1)
    second = paginator.page_for(QueryDict(f"efter={first.next_cursor}"))
    third = paginator.page_for(QueryDict(f"efter={second.next_cursor}"))
    pages = [first, second, third]
    assert [page.object_list[0].pk for page in pages] == all_ids
    assert [page.has_next() for page in pages] == [True, True, False]
    assert paginator.page(4).number == 1


def test_item_list_says_more_than_the_cap(client, items, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    html = client.get("/punkter/").content.decode()
    assert "Mere end 2 punkter" in html


@pytest.mark.django_db
def test_cached_choices_also_when_the_class_fields_were_built_first(django_assert_num_queries):
    make_item()
    without_unused_kommuner()
    # The API's schema and filter backend build the class-level fields once per process.
    AgendaItemFilter.base_filters["kommune"].field  # noqa: B018
    AgendaItemFilter.base_filters["udvalg"].field  # noqa: B018
    form = AgendaItemFilter({}, cached_choices=True).form
    list(form.fields["kommune"].choices)
    with django_assert_num_queries(1):  # the stamp only: the choices come from the cache
        form = AgendaItemFilter({}, cached_choices=True).form
        assert [value for value, _ in form.fields["kommune"].choices] == ["herning-kommune"]
        assert [value for value, _ in form.fields["udvalg"].choices] == ["beskaeftigelsesudvalget"]


def test_a_bound_filterset_reads_only_the_choices_asked_for(items):
    """The API and the feeds validate the given slugs, not all of Denmark's."""
    form = AgendaItemFilter(QueryDict("kommune=lemvig-kommune&udvalg=oekonomiudvalget")).form
    assert list(form.fields["kommune"].choices) == [("lemvig-kommune", "Lemvig Kommune")]
    assert list(form.fields["udvalg"].choices) == [("oekonomiudvalget", "Økonomiudvalget")]
    assert [item.pk for item in filtered("kommune=lemvig-kommune&udvalg=oekonomiudvalget")] == [
        items["lemvig"].pk
    ]
    unknown = AgendaItemFilter(QueryDict("kommune=lemvig-kommune&kommune=ukendt-kommune"))
    assert not unknown.is_valid()
    assert unknown.errors["kommune"] == ["Ukendt kommune: ukendt-kommune."]
    assert list(unknown.qs) == []


def test_an_unbound_filterset_offers_every_choice(items):
    without_unused_kommuner()
    form = AgendaItemFilter().form
    assert {slug for slug, _ in form.fields["kommune"].choices} == {
        "herning-kommune",
        "lemvig-kommune",
    }


@pytest.mark.parametrize("cached_choices", [False, True])
def test_kommune_filters_by_id_without_a_join(items, cached_choices):
    """On the id the index leads with, taken from the choices: no join, no extra query."""
    for filterset_class, expected in (
        (AgendaItemFilter, [items["lemvig"].pk]),
        (MeetingFilter, [items["lemvig"].meeting_id]),
    ):
        filterset = filterset_class(
            QueryDict("kommune=lemvig-kommune"),
            queryset=filterset_class._meta.model.objects.all(),
            cached_choices=cached_choices,
        )
        assert "minutes_municipality" not in str(filterset.qs.query)
        assert [row.pk for row in filterset.qs] == expected
