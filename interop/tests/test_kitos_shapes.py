"""KITOS as it really serialises (os2kitos/kitos, see data/kitos/SOURCES.md): PascalCase
enum names, the integer variant, a usage whose system is on no catalog page, local option
names; every enum value the importer reads maps."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interop.kitos import kitos_import
from interop.kitos.enums import ENUMS, FIELDS, INTEGER_HEADER, member, serialise
from interop.kitos.mapping import (
    AGREEMENT,
    ARCHIVE_DUTY,
    HOSTING,
    LIFECYCLE,
    NOTICE_RUNS_TO,
    OVERSIGHT_INTERVAL,
    RECOMMENDED_ARCHIVE_DUTY,
    RISK,
    SENSITIVITY,
    YES_NO_DONT_KNOW,
    YES_NO_UNDECIDED,
    Vocabulary,
)
from interop.kitos_client import KitosClient, kitos_sync
from interop.tests.fake_kitos import PASSWORD, USER, FakeKitos
from interop.tests.kitos_data import DATA, FILES, ORG, U, load, raw
from organizations.models import Organization
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.models import (
    CatalogSystem,
    Contract,
    DataProcessingRegistration,
    Integration,
    SystemUsage,
)

pytestmark = pytest.mark.django_db

UNTRANSLATABLE = ("kan ikke oversættes", "svarer ikke til")
VOCABULARIES: list[Vocabulary] = [
    LIFECYCLE,
    HOSTING,
    SENSITIVITY,
    ARCHIVE_DUTY,
    RECOMMENDED_ARCHIVE_DUTY,
    RISK,
    YES_NO_DONT_KNOW,
    AGREEMENT,
    OVERSIGHT_INTERVAL,
    YES_NO_UNDECIDED,
    NOTICE_RUNS_TO,
]
# Members deliberately in the fixtures that KITOS does not (yet) have: see SOURCES.md.
FUTURE = {"SomethingNew", "Cloudy", "EveryThirdYear"}


def _values(value: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        yield value
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for item in value if isinstance(value, list) else []:
            yield from _values(item, rest)
    elif isinstance(value, dict) and head in value:
        yield from _values(value[head], rest)


def _kind(name: str) -> str:
    return (
        name.split("-page")[0]
        .removesuffix(".json")
        .removesuffix("-dangling")
        .removesuffix("-local-options")
    )


def test_every_enum_field_of_every_fixture_is_a_kitos_member_in_pascal_case() -> None:
    seen = 0
    for path in sorted(DATA.glob("*.json")):
        kind = _kind(path.name)
        for record in json.loads(path.read_text(encoding="utf-8")):
            for field, enum in FIELDS[kind].items():
                for value in _values(record, field):
                    if value is None or value in FUTURE:
                        continue
                    seen += 1
                    assert member(enum, value) == value, (path.name, field, value)
    assert seen > 60


def test_every_vocabulary_covers_every_member_of_its_kitos_enum() -> None:
    """Each enum the importer reads maps every member KITOS declares (name, lower-case name
    and integer value all give the same Styrbar value)."""
    for vocabulary in VOCABULARIES:
        assert vocabulary.enum is not None
        for name, number in ENUMS[vocabulary.enum].items():
            found, by_name = vocabulary.lookup(name)
            assert found, (vocabulary.enum, name)
            assert vocabulary.lookup(name.lower()) == (True, by_name)
            assert vocabulary.lookup(number) == (True, by_name)
            assert vocabulary.lookup(str(number)) == (True, by_name)
        assert vocabulary.lookup(99)[0] is False and vocabulary.lookup(True)[0] is False


def _org() -> Organization:
    return make_organization(kommunekode=996, cvr="29189846")


def _state() -> dict[str, Any]:
    usages = {
        str(u.uuid): (
            u.lifecycle,
            u.hosting,
            u.data_sensitivity,
            u.archive_duty,
            u.risk_level,
            u.business_critical,
            u.risk_assessment_done,
            u.dpia_done,
        )
        for u in SystemUsage.objects.all()
    }
    contracts = {
        str(x.uuid): (x.notice_runs_to, x.contract_type, x.procurement_form)
        for x in Contract.objects.all()
    }
    dprs = {
        str(d.uuid): (
            d.agreement_concluded,
            d.transfer_to_third_countries,
            d.oversight_interval_months,
            d.oversight_completed,
        )
        for d in DataProcessingRegistration.objects.all()
    }
    systems = dict(
        CatalogSystem.objects.filter(uuid__in=[U(101), U(102), U(103)]).values_list(
            "name", "recommended_archive_duty"
        )
    )
    return {"usages": usages, "contracts": contracts, "dprs": dprs, "systems": systems}


ALL = [*FILES, "data-processing-registrations.json"]


def test_pascal_case_and_integer_pages_import_the_same() -> None:
    org = _org()
    editor = make_user(organization=org, roles=["redaktoer"])
    report = kitos_import(actor=editor, organization=org, files=raw(*ALL), dry_run=False)
    assert report.committed, report.errors
    named = _state()
    untranslated = [w for w in report.warnings if any(t in w["message"] for t in UNTRANSLATABLE)]
    # Only the deliberate future members and option names outside Styrbar's lists.
    assert {w["message"].split("'")[1] for w in untranslated} == {
        "SomethingNew",
        "Cloudy",
        "EveryThirdYear",
        "Læringsplatform",
        "Mystisk aftaletype",
        "Hvert skudår",
    }
    esdh = SystemUsage.objects.get(uuid=U(301))
    assert esdh.lifecycle == c.Lifecycle.OPERATIONAL and esdh.hosting == c.Hosting.ON_PREMISES
    assert esdh.data_sensitivity == c.DataSensitivity.SENSITIVE
    assert esdh.business_critical and esdh.risk_assessment_done and not esdh.dpia_done
    assert Contract.objects.get(uuid=U(351)).notice_runs_to == c.NoticeRunsTo.QUARTER

    for model in (DataProcessingRegistration, Contract, Integration, SystemUsage):
        model.objects.all().delete()
    CatalogSystem.objects.filter(uuid__in=[U(101), U(102), U(103)]).delete()
    as_integers = []
    for name in ALL:
        records = json.loads((DATA / name).read_text(encoding="utf-8"))
        kind = _kind(name)
        records = [serialise(kind, r, as_integer=True) for r in records]
        as_integers.append(json.dumps(records).encode())
    assert b'"lifeCycleStatus": 3' in as_integers[4]
    other = make_organization(kommunekode=995)
    editor2 = make_user(organization=other, roles=["redaktoer"])
    report = kitos_import(actor=editor2, organization=other, files=as_integers, dry_run=False)
    assert report.committed, report.errors
    assert _state() == named


def test_a_usage_whose_system_is_on_no_catalog_page_is_reported_not_blocking() -> None:
    org = _org()
    editor = make_user(organization=org, roles=["redaktoer"])
    files = raw(*FILES, "it-system-usages-dangling.json", "it-contracts-local-options.json")
    report = kitos_import(actor=editor, organization=org, files=files, dry_run=False)
    assert report.errors == [] and report.committed
    assert [(u["uuid"], u["row"]) for u in report.unresolved] == [
        (str(U(198)), "it-system-usages[3] Gammel løn"),
        (str(U(304)), "it-system-usages relation[3] Elevplan"),
    ]
    assert report.as_json()["unresolved"] == report.unresolved
    assert any("Gammel løn" in line for line in report.summary_lines())
    # Everything that resolves is in: the other usage, its relation, the contract.
    assert not SystemUsage.objects.filter(uuid=U(304)).exists()
    plan = SystemUsage.objects.get(uuid=U(305))
    assert plan.lifecycle == c.Lifecycle.PHASING_IN and plan.hosting == c.Hosting.HYBRID
    assert plan.data_sensitivity == c.DataSensitivity.CRIMINAL
    assert plan.archive_duty == c.ArchiveDuty.K and plan.risk_level == c.Level.LOW
    assert plan.business_critical and not plan.dpia_done
    flow = Integration.objects.get(uuid=U(403))
    assert (flow.frequency, flow.frequency_local) == (c.Frequency.REALTIME, "Løbende (realtid)")
    assert not Integration.objects.filter(uuid=U(404)).exists()
    contract = Contract.objects.get(uuid=U(353))
    assert (contract.contract_type, contract.contract_type_local) == (
        c.ContractType.OTHER,
        "Vedligeholdelsesaftale",
    )
    assert (contract.procurement_form, contract.procurement_form_local) == (
        c.ProcurementForm.OTHER,
        "Mini-udbud",
    )
    assert contract.notice_runs_to == c.NoticeRunsTo.YEAR
    assert set(contract.usages.values_list("uuid", flat=True)) == {U(305)}
    # An option name that matches exactly keeps no local text.
    driftsaftale = Contract.objects.get(uuid=U(351))
    assert driftsaftale.contract_type == c.ContractType.OPERATION
    assert driftsaftale.contract_type_local == ""
    # Re-importing the same pages changes nothing and reports the same dangling usage.
    again = kitos_import(actor=editor, organization=org, files=files, dry_run=False)
    assert again.committed and again.total("created") == 0 and again.total("updated") == 0
    assert len(again.unresolved) == 2


@pytest.fixture
def fake() -> Iterator[FakeKitos]:
    usages = load("it-system-usages-page0.json", "it-system-usages-dangling.json")
    deactivated = copy.deepcopy(load("it-systems-page0.json")[0])
    deactivated.update(uuid=str(U(199)), name="Arkivet (deaktiveret)", deactivated=True)
    deactivated["recommendedArchiveDuty"] = {"id": "K", "comment": ""}
    usages[1]["systemContext"] = {"uuid": str(U(199)), "name": "Arkivet (deaktiveret)"}
    server = FakeKitos(
        data={
            f"/api/v2/organizations/{ORG}/organization-units": load("organization-units.json"),
            "/api/v2/it-systems": load("it-systems-page0.json", "it-systems-page1.json"),
            "/api/v2/it-interfaces": load("it-interfaces.json"),
            "/api/v2/it-system-usages": usages,
            "/api/v2/it-contracts": load("it-contracts.json", "it-contracts-local-options.json"),
            "/api/v2/organizations": [{"uuid": ORG, "name": "Testkommune", "cvr": "29189846"}],
        },
        # The single endpoint answers for a deactivated system; U(198) it does not know.
        single={f"/api/v2/it-systems/{U(199)}": deactivated},
    ).start()
    yield server
    server.stop()


@pytest.mark.parametrize("as_integer", [False, True])
def test_live_sync_fetches_a_missing_system_by_uuid_and_reports_the_one_kitos_lacks(
    fake: FakeKitos, as_integer: bool
) -> None:
    org = _org()
    editor = make_user(organization=org, roles=["arkitekt"])
    client = KitosClient(
        base_url=fake.url,
        username=USER,
        password=PASSWORD,
        sleep=lambda _s: None,
        enum_as_integer=as_integer,
    )
    report = kitos_sync(actor=editor, organization=org, client=client)
    assert report.errors == [] and report.committed
    lists = [s for s in fake.seen if s.path == "/api/v2/it-system-usages"]
    assert lists and all(
        (s.headers.get(INTEGER_HEADER.lower()) == "true") == as_integer for s in lists
    )
    assert [s.path for s in fake.seen if s.path.startswith("/api/v2/it-systems/")] == [
        f"/api/v2/it-systems/{U(198)}",
        f"/api/v2/it-systems/{U(199)}",
    ]
    archive = SystemUsage.objects.get(uuid=U(302))
    assert archive.catalog_system.name == "Arkivet (deaktiveret)"
    assert archive.catalog_system.deactivated
    assert archive.catalog_system.recommended_archive_duty == c.ArchiveDuty.K
    # The system KITOS does not show, and the relations to usages not on the pages.
    assert [u["uuid"] for u in report.unresolved] == [str(U(198)), str(U(303)), str(U(304))]
    plan = SystemUsage.objects.get(uuid=U(305))
    assert (plan.lifecycle, plan.hosting) == (c.Lifecycle.PHASING_IN, c.Hosting.HYBRID)
    contract = Contract.objects.get(uuid=U(351))
    assert contract.notice_runs_to == c.NoticeRunsTo.QUARTER


def test_fake_serialises_like_kitos(fake: FakeKitos) -> None:
    """The fake answers PascalCase names by default and integers for the header (any case
    of "true", as KITOS reads it with bool.TryParse)."""
    import urllib.request

    client = KitosClient(base_url=fake.url, username=USER, password=PASSWORD)
    named = client.get("/api/v2/it-system-usages", {"page": 0, "pageSize": 10})
    assert named[0]["general"]["validity"]["lifeCycleStatus"] == "Operational"
    request = urllib.request.Request(  # noqa: S310 - loopback fake
        fake.url + "/api/v2/it-system-usages?page=0&pageSize=10",
        headers={"Authorization": f"Bearer {client.token}", INTEGER_HEADER: "True"},
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback fake
        numbered = json.loads(response.read())
    assert numbered[0]["general"]["validity"]["lifeCycleStatus"] == 3
    assert numbered[0]["gdpr"]["dataSensitivityLevels"] == [1, 2]
    assert Path(DATA / "SOURCES.md").exists()
