"""The stages of a procurement request, on the shared workflow mechanism.

idé → afklaring → (kontrolorgan) → beslutning → anskaffelse → implementering → i drift,
or ended as genbrug (reuse of an existing solution), afvist or trukket tilbage. Every
move is a declared :class:`~core.workflow.Transition`; everything else is refused. Under
the row lock a request may not leave a stage while a show-stopping question of that stage
(or an earlier one) is open; a large request (one-off plus five years' running cost at or
above the sourced amount) must pass the kontrolorgan and have a business case before it
is decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import has_perm
from core.workflow import Machine, Transition, records
from knowledge.procurement import procurement_knowledge
from procurement import choices as c
from procurement.models import ProcurementRequest
from procurement.questions import blocking

S = c.Stage
RUN = "procurement.run"


def large_amount() -> Decimal:
    return procurement_knowledge().settings.large_request_dkk.value


def is_large(request: ProcurementRequest) -> bool:
    return request.total_five_years >= large_amount()


def _no_show_stoppers(request: ProcurementRequest, fields: Mapping[str, Any]) -> None:
    stoppers = blocking(request)
    if stoppers:
        names = "; ".join(f"»{q.question.text}« ({q.question.addressee_label})" for q in stoppers)
        raise ValidationError(
            _("Anmodningen kan ikke gå videre, før disse spørgsmål er løst: %(names)s")
            % {"names": names}
        )


def _past_kontrolorgan(request: ProcurementRequest) -> None:
    """A large request must have been before the kontrolorgan (also when its budget grew
    after it left afklaring: it is then sent back from beslutning)."""
    if not is_large(request) or request.stage == S.KONTROLORGAN:
        return
    if records(REQUEST_WORKFLOW, request).filter(to_state=S.KONTROLORGAN).exists():
        return
    raise ValidationError(
        _(
            "En anskaffelse på %(amount)s kr. eller mere (engangsudgift plus fem års drift) "
            "skal forbi kontrolorganet før beslutning."
        )
        % {"amount": f"{large_amount():,.0f}".replace(",", ".")}
    )


def _to_decision(request: ProcurementRequest, fields: Mapping[str, Any]) -> None:
    _no_show_stoppers(request, fields)
    _past_kontrolorgan(request)


def _decide_check(request: ProcurementRequest, fields: Mapping[str, Any]) -> None:
    _no_show_stoppers(request, fields)
    _past_kontrolorgan(request)
    if is_large(request) and request.business_case_id is None:
        raise ValidationError(
            {"business_case": _("En stor anskaffelse kræver en business case før beslutning.")}
        )


def _moved(request: ProcurementRequest, actor: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    request.stage_since = timezone.now()
    return {}


def _decided(request: ProcurementRequest, actor: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    request.decision_body = fields["decision_body"]
    request.decision_text = fields["decision_text"]
    request.decision_reference = fields.get("decision_reference") or ""
    request.decided_on = fields.get("decided_on") or timezone.localdate()
    return _moved(request, actor, fields)


def _reused(request: ProcurementRequest, actor: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    request.reuse_usage = fields.get("usage")
    request.reuse_contract = fields.get("contract")
    request.avoided_yearly = request.budget_yearly
    return _moved(request, actor, fields)


def _reuse_clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    if fields.get("usage") is None and fields.get("contract") is None:
        return {"usage": _("Vælg det system eller den kontrakt, der genbruges.")}
    return {}


def _decision_clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    if fields.get("decision_body") not in c.DecisionBody.values:
        return {"decision_body": _("Vælg det organ, der traf beslutningen.")}
    return {}


def _may_withdraw(actor: Any, organization: Any, request: ProcurementRequest) -> None:
    """The process team, or the person who submitted the request."""
    own = request.submitted_by_id is not None and request.submitted_by_id == getattr(
        actor, "pk", None
    )
    if not (own or has_perm(actor, organization, RUN, request)):
        raise PermissionDenied(RUN)


def _step(name: str, sources: tuple[str, ...], target: str, **options: Any) -> Transition:
    options.setdefault("check", _no_show_stoppers)
    return Transition(
        name, sources, target, permission=RUN, apply=options.pop("apply", _moved), **options
    )


REQUEST_WORKFLOW = Machine(
    name="procurement.request",
    model=ProcurementRequest,
    field="stage",
    states=tuple(S.values),
    final=tuple(c.ENDED_STAGES),
    transitions=(
        _step("clarify", (S.IDE,), S.AFKLARING, check=None),
        _step("to_kontrolorgan", (S.AFKLARING, S.BESLUTNING), S.KONTROLORGAN),
        _step("to_decision", (S.AFKLARING, S.KONTROLORGAN), S.BESLUTNING, check=_to_decision),
        _step(
            "decide",
            (S.BESLUTNING,),
            S.ANSKAFFELSE,
            check=_decide_check,
            apply=_decided,
            required={"decision_text": gettext_lazy("Skriv beslutningen.")},
            clean=_decision_clean,
        ),
        _step("implement", (S.ANSKAFFELSE,), S.IMPLEMENTERING),
        _step("go_live", (S.IMPLEMENTERING,), S.I_DRIFT, check=None),
        _step(
            "reuse",
            tuple(c.BEFORE_DECISION),
            S.GENBRUG,
            check=None,
            apply=_reused,
            clean=_reuse_clean,
        ),
        _step(
            "reject",
            tuple(c.BEFORE_DECISION),
            S.AFVIST,
            check=None,
            required={"reason": gettext_lazy("Begrund afvisningen.")},
        ),
        Transition(
            "withdraw",
            tuple(c.OPEN_STAGES),
            S.TRUKKET_TILBAGE,
            permission=_may_withdraw,
            apply=_moved,
            required={"reason": gettext_lazy("Skriv hvorfor anmodningen trækkes tilbage.")},
        ),
    ),
)
"""The declared moves; :func:`procurement.services.request_move` is the one caller."""

TRANSITION_LABELS = {
    "clarify": gettext_lazy("Start afklaring"),
    "to_kontrolorgan": gettext_lazy("Send til kontrolorganet"),
    "to_decision": gettext_lazy("Send til beslutning"),
    "decide": gettext_lazy("Registrér beslutning"),
    "implement": gettext_lazy("Anskaffet: start implementering"),
    "go_live": gettext_lazy("I drift: overdrag til porteføljen"),
    "reuse": gettext_lazy("Afslut som genbrug"),
    "reject": gettext_lazy("Afvis"),
    "withdraw": gettext_lazy("Træk tilbage"),
}
