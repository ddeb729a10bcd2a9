"""Public URLs: readable Danish slugs that never change once published."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from . import health, views
from .converters import MeetingDateConverter
from .sitemaps import SECTION_TEMPLATE, SITEMAPS

app_name = "minutes"


register_converter(MeetingDateConverter, "meetingdate")

urlpatterns = [
    path("", views.home, name="home"),
    path("helse/", health.health, name="health"),
    path("moeder/", views.meeting_list, name="meeting_list"),
    path("punkter/", views.item_list, name="item_list"),
    path("kilder/<int:pk>/", views.source_document, name="source_document"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<slug:municipality>/", views.municipality_detail, name="municipality"),
    path(
        "kommuner/<slug:municipality>/sager/<path:case_number>/",
        views.case_detail,
        name="case",
    ),
    path(
        "kommuner/<slug:municipality>/<slug:committee>/",
        views.committee_detail,
        name="committee",
    ),
    path(
        "kommuner/<slug:municipality>/<slug:committee>/<meetingdate:meeting>/",
        views.meeting_detail,
        name="meeting",
    ),
    path(
        "kommuner/<slug:municipality>/<slug:committee>/<meetingdate:meeting>/punkt-<int:number>/",
        views.item_detail,
        name="item",
    ),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "minutes:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": SECTION_TEMPLATE},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
