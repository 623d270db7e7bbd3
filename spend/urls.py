from django.urls import path

from spend import views
from spend.resources import RULES, SOURCES

app_name = "spend"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("linjer/", views.LineListView.as_view(), name="line_list"),
    path("kreditorer/", views.VendorListView.as_view(), name="vendor_list"),
    path("kreditorer/<int:pk>/", views.VendorDetailView.as_view(), name="vendor_detail"),
    path("kreditorer/<int:pk>/vaelg/", views.VendorChooseView.as_view(), name="vendor_choose"),
    path("skygge-it/", views.CandidateListView.as_view(), name="candidate_list"),
    path("skygge-it/<int:pk>/", views.CandidateDetailView.as_view(), name="candidate_detail"),
    path(
        "skygge-it/<int:pk>/vurder/", views.CandidateTriageView.as_view(), name="candidate_triage"
    ),
    path(
        "skygge-it/<int:pk>/genaabn/", views.CandidateReopenView.as_view(), name="candidate_reopen"
    ),
    path("regler/", RULES.views()["list"].as_view(), name="rule_list"),
    *[path(f"regler/{p.pattern}", p.callback, name=p.name) for p in RULES.urlpatterns()[1:]],
    path("kilder/", SOURCES.views()["list"].as_view(), name="source_list"),
    *[path(f"kilder/{p.pattern}", p.callback, name=p.name) for p in SOURCES.urlpatterns()[1:]],
    path("regler/klassificer/", views.ReclassifyView.as_view(), name="reclassify"),
]
