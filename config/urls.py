from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Referater – administration"
admin.site.site_title = "Referater"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("minutes.api.urls")),
    path("besked/", include("minutes.alerts.urls")),
    path("", include("minutes.reuse.urls")),
    path("", include("minutes.public.urls")),
]

# Django's 400 page has no context; ours says what was wrong (and answers 413 for a too-large body).
handler400 = "minutes.error_pages.bad_request"
