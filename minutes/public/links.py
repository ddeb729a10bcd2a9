"""Paths of the public pages, formatted from one reversed prefix.

A list page has four links per row; reverse() for each cost ~90 reverse() calls a
page. Every public page of a municipality lives under the municipality list's
path ("kommuner/"), so that path is reversed once and the rest is formatted as
urls.py spells it. The HTML rows, the feeds and the API use these;
tests/test_views_rendering.py checks each against reverse(), so a change in
urls.py fails there, not silently.
"""

from __future__ import annotations

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

from ..slugs import date_slug  # noqa: F401 - links are formatted with it


@functools.lru_cache(maxsize=16)
def _municipalities_path(script_prefix: str, urlconf: str | None) -> str:
    return reverse("minutes:municipality_list", urlconf=urlconf)


def municipalities_path() -> str:
    """/kommuner/ as reverse() gives it (with the script prefix of this thread)."""
    return _municipalities_path(get_script_prefix(), get_urlconf())


def quote_case_number(case_number: str) -> str:
    """A case number as reverse() quotes a <path:> argument: "/" and sub-delimiters kept."""
    return quote(case_number, safe=RFC3986_SUBDELIMS + "/~:@")


def case_path(municipality_path: str, case_number: str) -> str:
    """A case page's path under its municipality's path."""
    return f"{municipality_path}sager/{quote_case_number(case_number)}/"


def item_path(municipality_slug: str, committee_slug: str, meeting_slug: str, number: int) -> str:
    """An agenda item's page path from its natural key (``meeting_slug``: date_slug())."""
    committee = f"{municipalities_path()}{municipality_slug}/{committee_slug}/"
    return f"{committee}{meeting_slug}/punkt-{number}/"


def item_links(item) -> dict[str, str]:
    """An agenda item's page paths: municipality, committee, item and case (or "").

    Reads municipality, committee and meeting, like AgendaItem.get_absolute_url().
    """
    municipality = f"{municipalities_path()}{item.municipality.slug}/"
    committee = f"{municipality}{item.committee.slug}/"
    return {
        "municipality": municipality,
        "committee": committee,
        "item": item_path(
            item.municipality.slug, item.committee.slug, item.meeting.date_slug, item.number
        ),
        "case": case_path(municipality, item.case_number) if item.case_number else "",
    }


def meeting_links(meeting) -> dict[str, str]:
    """A meeting's page paths: municipality and meeting (reads municipality and committee)."""
    municipality = f"{municipalities_path()}{meeting.municipality.slug}/"
    return {
        "municipality": municipality,
        "meeting": f"{municipality}{meeting.committee.slug}/{meeting.date_slug}/",
    }
