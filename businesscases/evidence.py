"""What the organization's own business cases say about a strategy option, for the
strategy assessment (read by ``advisor`` through the registry hook
``strategy_case_evidence``, so advisor imports nothing of businesscases).

Today one option draws on a case: the driftsfællesskab. Its evidence is the newest case
of the ``shared_operations`` template the organization owns that is not rejected: the
organization's own net present value (its row in the case's "by bearer" totals - the
member lines carry the member's name as bearer) and the whole case's. A case without a
row for the organization gives the whole case's NPV as its own (it bears it all).
"""

from __future__ import annotations

from typing import Any

from businesscases.choices import CaseStatus, CaseTemplate
from businesscases.compute import compute
from businesscases.models import BusinessCase
from engine.strategy import CaseEvidence
from organizations.models import Organization

__all__ = ["OPTION_OF_TEMPLATE", "strategy_case_evidence"]

OPTION_OF_TEMPLATE = {CaseTemplate.SHARED_OPERATIONS: "driftsfaellesskab"}
"""Which strategy option a template's case speaks for."""


def strategy_case_evidence(*, organization: Organization) -> list[CaseEvidence]:
    """The evidence of the organization's newest case per option (constant queries)."""
    evidence: list[CaseEvidence] = []
    for template, option in OPTION_OF_TEMPLATE.items():
        case: Any = (
            BusinessCase.objects.filter(organization=organization, template=template)
            .exclude(status=CaseStatus.REJECTED)
            .prefetch_related("lines", "risks")
            .order_by("-updated_at", "-pk")
            .first()
        )
        if case is None:
            continue
        result = compute(case, with_simulation=False).result
        if not case.lines.all():
            continue
        own = next((b.npv for b in result.by_bearer if b.bearer == str(organization)), None)
        evidence.append(
            CaseEvidence(
                option=option,
                name=case.name,
                npv=result.npv if own is None else own,
                whole_npv=None if own is None else result.npv,
            )
        )
    return evidence
