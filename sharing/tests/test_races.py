"""Two administrators at once on PostgreSQL (real connections): the same category is never
granted twice, and a grant revoked while another is given ends up exactly as asked."""

from __future__ import annotations

from core.testing import postgres_race, race
from organizations.testing import make_organization, make_user
from sharing import services
from sharing.models import SharingGrant
from sharing.tests.helpers import community


@postgres_race
def test_postgres_the_same_category_granted_twice_at_once_is_one_grant(round_: int) -> None:
    member = make_organization()
    df = community(member)
    admins = [make_user(organization=member, roles=["administrator"]) for _ in range(2)]

    outcomes = race(
        *(
            (
                lambda admin=admin: services.grant_create(
                    actor=admin, organization=member, recipient=df, categories=["usages"]
                )
            )
            for admin in admins
        )
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
    assert SharingGrant.objects.filter(organization=member, recipient=df).count() == 1
