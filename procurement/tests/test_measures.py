"""The business-case templates start from what the procurement process measured."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import TransitionRecord
from organizations.testing import logged_in_client, make_organization, make_user
from procurement import services
from procurement.choices import Stage
from procurement.leadtime import process_measures
from procurement.tests.test_workflow import make_request, own_usage, walk

pytestmark = pytest.mark.django_db


def test_decisions_and_reuse_of_the_last_year_become_template_inputs() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    assert process_measures(org) == {}
    for _ in range(2):
        walk(buyer, make_request(org, buyer), Stage.ANSKAFFELSE)
    old = walk(buyer, make_request(org, buyer), Stage.ANSKAFFELSE)
    TransitionRecord.objects.filter(object_id=str(old.pk), transition="decide").update(
        at=timezone.now() - dt.timedelta(days=400)
    )
    reused = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    services.request_move(
        actor=buyer, request=reused, transition_name="reuse", usage=own_usage(org)
    )
    other = make_organization()
    walk(make_user(organization=other, roles=["indkoeber"]), make_request(other), Stage.ANSKAFFELSE)

    measured = process_measures(org)

    assert measured["purchases_per_year"][0] == 2  # the decision 400 days ago is left out
    assert "2 anskaffelser besluttet" in measured["purchases_per_year"][1]
    assert measured["avoided_purchases_per_year"][0] == 1
    page = logged_in_client(buyer, org).get(
        reverse("businesscases:case_create_template", args=["standardised_procurement"])
    )
    form = page.context["form"]
    assert form.initial["purchases_per_year"] == 2
    assert "Målt: 2 anskaffelser besluttet" in page.content.decode()
    reuse_page = logged_in_client(buyer, org).get(
        reverse("businesscases:case_create_template", args=["reuse"])
    )
    assert reuse_page.context["form"].initial["avoided_purchases_per_year"] == 1


def test_the_advisor_reads_the_measured_lead_time_and_show_stopper_share() -> None:
    from advisor.facts import compute_facts

    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    facts = compute_facts(organization=org)
    assert facts["procurement_lead_time_days"].value is None
    assert "mindst 3" in facts["procurement_lead_time_days"].source
    now = timezone.now()
    for days in (10, 30, 50):
        request = walk(buyer, make_request(org, buyer), Stage.ANSKAFFELSE)
        type(request).objects.filter(pk=request.pk).update(
            created_at=now - dt.timedelta(days=days + 5)
        )
        TransitionRecord.objects.filter(object_id=str(request.pk), transition="decide").update(
            at=now - dt.timedelta(days=5)
        )
    held = make_request(org, buyer)
    services.request_move(actor=buyer, request=held, transition_name="clarify")
    services.answer_set(actor=buyer, request=held, question_key="kontraktvej", value="nej")
    services.request_move(
        actor=buyer,
        request=make_request(org, buyer),
        transition_name="clarify",
    )

    facts = compute_facts(organization=org)

    assert facts["procurement_lead_time_days"].value == 30.0  # the median of 10, 30, 50
    assert "median af 3 anskaffelser" in facts["procurement_lead_time_days"].source
    assert facts["show_stopper_share"].value == 0.2  # 1 of the 5 that got past idé
    assert "1 af 5" in facts["show_stopper_share"].source
