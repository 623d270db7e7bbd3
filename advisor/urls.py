from django.urls import path

from advisor import views
from core.routing import object_urls

app_name = "advisor"

urlpatterns = [
    path("sammenlign/", views.AssessmentCompareView.as_view(), name="assessment_compare"),
    path("<int:pk>/trin/<slug:step>/", views.AssessmentStepView.as_view(), name="assessment_step"),
    path("<int:pk>/afslut/", views.AssessmentCompleteView.as_view(), name="assessment_complete"),
    *object_urls(
        "",
        "assessment",
        views,
        "Assessment",
        "list create detail history",
        children={
            "genberegn": "refresh",
            "ny-version": "copy",
            "resultat": "result",
            "vaelg": "choose",
        },
    ),
]
