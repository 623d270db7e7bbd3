"""Writes to strategy assessments: versions, answers, overrides, completion and the choice.

Every function checks the permission, runs in one transaction and is audited. An
assessment is a version: a new one is numbered after the organization's newest and starts
from a previous version's answers and overrides; the portfolio's facts are computed
afresh. Only a draft can change; a completed one is read-only (copy it to a new version).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import knowledge
from advisor import facts as portfolio_facts
from advisor import results
from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from advisor.questions import QUESTIONS
from core.permissions import require
from core.registry import registry
from core.services import create_audited, update_audited
from core.workflow import Machine, Transition, transition
from engine.strategy import CaseEvidence, FactSpec, OptionKind
from organizations.models import Organization

__all__ = [
    "assessment_choose",
    "assessment_complete",
    "assessment_create",
    "assessment_refresh_facts",
    "assessment_update",
]

REASON_MAX = 1000


DRAFT_ONLY = gettext_lazy(
    "Vurderingen er afsluttet og kan ikke ændres. Opret en ny version for at ændre svarene."
)


def _draft(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(DRAFT_ONLY)


def _facts_json(organization: Organization) -> dict[str, dict[str, Any]]:
    return {
        key: fact.as_json()
        for key, fact in portfolio_facts.compute_facts(organization=organization).items()
    }


def _known_keys() -> set[str]:
    return {f.key for f in knowledge.strategy_model().facts} | {q.key for q in QUESTIONS}


def _clean_value(key: str, value: Any) -> float:
    """The value as a float within the fact's bounds in the strategy model (else a
    ValidationError on key): the same bounds the engine checks."""
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({key: _("Skal være et tal.")}) from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError({key: _("Skal være et tal.")})
    spec = results.model_specs().get(key)
    if spec is None:
        return number
    low, high = spec.bounds()
    if number < low or number > high:
        message = _("Skal være mellem %(low)s og %(high)s.") % {
            "low": _bound(spec, low),
            "high": _bound(spec, high),
        }
        raise ValidationError({key: message})
    if spec.whole and number != int(number):
        raise ValidationError({key: _("Vælg et helt tal fra 1 til 5.")})
    return number


def _bound(spec: FactSpec, value: float) -> str:
    return f"{_number(value * 100)} %" if spec.percent else _number(value)


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@transaction.atomic
def assessment_create(
    *,
    actor: Any,
    organization: Organization,
    title: str = "",
    copy_from: Assessment | None = None,
) -> Assessment:
    """A new draft version, prefilled from ``copy_from`` (default: the newest version)."""
    require(actor, organization, "strategy.change")
    if copy_from is not None and copy_from.organization_id != organization.pk:
        raise ValidationError({"copy_from": _("Vurderingen findes ikke.")})
    # Lock the organization row so two new drafts cannot take the same number.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    versions = Assessment.objects.filter(organization=organization)
    latest = versions.aggregate(latest=Max("version"))["latest"] or 0
    source = copy_from or versions.order_by("-version").first()
    facts = _facts_json(organization)
    answers = dict(source.answers) if source is not None else {}
    overrides = {}
    for key, override in (source.overrides if source is not None else {}).items():
        if (facts.get(key) or {}).get("value") is not None:
            overrides[key] = dict(override)
        else:  # no longer computed: the corrected value becomes an answer
            answers[key] = override["value"]
    return create_audited(
        model=Assessment,
        actor=actor,
        organization=organization,
        version=latest + 1,
        title=title.strip()
        or _("Strategivurdering %(year)s") % {"year": timezone.localdate().year},
        answers=answers,
        overrides=overrides,
        facts=facts,
    )


@transaction.atomic
def assessment_update(
    *,
    actor: Any,
    assessment: Assessment,
    title: str | None = None,
    answers: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Mapping[str, Any] | None] | None = None,
) -> Assessment:
    """Change a draft's title, answers and overrides (partial: only the keys given).

    ``answers``: fact key → value (``None`` clears the answer). ``overrides``: fact key →
    ``{"value", "reason"}`` for a fact the portfolio computed (``None`` removes the
    override, so the computed value applies again). An override needs a reason.
    """
    require(actor, assessment.organization, "strategy.change")
    _draft(assessment)
    known = _known_keys()
    errors: dict[str, list[str]] = {}
    new_answers = dict(assessment.answers)
    for key, value in (answers or {}).items():
        if key not in known:
            errors.setdefault(key, []).append(_("Ukendt spørgsmål."))
            continue
        if value is None or value == "":
            new_answers.pop(key, None)
            continue
        try:
            new_answers[key] = _clean_value(key, value)
        except ValidationError as exc:
            errors.setdefault(key, []).extend(exc.messages)
    new_overrides = dict(assessment.overrides)
    for key, override in (overrides or {}).items():
        if key not in known:
            errors.setdefault(key, []).append(_("Ukendt spørgsmål."))
            continue
        if override is None:
            new_overrides.pop(key, None)
            continue
        if (assessment.facts.get(key) or {}).get("value") is None:
            errors.setdefault(key, []).append(
                _("Kun værdier, som Styrbar har beregnet, kan overstyres; besvar spørgsmålet.")
            )
            continue
        reason = str(override.get("reason") or "").strip()
        if not reason:
            errors.setdefault(key, []).append(
                _("Skriv en begrundelse for at overstyre den beregnede værdi.")
            )
        elif len(reason) > REASON_MAX:
            errors.setdefault(key, []).append(
                _("Begrundelsen må højst være %(max)s tegn.") % {"max": REASON_MAX}
            )
        try:
            value = _clean_value(key, override.get("value"))
        except ValidationError as exc:
            errors.setdefault(key, []).extend(exc.messages)
            continue
        if reason and len(reason) <= REASON_MAX:
            new_overrides[key] = {"value": value, "reason": reason}
    if errors:
        raise ValidationError(errors)
    fields: dict[str, Any] = {"answers": new_answers, "overrides": new_overrides}
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("Vurderingen skal have en titel.")})
        fields["title"] = title.strip()
    return update_audited(obj=assessment, actor=actor, **fields)


@transaction.atomic
def assessment_refresh_facts(*, actor: Any, assessment: Assessment) -> Assessment:
    """Compute the portfolio facts of a draft again (after the portfolio has changed)."""
    require(actor, assessment.organization, "strategy.change")
    _draft(assessment)
    return update_audited(obj=assessment, actor=actor, facts=_facts_json(assessment.organization))


def case_evidence(organization: Organization) -> list[CaseEvidence]:
    """What the organization's own business cases say about the options (through the
    registry hook ``strategy_case_evidence``; none when no app provides it)."""
    try:
        return list(registry.call("strategy_case_evidence", organization=organization))
    except LookupError:
        return []


def _rank(assessment: Assessment, actor: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Rank the options with the engine; the full result is kept on the assessment and the
    audit event gets its gist."""
    kb = knowledge.load()
    result = results.build_result(
        results.effective_values(assessment), kb, case_evidence(assessment.organization)
    )
    assessment.result = result
    assessment.knowledge_version = kb.version
    assessment.completed_at = timezone.now()
    return {
        "recommended": result["recommended"],
        "clear_winner": result["clear_winner"],
        "scores": {o["key"]: o["score"] for o in result["strategies"] + result["others"]},
    }


