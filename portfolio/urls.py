from django.urls import include, path

from core.routing import object_urls
from portfolio import views, views_dpr

app_name = "portfolio"

urlpatterns = [
    path("systemer/massehandling/", views.UsageBulkView.as_view(), name="usage_bulk"),
    *object_urls(
        "systemer/",
        "usage",
        views,
        "Usage",
        "list detail edit delete history",
        children={"roller": "roles", "omkostninger": "costs", "referencer": "references"},
    ),
    *object_urls("katalog/", "catalog", views, "Catalog", "list create detail edit"),
    path(
        "katalog/<int:pk>/tag-i-brug/", views.CatalogTakeIntoUseView.as_view(), name="catalog_take"
    ),
    *object_urls("leverandoerer/", "vendor", views, "Vendor", "list create detail edit"),
    *object_urls(
        "kontrakter/",
        "contract",
        views,
        "Contract",
        children={"betalinger": "payments", "roller": "roles"},
    ),
    *object_urls("databehandling/", "dpr", views_dpr, "Dpr"),
    *object_urls("integrationer/", "integration", views, "Integration"),
    *object_urls("dataobjekter/", "data_object", views, "DataObject"),
    *object_urls("processer/", "process", views, "Process", children={"trin": "steps"}),
    path("analyser/", include("portfolio.urls_analysis")),
]
