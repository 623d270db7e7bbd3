from django.urls import include, path

from procurement import views
from procurement import views_files as files
from procurement.resources import LOCAL_QUESTIONS, REQUESTS

app_name = "procurement"

urlpatterns = [
    *REQUESTS.urlpatterns(),
    path("<int:pk>/flyt/", views.RequestMoveView.as_view(), name="request_move"),
    path("<int:pk>/svar/", views.AnswerView.as_view(), name="request_answer"),
    path("<int:pk>/tilsidesaet/", views.OverrideView.as_view(), name="request_override"),
    path("<int:pk>/vilkaar/", views.ConditionAddView.as_view(), name="request_condition"),
    path("<int:pk>/krav/", views.RequirementsView.as_view(), name="request_requirements"),
    path("<int:pk>/kravbilag.docx", views.KravbilagView.as_view(), name="request_kravbilag"),
    path("vilkaar/<int:pk>/opfyldt/", views.ConditionDoneView.as_view(), name="condition_done"),
    path("gennemloebstid/", views.LeadTimeView.as_view(), name="leadtime"),
    path("<int:pk>/bilag/", files.AttachmentAddView.as_view(), name="request_attach"),
    path("bilag/<int:pk>/", files.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("bilag/<int:pk>/slet/", files.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path("<int:pk>/business-case/", files.BusinessCaseLinkView.as_view(), name="request_case"),
    path(
        "<int:pk>/business-case/ny/",
        files.BusinessCaseCreateView.as_view(),
        name="request_case_create",
    ),
    path("spoergsmaal/", include(LOCAL_QUESTIONS.urlpatterns())),
]
