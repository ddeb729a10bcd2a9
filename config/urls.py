from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Referater – administration"
admin.site.site_title = "Referater"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("minutes.urls")),
]
