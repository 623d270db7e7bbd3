"""Reuse candidates (procurement.reuse): ranked, with reasons, and never another
municipality's data.

Property: on an installation of several municipalities with random landscapes whose
names are marked as secret, a request's candidate list holds only the organization's own
usages and contracts, global fælleskommunale components, and - for "elsewhere" - the
public catalog name with a count; no other municipality's local name, contract, local
catalog entry or local KLE addition shows up in any name, reason or link.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from organizations.models import Organization
from organizations.testing import make_organization
from portfolio import choices as pc
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    KleSubject,
    ProcessStep,
    SystemUsage,
)
from procurement import reuse
from procurement.models import ProcurementRequest
from procurement.reuse import Candidate, candidates, normalise

pytestmark = pytest.mark.django_db

_N = itertools.count(1)


def _subjects(n: int) -> list[KleSubject]:
    subjects = list(KleSubject.objects.filter(level="emne").order_by("number")[:n])
    assert len(subjects) == n, "the synthetic KLE plan has too few subjects"
    return subjects


def _system(name: str, subjects: list[KleSubject] = (), **fields: Any) -> CatalogSystem:  # type: ignore[assignment]
    fields.setdefault("business_type", pc.BusinessType.FAGSYSTEM)
    system = CatalogSystem.objects.create(name=name, **fields)
    system.kle_subjects.set(subjects)
    return system


def _usage(org: Organization, system: CatalogSystem, local_name: str = "", **fields: Any) -> Any:
    fields.setdefault("lifecycle", pc.Lifecycle.OPERATIONAL)
    m2m = {k: fields.pop(k) for k in ("kle_additions", "kle_removals") if k in fields}
    usage = SystemUsage.objects.create(
        organization=org, catalog_system=system, local_name=local_name, **fields
    )
    for name, values in m2m.items():
        getattr(usage, name).set(values)
    return usage


def _request(org: Organization, title: str, subjects: list[KleSubject] = (), **fields: Any) -> Any:  # type: ignore[assignment]
    request = ProcurementRequest.objects.create(
        organization=org, title=title, problem=fields.pop("problem", ""), **fields
    )
    request.kle_subjects.set(subjects)
    return request


def _by_kind(found: list[Candidate], kind: str) -> dict[str, Candidate]:
    return {c.name: c for c in found if c.kind == kind}


# Never another municipality's data ----------------------------------------------------------

SECRET = "HEMMELIG"


@st.composite
def landscapes(draw: Any) -> dict[str, Any]:
    """Usages (system index, local name?, KLE additions, removals) per organization, global
    systems' KLE subjects, contracts per organization, and the request's KLE subjects."""
    pool = st.integers(min_value=0, max_value=5)
    systems = draw(st.lists(st.sets(pool, max_size=3), min_size=1, max_size=5))
    usage = st.tuples(
        st.integers(min_value=0, max_value=len(systems) - 1),
        st.booleans(),
        st.sets(pool, max_size=2),
        st.sets(pool, max_size=1),
        st.sampled_from(list(pc.Lifecycle.values)),
    )
    contract = st.tuples(
        st.integers(min_value=0, max_value=3),
        st.integers(min_value=0, max_value=3),
        st.booleans(),
        st.booleans(),
    )
    return {
        "systems": systems,
        "usages": draw(st.lists(st.lists(usage, max_size=5), min_size=2, max_size=3)),
        "contracts": draw(st.lists(st.lists(contract, max_size=3), min_size=2, max_size=3)),
        "local_systems": draw(st.integers(min_value=0, max_value=2)),
        "wanted": draw(st.sets(pool, max_size=4)),
        "process": draw(st.booleans()),
        "title": draw(
            st.sampled_from(
                [
                    f"{SECRET} system",
                    "Bookingsystem til lokaler",
                    "Fælles system til sagsoverblik",
                    "Et nyt testsystem",
                    "",
                ]
            )
        ),
    }


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(land=landscapes())
def test_a_candidate_list_never_holds_another_municipalitys_data(land: dict[str, Any]) -> None:
    kle = _subjects(6)
    run = next(_N)
    systems = [
        _system(f"Globalt testsystem {run}-{i}", [kle[k] for k in keys])
        for i, keys in enumerate(land["systems"])
    ]
    orgs = [make_organization(f"Testkommune {run}-{i}") for i in range(len(land["usages"]))]
    mine = orgs[0]
    secrets: set[str] = set()
    own_usages, own_contracts = set(), set()
    for index, (org, rows) in enumerate(zip(orgs, land["usages"], strict=False)):
        # Local catalog entries of the organization, used by it
        local = [
            _system(
                f"{SECRET} lokalt katalog {run}-{index}-{n}",
                [kle[0], kle[1]],
                scope=pc.Scope.LOCAL,
                owner_organization=org,
            )
            for n in range(land["local_systems"])
        ]
        for n, (system, named, additions, removals, lifecycle) in enumerate(rows):
            name = f"{SECRET} lokalt navn {run}-{index}-{n}" if named else ""
            usage = _usage(
                org,
                systems[system],
                name,
                lifecycle=lifecycle,
                kle_additions=[kle[k] for k in additions],
                kle_removals=[kle[k] for k in removals],
            )
            if org == mine:
                own_usages.add(usage.pk)
            elif name:
                secrets.add(name)
        for n, system in enumerate(local):
            usage = _usage(org, system, f"{SECRET} lokal brug {run}-{index}-{n}")
            if org == mine:
                own_usages.add(usage.pk)
            else:
                secrets |= {system.name, usage.local_name}
    for index, (org, rows) in enumerate(zip(orgs, land["contracts"], strict=False)):
        for n, (offered, used, framework, linked) in enumerate(rows):
            contract = Contract.objects.create(
                organization=org,
                name=f"{SECRET} kontrakt {run}-{index}-{n}",
                options_offered=max(offered, used),
                options_used=used,
                contract_type=pc.ContractType.FRAMEWORK if framework else pc.ContractType.MAIN,
            )
            first = SystemUsage.objects.filter(organization=org).first()
            if linked and first is not None:
                contract.usages.add(first)
            if org == mine:
                own_contracts.add(contract.pk)
            else:
                secrets.add(contract.name)
    process = None
    if land["process"]:
        process = BusinessProcess.objects.create(organization=mine, name=f"Proces {run}")
        step = ProcessStep.objects.create(process=process, order=1, name="Trin 1")
        step.usages.set(SystemUsage.objects.filter(organization=mine)[:2])
    request = _request(
        mine,
        land["title"] or f"Behov {run}",
        [kle[k] for k in land["wanted"]],
        problem=f"Vi mangler et {SECRET} værktøj",
        business_process=process,
    )
    # Everything on the installation that is not this organization's (earlier examples too)
    theirs = SystemUsage.objects.exclude(organization=mine)
    other_usages = set(theirs.values_list("pk", flat=True))
    other_used_systems = set(theirs.values_list("catalog_system_id", flat=True))
    secrets |= set(theirs.exclude(local_name="").values_list("local_name", flat=True))
    secrets |= set(Contract.objects.exclude(organization=mine).values_list("name", flat=True))
    secrets |= set(
        CatalogSystem.objects.filter(scope=pc.Scope.LOCAL)
        .exclude(owner_organization=mine)
        .values_list("name", flat=True)
    )
    my_systems = set(
        SystemUsage.objects.filter(organization=mine).values_list("catalog_system_id", flat=True)
    )

    found = candidates(request, limit=100)

    for kind in sorted({c.kind for c in found}):
        event(f"has {kind} candidates")
    for candidate in found:
        assert candidate.pk is not None
        text = " ".join([candidate.name, candidate.url, *candidate.reasons])
        assert not any(secret in text for secret in secrets), candidate
        assert candidate.score > 0 and candidate.reasons
        if candidate.kind == "usage":
            assert candidate.pk in own_usages and candidate.pk not in other_usages
        elif candidate.kind == "contract":
            assert candidate.pk in own_contracts
            assert candidate.usage_pk is None or candidate.usage_pk in own_usages
        elif candidate.kind == "component":
            system = CatalogSystem.objects.get(pk=candidate.pk)
            assert system.scope == pc.Scope.GLOBAL
            assert system.business_type == pc.BusinessType.FAELLESKOMMUNAL
        else:
            assert candidate.kind == "elsewhere"
            system = CatalogSystem.objects.get(pk=candidate.pk)
            assert system.scope == pc.Scope.GLOBAL and candidate.name == system.name
            assert candidate.pk in other_used_systems and candidate.pk not in my_systems
            # The catalog's own KLE subjects, never another municipality's local additions
            assert set(system.kle_subjects.values_list("pk", flat=True)) & {
                kle[k].pk for k in land["wanted"]
            }
            assert len(candidate.reasons) == 2
            assert "kommune" in candidate.reasons[1]


def test_another_municipalitys_local_kle_addition_does_not_make_its_system_a_candidate() -> None:
    mine, other = make_organization(), make_organization()
    wanted, unrelated = _subjects(2)
    hidden = _system("Global uden emnet", [unrelated])
    _usage(other, hidden, f"{SECRET} tilføjet lokalt", kle_additions=[wanted])
    request = _request(mine, "Noget helt andet", [wanted])
    assert [c for c in candidates(request) if c.kind == "elsewhere"] == []


# Own usages -------------------------------------------------------------------------------


def test_usages_are_found_by_kle_subject_with_additions_and_removals() -> None:
    org = make_organization()
    a, b, c = _subjects(3)
    both = _usage(org, _system("Syntetisk A", [a, b]), "Dækker begge")
    added = _usage(org, _system("Syntetisk B", []), "Tilføjet lokalt", kle_additions=[a])
    _usage(org, _system("Syntetisk C", [a]), "Fravalgt lokalt", kle_removals=[a])
    _usage(org, _system("Syntetisk D", [a, b]), "Ikke i drift", lifecycle=pc.Lifecycle.NOT_IN_USE)
    _usage(org, _system("Syntetisk E", [c]), "Andet emne")
    request = _request(org, "Qwerty zxcv", [a, b])

    usages = _by_kind(candidates(request), "usage")

    assert set(usages) == {"Dækker begge", "Tilføjet lokalt"}
    assert usages["Dækker begge"].score == 50 and usages["Dækker begge"].pk == both.pk
    assert usages["Dækker begge"].reasons == ["Dækker 2 af anmodningens 2 KLE-emner"]
    assert usages["Tilføjet lokalt"].score == 25 and usages["Tilføjet lokalt"].pk == added.pk
    assert usages["Dækker begge"].url == reverse("portfolio:usage_detail", args=[both.pk])


def test_usages_in_the_requests_process_and_its_kle_subject_count() -> None:
    org = make_organization()
    subject = _subjects(1)[0]
    process = BusinessProcess.objects.create(
        organization=org, name="Syntetisk visitation", kle_subject=subject
    )
    used = _usage(org, _system("Syntetisk proces-system", [subject]), "Bruges i processen")
    ProcessStep.objects.create(process=process, order=1, name="Visitér").usages.add(used)
    request = _request(org, "Qwerty zxcv", business_process=process)

    [candidate] = [c for c in candidates(request) if c.kind == "usage"]

    assert candidate.pk == used.pk
    assert candidate.score == 75
    assert candidate.reasons == [
        "Dækker 1 af anmodningens 1 KLE-emner",
        "Bruges allerede i processen »Syntetisk visitation«",
    ]


def test_usages_are_found_by_a_name_like_the_need() -> None:
    org = make_organization()
    _usage(org, _system("Lokalebookingsystem"), "")
    _usage(org, _system("Løn og personale"), "")
    request = _request(org, "Nyt system til lokalebooking", problem="Booking af lokaler")

    usages = _by_kind(candidates(request), "usage")

    assert list(usages) == ["Lokalebookingsystem"]
    [reason] = usages["Lokalebookingsystem"].reasons
    assert reason.startswith("Navn eller beskrivelse ligner behovet (")


# Contracts --------------------------------------------------------------------------------


def test_contracts_with_unused_options_or_framework_agreements_cover_a_candidate() -> None:
    org = make_organization()
    subject = _subjects(1)[0]
    usage = _usage(org, _system("Syntetisk kernesystem", [subject]), "Kernesystemet")
    today = dt.date.today()

    def contract(name: str, **fields: Any) -> Contract:
        row = Contract.objects.create(organization=org, name=name, **fields)
        row.usages.add(usage)
        return row

    option = contract("Syntetisk option", options_offered=2, options_used=1)
    framework = contract("Syntetisk ramme", contract_type=pc.ContractType.FRAMEWORK)
    contract("Syntetisk opbrugt", options_offered=1, options_used=1)
    contract("Syntetisk opsagt", options_offered=2, terminated=True)
    contract("Syntetisk udløbet", options_offered=2, end_date=today - dt.timedelta(days=1))
    request = _request(org, "Qwerty zxcv", [subject])

    contracts = _by_kind(candidates(request), "contract")

    assert set(contracts) == {"Syntetisk option", "Syntetisk ramme"}
    assert contracts["Syntetisk option"].pk == option.pk
    assert contracts["Syntetisk option"].reasons == [
        "1 ubrugt option",
        "Dækker systemet »Kernesystemet«",
    ]
    assert contracts["Syntetisk ramme"].pk == framework.pk
    assert contracts["Syntetisk ramme"].reasons == [
        "Rammeaftale",
        "Dækker systemet »Kernesystemet«",
    ]
    assert (
        contracts["Syntetisk ramme"].score == 50
        and contracts["Syntetisk ramme"].usage_pk == usage.pk
    )


# KOMBIT components and other municipalities ---------------------------------------------


def test_faelleskommunale_components_by_kle_subject() -> None:
    org = make_organization()
    subject = _subjects(1)[0]
    component = CatalogSystem.objects.filter(business_type="faelleskommunal").first()
    assert component is not None, "the migration seeds the KOMBIT components"
    component.kle_subjects.add(subject)
    request = _request(org, "Qwerty zxcv", [subject])

    components = _by_kind(candidates(request), "component")

    assert components[component.name].reasons[:2] == [
        "Fælleskommunal komponent (KOMBIT)",
        "Dækker 1 af anmodningens 1 KLE-emner",
    ]


def test_systems_elsewhere_by_name_and_count_not_the_ones_the_municipality_has() -> None:
    mine = make_organization()
    others = [make_organization() for _ in range(3)]
    a, b = _subjects(2)
    popular = _system("Syntetisk populær", [a, b])
    rare = _system("Syntetisk sjælden", [a])
    owned = _system("Syntetisk egen", [a, b])
    for org in others:
        _usage(org, popular, f"{SECRET} {org.pk}")
    _usage(others[0], rare, "")
    _usage(others[0], owned, "")
    _usage(mine, owned, "Vores egen")
    request = _request(mine, "Qwerty zxcv", [a, b])

    elsewhere = [c for c in candidates(request) if c.kind == "elsewhere"]

    assert [c.name for c in elsewhere] == ["Syntetisk populær", "Syntetisk sjælden"]
    assert elsewhere[0].reasons == [
        "Dækker 2 af anmodningens 2 KLE-emner",
        "Bruges af 3 andre kommuner på installationen",
    ]
    assert elsewhere[1].reasons[1] == "Bruges af 1 anden kommune på installationen"
    assert elsewhere[0].score == 40 and elsewhere[1].score == 20


# Ranking, limits, edge cases ---------------------------------------------------------------


def test_candidates_are_ranked_and_limited() -> None:
    org = make_organization()
    a, b = _subjects(2)
    for n in range(20):
        _usage(org, _system(f"Syntetisk {n:02d}", [a, b] if n % 2 else [a]), f"Brug {n:02d}")
    request = _request(org, "Qwerty zxcv", [a, b])

    found = candidates(request)

    assert len(found) == reuse.LIMIT
    keys = [(-c.score, c.name.lower()) for c in found]
    assert keys == sorted(keys)
    assert found[0].score == 50 and found[-1].score == 25
    assert len(candidates(request, limit=3)) == 3


def test_a_request_without_kle_subjects_or_text_has_no_candidates_and_no_error() -> None:
    org = make_organization()
    _usage(org, _system("Syntetisk noget"), "Noget")
    request = _request(org, "Qwerty")
    assert candidates(request) == []


def test_the_normaliser_drops_stop_words_and_endings() -> None:
    assert normalise("Bookingsystemer til lokalerne") == "booking lokal"
    assert normalise("ET NYT SYSTEM") == ""
    assert normalise("Lokalebookingsystemer på rådhuset") == "lokalebooking rådhus"


def test_the_check_takes_the_same_queries_for_few_and_many_usages() -> None:
    org, other = make_organization(), make_organization()
    a, b = _subjects(2)
    request = _request(org, "Lokalebooking", [a, b])
    counts = []
    for size in (3, 30):
        for n in range(size):
            system = _system(f"Syntetisk {size}-{n}", [a] if n % 2 else [a, b])
            _usage(org, system, f"Brug {size}-{n}", kle_additions=[b])
            _usage(other, system, "")
            usage = _usage(org, system, f"Kontrakt-brug {size}-{n}")
            Contract.objects.create(
                organization=org, name=f"Kontrakt {size}-{n}", options_offered=1
            ).usages.add(usage)
        with CaptureQueriesContext(connection) as ctx:
            candidates(request)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
