"""API-token pages: every member may manage their own tokens, never someone else's.

A token belongs to one user: the object the access tests build is a token of the user the
test then signs in with (in the role under test), so every role may revoke it, and a
member of another organization gets a 404. Someone else's token of the same organization
is a 404 too (``test_another_members_token_is_404``).
"""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import ApiToken
from accounts.services import api_token_create
from organizations.models import Membership, Organization
from organizations.testing import (
    ALL,
    ViewAccessMixin,
    ViewCase,
    logged_in_client,
    make_organization,
    make_user,
)

pytestmark = pytest.mark.django_db
EVERYONE = ALL | {"superuser"}


class TestTokenViews(ViewAccessMixin):
    view_cases = (
        ViewCase("accounts:tokens", allowed=EVERYONE),
        ViewCase(
            "accounts:tokens", allowed=EVERYONE, method="post", data=lambda t, o: {"name": "Nøgle"}
        ),
        ViewCase(
            "accounts:token_revoke",
            allowed=EVERYONE,
            obj="token",
            method="post",
            ok=(302,),
            redirect="accounts:tokens",
        ),
    )

    def make_token(self, organization: Organization) -> ApiToken:
        owner = make_user()
        self.__dict__.setdefault("owners", {})[organization.pk] = owner
        token, _raw = api_token_create(actor=owner, user=owner, name="Egen nøgle")
        return token

    def user_with(self, organization: Organization, role: str) -> Any:
        """The owner of the token just made, in ``role``."""
        owner = self.__dict__.get("owners", {}).pop(organization.pk, None)
        if owner is None:
            return super().user_with(organization, role)
        if role == "superuser":
            owner.is_superuser = True
            owner.save()
        else:
            Membership.objects.create(user=owner, organization=organization, role=role)
        return owner


@pytest.mark.parametrize("role", ["laeser", "administrator", "superuser"])
def test_another_members_token_is_404(role: str) -> None:
    """Not even an administrator of the same organization revokes someone else's token."""
    org = make_organization()
    owner = make_user(organization=org, roles=["laeser"])
    token, _raw = api_token_create(actor=owner, user=owner, name="Andens nøgle")
    if role == "superuser":
        user = make_user(organization=org, roles=["laeser"], is_superuser=True)
    else:
        user = make_user(organization=org, roles=[role])
    client = logged_in_client(user, org)
    response = client.post(f"/konto/api-noegler/{token.pk}/tilbagekald/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
