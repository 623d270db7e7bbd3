"""Demo data of solution reviews for Eksempel Kommune (synthetic): governance plans for
the critical systems in operation (one quarterly plan last tested 20-05-2025, so its test
is overdue), and a year of reviews held by the kontrolorgan with findings — some actions
closed, some open and overdue — plus planned reviews, one of them past its date.

Written through the app's services (audited, permission-checked as the demo's arkitekt),
so the demo shows the same history a real municipality would get."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portfolio import choices as pc
from portfolio.models import SystemUsage
from reviews import choices as c
from reviews import services
from reviews.models import GovernancePlan, SolutionReview

OVERDUE_PLAN_TESTED = date(2025, 5, 20)
NOTES = {
    c.Answer.FINDING: "Syntetisk fund fra demo-gennemgangen.",
    c.Answer.OK: "",
    c.Answer.NOT_RELEVANT: "",
}


def _critical(kommune: Any) -> list[SystemUsage]:
    return list(
        SystemUsage.objects.filter(organization=kommune, lifecycle=pc.Lifecycle.OPERATIONAL)
        .filter(
            Q(criticality=pc.Level.HIGH)
            | Q(business_critical=True)
            | Q(data_sensitivity__in=[pc.DataSensitivity.SENSITIVE, pc.DataSensitivity.CRIMINAL])
        )
        .select_related("catalog_system")
        .order_by("pk")[:24]
    )


def seed(result: Any) -> int:
    """Seed plans and reviews; returns how many reviews were created (0 when the kommune
    already has reviews)."""
    kommune = result.kommune
    if SolutionReview.objects.filter(organization=kommune).exists():
        return 0
    actor = result.users.get("arkitekt")
    owner = result.users.get("systemejer")
    rng = random.Random(4711)  # noqa: S311 - synthetic data
    today = timezone.localdate()
    usages = _critical(kommune)
    if actor is None or not usages:
        return 0
    with transaction.atomic():
        _plans(actor, owner, usages, rng, today)
        return _reviews(actor, owner, usages, rng, today)


def _plans(
    actor: Any, owner: Any, usages: list[SystemUsage], rng: random.Random, today: date
) -> None:
    cadences = [pc.Cadence.QUARTERLY, pc.Cadence.HALF_YEARLY, pc.Cadence.YEARLY]
    for index, usage in enumerate(usages[:16]):
        if GovernancePlan.objects.filter(usage=usage).exists():
            continue
        overdue = index == 0
        cadence = pc.Cadence.QUARTERLY if overdue else rng.choice(cadences)
        tested = OVERDUE_PLAN_TESTED if overdue else today - timedelta(days=rng.randint(5, 60))
        services.plan_create(
            actor=actor,
            organization=usage.organization,
            usage=usage,
            update_windows="Tirsdag kl. 18-22 efter aftale med driften",
            test_procedure="Testplan i leverandørens testmiljø; brugertest af kerneforløb på "
            "pc, iOS og Android før idriftsættelse",
            update_approver="Systemejer",
            rollback="Leverandøren genindlæser forrige version inden for 4 timer",
            user_communication="Nyhed på intranettet tre dage før; driftsstatus på dagen",
            update_cadence=rng.choice(cadences),
            test_cadence=cadence,
            responsible=owner if index % 2 == 0 else None,
            responsible_name="" if index % 2 == 0 else "Syntetisk Styringsansvarlig",
            last_tested=tested,
        )


def _answers(review: SolutionReview, rng: random.Random, findings: int) -> dict[str, Any]:
    keys = [item["key"] for item in review.checklist_items]
    finding_keys = set(rng.sample(keys, min(findings, len(keys))))
    return {
        key: {
            "value": c.Answer.FINDING
            if key in finding_keys
            else rng.choice([c.Answer.OK, c.Answer.OK, c.Answer.OK, c.Answer.NOT_RELEVANT]),
            "note": NOTES[c.Answer.FINDING] if key in finding_keys else "",
        }
        for key in keys
    }


def _reviews(
    actor: Any, owner: Any, usages: list[SystemUsage], rng: random.Random, today: date
) -> int:
    created = 0
    held = usages[:10]
    for index, usage in enumerate(held):
        planned = today - timedelta(days=30 + index * 33)
        review = services.review_create(
            actor=actor,
            organization=usage.organization,
            usage=usage,
            planned_date=planned,
            participants=[u for u in (actor, owner) if u is not None],
            other_participants="Kontrolorganet",
        )
        review = services.review_answer(
            actor=actor, review=review, answers=_answers(review, rng, 1 + index % 3)
        )
        for finding in review.findings.filter(owner=None, owner_name=""):
            services.finding_update(actor=actor, finding=finding, owner=owner)
        services.review_complete(
            actor=actor,
            review=review,
            held_date=planned,
            summary="Syntetisk gennemgang: løsningen lever i det væsentlige op til tjeklisten.",
        )
        # Older actions are closed; the newest stay open (some past their due date).
        for n, finding in enumerate(review.findings.order_by("pk")):
            if index >= 4 and n == 0:
                services.finding_close(
                    actor=actor,
                    finding=finding,
                    closing_note="Rettet og bekræftet af systemejeren.",
                    closed_on=min(today, planned + timedelta(days=40)),
                )
        created += 1
    for index, usage in enumerate(usages[10:13]):
        services.review_create(
            actor=actor,
            organization=usage.organization,
            usage=usage,
            planned_date=today + timedelta(days=(-10 if index == 0 else 20 * index)),
            other_participants="Kontrolorganet",
        )
        created += 1
    return created
