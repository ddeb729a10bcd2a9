"""sitemap.xml: every public meeting and agenda item, so that search engines find them.

Served as an index (/sitemap.xml) of paginated sections (/sitemap-punkter.xml?p=2),
as one file may hold at most 50,000 URLs and Denmark has far more items.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from .models import AgendaItem, Meeting

# Smaller than the protocol's 50,000 so that one section renders quickly.
URLS_PER_SITEMAP = 10_000


class MeetingSitemap(Sitemap):
    limit = URLS_PER_SITEMAP
    changefreq = "monthly"

    def items(self) -> QuerySet[Meeting]:
        # Ordered by id: a stable order keeps each page of the sitemap the same.
        return Meeting.objects.public().for_listing().order_by("pk")

    def lastmod(self, meeting: Meeting) -> dt.datetime:
        return meeting.updated_at


class AgendaItemSitemap(Sitemap):
    limit = URLS_PER_SITEMAP
    changefreq = "monthly"

    def items(self) -> QuerySet[AgendaItem]:
        return AgendaItem.objects.public().for_listing().order_by("pk")

    def lastmod(self, item: AgendaItem) -> dt.datetime:
        return item.updated_at


SITEMAPS = {"moeder": MeetingSitemap, "punkter": AgendaItemSitemap}
