"""Public URLs: readable Danish slugs that never change once published."""

from django.urls import path, register_converter

from . import views
from .converters import MeetingDateConverter

app_name = "minutes"


register_converter(MeetingDateConverter, "meetingdate")

urlpatterns = [
    path("", views.home, name="home"),
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
]
