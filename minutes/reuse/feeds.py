"""Atom feeds: follow a filtered item list, a municipality, a committee or one case.

Built on Django's syndication framework. An entry's id is the agenda item's
permanent link, made of its natural key (municipality, committee, meeting date,
item number), so a corrected re-upload, which updates the item in place, updates
its entry instead of adding a second one. Only public items appear.

The item list's feed takes the same GET parameters as /punkter/ through the shared
AgendaItemFilter; a bad value is a 400 with the filter's Danish message
(refusals.py), never a 500 and never a silently unfiltered feed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ..models import AgendaItem, Committee, Municipality
from ..public.filters import AgendaItemFilter
from .refusals import valid_or_refused

FEED_LENGTH = 50


def items_for_feed() -> QuerySet[AgendaItem]:
    """Public items with what an entry shows: names, dates, this meeting's decision."""
    return (
        AgendaItem.objects.public()
        .select_related("municipality", "committee", "meeting")
        # An entry shows no body and no participants: they stay in the database.
        .only(
            "title",
            "number",
            "meeting_date",
            "is_closed",
            "updated_at",
            "municipality__slug",
            "municipality__name",
            "committee__slug",
            "committee__name",
            "meeting__date",
            "meeting__sequence",
        )
        .with_current_decision_text()
        .newest_first()
    )


@dataclass(frozen=True)
class Case:
    """A case feed's subject: one case number in one municipality, and its newest items.

    The items are read with the subject: a case without public items is a 404.
    """

    municipality: Municipality
    case_number: str
    items: list[AgendaItem]

    @property
    def url_kwargs(self) -> dict[str, str]:
        return {"municipality": self.municipality.slug, "case_number": self.case_number}


class AgendaItemFeed(Feed):
    """The common shape of every feed: Atom, newest meetings first, one entry per item.

    Built by the syndication framework from its hooks: ``get_object`` reads the
    subject (a municipality, a committee, a case or the item list's bound filter),
    ``items`` its newest public items; the summary is a template.
    """

    feed_type = Atom1Feed
    author_name = "Referater"
    description_template = "minutes/feeds/item_summary.html"

    def item_title(self, item: AgendaItem) -> str:
        return f"{item.title} (punkt {item.number})"

    # item_link: the framework's default, item.get_absolute_url(), the permanent link
    # made of the natural key; it is also the entry's id (no item_guid).

    def item_updateddate(self, item: AgendaItem) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: AgendaItem) -> str:
        return f"{item.committee.name}, {item.municipality.name}"


class ItemListFeed(AgendaItemFeed):
    """/feeds/punkter/?<the same parameters as /punkter/>; a bad one is ``Refused``."""

    def get_object(self, request: HttpRequest) -> AgendaItemFilter:
        return valid_or_refused(AgendaItemFilter(request.GET, queryset=items_for_feed()))

    def _query(self, filterset: AgendaItemFilter) -> str:
        query = filterset.data.urlencode()
        return f"?{query}" if query else ""

    def title(self, filterset: AgendaItemFilter) -> str:
        return "Dagsordenspunkter" + (" (filtreret)" if filterset.data else "")

    def subtitle(self, filterset: AgendaItemFilter) -> str:
        return "Nye og rettede dagsordenspunkter fra kommunernes udvalg."

    def link(self, filterset: AgendaItemFilter) -> str:
        return reverse("minutes:item_list") + self._query(filterset)

    def feed_url(self, filterset: AgendaItemFilter) -> str:
        return reverse("data:item_feed") + self._query(filterset)

    def items(self, filterset: AgendaItemFilter) -> QuerySet[AgendaItem]:
        return filterset.qs[:FEED_LENGTH]


class MunicipalityFeed(AgendaItemFeed):
    def get_object(self, request: HttpRequest, municipality: str) -> Municipality:
        return get_object_or_404(Municipality, slug=municipality)

    def title(self, kommune: Municipality) -> str:
        return kommune.name

    def subtitle(self, kommune: Municipality) -> str:
        return f"Dagsordenspunkter fra udvalgene i {kommune.name}."

    def link(self, kommune: Municipality) -> str:
        return kommune.get_absolute_url()

    def feed_url(self, kommune: Municipality) -> str:
        return reverse("data:municipality_feed", kwargs={"municipality": kommune.slug})

    def items(self, kommune: Municipality) -> QuerySet[AgendaItem]:
        return items_for_feed().filter(municipality=kommune)[:FEED_LENGTH]


class CommitteeFeed(AgendaItemFeed):
    def get_object(self, request: HttpRequest, municipality: str, committee: str) -> Committee:
        return get_object_or_404(
            Committee.objects.select_related("municipality"),
            municipality__slug=municipality,
            slug=committee,
        )

    def title(self, udvalg: Committee) -> str:
        return f"{udvalg.name}, {udvalg.municipality.name}"

    def subtitle(self, udvalg: Committee) -> str:
        return f"Dagsordenspunkter fra {udvalg.name} i {udvalg.municipality.name}."

    def link(self, udvalg: Committee) -> str:
        return udvalg.get_absolute_url()

    def feed_url(self, udvalg: Committee) -> str:
        return reverse(
            "data:committee_feed",
            kwargs={"municipality": udvalg.municipality.slug, "committee": udvalg.slug},
        )

    def items(self, udvalg: Committee) -> QuerySet[AgendaItem]:
        return items_for_feed().filter(committee=udvalg)[:FEED_LENGTH]


class CaseFeed(AgendaItemFeed):
    def get_object(self, request: HttpRequest, municipality: str, case_number: str) -> Case:
        kommune = get_object_or_404(Municipality, slug=municipality)
        items = items_for_feed().filter(municipality=kommune, case_number=case_number)
        case = Case(kommune, case_number, list(items[:FEED_LENGTH]))
        if not case.items:
            raise Http404(case_number)
        return case

    def title(self, case: Case) -> str:
        return f"Sag {case.case_number}, {case.municipality.name}"

    def subtitle(self, case: Case) -> str:
        return f"Alle dagsordenspunkter om sag {case.case_number} i {case.municipality.name}."

    def link(self, case: Case) -> str:
        return reverse("minutes:case", kwargs=case.url_kwargs)

    def feed_url(self, case: Case) -> str:
        return reverse("data:case_feed", kwargs=case.url_kwargs)

    def items(self, case: Case) -> list[AgendaItem]:
        return case.items
