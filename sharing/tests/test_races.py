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


@postgres_race
def test_postgres_two_administrators_joining_the_benchmarks_at_once_make_one_participation(
    round_: int,
) -> None:
    from sharing.models import BenchmarkParticipation
    from sharing.tests.test_benchmarks import municipality

    org = municipality(0, join=False)
    admins = [make_user(organization=org, roles=["administrator"]) for _ in range(2)]

    outcomes = race(
        *(
            (lambda admin=admin: services.benchmark_join(actor=admin, organization=org))
            for admin in admins
        )
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
    assert BenchmarkParticipation.objects.filter(organization=org).count() == 1


@postgres_race
def test_postgres_leaving_while_the_nightly_run_computes_leaves_no_own_value(round_: int) -> None:
    from sharing.benchmarks import compute
    from sharing.models import BenchmarkValue
    from sharing.tests.test_benchmarks import YEAR, municipality

    orgs = [municipality(i) for i in range(6)]
    admin = make_user(organization=orgs[0], roles=["administrator"])

    outcomes = race(
        lambda: compute(period=YEAR),
        lambda: services.benchmark_leave(actor=admin, organization=orgs[0]),
    )

    assert outcomes == [None, None]
    # Whichever came first, the municipality that left has no stored value after both.
    if BenchmarkValue.objects.filter(organization=orgs[0]).exists():
        raise AssertionError("a value of a municipality that left is stored")
