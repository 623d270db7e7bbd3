from django.urls import path

from papers import views

app_name = "papers"

urlpatterns = [
    path("", views.PaperListView.as_view(), name="paper_list"),
    path("nyt/", views.PaperCreateView.as_view(), name="paper_create"),
    path("<int:pk>/", views.PaperDetailView.as_view(), name="paper_detail"),
    path("<int:pk>/docx/", views.PaperDownloadView.as_view(kind="docx"), name="paper_docx"),
    path("<int:pk>/pdf/", views.PaperDownloadView.as_view(kind="pdf"), name="paper_pdf"),
    path("<int:pk>/kontrol/", views.PaperVerifyView.as_view(), name="paper_verify"),
    path("<int:pk>/historik/", views.PaperHistoryView.as_view(), name="paper_history"),
]
