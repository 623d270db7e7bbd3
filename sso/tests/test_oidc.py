"""OpenID Connect sign-in, end to end against the test provider on loopback: the happy
path (just-in-time user, roles from groups per organization, changes at the next login,
RP-initiated logout) and the refusals (tampered signature, expired token, wrong audience,
replayed response), each with a Danish message and an audit event."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client

from core.choices import AuditAction
from core.models import AuditEvent
from organizations.models import Membership, Organization
from organizations.testing import make_organization, make_user
from sso.models import ExternalIdentity, IdentityProvider, LoginPolicy, RoleMapping
from sso.tests.oidc_provider import OidcProvider

pytestmark = pytest.mark.django_db

SLUG = "test-oidc"
SECRET_ENV = "STYRBAR_TEST_OIDC_SECRET"
CALLBACK = f"http://testserver/sso/{SLUG}/oidc/callback/"


@pytest.fixture
def setup(oidc_provider: OidcProvider, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv(SECRET_ENV, "hemmelig-klientnoegle")
    oidc_provider.add_client("styrbar-test", "hemmelig-klientnoegle", CALLBACK)
    oidc_provider.add_user(
        "anne",
        email="anne@eksempel.invalid",
        given_name="Anne",
        family_name="Arkitekt",
        groups=["g-arkitekter", "g-alle"],
    )
    org = make_organization("Eksempel Kommune")
    other = make_organization("Naboby Kommune")
    provider = IdentityProvider.objects.create(
        name="Eksempel Entra ID",
        slug=SLUG,
        protocol="oidc",
        discovery_url=oidc_provider.discovery_url,
        client_id="styrbar-test",
        client_secret_env=SECRET_ENV,
    )
    provider.organizations.set([org, other])
    RoleMapping.objects.create(
        provider=provider, organization=org, external_value="g-arkitekter", role="arkitekt"
    )
    RoleMapping.objects.create(
        provider=provider, organization=other, external_value="g-alle", role="laeser"
    )
    return {"org": org, "other": other, "provider": provider, "idp": oidc_provider}


def start_login(client: Client, username: str = "anne") -> str:
    """Start at Styrbar, sign in at the provider; the callback path Styrbar gets back."""
    response = client.get(f"/sso/{SLUG}/login/?next=/enheder/")
    assert response.status_code == 302
    authorize = response["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"][0] and query["state"][0]
    with requests.Session() as browser:
        form = browser.get(authorize, timeout=10)
        assert form.status_code == 200, form.text
        answer = browser.post(
            authorize, data={"username": username}, allow_redirects=False, timeout=10
        )
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return f"{back.path}?{back.query}"


def refusals(provider: IdentityProvider) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=AuditAction.LOGIN_FAILED, actor_label=f"sso:{provider.slug}"
        ).order_by("pk")
    )


def test_happy_path_provisions_user_and_maps_roles(setup: dict[str, Any]) -> None:
    client = Client()
    response = client.get(start_login(client))
    assert response.status_code == 302
    assert response["Location"] == "/enheder/"
    user = get_user_model().objects.get(username="anne")
    assert not user.has_usable_password()
    assert (user.email, user.first_name, user.last_name) == (
        "anne@eksempel.invalid",
        "Anne",
        "Arkitekt",
    )
    assert ExternalIdentity.objects.get(user=user).subject == "sub-anne"
    roles = set(Membership.objects.filter(user=user).values_list("organization__name", "role"))
    assert roles == {("Eksempel Kommune", "arkitekt"), ("Naboby Kommune", "laeser")}
    assert client.get("/enheder/").status_code == 200  # signed in
    login = AuditEvent.objects.get(action=AuditAction.LOGIN, actor=user)
    assert login.changes["provider"]["after"] == SLUG
    assert login.changes["groups"]["after"] == ["g-alle", "g-arkitekter"]


def test_changes_at_the_provider_take_effect_at_next_login(setup: dict[str, Any]) -> None:
    first = Client()
    first.get(start_login(first))
    user = get_user_model().objects.get(username="anne")
    setup["idp"].add_user("anne", groups=["g-alle"], email="anne@eksempel.invalid")
    client = Client()
    assert client.get(start_login(client)).status_code == 302
    roles = set(Membership.objects.filter(user=user).values_list("organization__name", "role"))
    assert roles == {("Naboby Kommune", "laeser")}
    assert get_user_model().objects.filter(username__startswith="anne").count() == 1


def test_no_mapped_group_is_refused(setup: dict[str, Any]) -> None:
    setup["idp"].add_user("bo", groups=["g-ukendt"])
    client = Client()
    response = client.get(start_login(client, "bo"))
    assert response.status_code == 400
    assert "ingen rolle i Styrbar" in response.content.decode()
    assert [e.changes["reason"]["after"] for e in refusals(setup["provider"])] == ["no_role"] * 2
    assert not get_user_model().objects.filter(username="bo").exists()


def test_existing_local_account_is_not_taken_over(setup: dict[str, Any]) -> None:
    local = make_user("anne", organization=setup["org"], roles=["laeser"])
    client = Client()
    assert client.get(start_login(client)).status_code == 302
    created = ExternalIdentity.objects.get().user
    assert created != local
    assert created.username == f"anne.{SLUG}"


@pytest.mark.parametrize(
    ("attack", "reason", "text"),
    [
        ("tamper", "bad_signature", "signatur kunne ikke verificeres"),
        ("expired", "expired", "ID-tokenet er udløbet"),
        ("audience", "audience", "en anden modtager"),
    ],
)
def test_attacks_are_refused(setup: dict[str, Any], attack: str, reason: str, text: str) -> None:
    setup["idp"].attack = attack
    client = Client()
    response = client.get(start_login(client))
    assert response.status_code == 400
    assert text in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="anne").exists()
    events = refusals(setup["provider"])
    assert {e.changes["reason"]["after"] for e in events} == {reason}
    assert {e.organization for e in events} == {setup["org"], setup["other"]}


def test_replayed_response_is_refused(setup: dict[str, Any]) -> None:
    client = Client()
    callback = start_login(client)
    assert client.get(callback).status_code == 302
    client.logout()
    response = client.get(callback)  # the same code and state again
    assert response.status_code == 400
    assert "genafspillet svar" in response.content.decode()
    assert [e.changes["reason"]["after"] for e in refusals(setup["provider"])] == [
        "replay_or_state"
    ] * 2
    # Another browser replaying the captured response fares no better.
    assert Client().get(callback).status_code == 400


def test_unknown_provider_callback_is_refused_and_audited() -> None:
    response = Client().get("/sso/findes-ikke/oidc/callback/?code=x&state=y")
    assert response.status_code == 400
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGIN_FAILED, actor_label="sso:findes-ikke"
    ).exists()


def test_missing_secret_is_a_clear_refusal(
    setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SECRET_ENV)
    response = Client().get(f"/sso/{SLUG}/login/")
    assert response.status_code == 400
    assert SECRET_ENV in response.content.decode()


def test_logout_ends_the_provider_session(setup: dict[str, Any]) -> None:
    client = Client()
    client.get(start_login(client))
    response = client.post("/sso/logout/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{setup['idp'].issuer}/logout"
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/konto/login/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert "_auth_user_id" not in client.session


def test_local_login_switched_off_keeps_break_glass(setup: dict[str, Any]) -> None:
    org: Organization = setup["org"]
    LoginPolicy.objects.create(organization=org, local_login_enabled=False)
    make_user("lokal", organization=org, roles=["laeser"], password="lang-adgangskode-1")
    make_user("nod", organization=org, roles=[], password="lang-adgangskode-1", is_superuser=True)
    refused = Client().post(
        "/konto/login/", {"username": "lokal", "password": "lang-adgangskode-1"}
    )
    assert refused.status_code == 200
    assert "slået login med adgangskode fra" in refused.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor_label="lokal").exists()
    ok = Client().post("/konto/login/", {"username": "nod", "password": "lang-adgangskode-1"})
    assert ok.status_code == 302


def test_login_page_offers_the_providers(setup: dict[str, Any]) -> None:
    page = Client().get("/konto/login/").content.decode()
    assert "Log ind med Eksempel Entra ID" in page
    assert f"/sso/{SLUG}/login/" in page
