"""API-token pages: every member may manage their own tokens, never someone else's."""

from __future__ import annotations

import pytest

from accounts.models import ApiToken
from accounts.services import api_token_create
from organizations.models import Organization
from organizations.testing import ALL, ViewAccessMixin, ViewCase, make_user

pytestmark = pytest.mark.django_db
EVERYONE = ALL | {"superuser"}


class TestTokenViews(ViewAccessMixin):
    view_cases = (
        ViewCase("accounts:tokens", allowed=EVERYONE),
        ViewCase(
            "accounts:tokens", allowed=EVERYONE, method="post", data=lambda t, o: {"name": "Nøgle"}
        ),
        ViewCase(
            "accounts:token_revoke", allowed=frozenset(), obj="token", method="post", ok=(302,)
        ),
    )

    def make_token(self, organization: Organization) -> ApiToken:
        owner = make_user(organization=organization, roles=["laeser"])
        token, _raw = api_token_create(actor=owner, user=owner, name="Andens nøgle")
        return token

    def test_roles(self) -> None:
        """Revoking is only possible for the token's owner; everyone else gets a 404."""
        org = Organization.objects.create(name="Tokenkommune", kind="kommune")
        for role in ["laeser", "administrator"]:
            token = self.make_token(org)
            user = self.user_with(org, role)
            from organizations.testing import logged_in_client

            client = logged_in_client(user, org)
            assert client.get("/konto/api-noegler/").status_code == 200
            response = client.post(f"/konto/api-noegler/{token.pk}/tilbagekald/")
            assert response.status_code == 404
            token.refresh_from_db()
            assert token.revoked_at is None
            own, _raw = api_token_create(actor=user, user=user, name="Min")
            assert client.post(f"/konto/api-noegler/{own.pk}/tilbagekald/").status_code == 302
            own.refresh_from_db()
            assert own.revoked_at is not None
