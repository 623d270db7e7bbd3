from django.urls import include, path

from sharing import views
from sharing.resources import MEASURES, SERVICES

app_name = "sharing"

urlpatterns = [
    path("", views.GrantsView.as_view(), name="grants"),
    path("ny/", views.GrantCreateView.as_view(), name="grant_create"),
    path("<int:pk>/tilbagekald/", views.GrantRevokeView.as_view(), name="grant_revoke"),
    path("faellesskab/", views.WorkspaceView.as_view(), name="df_workspace"),
    path("faellesskab/medlem/<int:pk>/", views.MemberView.as_view(), name="df_member"),
    path("faellesskab/konsolidering/", views.ConsolidationView.as_view(), name="df_consolidation"),
    path("faellesskab/faelles-udbud/", views.JointProcurementView.as_view(), name="df_joint"),
    path("benchmarks/", views.BenchmarksView.as_view(), name="benchmarks"),
    path("benchmarks/deltagelse/", views.BenchmarkJoinView.as_view(), name="benchmark_join"),
    path("roller/", views.HomeRolesView.as_view(), name="home_roles"),
    path("faellesskab/afregning/", views.StatementsView.as_view(), name="df_statements"),
    path("faellesskab/ydelser/", include(SERVICES.urlpatterns())),
    path("faellesskab/forbrug/", include(MEASURES.urlpatterns())),
]
