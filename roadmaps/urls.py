from django.urls import path

from core.routing import object_urls
from roadmaps import views

app_name = "roadmaps"

urlpatterns = [
    *object_urls("", "roadmap", views, children={"tidslinje": "timeline"}),
    path("<int:pk>/milepaele/ny/", views.MilestoneCreateView.as_view(), name="milestone_create"),
    path("<int:pk>/beslutningspunkter/ny/", views.GateCreateView.as_view(), name="gate_create"),
    *object_urls(
        "milepaele/",
        "milestone",
        views,
        "edit delete",
        children={"flyt": "move", "gennemfoer": "complete", "leverancer": "deliverables"},
    ),
    *object_urls(
        "beslutningspunkter/",
        "gate",
        views,
        "edit delete",
        children={"beslutning": "decide"},
    ),
]
