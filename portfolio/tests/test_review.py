"""Review of proposals to the shared catalog: services, duplicates, pages and access."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.choices import AuditAction
from core.models import AuditEvent
from core.testing import assert_constant_queries
from organizations.models import Organization
from organizations.testing import (
    SUPERUSER,
    Entity,
    ViewAccessMixin,
    ViewCase,
    logged_in_client,
    make_organization,
    make_user,
)
from portfolio import choices as c
from portfolio import selectors
from portfolio import services_review as review
from portfolio.models import CatalogSystem
from portfolio.services import catalog_create
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db


def _superuser() -> Any:
    return make_user(is_superuser=True)


def _propose(org: Organization, name: str = "Borgerblik", **fields: Any) -> CatalogSystem:
    editor = make_user(organization=org, roles=["redaktoer"])
    return catalog_create(
        actor=editor,
        organization=org,
        propose=True,
        name=name,
        business_type=c.BusinessType.FAGSYSTEM,
        **fields,
    )


# Access -------------------------------------------------------------------------------


PROPOSAL = Entity("proposal", view=SUPERUSER, change=SUPERUSER)


class TestReviewViews(ViewAccessMixin):
    view_cases = (
        ViewCase("catalog_review:list", allowed=SUPERUSER),
        ViewCase("catalog_review:detail", allowed=SUPERUSER, obj="proposal"),
        PROPOSAL.post("catalog_review:approve", lambda t, o: {"note": "Fint"}),
        PROPOSAL.post("catalog_review:reject", lambda t, o: {"reason": "Findes allerede"}),
    )

    def make_proposal(self, organization: Organization) -> CatalogSystem:
        return f.catalog_system(organization, proposed=True)


# Services -----------------------------------------------------------------------------


def test_approve_makes_the_entry_shared_and_visible_to_others() -> None:
    mine, other = make_organization(), make_organization()
    system = _propose(mine)
    assert system not in selectors.catalog_list(organization=other)

    superuser = _superuser()
    approved = review.proposal_approve(actor=superuser, system=system, note="Velkommen")

    system.refresh_from_db()
    assert (system.scope, system.proposed) == (c.Scope.GLOBAL, False)
    assert approved.owner_organization == mine  # the proposer keeps maintaining it
    assert system in selectors.catalog_list(organization=other)
    event = AuditEvent.objects.filter(object_id=str(system.pk)).latest("pk")
    assert event.organization == mine and event.action == AuditAction.UPDATE
    assert event.changes["scope"] == {"before": "local", "after": "global"}
    assert event.changes["review"]["after"]["decision"] == review.APPROVED
    assert event.changes["review"]["after"]["note"] == "Velkommen"
    [decision] = review.review_decisions(system=system)  # a record, not the audit JSON
    record = decision.record
    assert (record.transition, record.from_state, record.to_state) == (
        "approve",
        "proposed",
        "shared",
    )
    assert (record.actor, record.organization) == (superuser, mine)
    assert decision.approved and decision.note == "Velkommen"


def test_reject_clears_the_mark_and_audits_the_reason() -> None:
    mine, other = make_organization(), make_organization()
    shared = f.catalog_system(None, name="Borgerblik")
    system = _propose(mine)

    review.proposal_reject(
        actor=_superuser(),
        system=system,
        reason="  Står allerede i kataloget ",
        duplicate_of=shared,
    )

    system.refresh_from_db()
    assert (system.scope, system.proposed) == (c.Scope.LOCAL, False)
    assert system not in selectors.catalog_list(organization=other)
    [decision] = review.review_decisions(system=system)
    assert decision.decision == review.REJECTED and not decision.approved
    assert decision.reason == "Står allerede i kataloget"
    assert (decision.duplicate_of, decision.duplicate_of_name) == (shared.pk, "Borgerblik")
    assert decision.record.organization == mine
    assert (decision.record.from_state, decision.record.to_state) == ("proposed", "local")
    assert review.review_history()[0].record == decision.record


def test_reject_needs_a_reason_and_a_shared_duplicate() -> None:
    org = make_organization()
    system = _propose(org)
    with pytest.raises(ValidationError) as error:
        review.proposal_reject(actor=_superuser(), system=system, reason="   ")
    assert "reason" in error.value.message_dict
    local = f.catalog_system(org)
    with pytest.raises(ValidationError) as error:
        review.proposal_reject(actor=_superuser(), system=system, reason="x", duplicate_of=local)
    assert "duplicate_of" in error.value.message_dict
    system.refresh_from_db()
    assert system.proposed


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_only_superusers_decide(action: str) -> None:
    org = make_organization()
    system = _propose(org)
    admin = make_user(organization=org, roles=["administrator"])
    with pytest.raises(PermissionDenied):
        if action == "approve":
            review.proposal_approve(actor=admin, system=system)
        else:
            review.proposal_reject(actor=admin, system=system, reason="Nej")
    system.refresh_from_db()
    assert system.proposed and system.scope == c.Scope.LOCAL


def test_an_entry_that_is_not_proposed_is_refused() -> None:
    org = make_organization()
    system = f.catalog_system(org)
    with pytest.raises(ValidationError, match="ikke foreslået"):
        review.proposal_approve(actor=_superuser(), system=system)
    decided = _propose(org)
    review.proposal_approve(actor=_superuser(), system=decided)
    with pytest.raises(ValidationError, match="ikke foreslået"):
        review.proposal_reject(actor=_superuser(), system=decided, reason="For sent")
    assert len(review.review_decisions(system=decided)) == 1


def test_approve_refuses_a_local_parent_and_a_deactivated_entry() -> None:
    org = make_organization()
    parent = f.catalog_system(org)
    child = _propose(org, name="Modul", parent=parent)
    with pytest.raises(ValidationError, match="overordnede"):
        review.proposal_approve(actor=_superuser(), system=child)
    off = _propose(org, name="Slukket", deactivated=True)
    with pytest.raises(ValidationError, match="deaktiveret"):
        review.proposal_approve(actor=_superuser(), system=off)


# Duplicates ---------------------------------------------------------------------------


def test_duplicates_by_name_former_name_and_vendor() -> None:
    org, other = make_organization(), make_organization()
    kmd, acme = f.vendor(None, name="KMD"), f.vendor(None, name="Acme")
    same_name = f.catalog_system(None, name="KMD Nexus", vendor=acme)
    former = f.catalog_system(None, name="Omsorg Pro", former_names="Gammel; Nexus Omsorg")
    similar = f.catalog_system(None, name="Nexus", vendor=kmd)
    f.catalog_system(None, name="Nexus", vendor=acme, scope=c.Scope.LOCAL)  # not shared
    f.catalog_system(None, name="SD Løn", vendor=kmd)  # same vendor, unrelated name
    proposal = _propose(org, name="kmd-nexus", former_names="Nexus omsorg", vendor=kmd)
    twin = _propose(other, name="KMD  Nexus")
    lonely = _propose(org, name="Helt nyt system")

    rows = {row.system.pk: row for row in review.proposal_list()}

    found = {(d.system.pk, d.same_name, d.proposal) for d in rows[proposal.pk].duplicates}
    assert found == {
        (same_name.pk, True, False),
        (former.pk, True, False),
        (similar.pk, False, False),
        (twin.pk, True, True),
    }
    assert rows[proposal.pk].exact_duplicate
    assert set(rows[proposal.pk].global_duplicates) == {same_name, former, similar}
    assert rows[lonely.pk].duplicates == ()
    assert not rows[lonely.pk].exact_duplicate
    assert [d.system.pk for d in rows[twin.pk].duplicates][:1] == [same_name.pk]
    assert review.proposal_get(pk=proposal.pk).duplicates == rows[proposal.pk].duplicates


def test_name_matching_helpers() -> None:
    assert review.normalise_name(" Sbsys_ESDH!! ") == "sbsys esdh"
    assert review.similar("opus økonomi", "opus okonomi")
    assert not review.similar("sd", "sd løn")
    assert not review.similar("nexus", "aula")


def test_proposal_list_is_two_queries(django_assert_num_queries: Any) -> None:
    org = make_organization()
    vendor = f.vendor(None)
    for n in range(5):
        _propose(org, name=f"Forslag {n}", vendor=vendor)
        f.catalog_system(None, name=f"Forslag {n} Plus", vendor=vendor)
    with django_assert_num_queries(2):
        rows = review.proposal_list()
        assert rows and all(row.duplicates for row in rows)
        assert all(d.system.vendor and d.system.vendor.name for row in rows for d in row.duplicates)


# Pages --------------------------------------------------------------------------------


def test_list_shows_proposals_duplicates_and_history() -> None:
    org = make_organization(name="Forslagskommune")
    f.catalog_system(None, name="Borgerblik")
    pending = _propose(org)
    decided = _propose(org, name="Afvist system")
    review.proposal_reject(actor=_superuser(), system=decided, reason="Dublet af noget")
    client = logged_in_client(_superuser())

    html = client.get(reverse("catalog_review:list")).content.decode()

    assert reverse("catalog_review:detail", args=[pending.pk]) in html
    assert "Forslagskommune" in html and "Samme navn:" in html
    assert "Dublet af noget" in html and "Afvist" in html


def test_list_query_count_is_constant() -> None:
    org = make_organization()
    superuser = _superuser()
    client = logged_in_client(superuser)

    def add(n: int) -> None:
        for i in range(n):
            system = _propose(org, name=f"System {n}-{i}", vendor=f.vendor(None))
            f.catalog_system(None, name=f"System {n}-{i}", vendor=system.vendor)
            if i % 2:
                review.proposal_reject(actor=superuser, system=system, reason="Nej")

    assert_constant_queries(client, reverse("catalog_review:list"), add)


def test_detail_approve_and_reject_through_the_pages() -> None:
    org = make_organization()
    shared = f.catalog_system(None, name="Borgerblik")
    first, second = _propose(org), _propose(org, name="Andet system")
    client = logged_in_client(_superuser())

    page = client.get(reverse("catalog_review:detail", args=[first.pk])).content.decode()
    assert "Et system med samme navn står allerede i det fælles katalog" in page

    missing = client.post(reverse("catalog_review:reject", args=[first.pk]), {"reason": ""})
    assert missing.status_code == 400
    first.refresh_from_db()
    assert first.proposed

    rejected = client.post(
        reverse("catalog_review:reject", args=[first.pk]),
        {"reason": "Brug den fælles", "duplicate_of": shared.pk},
    )
    assert rejected.status_code == 302
    first.refresh_from_db()
    assert not first.proposed
    assert review.review_decisions(system=first)[0].duplicate_of == shared.pk

    approved = client.post(reverse("catalog_review:approve", args=[second.pk]), {"note": ""})
    assert approved.status_code == 302
    second.refresh_from_db()
    assert second.scope == c.Scope.GLOBAL

    again = client.post(reverse("catalog_review:approve", args=[second.pk]), {"note": ""})
    assert again.status_code == 400
    assert "ikke foreslået" in again.content.decode()
    detail = client.get(reverse("catalog_review:detail", args=[second.pk])).content.decode()
    assert "Godkendt" in detail
    assert client.get(reverse("catalog_review:detail", args=[999999])).status_code == 404
    assert client.get(reverse("catalog_review:approve", args=[second.pk])).status_code == 405


def test_catalog_detail_shows_the_decision_to_the_proposing_organization_only() -> None:
    from django.urls import reverse

    from organizations.testing import logged_in_client, make_organization, make_user
    from portfolio import services
    from portfolio.services_review import proposal_reject

    org, other = make_organization(), make_organization()
    editor = make_user(organization=org, roles=["arkitekt"])
    system = services.catalog_create(
        actor=editor, organization=org, name="Lokalt ESDH", business_type="fagsystem", propose=True
    )
    admin = make_user(is_superuser=True)
    proposal_reject(actor=admin, system=system, reason="Findes allerede som Acadre.")
    page = logged_in_client(editor, org).get(reverse("portfolio:catalog_detail", args=[system.pk]))
    assert "Findes allerede som Acadre." in page.content.decode()
    outsider = make_user(organization=other, roles=["arkitekt"])
    response = logged_in_client(outsider, other).get(
        reverse("portfolio:catalog_detail", args=[system.pk])
    )
    assert "Findes allerede som Acadre." not in response.content.decode()


def test_the_proposing_organizations_audit_log_shows_the_decision_readably() -> None:
    org = make_organization()
    admin_member = make_user(organization=org, roles=["administrator"])
    system = _propose(org, name="Lokalt ESDH")
    review.proposal_reject(actor=_superuser(), system=system, reason="Dublet af Acadre.")
    page = (
        logged_in_client(admin_member, org).get(reverse("organizations:audit_log")).content.decode()
    )
    assert "Behandling af katalogforslag" in page
    assert "Begrundelse: Dublet af Acadre." in page
    assert "{&#x27;" not in page  # no raw dict
