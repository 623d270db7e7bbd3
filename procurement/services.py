"""Audited writes of procurement requests, their answers and conditions.

Permissions: ``procurement.change`` (every role but læser) submits and edits open
requests and answers their questions; ``procurement.run`` (indkøber, arkitekt,
administrator) moves them through the stages and sets conditions;
``procurement.override`` (arkitekt, administrator) overrides a show stopper with a reason;
``procurement.questions`` (arkitekt, administrator) keeps the local questions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require
from core.registry import registry
from core.services import create_audited, delete_audited, touch, update_audited
from core.workflow import transition
from knowledge.procurement import procurement_knowledge
from organizations.models import Membership, Organization
from portfolio import choices as pc
from portfolio.models import CatalogSystem, Contract, RoleType, SystemUsage, UsageRole
from procurement import choices as c
from procurement import notify
from procurement.models import Answer, Condition, LocalQuestion, ProcurementRequest
from procurement.questions import questions
from procurement.workflow import REQUEST_WORKFLOW

CHANGE, RUN = "procurement.change", "procurement.run"


# Requests --------------------------------------------------------------------------------


def _check_fields(organization: Organization, fields: dict[str, Any]) -> None:
    unit = fields.get("unit")
    if unit is not None and unit.organization_id != organization.pk:
        raise ValidationError({"unit": _("Enheden findes ikke i organisationen.")})
    process = fields.get("business_process")
    if process is not None and process.organization_id != organization.pk:
        raise ValidationError({"business_process": _("Processen findes ikke i organisationen.")})
    case = fields.get("business_case")
    if case is not None and case.organization_id != organization.pk:
        raise ValidationError({"business_case": _("Findes ikke i organisationen.")})
    channels = fields.get("channels")
    if channels is not None:
        # A list of known channel names, each once (the API may send any JSON here).
        items = list(channels) if isinstance(channels, list | tuple) else None
        unknown = (
            [channels]
            if items is None
            else [x for x in items if not isinstance(x, str) or x not in c.Channel.values]
        )
        if unknown or len(set(items or ())) != len(items or ()):
            raise ValidationError(
                {
                    "channels": _("Ukendt eller gentaget kanal: %(v)s")
                    % {"v": ", ".join(map(str, unknown)) or "-"}
                }
            )
    responsible = fields.get("responsible")
    if (
        responsible is not None
        and not Membership.objects.filter(organization=organization, user=responsible).exists()
    ):
        raise ValidationError(
            {"responsible": _("Den ansvarlige er ikke medlem af organisationen.")}
        )
    strategy = fields.get("strategy")
    if strategy:
        from knowledge.loader import load

        if strategy not in {o.key for o in load().strategies.options}:
            raise ValidationError({"strategy": _("Ukendt styringsstrategi.")})


PROTECTED = ("stage", "stage_since", "submitted_by", "submitted_by_id")
"""Set by the workflow and the submission only, never by an edit."""


def _split(fields: dict[str, Any]) -> dict[str, Any]:
    return {"kle_subjects": list(fields.pop("kle_subjects"))} if "kle_subjects" in fields else {}


def default_strategy(organization: Organization) -> str:
    """The strategy the municipality chose in the advisor ("" when none is chosen)."""
    from advisor.models import Assessment

    chosen = (
        Assessment.objects.filter(organization=organization)
        .exclude(chosen_option="")
        .order_by("-chosen_at")
        .values_list("chosen_option", flat=True)
        .first()
    )
    return chosen or ""


def request_create(*, actor: Any, organization: Organization, **fields: Any) -> ProcurementRequest:
    """Submit a need (stage idé). The strategy defaults to the municipality's chosen one."""
    require(actor, organization, CHANGE)
    for protected in PROTECTED:
        fields.pop(protected, None)
    fields.setdefault("strategy", "")
    if not fields["strategy"]:
        fields["strategy"] = default_strategy(organization)
    _check_fields(organization, fields)
    m2m = _split(fields)
    user = actor if getattr(actor, "is_authenticated", False) else None
    created = create_audited(
        model=ProcurementRequest,
        actor=actor,
        organization=organization,
        submitted_by=user,
        m2m=m2m,
        **fields,
    )
    notify.questions_addressed(request=created)
    return created


def _require_open(request: ProcurementRequest) -> None:
    if request.ended:
        raise ValidationError(
            _("Anmodningen er afsluttet (%(stage)s) og kan ikke ændres.")
            % {"stage": request.get_stage_display()}
        )


