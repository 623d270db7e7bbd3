"""The identity provider's form and the organization's login policy carry their version
(issue 17): the second of two editors saving one gets the conflict page, and what the
first saved stays."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from core.concurrency import version
from organizations.testing import logged_in_client, make_organization, make_user
from sso.models import IdentityProvider, LoginPolicy
from sso.services import login_policy_get
from sso.tests.test_access import _provider


def _form(provider: IdentityProvider, **changes: str) -> dict[str, Any]:
    data = {
        "name": provider.name,
        "slug": provider.slug,
        "protocol": "oidc",
        "discovery_url": provider.discovery_url,
        "client_id": "styrbar",
        "scopes": "openid",
        "username_claim": "email",
        "roles_claim": "groups",
        "clock_skew_seconds": "60",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_two_superusers_editing_a_provider_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    provider = IdentityProvider.objects.get(pk=_provider(org).pk)
    anna = logged_in_client(make_user("anna", organization=org, is_superuser=True), org)
    bo = logged_in_client(make_user("bo", organization=org, is_superuser=True), org)
    url = reverse("sso:provider_edit", args=[provider.pk])
    opened = version(provider)
    assert f'name="_version" value="{opened}"' in bo.get(url).content.decode()

    saved = anna.post(url, {**_form(provider, name="Entra (Anna)"), "_version": opened})
    assert saved.status_code == 302
    stale = bo.post(url, {**_form(provider, name="Entra (Bo)"), "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Entra (Anna)" in page and "Entra (Bo)" in page
    assert IdentityProvider.objects.get(pk=provider.pk).name == "Entra (Anna)"


@pytest.mark.django_db
def test_an_edit_of_a_provider_is_saved_and_audited() -> None:
    """The form wrote the posted values into the object the service then compared with,
    so a changed name was neither saved nor audited."""
    from core.models import AuditEvent

    org = make_organization()
    provider = _provider(org)
    client = logged_in_client(make_user(organization=org, is_superuser=True), org)
    url = reverse("sso:provider_edit", args=[provider.pk])
    assert client.post(url, _form(provider, name="Entra ID")).status_code == 302
    assert IdentityProvider.objects.get(pk=provider.pk).name == "Entra ID"
    event = AuditEvent.objects.filter(object_id=str(provider.pk), action="update").get()
    assert "Entra ID" in str(event.changes["name"])


# The organization's login policy (sso:settings) ----------------------------------------------


def _events(obj: Any) -> int:
    from django.contrib.contenttypes.models import ContentType

    from core.models import AuditEvent

    kind = ContentType.objects.get_for_model(obj)
    return AuditEvent.objects.filter(content_type=kind, object_id=str(obj.pk)).count()


@pytest.mark.django_db
def test_two_administrators_saving_the_login_policy_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    anna = logged_in_client(make_user("anna", organization=org, roles=["administrator"]), org)
    bo = logged_in_client(make_user("bo", organization=org, roles=["administrator"]), org)
    url = reverse("sso:settings")
    # Opened before any policy is saved: the version of the default policy.
    opened = version(login_policy_get(organization=org))
    assert f'name="_version" value="{opened}"' in bo.get(url).content.decode()

    saved = anna.post(url, {"action": "policy", "local_login_enabled": "", "_version": opened})
    assert saved.status_code == 302
    policy = LoginPolicy.objects.get(organization=org)
    events = _events(policy)
    stale = bo.post(url, {"action": "policy", "local_login_enabled": "on", "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "ikke gemt" in page and "anna" in page
    row = '<th scope="row">Tillad login med lokal adgangskode</th><td>ja</td><td>nej</td>'
    assert row in page
    policy.refresh_from_db()
    assert policy.local_login_enabled is False
    assert _events(policy) == events
    current = version(policy)
    assert f'name="_version" value="{current}"' in page  # "Gem mine værdier alligevel"
    again = bo.post(url, {"action": "policy", "local_login_enabled": "on", "_version": current})
    assert again.status_code == 302
    policy.refresh_from_db()
    assert policy.local_login_enabled is True
    # A second stale save of the saved policy meets the same page.
    late = anna.post(url, {"action": "policy", "local_login_enabled": "", "_version": current})
    assert late.status_code == 409 and LoginPolicy.objects.get(pk=policy.pk).local_login_enabled
