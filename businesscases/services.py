"""Writes to business cases: atomic, permission-checked, validated, audited.

* A case is created blank or from one of the engine's five templates
  (:func:`case_create_from_template`); the template's lines and risks become
  :class:`~businesscases.models.CaseLine` / :class:`~businesscases.models.CaseRisk` rows
  and ``template_inputs`` keeps the inputs, the assumptions with their sources and the
  template's notes.
* Lines and risks are edited one row at a time (the screens) or replaced as a whole (the
  API); either way the change is audited as an update of the case, with the rows in the
  before/after values.
* Status: draft -> submitted (``case.change``) -> approved or rejected (``case.decide``).
  Each submit and decision freezes a :class:`~businesscases.models.CaseVersion` (settings,
  lines, risks and the result summary) with the case's current version number and then
  bumps the number. Only drafts can change; a decided case is copied to a new draft.
* Benefit realisation: actual cost/benefit per year is recorded on approved cases only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from businesscases import compute, template_inputs
from businesscases.choices import ActualKind, CaseStatus, CaseTemplate
from businesscases.errors import engine_message, error_message
from businesscases.models import BusinessCase, CaseLine, CaseRisk, CaseVersion
from businesscases.validation import (
    LINE_FIELDS,
    LINK_FIELDS,
    RISK_FIELDS,
    SETTINGS_FIELDS,
    clean_line,
    clean_risk,
    decimal_input,
    whole_year,
)
from core import audit
from core.choices import AuditAction
from core.concurrency import check_expected
from core.permissions import require
from core.services import delete_audited, replace_children_audited, touch
from core.workflow import Machine, Transition, transition
from engine import case_templates
from engine.business_case import MAX_HORIZON, MAX_RISKS, MIN_HORIZON
from engine.errors import EngineError
from engine.money import ORE
from knowledge import load, template_defaults
from organizations.models import Organization

TEMPLATE_KEYS = tuple(case_templates.TEMPLATES)
"""The engine's five templates (CaseTemplate minus blank)."""


# --- helpers ------------------------------------------------------------------------------


def _forget_rows(case: BusinessCase) -> None:
    """Drop prefetched child rows so audit snapshots read the database."""
    cache = case.__dict__.get("_prefetched_objects_cache")
    if cache:
        cache.clear()


@contextmanager
def _case_change(case: BusinessCase, actor: Any) -> Iterator[None]:
    """Audit what happens inside as one update of the case (child rows included)."""
    _forget_rows(case)
    with audit.audited(actor=actor, obj=case, organization=case.organization):
        yield
        touch(case)
        _forget_rows(case)


def _require_change(actor: Any, case: BusinessCase) -> None:
    require(actor, case.organization, "case.change", case)


def _require_draft(case: BusinessCase) -> None:
    if case.status != CaseStatus.DRAFT:
        raise ValidationError(
            _(
                "Business casen er %(status)s og kan ikke ændres. Kopiér den til en ny kladde "
                "for at arbejde videre."
            )
            % {"status": case.get_status_display().lower()}
        )


def _check_links(organization: Organization, fields: Mapping[str, Any]) -> None:
    """An assessment or milestone must belong to the case's organization."""
    assessment = fields.get("assessment")
    if assessment is not None and assessment.organization_id != organization.pk:
        raise ValidationError({"assessment": _("Strategivurderingen findes ikke.")})
    milestone = fields.get("milestone")
    if milestone is not None and milestone.roadmap.organization_id != organization.pk:
        raise ValidationError({"milestone": _("Milepælen findes ikke.")})


def _check_horizon(case: BusinessCase, horizon: int) -> None:
    """Every line and risk must lie within a (shortened) horizon."""
    outside = [
        line.name for line in case.lines.all() if any(int(y) >= horizon for y in line.years)
    ] + [risk.name for risk in case.risks.all() if risk.year >= horizon]
    if outside:
        raise ValidationError(
            {
                "horizon": _(
                    "Disse linjer og risici ligger uden for den kortere horisont: %(names)s. "
                    "Ret deres år først."
                )
                % {"names": ", ".join(outside)}
            }
        )


# --- create -------------------------------------------------------------------------------


def _new_case(organization: Organization, fields: Mapping[str, Any]) -> BusinessCase:
    settings = {k: v for k, v in fields.items() if k in SETTINGS_FIELDS}
    _check_links(organization, settings)
    case = BusinessCase(organization=organization, status=CaseStatus.DRAFT, version=1, **settings)
    case.full_clean()
    return case


