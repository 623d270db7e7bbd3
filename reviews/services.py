"""Audited writes of solution reviews, their findings, governance plans and cadences."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.concurrency import Conflict
from core.permissions import require
from core.services import create_audited, delete_audited, update_audited
from core.workflow import transition
from knowledge.reviews import review_knowledge
from organizations.models import Organization
from portfolio.models import SystemUsage
from reviews import choices as c
from reviews.models import CadenceOverride, Finding, GovernancePlan, SolutionReview
from reviews.selectors import owners_of
from reviews.workflow import CHANGE, REVIEW_WORKFLOW

PLAN_CHANGE = "plan.change"
FINDING_DAYS = 90
"""A finding's default due date: this many days after the review."""


def _same_org(organization: Organization, name: str, obj: Any) -> None:
    if obj is not None and obj.organization_id != organization.pk:
        raise ValidationError({name: _("Findes ikke i organisationen.")})


def _members_only(organization: Organization, name: str, users: Any) -> None:
    for user in users or ():
        if not user.memberships.filter(organization=organization).exists():
            raise ValidationError(
                {
                    name: _("%(user)s er ikke medlem af organisationen.")
                    % {"user": user.get_username()}
                }
            )


def strategy_of(organization: Organization) -> str:
    """The municipality's strategy: the one chosen in its latest assessment, else the one
    its latest completed assessment recommends ("" when there is none)."""
    from advisor.models import Assessment

    latest = (
        Assessment.objects.filter(organization=organization)
        .exclude(chosen_option="")
        .order_by("-chosen_at")
        .values_list("chosen_option", flat=True)
        .first()
    )
    if latest:
        return latest
    recommended = (
        Assessment.objects.filter(organization=organization, status="completed")
        .order_by("-completed_at", "-pk")
        .values_list("result__recommended", flat=True)
        .first()
    )
    return str(recommended or "")


# Reviews --------------------------------------------------------------------------------


def review_create(
    *, actor: Any, organization: Organization, usage: SystemUsage, planned_date: date, **fields: Any
) -> SolutionReview:
    """Plan a review of ``usage`` with the checklist of the municipality's strategy (kept
    with the review, with its version). Without participants: the usage's systemejere."""
    require(actor, organization, CHANGE)
    _same_org(organization, "usage", usage)
    participants = fields.pop("participants", None)
    _members_only(organization, "participants", participants)
    checklist = review_knowledge().checklist_for(strategy_of(organization))
    if participants is None:
        roles = owners_of([usage.pk]).get(usage.pk, [])
        participants = [r.user for r in roles if r.user is not None]
    return create_audited(
        model=SolutionReview,
        actor=actor,
        organization=organization,
        usage=usage,
        planned_date=planned_date,
        checklist_key=checklist.key,
        checklist_version=checklist.version,
        checklist_items=checklist.snapshot(),
        m2m={"participants": participants},
        **fields,
    )


def _require_planned(review: SolutionReview) -> None:
    if review.status != c.ReviewStatus.PLANNED:
        raise ValidationError(
            _("Gennemgangen er %(status)s og kan ikke længere ændres.")
            % {"status": review.get_status_display().lower()}
        )


def review_update(*, actor: Any, review: SolutionReview, **fields: Any) -> SolutionReview:
    require(actor, review.organization, CHANGE, review)
    _require_planned(review)
    if "usage" in fields and fields["usage"] != review.usage:
        raise ValidationError({"usage": _("En gennemgang kan ikke flyttes til et andet system.")})
    fields.pop("usage", None)
    participants = fields.pop("participants", None)
    _members_only(review.organization, "participants", participants)
    m2m = {"participants": participants} if participants is not None else None
    return update_audited(obj=review, actor=actor, m2m=m2m, **fields)


def review_delete(*, actor: Any, review: SolutionReview) -> None:
    require(actor, review.organization, CHANGE, review)
    if review.status == c.ReviewStatus.COMPLETED:
        raise ValidationError(_("En gennemført gennemgang kan ikke slettes; den er dokumentation."))
    delete_audited(obj=review, actor=actor)


def _owner_default(review: SolutionReview) -> dict[str, Any]:
    roles = owners_of([review.usage_id]).get(review.usage_id, [])
    with_user = next((r for r in roles if r.user is not None), None)
    if with_user is not None:
        return {"owner": with_user.user, "owner_name": ""}
    return {"owner": None, "owner_name": roles[0].person_name if roles else ""}


def answer_version(answer: dict[str, Any] | None) -> str:
    """The version of one checklist answer (``{"value", "note"}``, None unanswered): what
    an answers form remembers per item, to tell which items it changes and whether someone
    else answered the same item meanwhile. An answer without a value is no answer."""
    import hashlib

    value = str((answer or {}).get("value") or "")
    note = str((answer or {}).get("note") or "").strip() if value else ""
    return hashlib.sha256(f"{value}\n{note}".encode()).hexdigest()[:16]


