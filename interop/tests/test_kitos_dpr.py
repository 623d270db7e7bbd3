"""KITOS data processing registrations → Styrbar: files, re-import, warnings, contract
links, the deleted-entities feed and the live sync against the fake KITOS."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from core.models import AuditEvent
from interop.kitos import DPRS, KitosReport, detect_kind, kitos_import
from interop.kitos_client import KitosClient, kitos_sync
from interop.tests.fake_kitos import DPR_PATH, PASSWORD, USER, FakeKitos
from interop.tests.kitos_data import DATA, FILES, ORG, U, load, raw
from organizations.models import Organization
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.models import Contract, DataProcessingRegistration, Vendor

pytestmark = pytest.mark.django_db

BASE = FILES
DPR_FILE = "data-processing-registrations.json"


def dumped(data: Any) -> bytes:
    return json.dumps(data).encode()


@pytest.fixture
def org() -> Organization:
    return make_organization(kommunekode=996, cvr="29189846")


def run(editor: Any, org: Organization, files: list[bytes]) -> KitosReport:
    return kitos_import(actor=editor, organization=org, files=files, dry_run=False)


def messages(report: KitosReport) -> str:
    return " | ".join(f"{w['row']}: {w['message']}" for w in report.warnings)


def test_detect_kind() -> None:
    assert detect_kind(load(DPR_FILE)) == DPRS
    # A registration has systemUsages like a contract; contracts stay contracts.
    assert detect_kind(load("it-contracts.json")) == "it-contracts"


def test_import_maps_every_field(editor: Any, org: Organization) -> None:
    report = run(editor, org, raw(*BASE, DPR_FILE))
    assert report.errors == [], report.errors
    assert report.committed
    assert report.counts[DPRS] == {"created": 3, "updated": 0, "unchanged": 0}
    assert report.counts["vendors"]["created"] == 4  # 2 rights holders + 2 sub-processors

    case = DataProcessingRegistration.objects.get(uuid=U(451))
    assert case.organization == org and case.name == "Sagssystemet – databehandling"
    assert case.agreement_concluded == c.AgreementConcluded.YES
    assert case.agreement_date == dt.date(2021, 3, 1)
    assert [v.uuid for v in case.data_processors.all()] == [U(801)]
    sub = case.sub_data_processors.get()
    assert sub.uuid == U(811) and sub.cvr == "34123454" and sub.name == "Hosting Danmark ApS"
    assert not case.transfer_to_third_countries and case.third_countries == ""
    assert [u.uuid for u in case.usages.all()] == [U(301)]
    assert [k.uuid for k in case.contracts.all()] == [U(351)]
    assert case.oversight_interval_months == 12
    assert case.oversight_options == "Revisionserklæring (ISAE 3000), Skriftlig kontrol"
    assert case.latest_oversight == dt.date(2025, 4, 15)  # the latest of the oversight dates
    assert case.next_oversight == dt.date(2026, 4, 15)  # derived: latest + 12 months
    assert case.oversight_completed
    assert case.responsible_unit is not None and case.responsible_unit.name == "Børn og Unge"
    assert case.notes == "Erklæringen er gennemgået uden bemærkninger."

    finance = DataProcessingRegistration.objects.get(uuid=U(452))
    assert finance.agreement_concluded == c.AgreementConcluded.NO
    assert finance.transfer_to_third_countries
    assert finance.third_countries == "USA, Indien (Cloud Services Inc.)"
    assert finance.transfer_basis == (
        "EU-standardkontraktbestemmelser; EU-standardkontraktbestemmelser (Cloud Services Inc.)"
    )
    assert finance.oversight_interval_months == 24
    assert finance.next_oversight == dt.date(2024, 1, 10)
    assert not finance.oversight_completed
    assert finance.notes == "Aftalen er sendt til leverandøren."
    assert [v.uuid for v in finance.data_processors.all()] == [U(802)]

    portal = DataProcessingRegistration.objects.get(uuid=U(453))
    assert portal.agreement_concluded == c.AgreementConcluded.UNDECIDED
    assert portal.oversight_interval_months is None and portal.next_oversight is None
    assert portal.oversight_options == "Aftales med skolerne."  # the interval remark is kept
    assert [u.uuid for u in portal.usages.all()] == [U(303)]

    event = AuditEvent.objects.get(organization=org)
    assert event.changes["kitos_import"]["after"]["counts"][DPRS]["created"] == 3


def test_unknown_values_are_warnings_not_dropped(editor: Any, org: Organization) -> None:
    report = run(editor, org, raw(*BASE, DPR_FILE))
    text = messages(report)
    assert "EveryThirdYear" in text  # unknown oversight interval
    assert "Nedlagt system" in text  # a system usage that is not in the organization
    data = load(DPR_FILE)
    data[0]["general"]["isAgreementConcluded"] = "maybe"
    data[0]["oversight"]["isOversightCompleted"] = "partly"
    data[0]["oversight"]["oversightDates"].append({"completedAt": "i går"})
    data[0]["general"]["associatedContracts"].append({"uuid": str(U(359)), "name": "Væk"})
    data[0]["general"]["dataProcessors"].append({"name": "Uden uuid"})
    report = run(editor, org, [dumped(data)])
    assert report.committed, report.errors
    text = messages(report)
    for value in ("maybe", "partly", "i går", "Væk", "Uden uuid"):
        assert value in text, value
    case = DataProcessingRegistration.objects.get(uuid=U(451))
    assert case.agreement_concluded == c.AgreementConcluded.UNDECIDED
    assert not case.oversight_completed
    assert case.latest_oversight == dt.date(2025, 4, 15)


def test_reimport_changes_nothing(editor: Any, org: Organization) -> None:
    run(editor, org, raw(*BASE, DPR_FILE))
    before = sorted(DataProcessingRegistration.objects.values_list("uuid", "updated_at"))
    report = run(editor, org, raw(*BASE, DPR_FILE))
    assert report.errors == []
    assert report.counts[DPRS] == {"created": 0, "updated": 0, "unchanged": 3}
    assert report.total("created") == 0 and report.total("updated") == 0
    assert sorted(DataProcessingRegistration.objects.values_list("uuid", "updated_at")) == before


def test_changed_registration_is_updated_in_place(editor: Any, org: Organization) -> None:
    run(editor, org, raw(*BASE, DPR_FILE))
    stamp = DataProcessingRegistration.objects.get(uuid=U(451)).updated_at
    data = load(DPR_FILE)[:1]
    data[0]["oversight"]["oversightInterval"] = "BiYearly"  # PascalCase is accepted too
    data[0]["general"]["subDataProcessors"] = []
    data[0]["systemUsages"] = [{"uuid": str(U(302)), "name": "Økonomi"}]
    report = run(editor, org, [dumped(data)])
    assert report.errors == [] and not report.warnings, report.warnings
    assert report.counts[DPRS] == {"created": 0, "updated": 1, "unchanged": 0}
    case = DataProcessingRegistration.objects.get(uuid=U(451))
    assert case.oversight_interval_months == 6
    assert case.next_oversight == dt.date(2025, 10, 15)
    assert not case.sub_data_processors.exists()
    assert [u.uuid for u in case.usages.all()] == [U(302)]
    assert case.updated_at > stamp
    # Only a link changes: updated_at still moves (changed_since readers see it).
    stamp = case.updated_at
    data[0]["systemUsages"] = []
    run(editor, org, [dumped(data)])
    case.refresh_from_db()
    assert not case.usages.exists() and case.updated_at > stamp


def test_contracts_link_registrations_from_either_side(editor: Any, org: Organization) -> None:
    run(editor, org, raw(*BASE))
    # An older KITOS: the registration carries no contract fields, the contract names it.
    registrations = load(DPR_FILE)
    for record in registrations:
        del record["general"]["mainContract"], record["general"]["associatedContracts"]
    contracts = load("it-contracts.json")
    contracts[1]["dataProcessingRegistrations"] = [{"uuid": str(U(452)), "name": "Økonomi"}]
    report = run(editor, org, [dumped(contracts), dumped(registrations)])
    assert report.errors == [], report.errors
    finance = DataProcessingRegistration.objects.get(uuid=U(452))
    assert [k.uuid for k in finance.contracts.all()] == [U(352)]
    # Later the contract alone is re-read and names a second registration: a link is added.
    contracts[0]["dataProcessingRegistrations"] = [{"uuid": str(U(453)), "name": "Portal"}]
    report = run(editor, org, [dumped(contracts)])
    assert report.counts[DPRS] == {"created": 0, "updated": 1, "unchanged": 0}
    portal = DataProcessingRegistration.objects.get(uuid=U(453))
    assert [k.uuid for k in portal.contracts.all()] == [U(351)]
    # Without contract fields on the registration, its stored links are kept.
    report = run(editor, org, [dumped(registrations)])
    assert report.counts[DPRS]["unchanged"] == 3
    assert [k.uuid for k in finance.contracts.all()] == [U(352)]
    # A contract naming an unknown registration is a warning.
    contracts[0]["dataProcessingRegistrations"] = [{"uuid": str(U(459)), "name": "?"}]
    report = run(editor, org, [dumped(contracts)])
    assert str(U(459)) in messages(report)


def test_processor_without_cvr_matches_an_existing_vendor_by_name(
    editor: Any, org: Organization
) -> None:
    mine = Vendor.objects.create(name="Cloud Services Inc.", created_by=org)
    Vendor.objects.create(name="Softwarehuset ApS")
    Vendor.objects.create(name="Softwarehuset ApS")  # two by that name: no guess
    report = run(editor, org, raw(DPR_FILE))
    assert report.committed, report.errors
    finance = DataProcessingRegistration.objects.get(uuid=U(452))
    assert list(finance.sub_data_processors.all()) == [mine]
    assert not Vendor.objects.filter(uuid=U(812)).exists()
    assert [v.uuid for v in finance.data_processors.all()] == [U(802)]  # created


def test_deleted_registration_is_deleted(editor: Any, org: Organization) -> None:
    run(editor, org, raw(*BASE, DPR_FILE))
    feed = [
        {
            "occurredAtUtc": "2025-06-01T12:00:00Z",
            "entityUuid": str(U(452)),
            "entityType": "dataProcessingRegistration",
        },
        {
            "occurredAtUtc": "2025-06-01T12:00:00Z",
            "entityUuid": str(U(458)),  # never imported: nothing to do
            "entityType": "dataProcessingRegistration",
        },
    ]
    report = run(editor, org, [dumped(feed)])
    assert report.committed
    assert report.deleted_registrations == [str(U(452))]
    assert report.as_json()["deleted_registrations"] == [str(U(452))]
    assert not report.warnings
    assert not DataProcessingRegistration.objects.filter(uuid=U(452)).exists()
    assert DataProcessingRegistration.objects.filter(organization=org).count() == 2
    assert any(str(U(452)) in line for line in report.summary_lines())


def test_other_organizations_registration_is_an_error(editor: Any, org: Organization) -> None:
    other = make_organization()
    run(make_user(organization=other, roles=["redaktoer"]), other, raw(DPR_FILE))
    report = run(editor, org, raw(DPR_FILE))
    assert not report.committed
    assert any("anden organisation" in e["message"] for e in report.errors)
    assert not DataProcessingRegistration.objects.filter(organization=org).exists()


def test_command_imports_registrations(editor: Any, org: Organization) -> None:
    out = io.StringIO()
    call_command(
        "kitos_import",
        "--org",
        "996",
        "--actor",
        editor.username,
        "--kind",
        DPRS,
        str(DATA / DPR_FILE),
        stdout=out,
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["by_kind"][DPRS]["created"] == 3 and result["errors"] == []


# Live sync against the fake KITOS --------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeKitos]:
    server = FakeKitos(
        data={
            f"/api/v2/organizations/{ORG}/organization-units": load("organization-units.json"),
            "/api/v2/it-systems": load("it-systems-page0.json") + load("it-systems-page1.json"),
            "/api/v2/it-interfaces": load("it-interfaces.json"),
            "/api/v2/it-system-usages": load("it-system-usages-page0.json")
            + load("it-system-usages-page1.json"),
            "/api/v2/it-contracts": load("it-contracts.json"),
            DPR_PATH: load(DPR_FILE),
            "/api/v2/delta-feed/deleted-entities": [],
            "/api/v2/organizations": [{"uuid": ORG, "name": "Testkommune", "cvr": "29189846"}],
        }
    ).start()
    yield server
    server.stop()


def client(fake: FakeKitos) -> KitosClient:
    return KitosClient(
        base_url=fake.url, username=USER, password=PASSWORD, page_size=2, sleep=lambda s: None
    )


def test_live_sync_fetches_registrations_and_their_deltas(
    fake: FakeKitos, editor: Any, org: Organization
) -> None:
    report = kitos_sync(actor=editor, organization=org, client=client(fake))
    assert report.committed, report.errors
    assert report.counts[DPRS]["created"] == 3
    # 3 registrations with pageSize 2: a full page, then a short one.
    seen = fake.requests_to(DPR_PATH)
    assert [(s.query["page"], s.query["organizationUuid"]) for s in seen] == [
        ("0", ORG),
        ("1", ORG),
    ]
    assert all("changedSinceGtEq" not in s.query for s in seen)
    assert DataProcessingRegistration.objects.get(uuid=U(451)).contracts.get().uuid == U(351)

    changed = copy.deepcopy(fake.data[DPR_PATH][2])
    changed["lastModified"] = "2999-01-01T00:00:00Z"
    changed["general"]["isAgreementConcluded"] = "irrelevant"
    fake.data[DPR_PATH] = [*fake.data[DPR_PATH][:2], changed]
    fake.data["/api/v2/delta-feed/deleted-entities"] = [
        {
            "occurredAtUtc": "2999-01-01T00:00:00Z",
            "entityUuid": str(U(452)),
            "entityType": "dataProcessingRegistration",
        }
    ]
    fake.seen.clear()
    report = kitos_sync(actor=editor, organization=org, client=client(fake))
    assert report.committed, report.errors
    assert fake.requests_to(DPR_PATH)[0].query["changedSinceGtEq"]
    assert report.counts[DPRS] == {"created": 0, "updated": 1, "unchanged": 0}
    portal = DataProcessingRegistration.objects.get(uuid=U(453))
    assert portal.agreement_concluded == c.AgreementConcluded.IRRELEVANT
    assert report.deleted_registrations == [str(U(452))]
    assert set(DataProcessingRegistration.objects.values_list("uuid", flat=True)) == {
        U(451),
        U(453),
    }
    assert Contract.objects.filter(organization=org).count() == 2
