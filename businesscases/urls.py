from django.urls import path

from businesscases import views
from core.routing import object_urls

app_name = "businesscases"

CASE = "<int:pk>/"

# An inline-edited row of a case: (its URL segment, its form view, its delete view).
ROWS = {
    "line": ("linjer", views.LineFormView, views.LineDeleteView),
    "risk": ("risici", views.RiskFormView, views.RiskDeleteView),
}

urlpatterns = [
    *object_urls(
        "",
        "case",
        views,
        "list create detail delete history",
        children={
            "indstillinger": "edit",
            "kopier": "copy",
            "indsend": "submit",
            "beslut": "decide",
            "faktiske-tal": "actuals",
            "linjer": "lines",
            "risici": "risks",
        },
    ),
    path(
        "ny/<slug:template>/", views.CaseTemplateCreateView.as_view(), name="case_create_template"
    ),
    path(f"{CASE}versioner/<int:number>/", views.CaseVersionView.as_view(), name="case_version"),
]
for row, (segment, form_view, delete_view) in ROWS.items():
    urlpatterns += [
        path(f"{CASE}{segment}/ny/", form_view.as_view(), name=f"{row}_add"),
        path(f"{CASE}{segment}/<int:{row}_pk>/", form_view.as_view(), name=f"{row}_edit"),
        path(f"{CASE}{segment}/<int:{row}_pk>/slet/", delete_view.as_view(), name=f"{row}_delete"),
    ]
