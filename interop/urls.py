from django.urls import path

from core.routing import object_urls
from interop import views

app_name = "interop"

urlpatterns = [
    *object_urls(
        "import/",
        "import",
        views,
        "list create detail",
        children={
            "kolonner": "mapping",
            "vaerdier": "values",
            "gem": "commit",
            "status": "progress",
        },
    ),
    path("import/kitos/", views.KitosView.as_view(), name="kitos"),
    path("import/kitos/synkroniser/", views.KitosStartView.as_view(), name="kitos_start"),
    *object_urls("import/kitos/", "kitos_run", views, "detail", children={"status": "progress"}),
    path(
        "import/opsaetninger/<int:pk>/slet/",
        views.MappingDeleteView.as_view(),
        name="mapping_delete",
    ),
    path("eksport/", views.ExportView.as_view(), name="export"),
    *(
        path(f"eksport/{route}", views.ExportDownloadView.as_view(export=export), name=name)
        for route, export, name in (
            ("landskab.xlsx", views.landscape_xlsx, "export_landscape"),
            ("archimate.xml", views.archimate_xml, "export_archimate"),
            ("<slug:entity>.csv", views.entity_csv, "export_entity"),
        )
    ),
]
