from django.urls import path

from controlbody import views
from controlbody.resources import MEETINGS

app_name = "controlbody"

urlpatterns = [
    path("", views.BodyView.as_view(), name="body"),
    path("rediger/", views.BodyEditView.as_view(), name="body_edit"),
    path("moeder/", MEETINGS.views()["list"].as_view(), name="meeting_list"),
    *[path(f"moeder/{p.pattern}", p.callback, name=p.name) for p in MEETINGS.urlpatterns()[1:]],
    path("moeder/<int:pk>/dagsorden/", views.GenerateView.as_view(), name="meeting_generate"),
    path("moeder/<int:pk>/status/", views.MeetingMoveView.as_view(), name="meeting_move"),
    path("moeder/<int:pk>/punkt/", views.ItemAddView.as_view(), name="item_add"),
    path(
        "moeder/<int:pk>/referat.docx",
        views.MinutesFileView.as_view(fmt="docx"),
        name="minutes_docx",
    ),
    path(
        "moeder/<int:pk>/referat.pdf", views.MinutesFileView.as_view(fmt="pdf"), name="minutes_pdf"
    ),
    path("punkter/<int:pk>/flyt/", views.ItemMoveView.as_view(), name="item_move"),
    path("punkter/<int:pk>/rediger/", views.ItemEditView.as_view(), name="item_edit"),
    path("punkter/<int:pk>/fjern/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("punkter/<int:pk>/beslut/", views.ItemDecideView.as_view(), name="item_decide"),
    path("vilkaar/", views.ConditionListView.as_view(), name="condition_list"),
    path("vilkaar/<int:pk>/", views.ConditionDetailView.as_view(), name="condition_detail"),
    path("vilkaar/<int:pk>/luk/", views.ConditionCloseView.as_view(), name="condition_close"),
]
