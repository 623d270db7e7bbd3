from django.urls import include, path

from portfolio import views, views_dpr

app_name = "portfolio"

urlpatterns = [
    path("systemer/", views.UsageListView.as_view(), name="usage_list"),
    path("systemer/massehandling/", views.UsageBulkView.as_view(), name="usage_bulk"),
    path("systemer/<int:pk>/", views.UsageDetailView.as_view(), name="usage_detail"),
    path("systemer/<int:pk>/rediger/", views.UsageEditView.as_view(), name="usage_edit"),
    path("systemer/<int:pk>/roller/", views.UsageRolesView.as_view(), name="usage_roles"),
    path("systemer/<int:pk>/omkostninger/", views.UsageCostsView.as_view(), name="usage_costs"),
    path(
        "systemer/<int:pk>/referencer/",
        views.UsageReferencesView.as_view(),
        name="usage_references",
    ),
    path("systemer/<int:pk>/slet/", views.UsageDeleteView.as_view(), name="usage_delete"),
    path("systemer/<int:pk>/historik/", views.UsageHistoryView.as_view(), name="usage_history"),
    path("katalog/", views.CatalogListView.as_view(), name="catalog_list"),
    path("katalog/ny/", views.CatalogCreateView.as_view(), name="catalog_create"),
    path("katalog/<int:pk>/", views.CatalogDetailView.as_view(), name="catalog_detail"),
    path("katalog/<int:pk>/rediger/", views.CatalogEditView.as_view(), name="catalog_edit"),
    path(
        "katalog/<int:pk>/tag-i-brug/", views.CatalogTakeIntoUseView.as_view(), name="catalog_take"
    ),
    path("leverandoerer/", views.VendorListView.as_view(), name="vendor_list"),
    path("leverandoerer/ny/", views.VendorCreateView.as_view(), name="vendor_create"),
    path("leverandoerer/<int:pk>/", views.VendorDetailView.as_view(), name="vendor_detail"),
    path("leverandoerer/<int:pk>/rediger/", views.VendorEditView.as_view(), name="vendor_edit"),
    path("kontrakter/", views.ContractListView.as_view(), name="contract_list"),
    path("kontrakter/ny/", views.ContractCreateView.as_view(), name="contract_create"),
    path("kontrakter/<int:pk>/", views.ContractDetailView.as_view(), name="contract_detail"),
    path("kontrakter/<int:pk>/rediger/", views.ContractEditView.as_view(), name="contract_edit"),
    path(
        "kontrakter/<int:pk>/betalinger/",
        views.ContractPaymentsView.as_view(),
        name="contract_payments",
    ),
    path("kontrakter/<int:pk>/roller/", views.ContractRolesView.as_view(), name="contract_roles"),
    path("kontrakter/<int:pk>/slet/", views.ContractDeleteView.as_view(), name="contract_delete"),
    path(
        "kontrakter/<int:pk>/historik/",
        views.ContractHistoryView.as_view(),
        name="contract_history",
    ),
    path("databehandling/", views_dpr.DprListView.as_view(), name="dpr_list"),
    path("databehandling/ny/", views_dpr.DprCreateView.as_view(), name="dpr_create"),
    path("databehandling/<int:pk>/", views_dpr.DprDetailView.as_view(), name="dpr_detail"),
    path("databehandling/<int:pk>/rediger/", views_dpr.DprEditView.as_view(), name="dpr_edit"),
    path("databehandling/<int:pk>/slet/", views_dpr.DprDeleteView.as_view(), name="dpr_delete"),
    path(
        "databehandling/<int:pk>/historik/",
        views_dpr.DprHistoryView.as_view(),
        name="dpr_history",
    ),
    path("integrationer/", views.IntegrationListView.as_view(), name="integration_list"),
    path("integrationer/ny/", views.IntegrationCreateView.as_view(), name="integration_create"),
    path(
        "integrationer/<int:pk>/", views.IntegrationDetailView.as_view(), name="integration_detail"
    ),
    path(
        "integrationer/<int:pk>/rediger/",
        views.IntegrationEditView.as_view(),
        name="integration_edit",
    ),
    path(
        "integrationer/<int:pk>/slet/",
        views.IntegrationDeleteView.as_view(),
        name="integration_delete",
    ),
    path(
        "integrationer/<int:pk>/historik/",
        views.IntegrationHistoryView.as_view(),
        name="integration_history",
    ),
    path("dataobjekter/", views.DataObjectListView.as_view(), name="data_object_list"),
    path("dataobjekter/ny/", views.DataObjectCreateView.as_view(), name="data_object_create"),
    path("dataobjekter/<int:pk>/", views.DataObjectDetailView.as_view(), name="data_object_detail"),
    path(
        "dataobjekter/<int:pk>/rediger/",
        views.DataObjectEditView.as_view(),
        name="data_object_edit",
    ),
    path(
        "dataobjekter/<int:pk>/slet/",
        views.DataObjectDeleteView.as_view(),
        name="data_object_delete",
    ),
    path(
        "dataobjekter/<int:pk>/historik/",
        views.DataObjectHistoryView.as_view(),
        name="data_object_history",
    ),
    path("processer/", views.ProcessListView.as_view(), name="process_list"),
    path("processer/ny/", views.ProcessCreateView.as_view(), name="process_create"),
    path("processer/<int:pk>/", views.ProcessDetailView.as_view(), name="process_detail"),
    path("processer/<int:pk>/rediger/", views.ProcessEditView.as_view(), name="process_edit"),
    path("processer/<int:pk>/trin/", views.ProcessStepsView.as_view(), name="process_steps"),
    path("processer/<int:pk>/slet/", views.ProcessDeleteView.as_view(), name="process_delete"),
    path(
        "processer/<int:pk>/historik/", views.ProcessHistoryView.as_view(), name="process_history"
    ),
    path("analyser/", include("portfolio.urls_analysis")),
]