def request_update(*, actor: Any, request: ProcurementRequest, **fields: Any) -> ProcurementRequest:
    require(actor, request.organization, CHANGE, request)
    _require_open(request)
    for protected in PROTECTED:
        fields.pop(protected, None)
    _check_fields(request.organization, fields)
    m2m = _split(fields)
    with transaction.atomic():
        _fresh(request)
        return update_audited(obj=request, actor=actor, m2m=m2m or None, **fields)


def _fresh(request: ProcurementRequest) -> None:
    """Re-read the request under a row lock before an edit saves it, so a copy read before a
    concurrent move neither undoes the move (stage, decision, hand-over) nor edits a request
    that has ended meanwhile."""
    request.refresh_from_db(from_queryset=ProcurementRequest.objects.select_for_update())
    _require_open(request)


def request_delete(*, actor: Any, request: ProcurementRequest) -> None:
    """Only an idea that has not started may be deleted; later it is withdrawn."""
    require(actor, request.organization, CHANGE, request)
    if request.stage != c.Stage.IDE:
        raise ValidationError(
            _("Kun en idé kan slettes. En anmodning i gang trækkes tilbage, så forløbet bevares.")
        )
    delete_audited(obj=request, actor=actor)


# Stages ----------------------------------------------------------------------------------


def _own(organization: Organization, model: type[Any], obj: Any, field: str) -> None:
    if obj is not None and getattr(obj, "organization_id", None) != organization.pk:
        raise ValidationError({field: _("Findes ikke i organisationen.")})


def request_move(
    *, actor: Any, request: ProcurementRequest, transition_name: str, **fields: Any
) -> ProcurementRequest:
    """Take the declared transition ``transition_name`` with its fields (see workflow)."""
    org = request.organization
    _own(org, SystemUsage, fields.get("usage"), "usage")
    _own(org, Contract, fields.get("contract"), "contract")
    # By name or by target stage ("i_drift" is go_live too): the hand-over must not be skipped.
    if REQUEST_WORKFLOW.get(request, transition_name).name == "go_live":
        moved = _go_live(actor, request, fields)
    else:
        moved = transition(REQUEST_WORKFLOW, request, transition_name, actor=actor, **fields)
    notify.request_moved(actor=actor, request=moved, reason=str(fields.get("reason") or ""))
    return moved


def _go_live(actor: Any, request: ProcurementRequest, fields: dict[str, Any]) -> ProcurementRequest:
    """Implementering → i drift, creating or linking the usage (and contract)."""
    require(actor, request.organization, RUN, request)
    usage, system = fields.get("usage"), fields.get("catalog_system")
    if usage is None and system is None:
        raise ValidationError(
            {
                "usage": _(
                    "Vælg systemet i porteføljen, eller vælg et katalogsystem at oprette det fra."
                )
            }
        )
    if (
        system is not None
        and system.scope != pc.Scope.GLOBAL
        and system.owner_organization_id != request.organization_id
    ):
        raise ValidationError({"catalog_system": _("Systemet findes ikke i kataloget.")})
    with transaction.atomic():
        moved = transition(
            REQUEST_WORKFLOW,
            request,
            "go_live",
            actor=actor,
            usage=usage,
            catalog_system=system,
            contract=fields.get("contract"),
        )
        if moved.usage_id is None:
            if usage is None:
                assert system is not None
                usage = handover_usage(actor, moved, system)
            contract = fields.get("contract")
            if contract is not None:
                with audit.audited(actor=actor, obj=contract):
                    contract.usages.add(usage)
            update_audited(obj=moved, actor=actor, usage=usage, contract=contract)
    return moved


SENSITIVITY = {
    c.PersonalData.NONE: pc.DataSensitivity.NONE,
    c.PersonalData.ORDINARY: pc.DataSensitivity.PERSONAL,
    c.PersonalData.SENSITIVE: pc.DataSensitivity.SENSITIVE,
    c.PersonalData.CPR: pc.DataSensitivity.SENSITIVE,
}


