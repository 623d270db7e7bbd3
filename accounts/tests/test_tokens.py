from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import api_token_authenticate, api_token_create, api_token_revoke, hash_token
from core.models import AuditEvent
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


def test_token_is_stored_hashed_and_authenticates() -> None:
    user = make_user()
    token, raw = api_token_create(actor=user, user=user, name="Sync")
    assert raw.startswith("styrbar_") and len(raw) > 40
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    assert api_token_authenticate(raw) == user
    assert api_token_authenticate(raw + "x") is None
    assert api_token_authenticate("not-a-token") is None
    assert AuditEvent.objects.filter(action="token_created", object_id=str(token.pk)).exists()


def test_revoked_and_expired_tokens_are_refused() -> None:
    user = make_user()
    token, raw = api_token_create(
        actor=user, user=user, name="Kort", expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert api_token_authenticate(raw) == user
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api_token_authenticate(raw) is None
    other, raw2 = api_token_create(actor=user, user=user, name="Tilbagekaldes")
    api_token_revoke(actor=user, token=other)
    assert api_token_authenticate(raw2) is None
    event = AuditEvent.objects.get(action="token_revoked")
    assert event.changes["revoked_at"]["before"] is None


def test_tokens_act_with_the_users_memberships_over_http() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["laeser"])
    _token, raw = api_token_create(actor=user, user=user, name="Læs")
    client = Client()
    ok = client.get("/api/v1/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert ok.status_code == 200
    assert [item["id"] for item in ok.json()["items"]] == [org.pk]
    assert ok.json()["items"][0]["roles"] == ["laeser"]
    denied = client.get("/api/v1/organizations", HTTP_AUTHORIZATION="Bearer styrbar_wrong")
    assert denied.status_code == 401
    assert "message" in denied.json()


def test_token_page_shows_new_token_once() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["laeser"])
    client = logged_in_client(user, org)
    response = client.post("/konto/api-noegler/", {"name": "Rapport"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    page = response.content.decode()
    assert token.prefix in page and 'id="new-token"' in page
    assert 'id="new-token"' not in client.get("/konto/api-noegler/").content.decode()


def test_token_form_rejects_past_expiry_in_danish() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    response = client.post("/konto/api-noegler/", {"name": "Gammel", "expires_at": "2020-01-01"})
    assert response.status_code == 400
    assert "Udløbsdatoen skal ligge i fremtiden" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_create_api_token_command_prints_token_last() -> None:
    user = make_user("cli-bruger")
    out = StringIO()
    call_command("create_api_token", "cli-bruger", "--days", "30", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert api_token_authenticate(last) == user
    token = ApiToken.objects.get(user=user)
    assert token.expires_at is not None and token.expires_at > timezone.now() + dt.timedelta(
        days=29
    )
    with pytest.raises(CommandError):
        call_command("create_api_token", "findes-ikke", stdout=StringIO())
