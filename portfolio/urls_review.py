"""Review of proposals to the shared catalog (superusers), included at /katalog/forslag/."""

from django.urls import URLPattern, path

from portfolio import views_review as views

app_name = "catalog_review"

urlpatterns: list[URLPattern] = [
    path("", views.ProposalListView.as_view(), name="list"),
    path("<int:pk>/", views.ProposalDetailView.as_view(), name="detail"),
    path("<int:pk>/godkend/", views.ProposalApproveView.as_view(), name="approve"),
    path("<int:pk>/afvis/", views.ProposalRejectView.as_view(), name="reject"),
]