def handover_usage(actor: Any, request: ProcurementRequest, system: CatalogSystem) -> SystemUsage:
    """A new usage carrying over what the request already knows, so nothing is typed twice:
    unit, KLE subjects beyond the catalog's, personal data, the responsible person as
    systemejer and governance-plan owner, and platform support when the leverandør
    answered "ja" to the platform question."""
    answers = {a.question_key: a.value for a in request.answers.all()}
    platforms = answers.get("alle_platforme") == c.AnswerValue.YES
    responsible = request.responsible
    name = request.responsible_name or (
        responsible.get_full_name() or responsible.get_username() if responsible else ""
    )
    usage = create_audited(
        model=SystemUsage,
        actor=actor,
        organization=request.organization,
        catalog_system=system,
        local_name=request.title if request.title != system.name else "",
        lifecycle=pc.Lifecycle.OPERATIONAL,
        valid_from=timezone.localdate(),
        responsible_unit=request.unit,
        data_sensitivity=SENSITIVITY[c.PersonalData(request.personal_data)],
        supports_browsers=platforms,
        supports_ios=platforms,
        supports_android=platforms,
        supports_windows=platforms,
        supports_macos=platforms,
        m2m={
            "kle_additions": list(
                request.kle_subjects.exclude(pk__in=system.kle_subjects.values("pk"))
            )
        },
    )
    owner_role = RoleType.objects.filter(organization=None, key="systemejer").first()
    if owner_role is not None and (responsible is not None or request.responsible_name):
        with audit.audited(actor=actor, obj=usage):
            UsageRole.objects.create(
                usage=usage,
                role_type=owner_role,
                user=responsible,
                person_name=request.responsible_name,
            )
    if name and registry.hooked("governance_plan_handover"):
        # The responsible person owns the new solution's governance plan (reviews app).
        registry.call(
            "governance_plan_handover",
            actor=actor,
            usage=usage,
            responsible=responsible,
            responsible_name=name,
        )
    return usage


# Answers ---------------------------------------------------------------------------------


def _blocking_now(answer: Answer, stops: bool) -> bool:
    return stops and answer.value in c.BLOCKING_ANSWERS and not answer.override_reason


def _close_block(answer: Answer, now: Any) -> None:
    if answer.blocked_since is not None:
        answer.blocked_seconds += int((now - answer.blocked_since).total_seconds())
        answer.blocked_since = None


def answer_set(
    *, actor: Any, request: ProcurementRequest, question_key: str, value: str, note: str = ""
) -> Answer:
    """Answer (or re-answer) one question; the time it blocked the request is kept."""
    require(actor, request.organization, CHANGE, request)
    _require_open(request)
    asked = {q.key: q for q in questions(request.organization, request.strategy)}
    if question_key not in asked:
        raise ValidationError({"question_key": _("Spørgsmålet stilles ikke til denne anmodning.")})
    if value not in c.AnswerValue.values:
        raise ValidationError({"value": _("Svar ja, nej, ved ikke eller ikke relevant.")})
    stops = asked[question_key].stops
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _fresh(request)  # locked, and still open (a copy may predate a move that ended it)
        answer = Answer.objects.filter(request=request, question_key=question_key).first()
        before = None if answer is None else (answer.value, answer.note)
        if answer is None:
            answer = Answer(request=request, question_key=question_key)
        if before == (value, note.strip()):
            return answer
        answer.value, answer.note = value, note.strip()
        answer.answered_by, answer.answered_at = user, now
        answer.override_reason, answer.overridden_by, answer.overridden_at = "", None, None
        if _blocking_now(answer, stops):
            answer.blocked_since = answer.blocked_since or now
        else:
            _close_block(answer, now)
        answer.full_clean()
        with _audit_request(actor, request, f"answer:{question_key}", before, (value, answer.note)):
            answer.save()
    notify.questions_addressed(request=request)
    return answer


def answer_override(
    *, actor: Any, request: ProcurementRequest, question_key: str, reason: str
) -> Answer:
    """Let a show stopper pass with a reason (``procurement.override``)."""
    require(actor, request.organization, "procurement.override", request)
    _require_open(request)
    if question_key not in {q.key for q in questions(request.organization, request.strategy)}:
        raise ValidationError({"question_key": _("Spørgsmålet stilles ikke til denne anmodning.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Begrund tilsidesættelsen.")})
    with transaction.atomic():
        _fresh(request)  # locked, and still open (a copy may predate a move that ended it)
        answer = Answer.objects.filter(request=request, question_key=question_key).first()
        if answer is None:
            answer = Answer(request=request, question_key=question_key, value=c.AnswerValue.UNKNOWN)
        if answer.value not in c.BLOCKING_ANSWERS:
            raise ValidationError(_("Kun et »nej« eller »ved ikke« kan tilsidesættes."))
        now = timezone.now()
        _close_block(answer, now)
        answer.override_reason = reason.strip()
        answer.overridden_by = actor if getattr(actor, "is_authenticated", False) else None
        answer.overridden_at = now
        answer.full_clean()
        with _audit_request(actor, request, f"override:{question_key}", None, reason.strip()):
            answer.save()
    return answer


