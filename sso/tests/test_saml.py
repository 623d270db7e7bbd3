"""SAML 2.0 sign-in, end to end against the test IdP (pysaml2) on loopback: metadata
import and export, a signed assertion that provisions the user and maps the IdP's
privileges to roles, and the refusals (tampered signature, expired assertion, wrong
audience, replayed response), each with a Danish message and an audit event."""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from lxml import etree

from core.choices import AuditAction
from core.models import AuditEvent
from organizations.models import Membership
from organizations.testing import make_organization
from sso.forms import ProviderForm
from sso.models import IdentityProvider, RoleMapping
from sso.tests.saml_idp import SamlIdp

pytestmark = [
    pytest.mark.django_db,
    # `make setup` installs xmlsec1 (scripts/ensure-xmlsec1.sh); in CI it must be there.
    pytest.mark.skipif(
        shutil.which("xmlsec1") is None and os.environ.get("CI") != "true",
        reason="xmlsec1 is not installed (apt-get install xmlsec1)",
    ),
]

SLUG = "test-saml"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"


@pytest.fixture
def setup(saml_idp: SamlIdp, sp_keys: None) -> dict[str, Any]:
    saml_idp.add_user(
        "bente",
        mail=["bente@eksempel.invalid"],
        givenName=["Bente"],
        sn=["Systemejer"],
        groups=["g-laesere", "g-systemejere"],
    )
    org = make_organization("Eksempel Kommune")
    provider = IdentityProvider.objects.create(
        name="Eksempel Context Handler",
        slug=SLUG,
        protocol="saml",
        saml_metadata=saml_idp.metadata,
        saml_entity_id=saml_idp.entity_id,
        username_claim="uid",
        roles_claim="groups",
    )
    provider.organizations.set([org])
    for group, role in (("g-laesere", "laeser"), ("g-systemejere", "systemejer")):
        RoleMapping.objects.create(
            provider=provider, organization=org, external_value=group, role=role
        )
    # The IdP imports Styrbar's service-provider metadata, as an operator would.
    saml_idp.sp_metadata = Client().get(f"/sso/{SLUG}/saml/metadata/").content.decode()
    return {"org": org, "provider": provider, "idp": saml_idp}


def idp_answer(client: Client, username: str = "bente") -> dict[str, str]:
    """Start at Styrbar, sign in at the IdP; the form the IdP posts back to Styrbar."""
    response = client.get(f"/sso/{SLUG}/login/?next=/enheder/")
    assert response.status_code == 302
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert "SAMLRequest" in query and "Signature" in query  # signed AuthnRequest
    with requests.Session() as browser:
        form = browser.get(location, timeout=10)
        assert form.status_code == 200, form.text
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.text))
        posted = browser.post(
            location.split("?")[0], data={**fields, "username": username}, timeout=10
        )
    assert posted.status_code == 200, posted.text
    found = re.search(r'action="([^"]+)"', posted.text)
    assert found is not None, posted.text
    action = html.unescape(found.group(1))
    assert urlsplit(action).path == f"/sso/{SLUG}/saml/acs/"
    values = dict(re.findall(r'name="(\w+)" value="([^"]*)"', posted.text))
    return {k: html.unescape(v) for k, v in values.items() if k in {"SAMLResponse", "RelayState"}}


def refusals(provider: IdentityProvider) -> list[str]:
    return [
        event.changes["reason"]["after"]
        for event in AuditEvent.objects.filter(
            action=AuditAction.LOGIN_FAILED, actor_label=f"sso:{provider.slug}"
        ).order_by("pk")
    ]


