"""URLs of the JSON API, mounted at /api/ by config/urls.py (namespace "api")."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter
from rest_framework.urlpatterns import format_suffix_patterns

from . import views

app_name = "api"

router = DefaultRouter()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("items", views.AgendaItemViewSet, basename="item")

# A case list takes format suffixes like the router's resources ("cases.json"), so a
# municipality asked for as .json can link it that way. A case itself does not: its
# number may end in anything ("19/1.json" is a number), and its links carry no suffix.
case_urls = [
    *format_suffix_patterns(
        [
            path(
                "municipalities/<slug:municipality>/cases/",
                views.CaseListView.as_view(),
                name="case-list",
            ),
        ]
    ),
    # A case number may hold "/" (e.g. "19/12345"), hence path.
    path(
        "municipalities/<slug:municipality>/cases/<path:case_number>/",
        views.CaseDetailView.as_view(),
        name="case-detail",
    ),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *case_urls,
    *router.urls,
    # Any character, a newline too: every other address under /api/ answers JSON.
    re_path(r"^(?P<path>[\s\S]*)$", views.not_found),
]