@contextmanager
def _audit_request(
    actor: Any, request: ProcurementRequest, key: str, before: Any, after: Any
) -> Iterator[None]:
    """One audit event on the request for a change to one of its answers, conditions or
    files, readable as "<key>: before → after"; the request's ``updated_at`` moves too
    (after the version a caller expects is compared, :func:`core.concurrency.expecting`)."""
    seen = [audit.plain(before)]
    with audit.audited(
        actor=actor,
        obj=request,
        organization=request.organization,
        values=lambda _obj: {key: seen[0]},
    ):
        touch(request)
        yield
        seen[0] = audit.plain(after)


# Conditions ------------------------------------------------------------------------------


def condition_add(
    *,
    actor: Any,
    request: ProcurementRequest,
    text: str,
    owner: Any = None,
    owner_name: str = "",
    due_date: Any = None,
) -> Condition:
    require(actor, request.organization, RUN, request)
    if (
        owner is not None
        and not Membership.objects.filter(organization=request.organization, user=owner).exists()
    ):
        raise ValidationError({"owner": _("Den ansvarlige er ikke medlem af organisationen.")})
    condition = Condition(
        request=request,
        text=text.strip(),
        owner=owner,
        owner_name=owner_name.strip(),
        due_date=due_date,
    )
    condition.full_clean()
    with _audit_request(actor, request, "condition", None, condition.text):
        condition.save()
    return condition


def condition_done(*, actor: Any, condition: Condition, done_on: Any = None) -> Condition:
    require(actor, condition.request.organization, RUN, condition.request)
    before = condition.done_on
    condition.done_on = done_on or timezone.localdate()
    with _audit_request(
        actor, condition.request, f"condition_done:{condition.pk}", before, condition.done_on
    ):
        condition.save(update_fields=["done_on"])
    return condition


# Local questions -------------------------------------------------------------------------


def local_question_create(
    *, actor: Any, organization: Organization, **fields: Any
) -> LocalQuestion:
    require(actor, organization, "procurement.questions")
    _check_local(organization, fields)
    return create_audited(model=LocalQuestion, actor=actor, organization=organization, **fields)


def local_question_update(*, actor: Any, question: LocalQuestion, **fields: Any) -> LocalQuestion:
    require(actor, question.organization, "procurement.questions", question)
    _check_local(question.organization, fields)
    return update_audited(obj=question, actor=actor, **fields)


def local_question_delete(*, actor: Any, question: LocalQuestion) -> None:
    require(actor, question.organization, "procurement.questions", question)
    delete_audited(obj=question, actor=actor)


def _check_local(organization: Organization, fields: dict[str, Any]) -> None:
    key = fields.get("key")
    if key and procurement_knowledge().question(key) is not None:
        raise ValidationError({"key": _("Nøglen bruges af et af Styrbars egne spørgsmål.")})
    strategies = fields.get("strategies")
    if strategies is None:
        return
    from knowledge.loader import load

    known = {o.key for o in load().strategies.options}
    # A list of strategy keys (the API may send any JSON here).
    if not isinstance(strategies, list | tuple) or not all(
        isinstance(s, str) and s in known for s in strategies
    ):
        raise ValidationError({"strategies": _("Ukendt styringsstrategi.")})


__all__ = [
    "answer_override",
    "answer_set",
    "condition_add",
    "condition_done",
    "handover_usage",
    "local_question_create",
    "local_question_delete",
    "local_question_update",
    "request_create",
    "request_delete",
    "request_move",
    "request_update",
]


def requirements_set(
    *, actor: Any, request: ProcurementRequest, keys: list[str]
) -> ProcurementRequest:
    """Choose the generic requirements that go into the request's kravbilag."""
    require(actor, request.organization, CHANGE, request)
    _require_open(request)
    offered = [r.key for r in procurement_knowledge().requirements_for(request.strategy)]
    unknown = sorted(set(keys) - set(offered))
    if unknown:
        raise ValidationError(
            {
                "requirements": _("Kravet findes ikke for anmodningens strategi: %(keys)s")
                % {"keys": ", ".join(unknown)}
            }
        )
    with transaction.atomic():
        _fresh(request)
        return update_audited(
            obj=request, actor=actor, requirements=[k for k in offered if k in keys]
        )
