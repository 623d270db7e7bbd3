from django.urls import path

from core.routing import object_urls
from roadmaps import views

app_name = "roadmaps"

urlpatterns = [
    *object_urls("", "roadmap", views, "Roadmap", children={"tidslinje": "timeline"}),
    path("<int:pk>/milepaele/ny/", views.MilestoneCreateView.as_view(), name="milestone_create"),
    path("<int:pk>/beslutningspunkter/ny/", views.GateCreateView.as_view(), name="gate_create"),
    path("milepaele/<int:pk>/rediger/", views.MilestoneEditView.as_view(), name="milestone_edit"),
    path("milepaele/<int:pk>/slet/", views.MilestoneDeleteView.as_view(), name="milestone_delete"),
    path("milepaele/<int:pk>/flyt/", views.MilestoneMoveView.as_view(), name="milestone_move"),
    path(
        "milepaele/<int:pk>/gennemfoer/",
        views.MilestoneCompleteView.as_view(),
        name="milestone_complete",
    ),
    path(
        "milepaele/<int:pk>/leverancer/",
        views.MilestoneDeliverablesView.as_view(),
        name="milestone_deliverables",
    ),
    path(
        "beslutningspunkter/<int:pk>/beslutning/",
        views.GateDecideView.as_view(),
        name="gate_decide",
    ),
    path("beslutningspunkter/<int:pk>/rediger/", views.GateEditView.as_view(), name="gate_edit"),
    path("beslutningspunkter/<int:pk>/slet/", views.GateDeleteView.as_view(), name="gate_delete"),
]
