"""Each agenda item's case papers, for the meeting page and the API.

A request (or an exception on one): its questions with answers and status, the reuse
candidates (:func:`procurement.reuse.candidates`) and the business case's summary
(:mod:`businesscases.compute`, without simulation). A due item: its link (e.g. the
solution review's page) and due date. Papers are read for one item at a time, when the
item is shown (the meeting page opens them on request).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from businesscases.compute import compute
from controlbody.models import AgendaItem
from procurement import reuse
from procurement.questions import asked


@dataclass
class CasePapers:
    answers: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    business_case: dict[str, Any] | None = None
    link: str = ""


def _case(case: Any) -> dict[str, Any]:
    result = compute(case, with_simulation=False).result
    payback = result.payback
    return {
        "id": case.pk,
        "name": case.name,
        "status": case.get_status_display(),
        "url": case.get_absolute_url(),
        "npv": Decimal(result.npv).quantize(Decimal("0.01")),
        "npv_after_risks": Decimal(result.npv_after_risks).quantize(Decimal("0.01")),
        "payback_year": None if payback is None else case.start_year + payback.year,
        "horizon": case.horizon,
    }


def papers_for(item: AgendaItem) -> CasePapers:
    request = item.request
    if request is None:
        return CasePapers(link=item.link)
    answers = [
        {
            "question": a.question.text,
            "stage": a.question.stage_label,
            "stops": a.question.stops,
            "status": a.status,
            "value": a.answer.get_value_display() if a.answer else "",
            "note": a.answer.note if a.answer else "",
            "override_reason": a.answer.override_reason if a.answer else "",
        }
        for a in asked(request)
    ]
    candidates = [
        {"kind": x.kind_label, "name": x.name, "score": x.score, "reasons": x.reasons, "url": x.url}
        for x in reuse.candidates(request)
    ]
    case = request.business_case
    return CasePapers(
        answers=answers,
        candidates=candidates,
        business_case=_case(case) if case is not None else None,
        link=item.link,
    )
