from django.urls import include, path

from reviews import views
from reviews.resources import CADENCES, FINDINGS, PLANS, REVIEWS

app_name = "reviews"

urlpatterns = [
    *REVIEWS.urlpatterns(),
    path("<int:pk>/svar/", views.AnswersView.as_view(), name="review_answers"),
    path("<int:pk>/afslut/", views.CompleteView.as_view(), name="review_complete"),
    path("<int:pk>/aflys/", views.CancelView.as_view(), name="review_cancel"),
    path("plan/", views.ScheduleView.as_view(), name="schedule"),
    path("handlinger/", include(FINDINGS.urlpatterns())),
    path("handlinger/<int:pk>/luk/", views.FindingCloseView.as_view(), name="finding_close"),
    path("styringsplaner/", include(PLANS.urlpatterns())),
    path("styringsplaner/<int:pk>/testet/", views.PlanTestedView.as_view(), name="plan_tested"),
    path("kadencer/", include(CADENCES.urlpatterns())),
]
