"""sitemap.xml: every public meeting and agenda item, so that search engines find them.

Served as an index (/sitemap.xml) of paginated sections (/sitemap-punkter.xml?p=2),
as one file may hold at most 50,000 URLs and Denmark has far more items.

Django's Sitemap would count every row to paginate, page with OFFSET, and find
the index's lastmod by loading every row (three minutes for a million items).
Here a section's pages are ranges of primary keys instead: page n holds the rows
whose id lies in the n-th block of ``URLS_PER_SITEMAP`` ids, found through the
primary key index, so every page costs the same and the index costs two
aggregates per section. A page may hold fewer URLs than the block has ids
(unpublished rows, deleted ones); it never holds more, and a row keeps its page.

A page of 10,000 URLs reads only the columns its links and dates need (rows of
values, not model instances with their relations), and reverses one URL per
meeting (items) or per committee (meetings), not one per row:
``ReversedPrefixes``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import F, Max, Min, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property

from ..models import AgendaItem, Meeting
from ..slugs import date_slug

# Smaller than the protocol's 50,000 so that one section renders quickly.
URLS_PER_SITEMAP = 10_000


class KeyRangePage:
    def __init__(self, object_list: QuerySet) -> None:
        self.object_list = object_list


class KeyRangePaginator:
    """Pages of ``per_page`` consecutive primary keys: no COUNT and no OFFSET."""

    def __init__(self, queryset: QuerySet, per_page: int) -> None:
        self.queryset = queryset
        self.per_page = per_page
        # The bounds of the whole table, not of the filtered rows: MIN and MAX of the
        # primary key are then index look-ups, not a scan joined to the meetings.
        bounds = queryset.model._base_manager.aggregate(low=Min("pk"), high=Max("pk"))
        self.low = bounds["low"]
        high = bounds["high"]
        self.num_pages = 1 if self.low is None else (high - self.low) // per_page + 1

    def page(self, number: object) -> KeyRangePage:
        try:
            number = int(number)  # type: ignore[call-overload]
        except (TypeError, ValueError) as err:
            raise PageNotAnInteger("Sidetallet er ikke et helt tal.") from err
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("Siden findes ikke.")
        if self.low is None:
            return KeyRangePage(self.queryset.none())
        start = self.low + (number - 1) * self.per_page
        return KeyRangePage(self.queryset.filter(pk__gte=start, pk__lt=start + self.per_page))


# Optimization: reverse() once per meeting or committee, not once per row (a 10,000-URL
# page spent 0.6 s in reverse() on a loaded machine).
class ReversedPrefixes:
    """URLs from reverse(), one call per parent: the last path part is filled in per row.

    reverse() with a placeholder for the last part (the item's number, the meeting's
    date), split around it; each row's URL is then the two halves around its own
    value, as the path converter writes it.
    """

    def __init__(
        self, viewname: str, *, parents: tuple[str, ...], last: str, placeholder: str
    ) -> None:
        self.viewname = viewname
        self.parents = parents
        self.last = last
        self.placeholder = placeholder
        self.halves: dict[tuple[str, ...], tuple[str, str]] = {}

    def url(self, *parents: str, last: str) -> str:
        halves = self.halves.get(parents)
        if halves is None:
            kwargs = dict(zip(self.parents, parents, strict=True))
            url = reverse(self.viewname, kwargs={**kwargs, self.last: self.placeholder})
            # The last occurrence: the placeholder is the path's last part.
            head, _, tail = url.rpartition(self.placeholder)
            halves = self.halves[parents] = (head, tail)
        return f"{halves[0]}{last}{halves[1]}"


class KeyRangeSitemap(Sitemap):
    limit = URLS_PER_SITEMAP
    changefreq = "monthly"

    @cached_property
    def paginator(self) -> KeyRangePaginator:  # type: ignore[override]
        return KeyRangePaginator(self.items(), self.limit)

    def lastmod(self, row: tuple) -> dt.datetime:
        return row.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        # One aggregate instead of Django's max() over every row.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class MeetingSitemap(KeyRangeSitemap):
    def __init__(self) -> None:
        # A placeholder date: the meeting converter's pattern accepts it.
        self.urls = ReversedPrefixes(
            "minutes:meeting",
            parents=("municipality", "committee"),
            last="meeting",
            placeholder="0000-00-00",
        )

    def items(self) -> QuerySet[Meeting]:
        # Ordered by id: a stable order keeps each page of the sitemap the same.
        return (
            Meeting.objects.public()
            .order_by("pk")
            .annotate(
                municipality_slug=F("municipality__slug"), committee_slug=F("committee__slug")
            )
            .values_list(
                "municipality_slug", "committee_slug", "date", "sequence", "updated_at", named=True
            )
        )

    def location(self, row: tuple) -> str:
        return self.urls.url(
            row.municipality_slug, row.committee_slug, last=date_slug(row.date, row.sequence)
        )


class AgendaItemSitemap(KeyRangeSitemap):
    def __init__(self) -> None:
        self.urls = ReversedPrefixes(
            "minutes:item",
            parents=("municipality", "committee", "meeting"),
            last="number",
            placeholder="0",
        )

    def items(self) -> QuerySet[AgendaItem]:
        # The item's own copies of its municipality and committee; the meeting for its
        # date's sequence (a second meeting that day).
        return (
            AgendaItem.objects.public()
            .order_by("pk")
            .annotate(
                municipality_slug=F("municipality__slug"),
                committee_slug=F("committee__slug"),
                meeting_sequence=F("meeting__sequence"),
            )
            .values_list(
                "municipality_slug",
                "committee_slug",
                "meeting_date",
                "meeting_sequence",
                "number",
                "updated_at",
                named=True,
            )
        )

    def location(self, row: tuple) -> str:
        meeting = date_slug(row.meeting_date, row.meeting_sequence)
        return self.urls.url(
            row.municipality_slug, row.committee_slug, meeting, last=str(row.number)
        )

    def get_latest_lastmod(self) -> dt.datetime | None:
        # An item changes only with its meeting (an import or correction saves the
        # meeting; an admin edit marks it for re-indexing), so the newest meeting
        # tells: 83,000 meetings read in milliseconds, not a million items in a second.
        return Meeting.objects.public().aggregate(latest=Max("updated_at"))["latest"]


SECTION_TEMPLATE = "minutes/sitemap_section.xml"
SITEMAPS = {"moeder": MeetingSitemap, "punkter": AgendaItemSitemap}
