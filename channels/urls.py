from django.urls import include, path

from channels import views
from channels.resources import ACTIVITIES, INVOLVEMENTS, SATISFACTION, UNIT_COSTS

app_name = "channels"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("omraader/<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("kommunikationsplan/", include(ACTIVITIES.urlpatterns())),
    path("borgerinddragelse/", include(INVOLVEMENTS.urlpatterns())),
    path("tilfredshed/", include(SATISFACTION.urlpatterns())),
    path("enhedspriser/", include(UNIT_COSTS.urlpatterns())),
]
