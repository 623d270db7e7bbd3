"""Analysis pages (costs, contract calendar, data quality, overlap, integration map, TIME).

Included under the ``portfolio`` namespace at /analyser/.
"""

from django.urls import URLPattern, path

from portfolio import views_analysis as views

urlpatterns: list[URLPattern] = [
    path("", views.AnalysisIndexView.as_view(), name="analysis_index"),
    path("omkostninger/", views.CostView.as_view(), name="analysis_costs"),
    path("kontraktkalender/", views.ContractCalendarView.as_view(), name="analysis_contracts"),
    path("datakvalitet/", views.DataQualityView.as_view(), name="analysis_quality"),
    path("overlap/", views.OverlapView.as_view(), name="analysis_overlap"),
    path("integrationskort/", views.IntegrationMapView.as_view(), name="analysis_map"),
    path("konsekvens/<int:pk>/", views.ImpactView.as_view(), name="analysis_impact"),
    path("time/", views.TimeView.as_view(), name="analysis_time"),
]
