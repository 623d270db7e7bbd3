"""Services: templates, inline rows, status rules, versions, read-only cases, actuals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from businesscases import compute, services, template_inputs
from businesscases.choices import CaseStatus, CaseTemplate, LineKind
from businesscases.models import BusinessCase, CaseVersion
from businesscases.tests import factories as f
from core.models import AuditEvent
from engine import case_templates
from engine.business_case import evaluate
from knowledge import template_defaults
from organizations.choices import OrganizationKind
from organizations.testing import make_organization, make_user, member_fixture

pytestmark = pytest.mark.django_db

INPUTS: dict[str, dict[str, Any]] = {
    "channel_shift": {
        "bearer": "Borgerservice",
        "services": [
            {"name": "Pas", "in_person": "20000", "digital": "5000"},
            {"name": "Flytning", "in_person": "8000", "digital": "6000"},
        ],
    },
    "standardised_procurement": {
        "bearer": "Indkøb",
        "central_it_spend": "40000000",
        "purchases_per_year": "120",
    },
    "reuse": {"bearer": "Digitalisering", "avoided_purchases_per_year": "3"},
    "coherent_processes": {
        "bearer": "Teknik og Miljø",
        "integrations": "4",
        "processes": [
            {"name": "Byggesag", "cases_per_year": "2000", "minutes_saved_per_case": "15"}
        ],
    },
}


@pytest.fixture
def org() -> Any:
    return make_organization("Testrup")


editor = member_fixture("arkitekt")
admin = member_fixture("administrator")


def _create(org: Any, actor: Any, template: str, inputs: dict[str, Any], **extra: Any) -> Any:
    return services.case_create_from_template(
        actor=actor,
        organization=org,
        template=template,
        name=f"Case {template}",
        start_year=2027,
        horizon=5,
        inputs=inputs,
        **extra,
    )


def _add_line(actor: Any, case: Any, name: str) -> Any:
    """A one-krone benefit in the first year."""
    return services.case_row_save(
        relation="lines",
        actor=actor,
        case=case,
        name=name,
        kind="economic",
        low=1,
        mode=1,
        high=1,
        years=[0],
    )


def _members(org: Any) -> list[dict[str, Any]]:
    others = [make_organization(f"Medlem {n}") for n in (1, 2)]
    return [
        {"organization": o, "operations_cost": cost, "it_staff_fte": "10", "data_centres": 2}
        for o, cost in zip([org, *others], ["30000000", "20000000", "10000000"], strict=True)
    ]


@pytest.mark.parametrize("template", sorted(INPUTS))
def test_every_template_creates_lines_risks_and_keeps_its_inputs(
    template: str, org: Any, editor: Any
) -> None:
    case = _create(org, editor, template, INPUTS[template])
    assert case.template == template and case.status == CaseStatus.DRAFT and case.version == 1
    stored = case.template_inputs
    assert set(stored["assumptions"]) == set(template_defaults(template))
    assert all(a["source"] for a in stored["assumptions"].values())
    assert stored["flags"] and stored["inputs"]["bearer"] == INPUTS[template]["bearer"]
    # The stored rows reproduce the engine template's NPV (factors are kept as a phase-in).
    chosen = template_inputs.assumptions(template, {})
    engine_result, _inputs = template_inputs.build(template, INPUTS[template], chosen, 5)
    assert case.lines.count() == len(engine_result.case.lines)
    assert case.risks.count() == len(engine_result.case.risks)
    ours = compute.compute(case, with_simulation=False).result.npv
    assert abs(ours - evaluate(engine_result.case).npv) < Decimal(5)
    for line in case.lines.all():
        if line.factors:
            assert max(Decimal(x) for x in line.factors) == 1
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="create").count() == 1


def test_shared_operations_members_bear_their_own_lines(org: Any, editor: Any) -> None:
    members = _members(org)
    case = _create(org, editor, "shared_operations", {"split": "equal", "members": members})
    bearers = set(case.lines.values_list("bearer", flat=True))
    assert bearers == {str(m["organization"]) for m in members}
    stored = case.template_inputs["inputs"]["members"]
    assert [m["organization_id"] for m in stored] == [m["organization"].pk for m in members]
    assert abs(sum((Decimal(m["share"]) for m in stored), Decimal(0)) - 1) <= Decimal("0.0003")
    result = compute.compute(case, with_simulation=False).result
    assert {b.bearer for b in result.by_bearer} == bearers
    shared = case_templates.shared_operations(
        case_templates.SharedOperationsInputs(
            members=tuple(
                case_templates.Member(
                    str(m["organization"]), Decimal(m["operations_cost"]), Decimal(10), 2
                )
                for m in members
            ),
            split=case_templates.SplitKey.EQUAL,
        )
    )
    for row in shared.who_pays:
        ours = next(b for b in result.by_bearer if b.bearer == row.member)
        assert abs(ours.npv - row.npv) < Decimal(5)


def test_template_assumptions_can_be_overridden_and_are_sourced(org: Any, editor: Any) -> None:
    case = _create(
        org, editor, "reuse", INPUTS["reuse"], assumptions={"adaptation_share": Decimal("0.5")}
    )
    entry = case.template_inputs["assumptions"]["adaptation_share"]
    assert entry["value"] == "0.5" and entry["default"] == "0.35"
    assert entry["source"] == "Kommunens egen værdi"
    with pytest.raises(ValidationError):
        _create(org, editor, "reuse", INPUTS["reuse"], assumptions={"nonsense": Decimal(1)})


def test_template_input_errors_are_danish_validation_errors(org: Any, editor: Any) -> None:
    with pytest.raises(ValidationError, match="mindst to medlemmer"):
        _create(org, editor, "shared_operations", {"members": _members(org)[:1]})
    with pytest.raises(ValidationError, match="mindst én ydelse"):
        _create(org, editor, "channel_shift", {"services": []})
    with pytest.raises(ValidationError):
        _create(org, editor, "nope", {})


def test_blank_case_and_permissions(org: Any, editor: Any) -> None:
    case = services.case_create(actor=editor, organization=org, name="Tom", start_year=2027)
    assert case.template == CaseTemplate.BLANK and case.lines.count() == 0
    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        services.case_create(actor=reader, organization=org, name="Nej", start_year=2027)
    with pytest.raises(PermissionDenied):
        _add_line(reader, case, "x")


def test_links_must_belong_to_the_organization(org: Any, editor: Any) -> None:
    from advisor.models import Assessment

    other = make_organization()
    foreign = Assessment.objects.create(organization=other, version=1, title="Fremmed")
    own = Assessment.objects.create(organization=org, version=1, title="Egen")
    with pytest.raises(ValidationError):
        services.case_create(
            actor=editor, organization=org, name="X", start_year=2027, assessment=foreign
        )
    case = services.case_create(
        actor=editor, organization=org, name="X", start_year=2027, assessment=own
    )
    assert case.assessment == own


def test_line_rows_are_validated_and_audited_as_an_update_of_the_case(
    org: Any, editor: Any
) -> None:
    case = f.case(org)
    # The fields both saves of the row send.
    licence: dict[str, Any] = {"relation": "lines", "actor": editor, "case": case}
    licence.update(name="Licens", kind="operation", low=Decimal(90), high=Decimal(130))
    line = services.case_row_save(
        **licence, mode=Decimal(100), years=[2, 1], factors=[Decimal("1"), Decimal("0.5")]
    )
    assert line.years == [1, 2] and line.factors == ["0.5", "1"]
    event = AuditEvent.objects.filter(object_id=str(case.pk), action="update").latest("id")
    assert event.changes["lines"]["before"] == []
    assert event.changes["lines"]["after"][0]["name"] == "Licens"
    services.case_row_save(**licence, row=line, mode=Decimal(110), years=[1, 2])
    line.refresh_from_db()
    assert line.mode == Decimal(110) and line.factors == []
    services.case_row_delete(relation="lines", actor=editor, case=case, row=line)
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="update").count() == 3
    bad: list[dict[str, Any]] = [
        {"low": 5, "mode": 4, "high": 6},  # low > mode
        {"years": [4]},  # outside the horizon (4 years)
        {"years": []},
        {"years": [1, 1]},
        {"factors": [Decimal(1)]},  # one factor for two years
        {"low": -1},
    ]
    for change in bad:
        data = {"name": "X", "kind": "economic", "low": 1, "mode": 2, "high": 3, "years": [1, 2]}
        data.update(change)
        with pytest.raises(ValidationError):
            services.case_row_save(relation="lines", actor=editor, case=case, **data)
    with pytest.raises(ValidationError, match="score"):
        services.case_row_save(
            relation="lines", actor=editor, case=case, name="Glæde", kind="non_monetary"
        )
    glad = services.case_row_save(
        relation="lines",
        actor=editor,
        case=case,
        name="Glæde",
        kind="non_monetary",
        score=3,
        low=5,
        years=[1],
    )
    assert (glad.mode, glad.years, glad.score) == (Decimal(0), [], 3)


def test_at_most_twelve_risks(org: Any, editor: Any) -> None:
    case = f.case(org)
    risk = {"name": "R", "probability": Decimal("0.1"), "low": 1, "mode": 2, "high": 3, "year": 0}
    services.case_rows_set(relation="risks", actor=editor, case=case, rows=[risk] * 12)
    with pytest.raises(ValidationError, match="12"):
        services.case_row_save(relation="risks", actor=editor, case=case, **risk)
    with pytest.raises(ValidationError, match="12"):
        services.case_rows_set(relation="risks", actor=editor, case=case, rows=[risk] * 13)
    with pytest.raises(ValidationError):
        services.case_rows_set(
            relation="risks", actor=editor, case=case, rows=[{**risk, "probability": 2}]
        )


def test_shortening_the_horizon_is_refused_while_rows_lie_beyond_it(org: Any, editor: Any) -> None:
    case = f.simple_case(org)  # lines in years 0-3
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=editor, case=case, horizon=3)
    assert "Besparelse" in str(error.value)
    services.case_update(actor=editor, case=case, horizon=6, rate=Decimal("0.04"))
    case.refresh_from_db()
    assert case.horizon == 6 and case.rate == Decimal("0.04")


def test_status_flow_versions_and_read_only(org: Any, editor: Any, admin: Any) -> None:
    case = f.simple_case(org)
    with pytest.raises(ValidationError):
        services.case_decide(actor=admin, case=case, decision=CaseStatus.APPROVED)
    with pytest.raises(PermissionDenied):
        services.case_decide(actor=editor, case=case, decision=CaseStatus.APPROVED)
    services.case_submit(actor=editor, case=case, note="Til ØU")
    assert (case.status, case.version) == (CaseStatus.SUBMITTED, 2)
    with pytest.raises(ValidationError):
        services.case_submit(actor=editor, case=case)
    with pytest.raises(ValidationError, match="kan ikke ændres"):
        _add_line(editor, case, "X")
    with pytest.raises(PermissionDenied):
        services.case_decide(actor=editor, case=case, decision=CaseStatus.APPROVED)
    services.case_decide(actor=admin, case=case, decision=CaseStatus.APPROVED, note="ØU pkt. 4")
    case.refresh_from_db()
    assert (case.status, case.version, case.decided_by) == (CaseStatus.APPROVED, 3, admin)
    assert case.decided_at is not None
    versions = list(CaseVersion.objects.filter(case=case).order_by("number"))
    assert [(v.number, v.status) for v in versions] == [
        (1, CaseStatus.SUBMITTED),
        (2, CaseStatus.APPROVED),
    ]
    snapshot = versions[1].snapshot
    assert snapshot["settings"]["name"] == case.name
    assert [line["name"] for line in snapshot["lines"]] == ["Platform", "Besparelse"]
    assert snapshot["result"]["npv"] == "400.82"
    assert snapshot["note"] == "ØU pkt. 4"
    assert versions[0].snapshot["note"] == "Til ØU"
    # Decided cases are read-only: rows, settings and deletion are refused.
    line = case.lines.first()
    assert line is not None
    for attempt in (
        lambda: services.case_row_delete(relation="lines", actor=editor, case=case, row=line),
        lambda: services.case_rows_set(relation="lines", actor=editor, case=case, rows=[]),
        lambda: services.case_rows_set(relation="risks", actor=editor, case=case, rows=[]),
        lambda: services.case_update(actor=editor, case=case, name="Nyt navn"),
        lambda: services.case_delete(actor=editor, case=case),
        lambda: services.case_decide(actor=admin, case=case, decision=CaseStatus.REJECTED),
    ):
        with pytest.raises(ValidationError):
            attempt()
    # ...but the links may still change.
    from advisor.models import Assessment

    assessment = Assessment.objects.create(organization=org, version=1, title="V")
    services.case_update(actor=editor, case=case, assessment=assessment)
    events = AuditEvent.objects.filter(object_id=str(case.pk)).order_by("id")
    assert events.filter(changes__has_key="frozen_version").count() == 2


def test_submit_needs_lines_and_rejected_cases_are_copied_to_a_new_draft(
    org: Any, editor: Any, admin: Any
) -> None:
    empty = f.case(org)
    with pytest.raises(ValidationError, match="mindst én linje"):
        services.case_submit(actor=editor, case=empty)
    case = f.simple_case(org)
    f.risk(case)
    services.case_submit(actor=editor, case=case)
    services.case_decide(actor=admin, case=case, decision=CaseStatus.REJECTED)
    assert case.status == CaseStatus.REJECTED
    copy = services.case_copy(actor=editor, case=case)
    assert copy.pk != case.pk and copy.status == CaseStatus.DRAFT and copy.version == 1
    assert copy.name == f"Kopi af {case.name}"
    assert list(copy.lines.values_list("name", "mode")) == list(
        case.lines.values_list("name", "mode")
    )
    assert copy.risks.count() == 1 and copy.versions.count() == 0
    created = AuditEvent.objects.get(object_id=str(copy.pk), action="create")
    assert created.changes["copied_from"]["after"]["id"] == case.pk
    _add_line(editor, copy, "Ny")
    services.case_delete(actor=editor, case=copy)
    assert not BusinessCase.objects.filter(pk=copy.pk).exists()


def test_actuals_only_after_approval_within_the_horizon(org: Any, editor: Any) -> None:
    draft = f.simple_case(org)
    row = {"year": 2026, "kind": "cost", "amount": Decimal(1000)}
    with pytest.raises(ValidationError, match="godkendt"):
        services.case_actuals_set(actor=editor, case=draft, actuals=[row])
    case = f.approved_case(org)
    services.case_actuals_set(
        actor=editor,
        case=case,
        actuals=[row, {"year": 2027, "kind": "benefit", "amount": "320.5", "note": "Lavt"}],
    )
    assert list(case.actuals.values_list("year", "kind", "amount")) == [
        (2026, "cost", Decimal("1000.00")),
        (2027, "benefit", Decimal("320.50")),
    ]
    for bad in (
        [{**row, "year": 2031}],
        [row, row],
        [{**row, "kind": "x"}],
        [{**row, "amount": -1}],
    ):
        with pytest.raises(ValidationError):
            services.case_actuals_set(actor=editor, case=case, actuals=bad)
    event = AuditEvent.objects.filter(object_id=str(case.pk), action="update").latest("id")
    assert "actuals" in event.changes


def test_members_must_be_municipalities_for_the_form_choices() -> None:
    from businesscases.forms import member_organizations

    kommune = make_organization("Medlemsby")
    community = make_organization("Fællesskab", kind=OrganizationKind.DRIFTSFAELLESSKAB)
    choices = set(member_organizations())
    assert kommune in choices and community not in choices


def test_line_kind_choices_match_the_engine() -> None:
    from engine.business_case import LineKind as EngineKind

    assert set(LineKind.values) == {k.value for k in EngineKind}
