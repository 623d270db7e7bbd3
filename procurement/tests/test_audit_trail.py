"""A request's audit trail names channels, strategies and chosen requirements as a person
reads them, never by their keys."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from core.audit_display import readable
from core.models import AuditEvent
from knowledge.loader import load
from knowledge.procurement import procurement_knowledge
from organizations.testing import make_organization, make_user
from procurement import services

pytestmark = pytest.mark.django_db


def _shown(org: Any) -> str:
    events = AuditEvent.objects.filter(organization=org).order_by("id")
    return repr(
        [
            (line.label, [str(v) for v in line.before], [str(v) for v in line.after])
            for _ev, lines in readable(events)
            for line in lines
        ]
    )


def test_channels_strategy_requirements_and_local_strategies_read_as_names() -> None:
    org = make_organization()
    actor = make_user(organization=org, roles=["arkitekt", "indkoeber"])
    option = load().strategies.options[0]
    with translation.override("da"):
        request = services.request_create(
            actor=actor,
            organization=org,
            title="Nyt bookingsystem",
            problem="Borgerne kan ikke booke tider digitalt.",
            channels=["self_service", "in_person"],
            strategy=option.key,
        )
        offered = procurement_knowledge().requirements_for(request.strategy)[:2]
        services.requirements_set(actor=actor, request=request, keys=[r.key for r in offered])
        services.local_question_create(
            actor=actor,
            organization=org,
            key="lokal_sikkerhed",
            text="Er it-sikkerhedsudvalget orienteret?",
            stage="kontrolorgan",
            addressee="arkitekt",
            strategies=[option.key],
        )
        shown = _shown(org)
    assert "Digital selvbetjening, Personligt fremmøde" in shown
    assert option.name.da in shown
    for requirement in offered:
        assert requirement.title.da in shown
        assert f"'{requirement.key}" not in shown
    for internal in ("self_service", "in_person", f"'{option.key}'"):
        assert internal not in shown, internal