@transaction.atomic
def _save_new(
    *,
    actor: Any,
    case: BusinessCase,
    lines: Sequence[Mapping[str, Any]] = (),
    risks: Sequence[Mapping[str, Any]] = (),
    extra: dict[str, Any] | None = None,
) -> BusinessCase:
    ROWS["risks"].room(len(risks))
    line_rows = [CaseLine(order=i, **clean_line(case, row)) for i, row in enumerate(lines)]
    risk_rows = [CaseRisk(order=i, **clean_risk(case, row)) for i, row in enumerate(risks)]
    case.save()
    for line in line_rows:
        line.case = case
    for risk in risk_rows:
        risk.case = case
    CaseLine.objects.bulk_create(line_rows)
    CaseRisk.objects.bulk_create(risk_rows)
    audit.record(
        actor=actor,
        organization=case.organization,
        action=AuditAction.CREATE,
        obj=case,
        after=audit.snapshot(case),
        extra=extra,
    )
    return case


def case_create(*, actor: Any, organization: Organization, **fields: Any) -> BusinessCase:
    """A blank draft: settings only (name, start_year, horizon, rate, …)."""
    require(actor, organization, "case.change")
    fields.pop("template", None)
    case = _new_case(organization, fields)
    case.template = CaseTemplate.BLANK
    return _save_new(actor=actor, case=case)


def case_create_from_template(
    *,
    actor: Any,
    organization: Organization,
    template: str,
    inputs: Mapping[str, Any],
    assumptions: Mapping[str, Any] | None = None,
    **fields: Any,
) -> BusinessCase:
    """A draft built by an engine template.

    ``inputs`` per template: channel_shift ``{bearer, services: [{name, in_person,
    digital}]}``; shared_operations ``{split, members: [{organization, operations_cost,
    it_staff_fte, data_centres}]}`` (each member organization bears its own lines);
    standardised_procurement ``{bearer, central_it_spend, purchases_per_year}``; reuse
    ``{bearer, avoided_purchases_per_year}``; coherent_processes ``{bearer, integrations,
    processes: [{name, cases_per_year, minutes_saved_per_case}]}``. ``assumptions``
    overrides the template's defaults by key (see ``knowledge.template_defaults``).
    """
    require(actor, organization, "case.change")
    if template == CaseTemplate.BLANK:
        return case_create(actor=actor, organization=organization, **fields)
    if template not in TEMPLATE_KEYS:
        raise ValidationError({"template": _("Ukendt skabelon.")})
    case = _new_case(organization, fields)
    if not MIN_HORIZON <= case.horizon <= MAX_HORIZON:
        raise ValidationError(
            {
                "horizon": engine_message(
                    "horizon_out_of_range", {"min": MIN_HORIZON, "max": MAX_HORIZON}
                )
            }
        )
    chosen = template_inputs.assumptions(template, assumptions or {})
    try:
        result, stored = template_inputs.build(template, inputs, chosen, case.horizon)
    except EngineError as exc:
        raise ValidationError(
            _("Skabelonen kunne ikke beregnes med disse input: %(e)s") % {"e": error_message(exc)}
        ) from exc
    defaults = template_defaults(template)
    case.template = template
    case.template_inputs = {
        "knowledge_version": load().version,
        "inputs": stored,
        "assumptions": {
            key: {
                "value": str(value.value),
                "source": value.source,
                "default": str(defaults[key].value),
                "default_source": defaults[key].source,
            }
            for key, value in result.assumptions
        },
        "flags": [{"key": f.key, "da": f.text.da, "en": f.text.en} for f in result.flags],
    }
    label = str(CaseTemplate(template).label)
    lines, risks = template_inputs.rows_from_engine(
        result.case, _("Skabelon: %(t)s") % {"t": label}
    )
    return _save_new(actor=actor, case=case, lines=lines, risks=risks)


# --- settings, delete, copy ---------------------------------------------------------------


@transaction.atomic
def case_update(*, actor: Any, case: BusinessCase, **fields: Any) -> BusinessCase:
    """Change the settings of a draft; the links (assessment, milestone) may change in
    every status."""
    _require_change(actor, case)
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(_("Ukendte felter: %(f)s") % {"f": ", ".join(sorted(unknown))})
    empty = {  # an explicit null from the API for a field that cannot be empty
        k: _("Feltet må ikke være tomt (null).")
        for k, v in fields.items()
        if v is None and not BusinessCase._meta.get_field(k).null
    }
    if empty:
        raise ValidationError(empty)
    changing = {k for k, v in fields.items() if getattr(case, k) != v}
    if changing - set(LINK_FIELDS):
        _require_draft(case)
    _check_links(case.organization, fields)
    if "horizon" in fields and fields["horizon"] < case.horizon:
        _check_horizon(case, int(fields["horizon"]))
    with _case_change(case, actor):
        for key, value in fields.items():
            setattr(case, key, value)
        case.full_clean()
        case.save()
    return case


