from django.urls import path

from advisor import views
from core.routing import object_urls

app_name = "advisor"

urlpatterns = [
    path("sammenlign/", views.AssessmentCompareView.as_view(), name="assessment_compare"),
    *object_urls(
        "",
        "assessment",
        views,
        "list create detail history",
        children={
            "trin/<slug:step>": "step",
            "afslut": "complete",
            "genberegn": "refresh",
            "ny-version": "copy",
            "resultat": "result",
            "vaelg": "choose",
        },
    ),
]
