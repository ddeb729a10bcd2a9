"""Atom feeds: follow a filtered item list, a municipality, a committee or one case.

Built on Django's syndication framework. An entry's id is the agenda item's
permanent link, made of its natural key (municipality, committee, meeting date,
item number), so a corrected re-upload, which updates the item in place, updates
its entry instead of adding a second one. Only public items appear.

The item list's feed takes the same GET parameters as /punkter/ through the shared
AgendaItemFilter; a bad value is a 400 with the filter's Danish message, never a
500 and never a silently unfiltered feed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .filters import AgendaItemFilter
from .models import AgendaItem, Committee, Decision, Municipality

FEED_LENGTH = 50


class InvalidFilter(Exception):
    """GET parameters the item filter refuses; ``message`` is the Danish text for the reader."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def filter_items(data: QueryDict, queryset: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """The public items matching /punkter/'s GET parameters, or InvalidFilter.

    Feeds and exports share this so that they honour exactly the list's filters.
    """
    filterset = AgendaItemFilter(data, queryset=queryset)
    if not filterset.is_valid():
        raise InvalidFilter(invalid_filter_message(filterset.errors))
    return filterset.qs


def invalid_filter_message(errors: dict[str, list[str]]) -> str:
    details = " ".join(str(message) for messages in errors.values() for message in messages)
    return f"Ugyldige filtre: {details}"


def items_for_feed() -> QuerySet[AgendaItem]:
    """Public items with all an entry reads (URL parts, names, this meeting's decision)."""
    return (
        AgendaItem.objects.public()
        .for_listing()
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(is_current=True),
                to_attr="current_decisions",
            )
        )
    )


@dataclass(frozen=True)
class FeedSubject:
    """What one request's feed is about; the Feed instance itself is shared by all requests."""

    title: str
    subtitle: str
    link: str
    feed_url: str
    items: QuerySet[AgendaItem]


class AgendaItemFeed(Feed):
    """The common shape of every feed: Atom, newest meetings first, one entry per item."""

    feed_type = Atom1Feed
    author_name = "Referater"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilter as err:
            return HttpResponseBadRequest(err.message, content_type="text/plain; charset=utf-8")

    def title(self, subject: FeedSubject) -> str:
        return subject.title

    def subtitle(self, subject: FeedSubject) -> str:
        return subject.subtitle

    def link(self, subject: FeedSubject) -> str:
        return subject.link

    def feed_url(self, subject: FeedSubject) -> str:
        return subject.feed_url

    def items(self, subject: FeedSubject) -> list[AgendaItem]:
        return list(subject.items.newest_first()[:FEED_LENGTH])

    def item_title(self, item: AgendaItem) -> str:
        return f"{item.title} (punkt {item.number})"

    def item_link(self, item: AgendaItem) -> str:
        # Also the entry's id (Feed uses the link when item_guid is not given): built from
        # the natural key, it stays the same when corrected minutes update the item.
        return item.get_absolute_url()

    def item_updateddate(self, item: AgendaItem) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: AgendaItem) -> str:
        return f"{item.committee.name}, {item.municipality.name}"

    def item_description(self, item: AgendaItem) -> SafeString:
        # Atom's summary is typed "html": document text is escaped here (format_html),
        # then once more as XML by the feed generator, so a reader shows it as text.
        meeting = format_html(
            "<p>{}, {}, møde {}</p>",
            item.committee.name,
            item.municipality.name,
            item.meeting_date.isoformat(),
        )
        if item.is_closed:
            return meeting + format_html("<p>{}</p>", "Lukket punkt.")
        decisions = item.current_decisions
        if not decisions or not decisions[0].text.strip():
            return meeting + format_html("<p>{}</p>", "Ingen beslutning i referatet.")
        paragraphs = [part.strip() for part in decisions[0].text.split("\n\n") if part.strip()]
        return (
            meeting
            + format_html("<p><strong>{}</strong></p>", "Beslutning:")
            + format_html_join("", "<p>{}</p>", ((part,) for part in paragraphs))
        )


class ItemListFeed(AgendaItemFeed):
    """/feeds/punkter/?<the same parameters as /punkter/>."""

    def get_object(self, request: HttpRequest) -> FeedSubject:
        items = filter_items(request.GET, items_for_feed())
        query = request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        return FeedSubject(
            title="Dagsordenspunkter" + (" (filtreret)" if query else ""),
            subtitle="Nye og rettede dagsordenspunkter fra kommunernes udvalg.",
            link=reverse("minutes:item_list") + suffix,
            feed_url=reverse("data:item_feed") + suffix,
            items=items,
        )


class MunicipalityFeed(AgendaItemFeed):
    def get_object(self, request: HttpRequest, municipality: str) -> FeedSubject:
        kommune = get_object_or_404(Municipality, slug=municipality)
        return FeedSubject(
            title=kommune.name,
            subtitle=f"Dagsordenspunkter fra udvalgene i {kommune.name}.",
            link=kommune.get_absolute_url(),
            feed_url=reverse("data:municipality_feed", kwargs={"municipality": kommune.slug}),
            items=items_for_feed().filter(municipality=kommune),
        )


class CommitteeFeed(AgendaItemFeed):
    def get_object(self, request: HttpRequest, municipality: str, committee: str) -> FeedSubject:
        udvalg = get_object_or_404(
            Committee.objects.select_related("municipality"),
            municipality__slug=municipality,
            slug=committee,
        )
        return FeedSubject(
            title=f"{udvalg.name}, {udvalg.municipality.name}",
            subtitle=f"Dagsordenspunkter fra {udvalg.name} i {udvalg.municipality.name}.",
            link=udvalg.get_absolute_url(),
            feed_url=reverse(
                "data:committee_feed",
                kwargs={"municipality": udvalg.municipality.slug, "committee": udvalg.slug},
            ),
            items=items_for_feed().filter(committee=udvalg),
        )


class CaseFeed(AgendaItemFeed):
    def get_object(self, request: HttpRequest, municipality: str, case_number: str) -> FeedSubject:
        kommune = get_object_or_404(Municipality, slug=municipality)
        items = items_for_feed().filter(municipality=kommune, case_number=case_number)
        if not items.exists():
            raise AgendaItem.DoesNotExist(case_number)
        kwargs = {"municipality": kommune.slug, "case_number": case_number}
        return FeedSubject(
            title=f"Sag {case_number}, {kommune.name}",
            subtitle=f"Alle dagsordenspunkter om sag {case_number} i {kommune.name}.",
            link=reverse("minutes:case", kwargs=kwargs),
            feed_url=reverse("data:case_feed", kwargs=kwargs),
            items=items,
        )
