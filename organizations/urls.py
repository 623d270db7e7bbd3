from django.urls import path

from organizations import views, views_pages

app_name = "organizations"

urlpatterns = [
    path("", views_pages.DashboardView.as_view(), name="dashboard"),
    path("revisionslog/", views_pages.AuditLogView.as_view(), name="audit_log"),
    path("organisation/skift/", views.switch_organization, name="switch"),
    path("organisation/", views.OrganizationProfileView.as_view(), name="profile"),
    path("organisation/rediger/", views.OrganizationProfileEditView.as_view(), name="profile_edit"),
    path("enheder/", views.UnitTreeView.as_view(), name="unit_tree"),
    path("enheder/liste/", views.UnitListView.as_view(), name="unit_list"),
    path("enheder/ny/", views.UnitCreateView.as_view(), name="unit_create"),
    path("enheder/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("enheder/<int:pk>/rediger/", views.UnitEditView.as_view(), name="unit_edit"),
    path("enheder/<int:pk>/flyt/", views.UnitMoveView.as_view(), name="unit_move"),
    path("enheder/<int:pk>/slet/", views.UnitDeleteView.as_view(), name="unit_delete"),
    path("enheder/<int:pk>/historik/", views.UnitHistoryView.as_view(), name="unit_history"),
    path("medlemmer/", views.MembershipListView.as_view(), name="membership_list"),
    path("medlemmer/ny/", views.MembershipCreateView.as_view(), name="membership_create"),
    path("medlemmer/<int:pk>/rediger/", views.MembershipEditView.as_view(), name="membership_edit"),
    path(
        "medlemmer/<int:pk>/slet/", views.MembershipDeleteView.as_view(), name="membership_delete"
    ),
    path(
        "administration/organisationer/",
        views.OrganizationAdminListView.as_view(),
        name="admin_list",
    ),
    path(
        "administration/organisationer/ny/",
        views.OrganizationAdminFormView.as_view(),
        name="admin_create",
    ),
    path(
        "administration/organisationer/<int:pk>/",
        views.OrganizationAdminFormView.as_view(),
        name="admin_edit",
    ),
]
