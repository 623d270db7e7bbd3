"""The whole path through the services and the pages, once (the detailed tests are per
module)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from organizations.testing import logged_in_client, make_organization, make_user
from portfolio.models import CatalogSystem, KleSubject, SystemUsage
from procurement import services
from procurement.choices import Stage
from procurement.models import ProcurementRequest
from procurement.questions import blocking

pytestmark = pytest.mark.django_db


def test_a_request_from_idea_to_operation() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    architect = make_user(organization=org, roles=["arkitekt"])
    kle = KleSubject.objects.filter(level="emne").first()
    request = services.request_create(
        actor=buyer,
        organization=org,
        title="Bookingsystem til mødelokaler",
        problem="Lokaler bookes i regneark.",
        budget_one_off=Decimal("20000"),
        budget_yearly=Decimal("5000"),
        kle_subjects=[kle] if kle else [],
    )
    client = logged_in_client(buyer, org)
    assert client.get(reverse("procurement:request_list")).status_code == 200
    page = client.get(request.get_absolute_url())
    assert page.status_code == 200, page.content[:2000]
    services.request_move(actor=buyer, request=request, transition_name="clarify")
    assert blocking(request)
    with pytest.raises(Exception, match="spørgsmål"):
        services.request_move(actor=buyer, request=request, transition_name="to_decision")
    for item in blocking(request):
        services.answer_set(
            actor=buyer, request=request, question_key=item.question.key, value="ja"
        )
    services.request_move(actor=buyer, request=request, transition_name="to_decision")
    for item in blocking(request):
        services.answer_set(
            actor=buyer, request=request, question_key=item.question.key, value="nej"
        )
        services.answer_override(
            actor=architect, request=request, question_key=item.question.key, reason="Aftalt"
        )
    services.request_move(
        actor=buyer,
        request=request,
        transition_name="decide",
        decision_body="team",
        decision_text="Godkendt",
    )
    for item in blocking(request):
        services.answer_set(
            actor=buyer, request=request, question_key=item.question.key, value="ja"
        )
    services.request_move(actor=buyer, request=request, transition_name="implement")
    system = CatalogSystem.objects.create(name="Lokalebooking", business_type="fagsystem")
    moved = services.request_move(
        actor=buyer, request=request, transition_name="go_live", catalog_system=system
    )
    assert moved.stage == Stage.I_DRIFT
    assert SystemUsage.objects.filter(organization=org, catalog_system=system).exists()
    page = client.get(request.get_absolute_url())
    assert page.status_code == 200
    assert client.get(reverse("procurement:leadtime")).status_code == 200
    assert (
        client.get(reverse("procurement:request_kravbilag", args=[request.pk])).status_code == 200
    )
    assert ProcurementRequest.objects.get(pk=request.pk).usage is not None
