from django.urls import path

from core.routing import object_urls
from organizations import views, views_pages

app_name = "organizations"

ADMIN = "administration/organisationer/"  # superusers' pages over all organizations

urlpatterns = [
    path("", views_pages.DashboardView.as_view(), name="dashboard"),
    path("revisionslog/", views_pages.AuditLogView.as_view(), name="audit_log"),
    path("organisation/skift/", views.switch_organization, name="switch"),
    path("organisation/", views.OrganizationProfileView.as_view(), name="profile"),
    path("organisation/rediger/", views.OrganizationProfileEditView.as_view(), name="profile_edit"),
    path("enheder/", views.UnitTreeView.as_view(), name="unit_tree"),
    path("enheder/liste/", views.UnitListView.as_view(), name="unit_list"),
    *object_urls(
        "enheder/",
        "unit",
        views,
        "create detail edit delete history",
        children={"flyt": "move"},
    ),
    *object_urls("medlemmer/", "membership", views, "list create edit delete"),
    path(ADMIN, views.OrganizationAdminListView.as_view(), name="admin_list"),
    path(f"{ADMIN}ny/", views.OrganizationAdminFormView.as_view(), name="admin_create"),
    path(f"{ADMIN}<int:pk>/", views.OrganizationAdminFormView.as_view(), name="admin_edit"),
]