def case_delete(*, actor: Any, case: BusinessCase) -> None:
    """Only drafts can be deleted; submitted and decided cases are kept as records."""
    _require_change(actor, case)
    if case.status != CaseStatus.DRAFT:
        raise ValidationError(_("Kun kladder kan slettes."))
    delete_audited(obj=case, actor=actor)


def case_copy(*, actor: Any, case: BusinessCase, name: str = "") -> BusinessCase:
    """A new draft (version 1) with the settings, lines and risks of ``case``."""
    _require_change(actor, case)
    _forget_rows(case)
    settings = {k: getattr(case, k) for k in SETTINGS_FIELDS}
    settings["name"] = (name or _("Kopi af %(name)s") % {"name": case.name})[:200]
    copy = _new_case(case.organization, settings)
    copy.template = case.template
    copy.template_inputs = case.template_inputs
    lines = [{k: getattr(line, k) for k in LINE_FIELDS} for line in case.lines.all()]
    risks = [{k: getattr(risk, k) for k in RISK_FIELDS} for risk in case.risks.all()]
    return _save_new(
        actor=actor,
        case=copy,
        lines=lines,
        risks=risks,
        extra={"copied_from": {"id": case.pk, "name": case.name, "version": case.version}},
    )


# --- lines and risks ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Rows:
    """One kind of child row of a case: its model, relation, validation and limit."""

    model: type[CaseLine] | type[CaseRisk]
    relation: str
    clean: Callable[[BusinessCase, Mapping[str, Any]], dict[str, Any]]
    not_ours: Promise
    limit: int | None = None
    """At most this many rows (risks: the engine's risk pool holds at most MAX_RISKS)."""

    def room(self, count: int) -> None:
        if self.limit is not None and count > self.limit:
            raise ValidationError(engine_message("too_many_risks", {"max": self.limit}))


ROWS = {
    "lines": _Rows(
        CaseLine, "lines", clean_line, gettext_lazy("Linjen hører ikke til denne business case.")
    ),
    "risks": _Rows(
        CaseRisk,
        "risks",
        clean_risk,
        gettext_lazy("Risikoen hører ikke til denne business case."),
        limit=MAX_RISKS,
    ),
}
"""A case's kinds of rows by relation name."""


def _next_order(rows: Any) -> int:
    last = rows.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


def _editable_rows(actor: Any, case: BusinessCase, relation: str, row: Any = None) -> _Rows:
    """The actor may change the case, it is a draft, and ``row`` (if any) is one of its."""
    _require_change(actor, case)
    _require_draft(case)
    rows = ROWS[relation]
    if row is not None and row.case_id != case.pk:
        raise ValidationError(str(rows.not_ours))
    return rows


@transaction.atomic
def case_row_save(
    *, actor: Any, case: BusinessCase, relation: str, row: Any = None, **data: Any
) -> Any:
    """Add (no ``row``) or update one line or risk (``relation`` "lines" or "risks") of a
    draft; audited as an update of the case."""
    rows = _editable_rows(actor, case, relation, row)
    if row is not None:
        # A version of the row the caller expects (an edit form opened earlier) is
        # compared under the row's lock; a line is audited as a change of its case.
        check_expected(row)
    if row is None and rows.limit is not None:
        rows.room(getattr(case, relation).count() + 1)
    fields = rows.clean(case, data)
    with _case_change(case, actor):
        if row is None:
            row = rows.model(case=case, order=_next_order(getattr(case, relation)))
        for key, value in fields.items():
            setattr(row, key, value)
        row.full_clean()
        row.save()
    return row


@transaction.atomic
def case_row_delete(*, actor: Any, case: BusinessCase, relation: str, row: Any) -> None:
    """Delete one line or risk of a draft; audited as an update of the case."""
    _editable_rows(actor, case, relation, row)
    with _case_change(case, actor):
        row.delete()


@transaction.atomic
def case_rows_set(
    *, actor: Any, case: BusinessCase, relation: str, rows: Sequence[Mapping[str, Any]]
) -> BusinessCase:
    """Replace all lines or all risks (API; at most 12 risks), audited as one update."""
    kind = _editable_rows(actor, case, relation)
    kind.room(len(rows))
    values = [{"order": i, **kind.clean(case, row)} for i, row in enumerate(rows)]
    _forget_rows(case)
    return replace_children_audited(obj=case, actor=actor, relation=relation, rows=values)


# --- status and versions ------------------------------------------------------------------