ASSESSMENT_WORKFLOW = Machine(
    name="advisor.assessment",
    model=Assessment,
    states=tuple(AssessmentStatus.values),
    final=(AssessmentStatus.COMPLETED,),
    audit_exclude=("result",),
    transitions=(
        Transition(
            "complete",
            (AssessmentStatus.DRAFT,),
            AssessmentStatus.COMPLETED,
            permission="strategy.change",
            refusal=DRAFT_ONLY,
            apply=_rank,
        ),
    ),
)


def assessment_complete(*, actor: Any, assessment: Assessment) -> Assessment:
    """Rank the options with the engine and store the result; the version is then final."""
    return transition(ASSESSMENT_WORKFLOW, assessment, "complete", actor=actor)


# What a chosen strategy starts: handlers ``(*, actor, assessment, option) -> object`` that
# other apps register in their ``AppConfig.ready()`` (roadmaps generates the strategy's
# roadmap). They run inside ``assessment_choose``'s transaction, after the choice is
# recorded; advisor imports none of them.
StrategyChosenHandler = Callable[..., Any]
_STRATEGY_CHOSEN_HANDLERS: list[StrategyChosenHandler] = []


def on_strategy_chosen(handler: StrategyChosenHandler) -> None:
    """Register ``handler`` to run when a strategy is chosen (once, however often called)."""
    if handler not in _STRATEGY_CHOSEN_HANDLERS:
        _STRATEGY_CHOSEN_HANDLERS.append(handler)


@transaction.atomic
def assessment_choose(*, actor: Any, assessment: Assessment, option: str, note: str = "") -> Any:
    """Record the chosen strategy on a completed assessment and start what follows from it.

    Returns what the first registered "strategy chosen" handler returns: the roadmap that
    ``roadmaps`` generates (see ``on_strategy_chosen``).
    """
    organization = assessment.organization
    require(actor, organization, "strategy.decide")
    if assessment.status != AssessmentStatus.COMPLETED:
        raise ValidationError(_("Afslut vurderingen, før der vælges en strategi."))
    if assessment.chosen_option:
        raise ValidationError(
            _(
                "Der er allerede valgt en strategi i denne version. Opret en ny version for at "
                "vælge igen."
            )
        )
    strategies = {
        o["key"]
        for o in assessment.result.get("strategies", [])
        if o["kind"] == OptionKind.STRATEGY
    }
    if option not in strategies:
        raise ValidationError({"option": _("Vælg en af de fire strategier.")})
    update_audited(
        obj=assessment,
        actor=actor,
        chosen_option=option,
        chosen_at=timezone.now(),
        chosen_by=actor,
        decision_note=note.strip(),
    )
    started = [
        handler(actor=actor, assessment=assessment, option=option)
        for handler in _STRATEGY_CHOSEN_HANDLERS
    ]
    return started[0] if started else None
