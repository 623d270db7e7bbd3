"""A solution review's states on the shared workflow mechanism: planlagt → gennemført, or
aflyst. Completing re-reads the review under its row lock and refuses while any checklist
item is unanswered or a finding lacks an owner or a due date; it then writes the answers'
facts onto the usage through the portfolio's own audited service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.workflow import Machine, Transition
from portfolio.services import usage_update
from reviews import choices as c
from reviews.models import SolutionReview

S = c.ReviewStatus
CHANGE = "reviews.change"


def _all_answered(review: SolutionReview, fields: Mapping[str, Any]) -> None:
    missing = review.unanswered()
    if missing:
        questions = {i["key"]: i["question"]["da"] for i in review.checklist_items}
        raise ValidationError(
            _("Gennemgangen kan ikke afsluttes, før alle punkter er besvaret. Mangler: %(items)s")
            % {"items": "; ".join(f"»{questions.get(k, k)}«" for k in missing)}
        )
    incomplete = [
        f.text[:60]
        for f in review.findings.filter(status=c.ActionStatus.OPEN)
        if f.due_date is None or (f.owner_id is None and not f.owner_name)
    ]
    if incomplete:
        raise ValidationError(
            _("Hver handling skal have en ansvarlig og en frist: %(items)s")
            % {"items": "; ".join(f"»{t}«" for t in incomplete)}
        )


def facts_from_answers(review: SolutionReview, held: Any) -> dict[str, Any]:
    """The usage fields the answers set (items with a ``fact``; "ikke relevant" sets
    nothing)."""
    values: dict[str, Any] = {}
    for item in review.checklist_items:
        fact = item.get("fact")
        answer = (review.answers.get(item["key"]) or {}).get("value")
        if not fact or answer not in (c.Answer.OK, c.Answer.FINDING):
            continue
        for name in fact["fields"]:
            values[name] = fact["ok"] if answer == c.Answer.OK else fact["finding"]
        if fact.get("date"):
            values[fact["date"]] = held
    return values


def _completed(review: SolutionReview, actor: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    review.held_date = fields.get("held_date") or review.held_date or timezone.localdate()
    if fields.get("summary"):
        review.summary = fields["summary"]
    facts = facts_from_answers(review, review.held_date)
    usage = review.usage
    changed = {k: v for k, v in facts.items() if getattr(usage, k) != v}
    if changed:
        usage_update(actor=actor, usage=usage, **changed)
    return {"usage_facts": {k: str(v) for k, v in changed.items()}} if changed else {}


def _cancelled(review: SolutionReview, actor: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    review.cancel_reason = fields["reason"]
    return {}


REVIEW_WORKFLOW = Machine(
    name="reviews.review",
    model=SolutionReview,
    field="status",
    states=tuple(S.values),
    final=(S.COMPLETED, S.CANCELLED),
    deadline="planned_date",
    transitions=(
        Transition(
            "complete",
            (S.PLANNED,),
            S.COMPLETED,
            permission=CHANGE,
            check=_all_answered,
            apply=_completed,
            refusal=gettext_lazy("Kun en planlagt gennemgang kan afsluttes."),
        ),
        Transition(
            "cancel",
            (S.PLANNED,),
            S.CANCELLED,
            permission=CHANGE,
            apply=_cancelled,
            required={"reason": gettext_lazy("Skriv hvorfor gennemgangen aflyses.")},
            refusal=gettext_lazy("Kun en planlagt gennemgang kan aflyses."),
        ),
    ),
)

TRANSITION_LABELS = {
    "complete": gettext_lazy("Afslut gennemgangen"),
    "cancel": gettext_lazy("Aflys"),
}
