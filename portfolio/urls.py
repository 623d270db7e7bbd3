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
        "list detail edit delete history",
        children={"roller": "roles", "omkostninger": "costs", "referencer": "references"},
    ),
    *object_urls("katalog/", "catalog", views, "list create detail edit"),
    path(
        "katalog/<int:pk>/tag-i-brug/", views.CatalogTakeIntoUseView.as_view(), name="catalog_take"
    ),
    *object_urls("leverandoerer/", "vendor", views, "list create detail edit"),
    *object_urls(
        "kontrakter/",
        "contract",
        views,
        children={"betalinger": "payments", "roller": "roles"},
    ),
    *object_urls("databehandling/", "dpr", views_dpr),
    *object_urls("integrationer/", "integration", views),
    *object_urls("dataobjekter/", "data_object", views),
    *object_urls("processer/", "process", views, children={"trin": "steps"}),
    path("analyser/", include("portfolio.urls_analysis")),
]
