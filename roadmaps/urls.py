from django.urls import path

from core.routing import object_urls
from roadmaps import views

app_name = "roadmaps"

urlpatterns = [
    *object_urls("", "roadmap", views, "Roadmap", children={"tidslinje": "timeline"}),
    path("<int:pk>/milepaele/ny/", views.MilestoneCreateView.as_view(), name="milestone_create"),
    path("<int:pk>/beslutningspunkter/ny/", views.GateCreateView.as_view(), name="gate_create"),
    *object_urls(
        "milepaele/",
        "milestone",
        views,
        "Milestone",
        "edit delete",
        children={"flyt": "move", "gennemfoer": "complete", "leverancer": "deliverables"},
    ),
    path(
        "beslutningspunkter/<int:pk>/beslutning/",
        views.GateDecideView.as_view(),
        name="gate_decide",
    ),
    path("beslutningspunkter/<int:pk>/rediger/", views.GateEditView.as_view(), name="gate_edit"),
    path("beslutningspunkter/<int:pk>/slet/", views.GateDeleteView.as_view(), name="gate_delete"),
]