def review_answer(
    *,
    actor: Any,
    review: SolutionReview,
    answers: dict[str, dict[str, Any]],
    opened: dict[str, str] | None = None,
) -> SolutionReview:
    """Answer checklist items (``{key: {"value": ok|finding|not_relevant|"", "note"}}``;
    "" clears an answer). A "fund" opens a finding (an action with the systemejer as owner
    and a due date), a changed answer removes the finding it had opened while the review is
    still planned. Under the review's row lock, so answers and completion never cross.

    ``opened`` (item key -> :func:`answer_version` as the user opened it): an item answered
    differently by someone else since then is a :class:`~core.concurrency.Conflict`
    (compared under the lock; nothing is saved), other items are saved over theirs."""
    require(actor, review.organization, CHANGE, review)
    keys = {item["key"]: item for item in review.checklist_items}
    errors = {}
    for key, answer in answers.items():
        if key not in keys:
            errors[key] = _("Punktet findes ikke i gennemgangens tjekliste.")
        elif not isinstance(answer, dict) or answer.get("value", "") not in (
            "",
            *c.Answer.values,
        ):
            errors[key] = _("Svaret skal være i orden, fund eller ikke relevant.")
        elif len(str(answer.get("note", "") or "")) > 2000:
            errors[key] = _("Noten må højst være 2000 tegn.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = SolutionReview.objects.select_for_update().get(pk=review.pk)
        _require_planned(locked)
        if opened is not None and any(
            answer_version(locked.answers.get(key)) not in (opened[key], answer_version(answer))
            for key, answer in answers.items()
            if key in opened
        ):
            raise Conflict(locked)
        with audit.audited(actor=actor, obj=locked):
            merged = dict(locked.answers)
            for key, answer in answers.items():
                value, note = answer.get("value", ""), str(answer.get("note", "") or "").strip()
                if value:
                    merged[key] = {"value": value, "note": note}
                else:
                    merged.pop(key, None)
            locked.answers = merged
            locked.save(update_fields=["answers", "updated_at"])
        _sync_findings(actor, locked, keys)
    review.answers = locked.answers
    review.status, review.updated_at = locked.status, locked.updated_at
    return review


def _sync_findings(actor: Any, review: SolutionReview, items: dict[str, Any]) -> None:
    existing = {f.item_key: f for f in review.findings.exclude(item_key="")}
    defaults: dict[str, Any] | None = None
    for key, item in items.items():
        answer = review.answers.get(key) or {}
        finding = existing.get(key)
        if answer.get("value") == c.Answer.FINDING and finding is None:
            defaults = defaults if defaults is not None else _owner_default(review)
            note = answer.get("note") or ""
            create_audited(
                model=Finding,
                actor=actor,
                organization=review.organization,
                review=review,
                item_key=key,
                # What was found first (a list shows the start), then the checklist item.
                text=f"{note} (»{item['question']['da']}«)" if note else item["question"]["da"],
                due_date=review.planned_date + timedelta(days=FINDING_DAYS),
                **defaults,
            )
        elif (
            answer.get("value") != c.Answer.FINDING
            and finding is not None
            and finding.status == c.ActionStatus.OPEN
        ):
            delete_audited(obj=finding, actor=actor)


def review_complete(
    *, actor: Any, review: SolutionReview, held_date: date | None = None, summary: str = ""
) -> SolutionReview:
    return transition(
        REVIEW_WORKFLOW, review, "complete", actor=actor, held_date=held_date, summary=summary
    )


def review_cancel(*, actor: Any, review: SolutionReview, reason: str) -> SolutionReview:
    return transition(REVIEW_WORKFLOW, review, "cancel", actor=actor, reason=reason)


# Findings (actions) ------------------------------------------------------------------------


def _finding_fields(organization: Organization, fields: dict[str, Any]) -> None:
    if "review" in fields:
        _same_org(organization, "review", fields["review"])
    if fields.get("owner") is not None:
        _members_only(organization, "owner", [fields["owner"]])
    for name in ("status", "closed_on"):
        if name in fields:
            raise ValidationError({name: _("Luk en handling med »Luk handling«.")})


def finding_create(*, actor: Any, organization: Organization, **fields: Any) -> Finding:
    require(actor, organization, CHANGE)
    _finding_fields(organization, fields)
    return create_audited(model=Finding, actor=actor, organization=organization, **fields)


def finding_update(*, actor: Any, finding: Finding, **fields: Any) -> Finding:
    require(actor, finding.organization, CHANGE, finding)
    _finding_fields(finding.organization, fields)
    if "review" in fields and fields["review"] != finding.review:
        raise ValidationError(
            {"review": _("En handling kan ikke flyttes til en anden gennemgang.")}
        )
    return update_audited(obj=finding, actor=actor, **fields)


def finding_delete(*, actor: Any, finding: Finding) -> None:
    require(actor, finding.organization, CHANGE, finding)
    if finding.review.status == c.ReviewStatus.COMPLETED:
        raise ValidationError(
            _("En handling fra en gennemført gennemgang lukkes, den slettes ikke.")
        )
    delete_audited(obj=finding, actor=actor)


def finding_close(
    *, actor: Any, finding: Finding, closing_note: str, closed_on: date | None = None
) -> Finding:
    """Close an action with a note on what was done (the owner, or the kontrolorgan)."""
    require(actor, finding.organization, "finding.close", finding)
    if not (closing_note or "").strip():
        raise ValidationError({"closing_note": _("Skriv hvad der er gjort.")})
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.status == c.ActionStatus.CLOSED:
            raise ValidationError(_("Handlingen er allerede lukket."))
        closed = update_audited(
            obj=locked,
            actor=actor,
            status=c.ActionStatus.CLOSED,
            closed_on=closed_on or timezone.localdate(),
            closing_note=closing_note.strip(),
        )
    return closed


# Governance plans ----------------------------------------------------------------------------


def _plan_fields(organization: Organization, fields: dict[str, Any]) -> None:
    _same_org(organization, "usage", fields.get("usage"))
    if fields.get("responsible") is not None:
        _members_only(organization, "responsible", [fields["responsible"]])
    tested = fields.get("last_tested")
    if tested is not None and tested > timezone.localdate():
        raise ValidationError({"last_tested": _("Sidst testet kan ikke ligge i fremtiden.")})


def plan_create(*, actor: Any, organization: Organization, **fields: Any) -> GovernancePlan:
    require(actor, organization, PLAN_CHANGE, fields.get("usage"))
    _plan_fields(organization, fields)
    if GovernancePlan.objects.filter(usage=fields.get("usage")).exists():
        raise ValidationError({"usage": _("Systemet har allerede en styringsplan.")})
    return create_audited(model=GovernancePlan, actor=actor, organization=organization, **fields)


def plan_update(*, actor: Any, plan: GovernancePlan, **fields: Any) -> GovernancePlan:
    require(actor, plan.organization, PLAN_CHANGE, plan)
    _plan_fields(plan.organization, fields)
    if "usage" in fields and fields["usage"] != plan.usage:
        raise ValidationError({"usage": _("En styringsplan kan ikke flyttes til et andet system.")})
    fields.pop("usage", None)
    return update_audited(obj=plan, actor=actor, **fields)


def plan_delete(*, actor: Any, plan: GovernancePlan) -> None:
    require(actor, plan.organization, PLAN_CHANGE, plan)
    delete_audited(obj=plan, actor=actor)


def plan_tested(*, actor: Any, plan: GovernancePlan, tested_on: date) -> GovernancePlan:
    """Record that the plan's test was carried out on ``tested_on``."""
    return plan_update(actor=actor, plan=plan, last_tested=tested_on)


def plan_handover(
    *, actor: Any, usage: SystemUsage, responsible: Any, responsible_name: str
) -> GovernancePlan:
    """A new solution from a procurement request: its responsible person owns its
    governance plan (the procurement app's hook ``governance_plan_handover``)."""
    existing = GovernancePlan.objects.filter(usage=usage).first()
    if existing is not None:
        return existing
    return create_audited(
        model=GovernancePlan,
        actor=actor,
        organization=usage.organization,
        usage=usage,
        responsible=responsible,
        responsible_name=responsible_name[:200],
    )


# Cadence overrides ---------------------------------------------------------------------------


def _cadence_fields(fields: dict[str, Any]) -> None:
    keys = [r.key for r in review_knowledge().cadence.all_rules]
    if "rule_key" in fields and fields["rule_key"] not in keys:
        raise ValidationError(
            {"rule_key": _("Ukendt regel. Gyldige: %(keys)s") % {"keys": ", ".join(keys)}}
        )


def cadence_create(*, actor: Any, organization: Organization, **fields: Any) -> CadenceOverride:
    require(actor, organization, CHANGE)
    _cadence_fields(fields)
    return create_audited(model=CadenceOverride, actor=actor, organization=organization, **fields)


def cadence_update(*, actor: Any, cadence: CadenceOverride, **fields: Any) -> CadenceOverride:
    require(actor, cadence.organization, CHANGE, cadence)
    _cadence_fields(fields)
    return update_audited(obj=cadence, actor=actor, **fields)


def cadence_delete(*, actor: Any, cadence: CadenceOverride) -> None:
    require(actor, cadence.organization, CHANGE, cadence)
    delete_audited(obj=cadence, actor=actor)
