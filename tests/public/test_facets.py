"""Facets beside /punkter/: counts per kommune, udvalg and year, checked against plain SQL."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import QueryDict

from minutes import search
from minutes.models import AgendaItem, Committee, Meeting
from minutes.public import facets as facets_module
from minutes.public.facets import item_facets
from minutes.public.filters import AgendaItemFilter, change_stamp

pytestmark = pytest.mark.django_db

PUBLIC_ITEMS_SQL = """
    SELECT {column}, COUNT(*)
    FROM minutes_agendaitem i
    JOIN minutes_meeting m ON m.id = i.meeting_id
    JOIN minutes_municipality k ON k.id = i.municipality_id
    JOIN minutes_committee u ON u.id = i.committee_id
    WHERE i.is_published AND NOT i.is_withdrawn AND m.is_published {where}
    GROUP BY {column}
"""


def sql_counts(column: str, where: str = "", params: tuple = ()) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(PUBLIC_ITEMS_SQL.format(column=column, where=where), params)
        return {str(value): count for value, count in cursor.fetchall()}


def sql_year_counts(where: str = "", params: tuple = ()) -> dict[str, int]:
    counts: dict[str, int] = {}
    for date, count in sql_counts("i.meeting_date", where, params).items():
        counts[date[:4]] = counts.get(date[:4], 0) + count
    return counts


def facet_counts(query: str) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    facets = item_facets(AgendaItemFilter(QueryDict(query), cached_choices=True))
    return (
        {value.label: value.count for value in facets.municipalities},
        {value.label: value.count for value in facets.committees},
        {value.label: value.count for value in facets.years},
    )


def test_unfiltered_facets_equal_plain_sql_counts(seeded):
    municipalities, committees, years = facet_counts("")
    assert municipalities == sql_counts("k.name")
    assert committees == sql_counts("u.name")
    assert years == sql_year_counts()
    assert sum(municipalities.values()) == 13 + 15 + 9 + 1 + 13


def test_kommune_facets_equal_plain_sql_counts(seeded):
    municipalities, committees, years = facet_counts("kommune=vesthimmerlands-kommune")
    where, params = "AND k.slug = %s", ("vesthimmerlands-kommune",)
    assert municipalities == sql_counts("k.name", where, params) == {"Vesthimmerlands Kommune": 28}
    assert committees == sql_counts("u.name", where, params)
    assert years == sql_year_counts(where, params) == {"2026": 13, "2022": 15}


def test_udvalg_facets_equal_plain_sql_counts(seeded):
    # An udvalg slug is shared by the kommuner that have such a committee.
    for slug in Committee.objects.values_list("slug", flat=True).distinct():
        municipalities, committees, years = facet_counts(f"udvalg={slug}")
        where, params = "AND u.slug = %s", (slug,)
        assert municipalities == sql_counts("k.name", where, params)
        assert committees == sql_counts("u.name", where, params)
        assert years == sql_year_counts(where, params)


def test_kommune_udvalg_and_year_facets_equal_plain_sql_counts(seeded):
    for municipality, committee in Committee.objects.values_list("municipality__slug", "slug"):
        for year in (2022, 2026):
            query = f"kommune={municipality}&udvalg={committee}&fra={year}-01-01&til={year}-12-31"
            where = "AND k.slug = %s AND u.slug = %s AND i.meeting_date BETWEEN %s AND %s"
            params = (municipality, committee, f"{year}-01-01", f"{year}-12-31")
            municipalities, committees, years = facet_counts(query)
            assert municipalities == sql_counts("k.name", where, params)
            assert committees == sql_counts("u.name", where, params)
            assert years == sql_year_counts(where, params)


def test_case_number_and_period_facets_equal_plain_sql_counts(seeded):
    # Not answerable from the cached table: counted over the rows themselves.
    query = "sagsnummer=15.00&fra=2025-06-01&til=2026-03-01"
    where = "AND i.case_number LIKE %s AND i.meeting_date BETWEEN %s AND %s"
    params = ("15.00%", "2025-06-01", "2026-03-01")
    municipalities, committees, years = facet_counts(query)
    assert municipalities == sql_counts("k.name", where, params)
    assert committees == sql_counts("u.name", where, params)
    assert years == sql_year_counts(where, params)
    assert municipalities


def test_search_facets_count_the_hits(seeded):
    municipalities, _, years = facet_counts("q=ungeløftet")
    assert set(municipalities) == {
        "Vesthimmerlands Kommune",
        "Lemvig Kommune",
        "Holstebro Kommune",
    }
    assert sum(municipalities.values()) == sum(years.values())


@pytest.mark.parametrize(
    "query",
    ["q=udvalget", "q=budget&kommune=herning-kommune", "q=indsats&fra=2025-01-01&til=2026-12-31"],
)
def test_search_facets_equal_plain_sql_counts_of_every_hit(seeded, query):
    # Counted by the engine over every match, not a sample: the SQL counts of the hits.
    filterset = AgendaItemFilter(QueryDict(query), cached_choices=True)
    assert filterset.is_valid()
    hits = search.search(
        filterset.text_query, limit=10_000, snippets=False, **filterset.search_kwargs()
    )
    assert hits.total > 0
    ids = ",".join(str(hit.item_id) for hit in hits.hits)
    where = f"AND i.id IN ({ids})"
    municipalities, committees, years = facet_counts(query)
    assert municipalities == sql_counts("k.name", where)
    assert committees == dict(
        sorted(sql_counts("u.name", where).items(), key=lambda pair: -pair[1])[:10]
    )
    assert years == sql_year_counts(where)
    assert sum(municipalities.values()) == hits.total


def test_facets_are_links_that_add_the_filter(client, seeded):
    html = client.get("/punkter/?udvalg=beskaeftigelsesudvalget&side=2").content.decode()
    section = html.split('<section class="facets"', 1)[1].split("</section>", 1)[0]
    assert (
        '<a href="?udvalg=beskaeftigelsesudvalget&amp;kommune=herning-kommune">Herning Kommune</a>'
        ' <span class="facets__count">9</span>'
    ) in section
    assert (
        '<strong>Beskæftigelsesudvalget</strong> <span class="facets__count">37</span>' in section
    )
    assert (
        '<a href="?udvalg=beskaeftigelsesudvalget&amp;fra=2022-01-01&amp;til=2022-12-31">2022</a>'
    ) in section
    following = client.get("/punkter/?udvalg=beskaeftigelsesudvalget&kommune=herning-kommune")
    assert re.search(r"9 punkter", following.content.decode())


def test_large_lists_and_searches_count_every_item(client, seeded):
    # Neither a sample nor "ca.": the counts add up to the list's own count.
    for query in ("sagsnummer=15", "q=udvalget", "fra=2025-06-01&til=2026-03-01"):
        html = client.get(f"/punkter/?{query}").content.decode()
        section = html.split('<section class="facets"', 1)[1].split("</section>", 1)[0]
        assert "ca." not in section and "Blandt de" not in section
        years = re.findall(
            r'fra=\d{4}-01-01[^"]*">\d{4}</a> <span class="facets__count">(\d+)', section
        )
        shown = re.search(r"(\d+) punkter", html)
        assert shown and sum(map(int, years)) == int(shown.group(1))


def test_a_list_keeps_working_without_its_facets_while_the_index_is_damaged(
    client, seeded, monkeypatch
):
    def damaged(*args, **kwargs):
        raise search.IndexDamaged("meta.json")

    monkeypatch.setattr(search, "facet_counts_started", damaged)
    answer = client.get("/punkter/?sagsnummer=15")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'class="facets"' not in html
    assert "punkter" in html


def test_invalid_filters_show_no_facets(client, seeded):
    html = client.get("/punkter/?fra=i-morgen").content.decode()
    assert 'class="facets"' not in html


def test_every_worker_sees_a_table_counted_again_under_the_same_stamp(seeded):
    # A deleted meeting or a renamed kommune is counted again without moving the data
    # stamp; a worker holding the earlier count must not go on showing it.
    stamp = change_stamp()
    before = sum(items for _, _, items in facets_module.count_table(stamp).rows)
    other_worker = facets_module._table_in_process
    AgendaItem.objects.filter(pk=AgendaItem.objects.public().first().pk).update(is_withdrawn=True)
    facets_module.recount_table(stamp)
    facets_module._table_in_process = other_worker
    assert change_stamp() == stamp
    after = sum(items for _, _, items in facets_module.count_table(stamp).rows)
    assert after == before - 1


def test_engine_counts_follow_the_index_not_only_the_data_stamp(seeded):
    # A meeting indexed after its import (a busy writer, a batch): the facets of a
    # search count it once the index has it, though the data stamp did not move.
    query = "q=udvalget"
    before = sum(facet_counts(query)[2].values())
    meeting = Meeting.objects.filter(items__title__icontains="udvalget").first()
    assert search.remove_meeting(meeting.pk)
    try:
        fewer = sum(facet_counts(query)[2].values())
    finally:
        assert search.index_meeting(meeting.pk)
    assert fewer < before
    assert sum(facet_counts(query)[2].values()) == before
