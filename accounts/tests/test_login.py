from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from core.models import AuditEvent
from organizations.models import Membership
from organizations.testing import make_organization, make_user

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/konto/login/", {"username": username, "password": password})


def test_login_page_is_danish_and_labelled() -> None:
    page = Client().get("/konto/login/").content.decode()
    assert '<html lang="da">' in page
    assert "Log ind i Styrbar" in page
    assert 'for="id_username"' in page and 'for="id_password"' in page


def test_successful_login_is_audited() -> None:
    org = make_organization()
    make_user("karen", organization=org, roles=["laeser"], password="rigtig-kode-123")
    response = _login(Client(), "karen", "rigtig-kode-123")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", actor_label="karen").count() == 1


def test_lockout_after_repeated_failures(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    org = make_organization()
    make_user("ole", organization=org, roles=["laeser"], password="rigtig-kode-123")
    client = Client()
    for _ in range(3):
        response = _login(client, "ole", "forkert")
        assert "Forkert brugernavn eller adgangskode" in response.content.decode()
    # Now even the right password is refused while the lock lasts.
    response = _login(client, "ole", "rigtig-kode-123")
    assert response.status_code == 200
    assert "midlertidigt låst" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", actor_label="ole").count() == 3
    locked = AuditEvent.objects.get(action="locked_out", actor_label="ole")
    assert locked.organization == org  # the organization's administrators see it


def test_lockout_is_audited_once_per_organization(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 2
    org, other = make_organization(), make_organization()
    user = make_user("bo", organization=org, roles=["laeser", "redaktoer"])
    Membership.objects.create(user=user, organization=other, role="laeser")
    client = Client()
    for _ in range(2):
        _login(client, "bo", "forkert")
    events = AuditEvent.objects.filter(action="locked_out", actor_label="bo")
    assert {e.organization_id for e in events} == {org.pk, other.pk}
    assert events.count() == 2


def test_success_resets_the_failure_count(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user("pia", password="rigtig-kode-123")
    client = Client()
    _login(client, "pia", "forkert")
    _login(client, "pia", "forkert")
    assert _login(client, "pia", "rigtig-kode-123").status_code == 302
    client.logout()
    _login(client, "pia", "forkert")
    _login(client, "pia", "forkert")
    assert _login(client, "pia", "rigtig-kode-123").status_code == 302


def test_password_reset_by_email() -> None:
    user = make_user("nina", password="gammel-kode-123")
    user.email = "nina@eksempel.invalid"
    user.save()
    client = Client()
    response = client.post("/konto/adgangskode/glemt/", {"email": "nina@eksempel.invalid"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/konto/adgangskode/ny/" in line
    )
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    confirm_url = page.redirect_chain[-1][0]
    done = client.post(
        confirm_url, {"new_password1": "Helt-ny-kode-2026", "new_password2": "Helt-ny-kode-2026"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Helt-ny-kode-2026")


def test_api_tokens_stop_working_while_the_user_is_locked_out_or_deactivated(  # type: ignore[no-untyped-def]
    settings,
) -> None:
    """Issue 17: a locked-out user's token kept working."""
    from organizations.testing import make_token

    settings.LOGIN_FAILURE_LIMIT = 3
    org = make_organization()
    user = make_user("Tove", organization=org, roles=["laeser"], password="rigtig-kode-123")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}
    url = f"/api/v1/organizations/{org.pk}"
    assert Client().get(url, **auth).status_code == 200
    for _ in range(2):
        _login(Client(), "tove", "forkert")
    assert Client().get(url, **auth).status_code == 200  # not yet locked
    _login(Client(), "tove", "forkert")
    assert Client().get(url, **auth).status_code == 401  # locked out
    other = make_user("Ulla", organization=org, roles=["laeser"])
    other_auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {make_token(other)}"}
    assert Client().get(url, **other_auth).status_code == 200
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert Client().get(url, **other_auth).status_code == 401
