"""Single sign-on in a real browser: a member logs in through the OpenID Connect test
provider and through the SAML test IdP (both on loopback), from the buttons on the login
page, which axe checks; each lands signed in with the roles the provider's groups map to."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from organizations.models import Membership
from organizations.testing import make_organization
from sso.models import IdentityProvider, RoleMapping
from sso.tests.oidc_provider import OidcProvider
from sso.tests.saml_idp import SamlIdp, make_certificate
from tests.browser.conftest import assert_accessible

SECRET_ENV = "STYRBAR_TEST_BROWSER_OIDC_SECRET"


@pytest.fixture
def oidc(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[OidcProvider]:
    provider = OidcProvider().start()
    monkeypatch.setenv(SECRET_ENV, "browser-hemmelighed")
    provider.add_client(
        "styrbar-browser", "browser-hemmelighed", f"{live_server.url}/sso/entra/oidc/callback/"
    )
    provider.add_user("olga", email="olga@eksempel.invalid", groups=["g-arkitekter"])
    yield provider
    provider.stop()


@pytest.fixture
def saml(settings: Any) -> Iterator[SamlIdp]:
    if shutil.which("xmlsec1") is None and os.environ.get("CI") != "true":
        pytest.skip("xmlsec1 is not installed (apt-get install xmlsec1)")
    idp = SamlIdp().start()
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = make_certificate(
        idp.directory, "styrbar-sp"
    )
    idp.add_user("sune", mail=["sune@eksempel.invalid"], groups=["g-laesere"])
    yield idp
    idp.stop()


def test_login_through_each_provider(
    page: Any, live_server: Any, transactional_db: Any, oidc: OidcProvider, saml: SamlIdp
) -> None:
    org = make_organization("Eksempel Kommune")
    entra = IdentityProvider.objects.create(
        name="Eksempel Entra ID",
        slug="entra",
        protocol="oidc",
        discovery_url=oidc.discovery_url,
        client_id="styrbar-browser",
        client_secret_env=SECRET_ENV,
    )
    handler = IdentityProvider.objects.create(
        name="Eksempel Context Handler",
        slug="context-handler",
        protocol="saml",
        saml_metadata=saml.metadata,
        saml_entity_id=saml.entity_id,
        username_claim="uid",
    )
    for provider, group, role in (
        (entra, "g-arkitekter", "arkitekt"),
        (handler, "g-laesere", "laeser"),
    ):
        provider.organizations.add(org)
        RoleMapping.objects.create(
            provider=provider, organization=org, external_value=group, role=role
        )
    saml.sp_metadata = requests.get(
        f"{live_server.url}/sso/context-handler/saml/metadata/", timeout=90
    ).text

    # OpenID Connect.
    page.goto("/konto/login/")
    expect(page.get_by_role("heading", name="Log ind via din organisation")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Log ind med Eksempel Entra ID").click()
    page.get_by_label("Brugernavn").fill("olga")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", name="Overblik", exact=False).first).to_be_visible()
    assert Membership.objects.filter(user__username="olga", role="arkitekt").exists()
    page.get_by_role("button", name="Log af").click()
    expect(page.get_by_role("heading", name="Log ind i Styrbar")).to_be_visible()
    assert oidc.logouts, "the provider's end-session endpoint was not called"

    # SAML.
    page.get_by_role("link", name="Log ind med Eksempel Context Handler").click()
    page.get_by_label("Brugernavn").fill("sune")
    page.get_by_role("button", name="Log ind").click()
    submit = page.get_by_role("button", name="Submit")
    if submit.count():  # the IdP's form posts itself with script; without it, by hand
        submit.click()
    expect(page.get_by_role("heading", name="Overblik", exact=False).first).to_be_visible()
    assert Membership.objects.filter(user__username="sune", role="laeser").exists()
