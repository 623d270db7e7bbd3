"""Access to the SSO pages: providers for superusers only; the role mapping and the
local-login switch for the organization's administrator, within their organization."""

from __future__ import annotations

import pytest

from organizations.models import Organization
from organizations.testing import SUPERUSER, ViewAccessMixin, ViewCase, form_cases, unique
from sso.models import IdentityProvider, RoleMapping

pytestmark = pytest.mark.django_db
ADMIN = frozenset({"administrator"})


def _provider(organization: Organization) -> IdentityProvider:
    provider = IdentityProvider.objects.create(
        name=unique("Udbyder"),
        slug=f"udbyder-{IdentityProvider.objects.count() + 1}-{organization.pk}",
        protocol="oidc",
        discovery_url="https://login.eksempel.invalid/.well-known/openid-configuration",
        client_id="styrbar",
    )
    provider.organizations.add(organization)
    return provider


class TestProviderPages(ViewAccessMixin):
    view_cases = (
        ViewCase("sso:provider_list", allowed=SUPERUSER),
        *form_cases(
            "sso:provider_create",
            lambda t, o: {
                "name": "Eksempel Entra ID",
                "slug": "entra-eksempel",
                "protocol": "oidc",
                "is_active": "on",
                "discovery_url": "https://login.eksempel.invalid/.well-known/openid-configuration",
                "client_id": "styrbar",
                "client_secret_env": "OIDC_ENTRA_SECRET",
                "scopes": "openid email profile",
                "username_claim": "preferred_username",
                "roles_claim": "groups",
                "clock_skew_seconds": "120",
            },
            allowed=SUPERUSER,
            redirect="sso:provider_list",
        ),
        *form_cases(
            "sso:provider_edit",
            lambda t, o: {
                "name": "Omdøbt udbyder",
                "slug": t.obj.slug,
                "protocol": "oidc",
                "discovery_url": t.obj.discovery_url,
                "client_id": "styrbar",
                "scopes": "openid",
                "username_claim": "email",
                "roles_claim": "groups",
                "clock_skew_seconds": "60",
            },
            allowed=SUPERUSER,
            obj="provider",
            redirect="sso:provider_list",
        ),
    )

    def make_provider(self, organization: Organization) -> IdentityProvider:
        return _provider(organization)


class TestSettingsPages(ViewAccessMixin):
    view_cases = (
        ViewCase("sso:settings", allowed=ADMIN, lists=True),
        ViewCase(
            "sso:settings",
            allowed=ADMIN,
            method="post",
            data=lambda t, o: {"action": "policy", "local_login_enabled": ""},
            redirect="sso:settings",
        ),
        ViewCase(
            "sso:mapping_delete",
            allowed=ADMIN,
            method="post",
            obj="mapping",
            redirect="sso:settings",
        ),
    )

    def make_mapping(self, organization: Organization) -> RoleMapping:
        return RoleMapping.objects.create(
            provider=_provider(organization),
            organization=organization,
            external_value=unique("gruppe"),
            role="laeser",
        )

    def list_marker(self, organization: Organization) -> str:
        return self.make_mapping(organization).external_value


def test_mapping_form_adds_a_mapping_for_a_bound_provider() -> None:
    from organizations.testing import logged_in_client, make_organization, make_user

    org, other = make_organization(), make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    mine, theirs = _provider(org), _provider(other)
    client = logged_in_client(admin, org)
    data = {"action": "mapping", "external_value": "g-arkitekter", "role": "arkitekt"}
    assert client.post("/sso/indstillinger/", {**data, "provider": theirs.pk}).status_code == 400
    assert client.post("/sso/indstillinger/", {**data, "provider": mine.pk}).status_code == 302
    assert list(RoleMapping.objects.values_list("organization", "external_value")) == [
        (org.pk, "g-arkitekter")
    ]
