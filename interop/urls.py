from django.urls import path

from interop import views

app_name = "interop"

urlpatterns = [
    path("import/", views.ImportListView.as_view(), name="import_list"),
    path("import/ny/", views.ImportCreateView.as_view(), name="import_create"),
    path("import/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("import/<int:pk>/kolonner/", views.ImportMappingView.as_view(), name="import_mapping"),
    path("import/<int:pk>/gem/", views.ImportCommitView.as_view(), name="import_commit"),
    path("import/<int:pk>/status/", views.ImportProgressView.as_view(), name="import_progress"),
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
