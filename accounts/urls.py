from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("adgangskode/glemt/", views.PasswordResetView.as_view(), name="password_reset"),
    path("adgangskode/sendt/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "adgangskode/ny/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "adgangskode/skiftet/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("api-noegler/", views.TokenListView.as_view(), name="tokens"),
    path("api-noegler/<int:pk>/tilbagekald/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