def test_sp_metadata_is_exported(setup: dict[str, Any]) -> None:
    response = Client().get(f"/sso/{SLUG}/saml/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/samlmetadata+xml"
    root = etree.fromstring(response.content)
    assert root.get("entityID") == f"http://testserver/sso/{SLUG}/saml/metadata/"
    sp = root.find(f"{{{MD}}}SPSSODescriptor")
    assert sp.get("AuthnRequestsSigned") == "true"
    assert sp.get("WantAssertionsSigned") == "true"
    acs = sp.find(f"{{{MD}}}AssertionConsumerService")
    assert acs.get("Location") == f"http://testserver/sso/{SLUG}/saml/acs/"
    assert sp.find(f"{{{MD}}}KeyDescriptor") is not None


def test_metadata_import_is_checked(saml_idp: SamlIdp) -> None:
    base = {"name": "X", "slug": "x", "protocol": "saml", "scopes": "openid"}
    base |= {"username_claim": "uid", "roles_claim": "groups", "clock_skew_seconds": "60"}
    form = ProviderForm({**base, "saml_metadata": saml_idp.metadata})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["saml_entity_id"] == saml_idp.entity_id
    bad = ProviderForm({**base, "saml_metadata": "<ikke-metadata/>"})
    assert not bad.is_valid()
    assert "IDPSSODescriptor" in str(bad.errors) or "SAML-metadata" in str(bad.errors)


def test_happy_path(setup: dict[str, Any]) -> None:
    client = Client()
    response = client.post(f"/sso/{SLUG}/saml/acs/", idp_answer(client))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/enheder/"
    user = get_user_model().objects.get(username="bente")
    assert (user.email, user.first_name, user.last_name) == (
        "bente@eksempel.invalid",
        "Bente",
        "Systemejer",
    )
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {
        "laeser",
        "systemejer",
    }
    assert client.get("/enheder/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).exists()


@pytest.mark.parametrize(
    ("attack", "reason", "text"),
    [
        ("tamper", "bad_signature", "signatur kunne ikke verificeres"),
        ("expired", "expired", "SAML-svaret er udløbet"),
        ("audience", "audience", "en anden tjeneste"),
    ],
)
def test_attacks_are_refused(setup: dict[str, Any], attack: str, reason: str, text: str) -> None:
    setup["idp"].attack = attack
    client = Client()
    response = client.post(f"/sso/{SLUG}/saml/acs/", idp_answer(client))
    assert response.status_code == 400
    assert text in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="bente").exists()
    assert refusals(setup["provider"]) == [reason]


def test_replayed_response_is_refused(setup: dict[str, Any]) -> None:
    client = Client()
    answer = idp_answer(client)
    assert client.post(f"/sso/{SLUG}/saml/acs/", answer).status_code == 302
    client.logout()
    replay = client.post(f"/sso/{SLUG}/saml/acs/", answer)
    assert replay.status_code == 400
    assert "genafspillet svar" in replay.content.decode()
    assert Client().post(f"/sso/{SLUG}/saml/acs/", answer).status_code == 400
    assert refusals(setup["provider"]) == ["replay_or_state", "replay_or_state"]


def test_answer_without_the_session_cookie_signs_in(setup: dict[str, Any]) -> None:
    """The IdP's cross-site POST carries no SameSite=Lax session cookie: the pending
    request is found in the database, not the session."""
    answer = idp_answer(Client())
    other = Client()
    assert other.post(f"/sso/{SLUG}/saml/acs/", answer).status_code == 302
    assert "_auth_user_id" in other.session


def test_context_handler_privileges_map_to_roles(setup: dict[str, Any]) -> None:
    """A Context Handler privilege list (base64 XML, Basic Privilege Profile) gives its
    privileges, which the mapping turns into roles."""
    privilege = "urn:dk:kombit:system:styrbar:arkitekt"
    xml = (
        '<bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">'
        '<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:11223344">'
        f"<Privilege>{privilege}</Privilege></PrivilegeGroup></bpp:PrivilegeList>"
    )
    encoded = base64.b64encode(xml.encode()).decode()
    setup["idp"].add_user("carl", groups=[encoded])
    RoleMapping.objects.create(
        provider=setup["provider"],
        organization=setup["org"],
        external_value=privilege,
        role="arkitekt",
    )
    client = Client()
    assert client.post(f"/sso/{SLUG}/saml/acs/", idp_answer(client, "carl")).status_code == 302
    assert list(
        Membership.objects.filter(user__username="carl").values_list("role", flat=True)
    ) == ["arkitekt"]


def test_expand_privileges_keeps_plain_groups() -> None:
    from sso.saml import expand_privileges

    assert expand_privileges(("g-laesere", "Q2xvdWQ=")) == ("g-laesere", "Q2xvdWQ=")


@pytest.mark.parametrize(("skew", "signed_in"), [(120, True), (30, False)])
def test_clock_skew_tolerance(setup: dict[str, Any], skew: int, signed_in: bool) -> None:
    """The IdP's clock 90 seconds fast: within a 120-second tolerance the assertion is
    accepted, with 30 seconds it is not valid yet."""
    IdentityProvider.objects.filter(pk=setup["provider"].pk).update(clock_skew_seconds=skew)
    setup["idp"].attack = "ahead"
    client = Client()
    response = client.post(f"/sso/{SLUG}/saml/acs/", idp_answer(client))
    assert (response.status_code == 302) is signed_in
    assert refusals(setup["provider"]) == ([] if signed_in else ["expired"])