def _freeze(
    case: BusinessCase, actor: Any, step: Transition, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """Store the case as it is now (with its result) under its current version number, as
    the status it moves to, and bump the number."""
    _forget_rows(case)
    values = audit.snapshot(case)
    note = fields.get("note", "")
    snapshot = {
        "settings": {key: values[key] for key in SETTINGS_FIELDS} | {"template": case.template},
        "lines": values["lines"],
        "risks": values["risks"],
        "result": compute.summary(compute.compute(case)),
        "note": note,
    }
    CaseVersion.objects.create(
        case=case,
        number=case.version,
        status=step.target,
        snapshot=snapshot,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    extra: dict[str, Any] = {"frozen_version": case.version}
    if note:
        extra["note"] = note
    case.version += 1
    return extra


def _has_lines(case: BusinessCase, fields: Mapping[str, Any]) -> None:
    if not case.lines.exists():
        raise ValidationError(_("Tilføj mindst én linje, før casen indsendes."))


def _decided(case: BusinessCase, actor: Any, fields: Mapping[str, Any]) -> None:
    case.decided_at = timezone.now()
    case.decided_by = actor if getattr(actor, "is_authenticated", False) else None


def _decision(name: str, target: str) -> Transition:
    return Transition(
        name,
        (CaseStatus.SUBMITTED,),
        target,
        permission="case.decide",
        refusal=gettext_lazy("Kun en indsendt business case kan godkendes eller afvises."),
        apply=_decided,
    )


CASE_WORKFLOW = Machine(
    name="businesscases.case",
    model=BusinessCase,
    states=tuple(CaseStatus.values),
    final=(CaseStatus.APPROVED, CaseStatus.REJECTED),
    freeze=_freeze,
    transitions=(
        Transition(
            "submit",
            (CaseStatus.DRAFT,),
            CaseStatus.SUBMITTED,
            permission="case.change",
            refusal=gettext_lazy("Kun en kladde kan indsendes."),
            check=_has_lines,
        ),
        _decision("approve", CaseStatus.APPROVED),
        _decision("reject", CaseStatus.REJECTED),
    ),
)
"""Draft -> submitted (``case.change``) -> approved or rejected (``case.decide``); each
step freezes a :class:`CaseVersion`."""


def case_submit(*, actor: Any, case: BusinessCase, note: str = "") -> BusinessCase:
    """Draft -> submitted; freezes the version that goes up for decision."""
    return transition(CASE_WORKFLOW, case, "submit", actor=actor, note=note.strip())


def case_decide(*, actor: Any, case: BusinessCase, decision: str, note: str = "") -> BusinessCase:
    """Submitted -> approved or rejected (``case.decide``); freezes the decided version."""
    require(actor, case.organization, "case.decide", case)
    if decision not in (CaseStatus.APPROVED, CaseStatus.REJECTED):
        raise ValidationError({"decision": _("Vælg godkend eller afvis.")})
    return transition(CASE_WORKFLOW, case, decision, actor=actor, note=note.strip())


# --- benefit realisation ------------------------------------------------------------------


@transaction.atomic
def case_actuals_set(
    *, actor: Any, case: BusinessCase, actuals: Sequence[Mapping[str, Any]]
) -> BusinessCase:
    """Replace the actual figures ``[{year, kind, amount, note}]`` of an approved case.
    Years are calendar years within the case's horizon; one figure per year and kind."""
    _require_change(actor, case)
    if case.status != CaseStatus.APPROVED:
        raise ValidationError(_("Faktiske tal registreres, når business casen er godkendt."))
    first, last = case.start_year, case.start_year + case.horizon - 1
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()
    for data in actuals:
        year = whole_year(data.get("year", 0))
        if not first <= year <= last:
            raise ValidationError(
                {
                    "year": _("Året skal ligge i %(first)s–%(last)s.")
                    % {"first": first, "last": last}
                }
            )
        kind = str(data.get("kind", ""))
        if kind not in ActualKind.values:
            raise ValidationError({"kind": _("Vælg omkostning eller gevinst.")})
        if (year, kind) in seen:
            raise ValidationError(_("Ét tal pr. år og art."))
        seen.add((year, kind))
        amount = decimal_input(data.get("amount"), "amount")
        if amount < 0:
            raise ValidationError(
                {"amount": _("Beløb er positive; arten afgør, om det er en omkostning.")}
            )
        rows.append(
            {
                "year": year,
                "kind": kind,
                "amount": amount.quantize(ORE, ROUND_HALF_UP),
                "note": str(data.get("note") or "").strip()[:200],
            }
        )
    rows.sort(key=lambda r: (r["year"], r["kind"]))
    _forget_rows(case)
    return replace_children_audited(obj=case, actor=actor, relation="actuals", rows=rows)
