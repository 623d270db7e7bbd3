"""The stages of a procurement request (procurement.workflow through services.request_move).

Property tests: every transition not declared from the current stage is refused with a
Danish message and writes nothing; a random sequence of moves ends where the declaration
says. Rule tests: large requests, decision fields, reasons, withdraw by the submitter,
reuse, the hand-over into the portfolio, the record and audit event of every move, and the
double submit (the lock's re-check; on PostgreSQL with two threads at once).

The helpers at the top are shared with the other procurement test modules.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from businesscases.models import BusinessCase
from core.models import AuditEvent, TransitionRecord
from core.workflow import records
from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_organization, make_user
from portfolio import choices as pc
from portfolio.models import CatalogSystem, Contract, KleSubject, SystemUsage, UsageRole
from procurement import services
from procurement.choices import AnswerValue, DecisionBody, Stage
from procurement.models import Answer, ProcurementRequest
from procurement.questions import asked
from procurement.workflow import REQUEST_WORKFLOW, large_amount

pytestmark = pytest.mark.django_db

_N = itertools.count(1)

# Shared helpers -----------------------------------------------------------------------------


def make_request(org: Organization, actor: Any = None, **fields: Any) -> ProcurementRequest:
    """A request submitted through the service (stage idé)."""
    actor = actor or make_user(organization=org, roles=["indkoeber"])
    n = next(_N)
    defaults: dict[str, Any] = {
        "title": f"Lokalebooking til testforvaltning {n}",
        "problem": "Mødelokaler bookes i et regneark, og dobbeltbookinger er hyppige.",
    }
    return services.request_create(actor=actor, organization=org, **{**defaults, **fields})


def staged(org: Organization, stage: str, **fields: Any) -> ProcurementRequest:
    """A request put straight into ``stage`` (no history), for tests of refusals."""
    fields.setdefault("title", f"Testbehov {next(_N)}")
    fields.setdefault("problem", "Et syntetisk problem.")
    return ProcurementRequest.objects.create(organization=org, stage=stage, **fields)


def own_usage(org: Organization, **fields: Any) -> SystemUsage:
    system = fields.pop("catalog_system", None) or CatalogSystem.objects.create(
        name=f"Testsystem {next(_N)}",
        business_type=pc.BusinessType.FAGSYSTEM,
        scope=pc.Scope.LOCAL,
        owner_organization=org,
    )
    fields.setdefault("local_name", f"Testsystem i brug {next(_N)}")
    return SystemUsage.objects.create(organization=org, catalog_system=system, **fields)


def answer_all(actor: Any, request: ProcurementRequest, value: str = AnswerValue.YES) -> None:
    """Answer every question the request is asked with ``value``."""
    for item in asked(request):
        services.answer_set(
            actor=actor, request=request, question_key=item.question.key, value=value
        )


PATH = (
    ("clarify", Stage.AFKLARING),
    ("to_kontrolorgan", Stage.KONTROLORGAN),
    ("to_decision", Stage.BESLUTNING),
    ("decide", Stage.ANSKAFFELSE),
    ("implement", Stage.IMPLEMENTERING),
    ("go_live", Stage.I_DRIFT),
)
DECISION = {"decision_body": DecisionBody.TEAM, "decision_text": "Godkendt af teamet."}


def walk(actor: Any, request: ProcurementRequest, to: str, **go_live: Any) -> ProcurementRequest:
    """Move the request along the main path until it reaches ``to`` (questions answered "ja"
    first)."""
    answer_all(actor, request)
    for name, target in PATH:
        if request.stage == to:
            break
        fields: dict[str, Any] = dict(DECISION) if name == "decide" else {}
        if name == "go_live":
            fields = go_live or {"usage": own_usage(request.organization)}
        request = services.request_move(
            actor=actor, request=request, transition_name=name, **fields
        )
        assert request.stage == target
    assert request.stage == to
    return request


def state_of(request: ProcurementRequest) -> tuple[dict[str, Any], int, int, int, int]:
    """Everything a refused move must leave alone: the request's row, its transition records,
    the audit events, the answers and the usages."""
    row = dict(ProcurementRequest.objects.filter(pk=request.pk).values().get())
    return (
        row,
        records(REQUEST_WORKFLOW, request).count(),
        AuditEvent.objects.count(),
        Answer.objects.count(),
        SystemUsage.objects.count(),
    )


def all_fields(org: Organization) -> dict[str, Any]:
    """Every field any move needs, valid, so a refusal can only come from the stage."""
    return {
        "reason": "Begrundelse til testen.",
        **DECISION,
        "usage": own_usage(org),
    }


TRANSITIONS = {t.name: t for t in REQUEST_WORKFLOW.transitions}
UNDECLARED = [
    (stage, name)
    for stage in Stage.values
    for name, t in TRANSITIONS.items()
    if stage not in t.sources
]


# Refusals: every stage x every transition not declared from it --------------------------


def test_the_undeclared_pairs_are_the_complement_of_the_declared_ones() -> None:
    declared = {(s, t.name) for t in REQUEST_WORKFLOW.transitions for s in t.sources}
    assert len(UNDECLARED) + len(declared) == len(Stage.values) * len(TRANSITIONS)
    # The ended stages declare nothing.
    for stage in (Stage.I_DRIFT, Stage.GENBRUG, Stage.AFVIST, Stage.TRUKKET_TILBAGE):
        assert REQUEST_WORKFLOW.allowed(stage) == []


@pytest.mark.parametrize(("stage", "name"), UNDECLARED, ids=[f"{s}-{n}" for s, n in UNDECLARED])
def test_a_transition_not_declared_from_the_stage_is_refused(stage: str, name: str) -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    request = staged(org, stage)
    fields = all_fields(org)
    before = state_of(request)

    with pytest.raises(ValidationError) as caught:
        services.request_move(actor=admin, request=request, transition_name=name, **fields)

    label = Stage(stage).label
    assert caught.value.messages == [f"Overgangen »{name}« er ikke tilladt fra »{label}«."]
    assert state_of(request) == before
    assert ProcurementRequest.objects.get(pk=request.pk).stage == stage


NAMES = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå_", min_size=1, max_size=20),
    st.sampled_from(["Clarify", "DECIDE", " decide", "go-live", "i drift", "genbrug "]),
)
TARGETS = {t.target for t in REQUEST_WORKFLOW.transitions}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(stage=st.sampled_from(Stage.values), name=NAMES)
def test_a_random_transition_name_is_refused_in_danish(stage: str, name: str) -> None:
    if name in TRANSITIONS or name in TARGETS:
        return  # a declared name or target (covered by the pair test above)
    org = Organization.objects.filter(name="Hypotesekommune").first() or make_organization(
        "Hypotesekommune"
    )
    admin = make_user(organization=org, roles=["administrator"])
    request = staged(org, stage)
    before = state_of(request)

    with pytest.raises(ValidationError) as caught:
        services.request_move(actor=admin, request=request, transition_name=name)

    assert caught.value.messages == [f"Ukendt overgang: {name}."]
    assert state_of(request) == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(
        st.one_of(st.sampled_from(sorted(TRANSITIONS)), st.sampled_from(["fly", "ide"])),
        max_size=9,
    )
)
def test_a_sequence_of_moves_ends_where_the_declaration_says(moves: list[str]) -> None:
    """Model check: with every question answered "ja" and every field given, a move is taken
    exactly when it is declared from the current stage; each taken move writes one record."""
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    request = make_request(org, admin)
    answer_all(admin, request)
    expected, taken = Stage.IDE.value, 0
    for name in moves:
        t = TRANSITIONS.get(name)
        fields = all_fields(org)
        if t is not None and expected in t.sources:
            request = services.request_move(
                actor=admin, request=request, transition_name=name, **fields
            )
            expected, taken = t.target, taken + 1
        else:
            before = state_of(request)
            with pytest.raises(ValidationError):
                services.request_move(actor=admin, request=request, transition_name=name, **fields)
            assert state_of(request) == before
        assert ProcurementRequest.objects.get(pk=request.pk).stage == expected
    assert records(REQUEST_WORKFLOW, request).count() == taken


def test_a_target_stage_name_takes_the_same_move_including_the_hand_over() -> None:
    """``i_drift`` names the go_live move: it must hand over like ``go_live`` does, not end
    the request without a system in the portfolio."""
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.IMPLEMENTERING)
    system = CatalogSystem.objects.create(
        name="Synthetisk lokalebooking", business_type="fagsystem"
    )

    with pytest.raises(ValidationError, match="Vælg systemet"):
        services.request_move(actor=buyer, request=request, transition_name="i_drift")
    assert ProcurementRequest.objects.get(pk=request.pk).stage == Stage.IMPLEMENTERING

    moved = services.request_move(
        actor=buyer, request=request, transition_name="i_drift", catalog_system=system
    )
    assert moved.stage == Stage.I_DRIFT
    assert ProcurementRequest.objects.get(pk=request.pk).usage.catalog_system == system


# Large requests ---------------------------------------------------------------------------


def _large(org: Organization, actor: Any, one_off: Decimal, yearly: Decimal) -> ProcurementRequest:
    request = make_request(org, actor, budget_one_off=one_off, budget_yearly=yearly)
    return walk(actor, request, Stage.AFKLARING)


def test_a_large_request_must_pass_the_kontrolorgan_before_the_decision() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    amount = large_amount()
    # one-off + 5 x yearly exactly at the amount is large
    request = _large(org, buyer, amount - 5 * Decimal(10_000), Decimal(10_000))
    before = state_of(request)

    with pytest.raises(ValidationError, match="skal forbi kontrolorganet før beslutning"):
        services.request_move(actor=buyer, request=request, transition_name="to_decision")
    assert state_of(request) == before

    services.request_move(actor=buyer, request=request, transition_name="to_kontrolorgan")
    moved = services.request_move(actor=buyer, request=request, transition_name="to_decision")
    assert moved.stage == Stage.BESLUTNING


def test_one_krone_below_the_amount_may_go_straight_to_the_decision() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = _large(org, buyer, large_amount() - 5 * Decimal(10_000) - 1, Decimal(10_000))

    moved = services.request_move(actor=buyer, request=request, transition_name="to_decision")
    moved = services.request_move(actor=buyer, request=moved, transition_name="decide", **DECISION)
    assert moved.stage == Stage.ANSKAFFELSE and moved.business_case_id is None


def test_a_budget_raised_after_afklaring_sends_the_request_back_to_the_kontrolorgan() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = _large(org, buyer, Decimal(10_000), Decimal(0))
    request = services.request_move(actor=buyer, request=request, transition_name="to_decision")
    case = BusinessCase.objects.create(organization=org, name="Business case", start_year=2026)
    request = services.request_update(
        actor=buyer, request=request, budget_one_off=large_amount(), business_case=case
    )
    before = state_of(request)

    with pytest.raises(ValidationError, match="skal forbi kontrolorganet før beslutning"):
        services.request_move(actor=buyer, request=request, transition_name="decide", **DECISION)
    assert state_of(request) == before

    request = services.request_move(actor=buyer, request=request, transition_name="to_kontrolorgan")
    request = services.request_move(actor=buyer, request=request, transition_name="to_decision")
    moved = services.request_move(
        actor=buyer, request=request, transition_name="decide", **DECISION
    )
    assert moved.stage == Stage.ANSKAFFELSE


def test_a_large_request_cannot_be_decided_without_a_business_case() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = _large(org, buyer, large_amount(), Decimal(0))
    services.request_move(actor=buyer, request=request, transition_name="to_kontrolorgan")
    request = services.request_move(actor=buyer, request=request, transition_name="to_decision")
    before = state_of(request)

    with pytest.raises(ValidationError) as caught:
        services.request_move(actor=buyer, request=request, transition_name="decide", **DECISION)
    assert caught.value.message_dict == {
        "business_case": ["En stor anskaffelse kræver en business case før beslutning."]
    }
    assert state_of(request) == before

    case = BusinessCase.objects.create(
        organization=org, name="Business case for lokalebooking", start_year=2026
    )
    services.request_update(actor=buyer, request=request, business_case=case)
    moved = services.request_move(
        actor=buyer, request=request, transition_name="decide", **DECISION
    )
    assert moved.stage == Stage.ANSKAFFELSE and moved.business_case == case


def test_another_organizations_business_case_cannot_be_linked() -> None:
    org, other = make_organization(), make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer)
    foreign = BusinessCase.objects.create(
        organization=other, name="Nabokommunens business case", start_year=2026
    )
    before = state_of(request)

    with pytest.raises(ValidationError) as caught:
        services.request_update(actor=buyer, request=request, business_case=foreign)
    assert "business_case" in caught.value.message_dict
    assert state_of(request) == before


# The decision -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({}, {"decision_text": ["Skriv beslutningen."], "decision_body": ["Vælg det organ"]}),
        ({"decision_body": "team", "decision_text": "  "}, {"decision_text": ["Skriv beslut"]}),
        ({"decision_body": "byraadet", "decision_text": "Ja"}, {"decision_body": ["Vælg det"]}),
        ({"decision_text": "Ja"}, {"decision_body": ["Vælg det organ"]}),
    ],
    ids=["nothing", "blank-text", "unknown-body", "no-body"],
)
def test_the_decision_needs_a_text_and_a_known_body(
    fields: dict[str, str], errors: dict[str, list[str]]
) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.BESLUTNING)
    before = state_of(request)

    with pytest.raises(ValidationError) as caught:
        services.request_move(actor=buyer, request=request, transition_name="decide", **fields)

    found = caught.value.message_dict
    assert set(found) == set(errors)
    for field, (start,) in errors.items():
        assert found[field][0].startswith(start)
    assert state_of(request) == before


def test_the_decision_is_recorded_with_body_reference_text_and_date() -> None:
    import datetime as dt

    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.BESLUTNING)
    moved = services.request_move(
        actor=buyer,
        request=request,
        transition_name="decide",
        decision_body=DecisionBody.DIREKTION,
        decision_text="Godkendt med vilkår om exit-plan.",
        decision_reference="Direktionsmøde 2026-03",
        decided_on=dt.date(2026, 3, 2),
    )
    row = ProcurementRequest.objects.get(pk=moved.pk)
    assert (row.decision_body, row.decision_reference, row.decided_on) == (
        "direktion",
        "Direktionsmøde 2026-03",
        dt.date(2026, 3, 2),
    )
    record = records(REQUEST_WORKFLOW, row).first()
    assert record is not None and record.fields["decision_reference"] == "Direktionsmøde 2026-03"


# Reasons and withdrawal -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reject", "withdraw"])
@pytest.mark.parametrize("reason", [None, "", "   \n"])
def test_reject_and_withdraw_need_a_reason(name: str, reason: str | None) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    before = state_of(request)
    fields = {} if reason is None else {"reason": reason}

    with pytest.raises(ValidationError) as caught:
        services.request_move(actor=buyer, request=request, transition_name=name, **fields)

    assert set(caught.value.message_dict) == {"reason"}
    assert state_of(request) == before


def test_the_submitter_may_withdraw_without_running_the_process() -> None:
    org = make_organization()
    submitter = make_user(organization=org, roles=["redaktoer"])
    colleague = make_user(organization=org, roles=["redaktoer"])
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, submitter)
    request = services.request_move(actor=buyer, request=request, transition_name="clarify")

    with pytest.raises(PermissionDenied):
        services.request_move(
            actor=submitter, request=request, transition_name="reject", reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.request_move(
            actor=colleague, request=request, transition_name="withdraw", reason="Ikke min"
        )
    assert ProcurementRequest.objects.get(pk=request.pk).stage == Stage.AFKLARING

    moved = services.request_move(
        actor=submitter, request=request, transition_name="withdraw", reason="Behovet er væk."
    )
    assert moved.stage == Stage.TRUKKET_TILBAGE
    record = records(REQUEST_WORKFLOW, moved).get(transition="withdraw")
    assert record.actor == submitter and record.fields == {"reason": "Behovet er væk."}


def test_a_reader_may_not_move_a_request() -> None:
    org = make_organization()
    reader = make_user(organization=org, roles=["laeser"])
    request = make_request(org)
    before = state_of(request)
    for name in ("clarify", "withdraw", "reject"):
        with pytest.raises(PermissionDenied):
            services.request_move(actor=reader, request=request, transition_name=name, reason="x")
    assert state_of(request) == before


# Reuse ------------------------------------------------------------------------------------


def test_reuse_needs_a_usage_or_contract() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer)
    before = state_of(request)

    with pytest.raises(ValidationError) as caught:
        services.request_move(actor=buyer, request=request, transition_name="reuse")
    assert caught.value.message_dict == {
        "usage": ["Vælg det system eller den kontrakt, der genbruges."]
    }
    assert state_of(request) == before


@pytest.mark.parametrize("kind", ["usage", "contract"])
def test_reuse_of_another_organizations_usage_or_contract_is_refused(kind: str) -> None:
    org, other = make_organization(), make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer, budget_yearly=Decimal(40_000))
    foreign = (
        own_usage(other)
        if kind == "usage"
        else Contract.objects.create(organization=other, name="Nabokommunens rammeaftale")
    )
    before = state_of(request)

    with pytest.raises(ValidationError) as caught:
        services.request_move(
            actor=buyer, request=request, transition_name="reuse", **{kind: foreign}
        )
    assert caught.value.message_dict == {kind: ["Findes ikke i organisationen."]}
    assert state_of(request) == before


@pytest.mark.parametrize("kind", ["usage", "contract"])
def test_reuse_of_an_own_usage_or_contract_ends_the_request(kind: str) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer, budget_yearly=Decimal(40_000)), Stage.AFKLARING)
    mine = (
        own_usage(org)
        if kind == "usage"
        else Contract.objects.create(organization=org, name="Egen rammeaftale")
    )

    moved = services.request_move(
        actor=buyer, request=request, transition_name="reuse", **{kind: mine}
    )

    row = ProcurementRequest.objects.get(pk=moved.pk)
    assert row.stage == Stage.GENBRUG
    assert getattr(row, f"reuse_{kind}") == mine
    assert row.avoided_yearly == Decimal(40_000)
    record = records(REQUEST_WORKFLOW, row).first()
    assert record is not None and record.fields == {kind: mine.pk}


# Hand-over --------------------------------------------------------------------------------


def test_going_live_creates_the_usage_with_what_the_request_knows() -> None:
    org = make_organization()
    unit = OrganizationUnit.objects.create(organization=org, name="Testforvaltningen")
    owner = make_user(organization=org, roles=["systemejer"], first_name="Tove", last_name="Test")
    buyer = make_user(organization=org, roles=["indkoeber"])
    subjects = list(KleSubject.objects.filter(level="emne")[:3])
    system = CatalogSystem.objects.create(
        name="Synthetisk selvbetjening", business_type="fagsystem"
    )
    system.kle_subjects.set(subjects[:1])
    request = make_request(
        org,
        buyer,
        strategy="borgernaer_service",
        unit=unit,
        responsible=owner,
        personal_data="cpr",
        kle_subjects=subjects,
    )
    request = walk(buyer, request, Stage.IMPLEMENTERING, catalog_system=system)
    assert Answer.objects.get(request=request, question_key="alle_platforme").value == "ja"

    moved = services.request_move(
        actor=buyer, request=request, transition_name="go_live", catalog_system=system
    )

    usage = ProcurementRequest.objects.get(pk=moved.pk).usage
    assert usage is not None and usage.organization == org and usage.catalog_system == system
    assert usage.responsible_unit == unit
    assert usage.lifecycle == pc.Lifecycle.OPERATIONAL
    assert usage.data_sensitivity == pc.DataSensitivity.SENSITIVE
    assert usage.governance_plan.responsible_label == "Tove Test"
    assert set(usage.kle_additions.all()) == set(subjects[1:])
    assert all(
        (
            usage.supports_browsers,
            usage.supports_ios,
            usage.supports_android,
            usage.supports_windows,
            usage.supports_macos,
        )
    )
    role = UsageRole.objects.get(usage=usage)
    assert role.role_type.key == "systemejer" and role.user == owner
    # The usage, its role and the request's link to it are all in the audit trail.
    events = AuditEvent.objects.filter(object_id=str(usage.pk), content_type__model="systemusage")
    audited_roles = [
        row for e in events if "roles" in e.changes for row in e.changes["roles"]["after"] or []
    ]
    assert {"role_type": role.role_type_id, "user": owner.pk} in [
        {k: row[k] for k in ("role_type", "user")} for row in audited_roles
    ]
    assert AuditEvent.objects.filter(
        object_id=str(moved.pk), content_type__model="procurementrequest", changes__has_key="usage"
    ).exists()


@pytest.mark.parametrize("answer", ["nej", "ved_ikke", None])
def test_platform_support_is_carried_over_only_from_a_yes(answer: str | None) -> None:
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    request = make_request(
        org, architect, strategy="borgernaer_service", responsible_name="Syntetisk Systemejer"
    )
    request = walk(architect, request, Stage.IMPLEMENTERING)
    if answer is None:
        Answer.objects.filter(request=request, question_key="alle_platforme").delete()
    else:
        services.answer_set(
            actor=architect, request=request, question_key="alle_platforme", value=answer
        )
    system = CatalogSystem.objects.create(name="Syntetisk portal", business_type="fagsystem")

    moved = services.request_move(
        actor=architect, request=request, transition_name="go_live", catalog_system=system
    )

    usage = ProcurementRequest.objects.get(pk=moved.pk).usage
    assert usage is not None
    assert not any((usage.supports_browsers, usage.supports_ios, usage.supports_macos))
    assert usage.data_sensitivity == pc.DataSensitivity.NONE
    assert usage.governance_plan.responsible_label == "Syntetisk Systemejer"
    role = UsageRole.objects.get(usage=usage)
    assert role.user is None and role.person_name == "Syntetisk Systemejer"


def test_going_live_links_an_existing_usage_and_contract() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    usage = own_usage(org)
    contract = Contract.objects.create(organization=org, name="Synthetisk driftsaftale")
    request = walk(buyer, make_request(org, buyer), Stage.IMPLEMENTERING)
    usages = SystemUsage.objects.count()

    moved = services.request_move(
        actor=buyer, request=request, transition_name="go_live", usage=usage, contract=contract
    )

    row = ProcurementRequest.objects.get(pk=moved.pk)
    assert (row.stage, row.usage, row.contract) == (Stage.I_DRIFT, usage, contract)
    assert SystemUsage.objects.count() == usages
    assert list(contract.usages.all()) == [usage]
    assert AuditEvent.objects.filter(
        object_id=str(contract.pk), content_type__model="contract", changes__has_key="usages"
    ).exists()


def test_going_live_refuses_what_the_organization_does_not_have() -> None:
    org, other = make_organization(), make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.IMPLEMENTERING)
    foreign_local = CatalogSystem.objects.create(
        name="Nabokommunens eget system",
        business_type="fagsystem",
        scope=pc.Scope.LOCAL,
        owner_organization=other,
    )
    before = state_of(request)
    for fields, field in (
        ({}, "usage"),
        ({"catalog_system": foreign_local}, "catalog_system"),
        ({"usage": own_usage(other)}, "usage"),
        (
            {
                "usage": own_usage(org),
                "contract": Contract.objects.create(organization=other, name="Fremmed"),
            },
            "contract",
        ),
    ):
        before = state_of(request)
        with pytest.raises(ValidationError) as caught:
            services.request_move(actor=buyer, request=request, transition_name="go_live", **fields)
        assert field in caught.value.message_dict
        assert state_of(request) == before


def test_a_reader_gets_no_hand_over_and_no_hint() -> None:
    org = make_organization()
    reader = make_user(organization=org, roles=["laeser"])
    request = staged(org, Stage.IMPLEMENTERING)
    before = state_of(request)
    with pytest.raises(PermissionDenied):
        services.request_move(actor=reader, request=request, transition_name="go_live")
    assert state_of(request) == before


# Every move is recorded and audited ----------------------------------------------------------


def test_every_move_writes_one_record_and_one_audit_event() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer)
    answer_all(buyer, request)
    seen = []
    for name, target in PATH:
        source = ProcurementRequest.objects.get(pk=request.pk).stage
        transitions_before = TransitionRecord.objects.filter(object_id=str(request.pk)).count()
        audit_before = AuditEvent.objects.filter(
            object_id=str(request.pk), content_type__model="procurementrequest"
        ).count()
        fields: dict[str, Any] = dict(DECISION) if name == "decide" else {}
        if name == "go_live":
            fields = {"usage": own_usage(org)}
        request = services.request_move(
            actor=buyer, request=request, transition_name=name, **fields
        )
        record = records(REQUEST_WORKFLOW, request).first()
        assert record is not None
        assert (record.transition, record.from_state, record.to_state) == (name, source, target)
        assert record.actor == buyer and record.organization == org
        assert (
            TransitionRecord.objects.filter(object_id=str(request.pk)).count()
            == transitions_before + 1
        )
        events = AuditEvent.objects.filter(
            object_id=str(request.pk), content_type__model="procurementrequest"
        ).order_by("id")
        assert events.count() >= audit_before + 1
        stage_event = next(e for e in events[audit_before:] if "stage" in e.changes)
        assert stage_event.changes["stage"] == {"before": source, "after": target}
        assert stage_event.actor == buyer
        seen.append(target)
    assert seen == [t for _, t in PATH]
