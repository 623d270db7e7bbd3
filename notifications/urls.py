from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("laest/", views.NotificationReadAllView.as_view(), name="read_all"),
    path("<int:pk>/laest/", views.NotificationReadView.as_view(), name="read"),
    path("forfalden/", views.OverdueView.as_view(), name="overdue"),
    path("indstillinger/", views.NotificationSettingsView.as_view(), name="settings"),
]
