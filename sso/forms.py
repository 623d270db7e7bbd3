from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from organizations.models import Organization
from sso.choices import Protocol
from sso.models import IdentityProvider

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class ProviderForm(forms.ModelForm[IdentityProvider]):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisationer"),
        queryset=Organization.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "name",
            "slug",
            "protocol",
            "is_active",
            "organizations",
            "discovery_url",
            "client_id",
            "client_secret_env",
            "scopes",
            "username_claim",
            "roles_claim",
            "saml_metadata",
            "saml_entity_id",
            "clock_skew_seconds",
        ]
        widgets = {"saml_metadata": forms.Textarea(attrs={"rows": 6})}

    def clean_discovery_url(self) -> str:
        url: str = self.cleaned_data.get("discovery_url", "")
        if url:
            parts = urlsplit(url)
            if parts.scheme != "https" and parts.hostname not in LOOPBACK:
                raise forms.ValidationError(_("Discovery-adressen skal bruge https."))
        return url

    def clean_clock_skew_seconds(self) -> int:
        value: int = self.cleaned_data["clock_skew_seconds"]
        if value > 600:
            raise forms.ValidationError(_("Højst 600 sekunders urforskel."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("protocol") == Protocol.OIDC:
            for name in ("discovery_url", "client_id"):
                if not data.get(name):
                    self.add_error(name, _("Skal udfyldes for OpenID Connect."))
        if data.get("protocol") == Protocol.SAML:
            from sso.saml import metadata_entity_ids

            try:
                entity_ids = metadata_entity_ids(data.get("saml_metadata", ""))
            except ValueError as exc:
                self.add_error("saml_metadata", str(exc))
            else:
                wanted = data.get("saml_entity_id") or ""
                if not wanted and len(entity_ids) == 1:
                    data["saml_entity_id"] = entity_ids[0]
                elif wanted not in entity_ids:
                    self.add_error(
                        "saml_entity_id",
                        _("Metadata beskriver ikke denne IdP. Den beskriver: %(ids)s")
                        % {"ids": ", ".join(entity_ids) or "-"},
                    )
        return data


class RoleMappingForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Identitetsudbyder"), queryset=IdentityProvider.objects.none()
    )
    external_value = forms.CharField(
        label=_("Gruppe, claim-værdi eller privilegium"),
        max_length=300,
        help_text=_("Skrives præcis som udbyderen sender den, fx en gruppes objekt-id."),
    )
    role = forms.ChoiceField(label=_("Rolle i Styrbar"), choices=Role.choices)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["provider"]
        field.queryset = organization.identity_providers.filter(is_active=True)


class LoginPolicyForm(forms.Form):
    local_login_enabled = forms.BooleanField(
        label=_("Tillad login med lokal adgangskode"),
        required=False,
        help_text=_(
            "Slået fra skal organisationens brugere logge ind via single sign-on. "
            "Superbrugere kan altid logge ind lokalt (nødadgang)."
        ),
    )
