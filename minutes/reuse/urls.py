"""Feeds, exports and the coverage page (namespace "data"), included from config/urls.py.

Kept apart from public/urls.py (the public pages): feeds live under their own
/feeds/ prefix because the case page's ``path`` converter would swallow a
trailing "feed/".
"""

from django.urls import path

from . import exports, feeds, record_coverage
from .refusals import answers_refusals

app_name = "data"

urlpatterns = [
    path("feeds/punkter/", answers_refusals(feeds.ItemListFeed()), name="item_feed"),
    path("feeds/kommuner/<slug:municipality>/", feeds.MunicipalityFeed(), name="municipality_feed"),
    # Before the committee feed: "sager" is not a committee.
    path(
        "feeds/kommuner/<slug:municipality>/sager/<path:case_number>/",
        feeds.CaseFeed(),
        name="case_feed",
    ),
    path(
        "feeds/kommuner/<slug:municipality>/<slug:committee>/",
        feeds.CommitteeFeed(),
        name="committee_feed",
    ),
    path("punkter/eksport.csv", exports.export_csv, name="export_csv"),
    path("punkter/eksport.jsonl", exports.export_jsonl, name="export_jsonl"),
    path("daekning/", record_coverage.coverage_page, name="coverage"),
]
