from django.urls import path

from advisor import views

app_name = "advisor"

urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="assessment_list"),
    path("ny/", views.AssessmentCreateView.as_view(), name="assessment_create"),
    path("sammenlign/", views.AssessmentCompareView.as_view(), name="assessment_compare"),
    path("<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("<int:pk>/trin/<slug:step>/", views.AssessmentStepView.as_view(), name="assessment_step"),
    path("<int:pk>/genberegn/", views.AssessmentRefreshView.as_view(), name="assessment_refresh"),
    path("<int:pk>/afslut/", views.AssessmentCompleteView.as_view(), name="assessment_complete"),
    path("<int:pk>/ny-version/", views.AssessmentCopyView.as_view(), name="assessment_copy"),
    path("<int:pk>/resultat/", views.AssessmentResultView.as_view(), name="assessment_result"),
    path("<int:pk>/vaelg/", views.AssessmentChooseView.as_view(), name="assessment_choose"),
    path("<int:pk>/historik/", views.AssessmentHistoryView.as_view(), name="assessment_history"),
]
