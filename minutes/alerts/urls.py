"""/besked/…: e-mail alerts (namespace "alerts"), included from config/urls.py."""

from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("punkter/", views.subscribe_list, name="subscribe_list"),
    path(
        "kommuner/<slug:municipality>/sager/<path:case_number>/",
        views.subscribe_case,
        name="subscribe_case",
    ),
    path("sendt/", views.sent, name="sent"),
    path("bekraeft/<str:token>/", views.confirm_page, name="confirm"),
    path("afmeld/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
    path("afmeld/<str:token>/alle/", views.unsubscribe_all_page, name="unsubscribe_all"),
]
