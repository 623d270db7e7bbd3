from django.urls import path

from sso import views

app_name = "sso"

urlpatterns = [
    path("<slug:slug>/login/", views.SsoLoginView.as_view(), name="login"),
    path("<slug:slug>/oidc/callback/", views.OidcCallbackView.as_view(), name="oidc_callback"),
    path("<slug:slug>/saml/acs/", views.SamlAcsView.as_view(), name="saml_acs"),
    path("<slug:slug>/saml/metadata/", views.SamlMetadataView.as_view(), name="saml_metadata"),
    path("logout/", views.SsoLogoutView.as_view(), name="logout"),
    path("indstillinger/", views.SsoSettingsView.as_view(), name="settings"),
    path(
        "tilknytninger/<int:pk>/slet/",
        views.RoleMappingDeleteView.as_view(),
        name="mapping_delete",
    ),
    path("udbydere/", views.ProviderListView.as_view(), name="provider_list"),
    path("udbydere/ny/", views.ProviderFormView.as_view(), name="provider_create"),
    path("udbydere/<int:pk>/", views.ProviderFormView.as_view(), name="provider_edit"),
]
