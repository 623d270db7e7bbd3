from django.urls import path

from core.routing import object_urls
from interop import views

app_name = "interop"

urlpatterns = [
    *object_urls(
        "import/",
        "import",
        views,
        "Import",
        "list create detail",
        children={"kolonner": "mapping", "gem": "commit", "status": "progress"},
    ),
    path(
        "import/opsaetninger/<int:pk>/slet/",
        views.MappingDeleteView.as_view(),
        name="mapping_delete",
    ),
    path("eksport/", views.ExportView.as_view(), name="export"),
    path("eksport/landskab.xlsx", views.ExportLandscapeView.as_view(), name="export_landscape"),
    path("eksport/archimate.xml", views.ExportArchimateView.as_view(), name="export_archimate"),
    path("eksport/<slug:entity>.csv", views.ExportEntityView.as_view(), name="export_entity"),
]
