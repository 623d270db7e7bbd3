"""Double submits and two people at once: a move is taken once, and on PostgreSQL with real
parallel connections no two moves both pass a rule and no edit undoes a move."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from core.testing import postgres_race, race
from core.workflow import records
from organizations.testing import make_organization, make_user
from portfolio.models import CatalogSystem, SystemUsage
from procurement import services
from procurement.choices import Stage
from procurement.models import ProcurementRequest
from procurement.tests.test_workflow import DECISION, make_request, state_of, walk
from procurement.workflow import REQUEST_WORKFLOW

pytestmark = pytest.mark.django_db

# Double submit ------------------------------------------------------------------------------


def test_a_double_submit_from_a_stale_copy_writes_nothing_the_second_time() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer)
    first, second = (ProcurementRequest.objects.get(pk=request.pk) for _ in range(2))

    services.request_move(actor=buyer, request=first, transition_name="clarify")
    before = state_of(request)
    again = services.request_move(actor=buyer, request=second, transition_name="clarify")

    assert again.stage == Stage.AFKLARING
    assert state_of(request) == before
    assert records(REQUEST_WORKFLOW, request).count() == 1


def test_a_double_go_live_creates_one_usage() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.IMPLEMENTERING)
    system = CatalogSystem.objects.create(name="Syntetisk dobbeltklik", business_type="fagsystem")
    first, second = (ProcurementRequest.objects.get(pk=request.pk) for _ in range(2))

    services.request_move(
        actor=buyer, request=first, transition_name="go_live", catalog_system=system
    )
    services.request_move(
        actor=buyer, request=second, transition_name="go_live", catalog_system=system
    )

    assert SystemUsage.objects.filter(organization=org, catalog_system=system).count() == 1
    assert records(REQUEST_WORKFLOW, request).filter(transition="go_live").count() == 1


@postgres_race
def test_postgres_the_same_move_twice_at_once_is_taken_once(round_: int) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    copies = [ProcurementRequest.objects.get(pk=request.pk) for _ in range(2)]

    outcomes = race(
        *(
            lambda r=r: services.request_move(
                actor=buyer, request=r, transition_name="to_kontrolorgan"
            )
            for r in copies
        )
    )

    assert outcomes == [None, None]
    assert ProcurementRequest.objects.get(pk=request.pk).stage == Stage.KONTROLORGAN
    assert records(REQUEST_WORKFLOW, request).filter(transition="to_kontrolorgan").count() == 1
    assert (
        AuditEvent.objects.filter(
            object_id=str(request.pk),
            content_type__model="procurementrequest",
            changes__has_key="stage",
        )
        .exclude(action="create")
        .count()
        == 2  # clarify and to_kontrolorgan, once each
    )


@postgres_race
def test_postgres_two_go_lives_at_once_create_one_usage(round_: int) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.IMPLEMENTERING)
    system = CatalogSystem.objects.create(
        name=f"Syntetisk kapløb {round_}", business_type="fagsystem"
    )
    copies = [ProcurementRequest.objects.get(pk=request.pk) for _ in range(2)]

    outcomes = race(
        *(
            lambda r=r: services.request_move(
                actor=buyer, request=r, transition_name="go_live", catalog_system=system
            )
            for r in copies
        )
    )

    assert outcomes == [None, None]
    row = ProcurementRequest.objects.get(pk=request.pk)
    assert row.stage == Stage.I_DRIFT and row.usage is not None
    assert SystemUsage.objects.filter(organization=org, catalog_system=system).count() == 1
    assert records(REQUEST_WORKFLOW, request).filter(transition="go_live").count() == 1


@postgres_race
def test_postgres_reject_and_decide_at_once_cannot_both_pass(round_: int) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.BESLUTNING)
    one, two = (ProcurementRequest.objects.get(pk=request.pk) for _ in range(2))

    outcomes = race(
        lambda: services.request_move(
            actor=buyer, request=one, transition_name="reject", reason="For dyrt"
        ),
        lambda: services.request_move(
            actor=buyer, request=two, transition_name="decide", **DECISION
        ),
    )

    failed = [o for o in outcomes if o is not None]
    assert len(failed) == 1 and isinstance(failed[0], ValidationError)
    assert "ikke tilladt" in failed[0].messages[0]
    row = ProcurementRequest.objects.get(pk=request.pk)
    assert row.stage in (Stage.AFVIST, Stage.ANSKAFFELSE)
    assert records(REQUEST_WORKFLOW, request).filter(from_state=Stage.BESLUTNING).count() == 1


@postgres_race
def test_postgres_an_edit_at_the_same_time_as_a_rejection_never_undoes_it(round_: int) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    one, two = (ProcurementRequest.objects.get(pk=request.pk) for _ in range(2))

    outcomes = race(
        lambda: services.request_update(actor=buyer, request=one, title="Rettet samtidig"),
        lambda: services.request_move(
            actor=buyer, request=two, transition_name="reject", reason="For dyrt"
        ),
    )

    row = ProcurementRequest.objects.get(pk=request.pk)
    assert row.stage == Stage.AFVIST
    assert outcomes[1] is None
    if outcomes[0] is None:  # the edit came first
        assert row.title == "Rettet samtidig"
    else:  # the rejection came first: the edit is refused, not saved over it
        assert isinstance(outcomes[0], ValidationError)
        assert "afsluttet" in outcomes[0].messages[0]
        assert row.title != "Rettet samtidig"
