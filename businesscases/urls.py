from django.urls import path

from businesscases import views

app_name = "businesscases"

CASE = "<int:pk>/"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("ny/", views.CaseCreateView.as_view(), name="case_create"),
    path(
        "ny/<slug:template>/", views.CaseTemplateCreateView.as_view(), name="case_create_template"
    ),
    path(CASE, views.CaseDetailView.as_view(), name="case_detail"),
    path(f"{CASE}indstillinger/", views.CaseEditView.as_view(), name="case_edit"),
    path(f"{CASE}slet/", views.CaseDeleteView.as_view(), name="case_delete"),
    path(f"{CASE}historik/", views.CaseHistoryView.as_view(), name="case_history"),
    path(f"{CASE}kopier/", views.CaseCopyView.as_view(), name="case_copy"),
    path(f"{CASE}indsend/", views.CaseSubmitView.as_view(), name="case_submit"),
    path(f"{CASE}beslut/", views.CaseDecideView.as_view(), name="case_decide"),
    path(f"{CASE}versioner/<int:number>/", views.CaseVersionView.as_view(), name="case_version"),
    path(f"{CASE}faktiske-tal/", views.CaseActualsView.as_view(), name="case_actuals"),
    path(f"{CASE}linjer/", views.CaseRowsView.as_view(), name="case_lines"),
    path(f"{CASE}linjer/ny/", views.LineFormView.as_view(), name="line_add"),
    path(f"{CASE}linjer/<int:line_pk>/", views.LineFormView.as_view(), name="line_edit"),
    path(f"{CASE}linjer/<int:line_pk>/slet/", views.LineDeleteView.as_view(), name="line_delete"),
    path(f"{CASE}risici/", views.CaseRisksView.as_view(), name="case_risks"),
    path(f"{CASE}risici/ny/", views.RiskFormView.as_view(), name="risk_add"),
    path(f"{CASE}risici/<int:risk_pk>/", views.RiskFormView.as_view(), name="risk_edit"),
    path(f"{CASE}risici/<int:risk_pk>/slet/", views.RiskDeleteView.as_view(), name="risk_delete"),
]
