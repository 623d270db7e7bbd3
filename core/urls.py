from django.urls import path

from core import views_pages

app_name = "core"

urlpatterns = [
    path("", views_pages.DashboardView.as_view(), name="dashboard"),
    path("revisionslog/", views_pages.AuditLogView.as_view(), name="audit_log"),
]
