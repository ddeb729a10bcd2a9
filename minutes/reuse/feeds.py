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
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from ..models import AgendaItem, Committee, Municipality
from ..public.filters import AgendaItemFilter
from ..slugs import date_slug

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
    if not any(name in data for name in AgendaItemFilter.base_filters):
        # Nothing to filter: a FilterSet (a deep copy of its filters, a bound form)
        # would cost ~1 ms of an unfiltered feed and change nothing.
        return queryset
    filterset = AgendaItemFilter(data, queryset=queryset)
    if not filterset.is_valid():
        raise InvalidFilter(invalid_filter_message(filterset.errors))
    return filterset.qs


def invalid_filter_message(errors: dict[str, list[str]]) -> str:
    details = " ".join(str(message) for messages in errors.values() for message in messages)
    return f"Ugyldige filtre: {details}"


def items_for_feed() -> QuerySet[AgendaItem]:
    """Public items with their meeting's decision, for ``filter_items()`` and ``newest()``."""
    return AgendaItem.objects.public().with_current_decision_text()


@dataclass(frozen=True, slots=True)
class Entry:
    """What one feed entry shows of an agenda item."""

    title: str
    number: int
    meeting_date: dt.date
    is_closed: bool
    updated_at: dt.datetime
    path: str  # the item's page; also the entry's id
    municipality_name: str
    committee_name: str
    decision: str | None


@dataclass(frozen=True)
class FeedSubject:
    """What one request's feed is about; the Feed instance itself is shared by all requests."""

    title: str
    subtitle: str
    link: str
    feed_url: str
    entries: list[Entry]


def newest(items: QuerySet[AgendaItem]) -> list[Entry]:
    """The newest FEED_LENGTH items as entries.

    Read as rows of the columns an entry shows: the item's body and the meeting's
    participants stay in the database, and no model is built for the item, its
    meeting, municipality and committee (a fifth of a 50-entry feed's time).
    """
    rows = items.newest_first().values_list(
        "title",
        "number",
        "meeting_date",
        "is_closed",
        "updated_at",
        "municipality__slug",
        "committee__slug",
        "meeting__date",
        "meeting__sequence",
        "municipality__name",
        "committee__name",
        "current_decision",
    )[:FEED_LENGTH]
    return [
        Entry(
            title=title,
            number=number,
            meeting_date=meeting_date,
            is_closed=is_closed,
            updated_at=updated_at,
            # As get_absolute_url() gives it, from the natural key, so it stays the
            # same when corrected minutes update the item.
            path=reverse(
                "minutes:item",
                kwargs={
                    "municipality": municipality_slug,
                    "committee": committee_slug,
                    "meeting": date_slug(date, sequence),
                    "number": number,
                },
            ),
            municipality_name=municipality_name,
            committee_name=committee_name,
            decision=decision,
        )
        for (
            title,
            number,
            meeting_date,
            is_closed,
            updated_at,
            municipality_slug,
            committee_slug,
            date,
            sequence,
            municipality_name,
            committee_name,
            decision,
        ) in rows
    ]


class AgendaItemFeed(Feed):
    """The common shape of every feed: Atom, newest meetings first, one entry per item.

    Built by the syndication framework from the hooks below; ``get_object`` reads the
    subject (municipality, committee, case or the item list's filters) and its entries.
    """

    feed_type = Atom1Feed
    author_name = "Referater"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # The framework has no hook for a bad request: a filter it cannot read is a 400
        # with the Danish reason, not a 404 or a 500.
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

    def items(self, subject: FeedSubject) -> list[Entry]:
        return subject.entries

    def item_title(self, item: Entry) -> str:
        return f"{item.title} (punkt {item.number})"

    def item_link(self, item: Entry) -> str:
        # Also the entry's id: without item_guid, Feed.get_feed() uses the link as unique_id.
        return item.path

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Entry) -> str:
        return f"{item.committee_name}, {item.municipality_name}"

    def item_description(self, item: Entry) -> str:
        # Atom's summary is typed "html": document text is escaped here, then once
        # more as XML by the feed generator, so a reader shows it as text.
        meeting = (
            f"<p>{escape(item.committee_name)}, {escape(item.municipality_name)},"
            f" møde {item.meeting_date.isoformat()}</p>"
        )
        if item.is_closed:
            return meeting + "<p>Lukket punkt.</p>"
        decision = item.decision or ""
        if not decision.strip():
            return meeting + "<p>Ingen beslutning i referatet.</p>"
        paragraphs = [part.strip() for part in decision.split("\n\n") if part.strip()]
        return (
            meeting
            + "<p><strong>Beslutning:</strong></p>"
            + "".join(f"<p>{escape(part)}</p>" for part in paragraphs)
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
            entries=newest(items),
        )


class MunicipalityFeed(AgendaItemFeed):
    def get_object(self, request: HttpRequest, municipality: str) -> FeedSubject:
        kommune = get_object_or_404(Municipality, slug=municipality)
        return FeedSubject(
            title=kommune.name,
            subtitle=f"Dagsordenspunkter fra udvalgene i {kommune.name}.",
            link=kommune.get_absolute_url(),
            feed_url=reverse("data:municipality_feed", kwargs={"municipality": kommune.slug}),
            entries=newest(items_for_feed().filter(municipality=kommune)),
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
            entries=newest(items_for_feed().filter(committee=udvalg)),
        )


class CaseFeed(AgendaItemFeed):
    def get_object(self, request: HttpRequest, municipality: str, case_number: str) -> FeedSubject:
        kommune = get_object_or_404(Municipality, slug=municipality)
        entries = newest(items_for_feed().filter(municipality=kommune, case_number=case_number))
        if not entries:
            raise AgendaItem.DoesNotExist(case_number)
        kwargs = {"municipality": kommune.slug, "case_number": case_number}
        return FeedSubject(
            title=f"Sag {case_number}, {kommune.name}",
            subtitle=f"Alle dagsordenspunkter om sag {case_number} i {kommune.name}.",
            link=reverse("minutes:case", kwargs=kwargs),
            feed_url=reverse("data:case_feed", kwargs=kwargs),
            entries=entries,
        )
