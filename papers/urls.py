from django.urls import path

from core.routing import object_urls
from papers import views

app_name = "papers"

urlpatterns = [
    *object_urls("", "paper", views, "list detail history", children={"kontrol": "verify"}),
    path("nyt/", views.PaperCreateView.as_view(), name="paper_create"),
    path("<int:pk>/docx/", views.PaperDownloadView.as_view(kind="docx"), name="paper_docx"),
    path("<int:pk>/pdf/", views.PaperDownloadView.as_view(kind="pdf"), name="paper_pdf"),
]
