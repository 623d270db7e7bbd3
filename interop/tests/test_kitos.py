"""KITOS API v2 JSON files → the portfolio: create, re-import, unmappable values, rollback."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from interop.kitos import KitosReport, detect_kind, kitos_import
from interop.models import KitosUnitLink
from interop.tests.helpers import assert_counts
from interop.tests.kitos_data import DATA, FILES, U, raw
from organizations.models import Organization
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.models import (
    CatalogSystem,
    Contract,
    ContractPayment,
    Integration,
    SystemUsage,
    Vendor,
)

pytestmark = pytest.mark.django_db


def pages(*names: str) -> list[bytes]:
    return raw(*(names or FILES))


@pytest.fixture
def org() -> Organization:
    return make_organization(kommunekode=998)


def run(editor: Any, org: Organization, files: list[bytes], dry_run: bool = False) -> KitosReport:
    return kitos_import(actor=editor, organization=org, files=files, dry_run=dry_run)


def test_import_creates_everything_with_kitos_uuids(editor: Any, org: Organization) -> None:
    report = run(editor, org, pages())
    assert report.errors == [], report.errors
    assert report.committed
    assert_counts(
        report,
        "created",
        {
            "units": 3,
            "vendors": 2,
            "catalog-systems": 3,
            "usages": 3,
            "contracts": 2,
            "integrations": 2,
        },
    )

    esdh = SystemUsage.objects.get(uuid=U(301))
    assert esdh.organization == org
    assert esdh.local_name == "ESDH"
    assert esdh.catalog_system.uuid == U(101)
    assert esdh.lifecycle == c.Lifecycle.OPERATIONAL
    assert esdh.hosting == c.Hosting.ON_PREMISES
    assert esdh.data_sensitivity == c.DataSensitivity.SENSITIVE
    assert esdh.archive_duty == c.ArchiveDuty.B
    assert esdh.risk_level == c.Level.MEDIUM and esdh.risk_assessment_done
    assert esdh.business_critical and not esdh.dpia_done
    assert esdh.user_count == c.UserCount.FROM_10_TO_50
    assert esdh.responsible_unit is not None and esdh.responsible_unit.name == "Børn og Unge"
    assert sorted(u.name for u in esdh.using_units.all()) == ["Børn og Unge", "Skoleafdelingen"]
    assert SystemUsage.objects.get(uuid=U(302)).lifecycle == c.Lifecycle.PHASING_OUT

    case = CatalogSystem.objects.get(uuid=U(101))
    assert case.scope == c.Scope.GLOBAL
    assert case.business_type == c.BusinessType.FAGSYSTEM
    assert case.vendor is not None and case.vendor.uuid == U(801) and case.vendor.cvr == "29189846"
    assert sorted(k.number for k in case.kle_subjects.all()) == ["90.01.01", "90.02"]
    portal = CatalogSystem.objects.get(uuid=U(103))
    assert portal.parent == case
    assert CatalogSystem.objects.get(uuid=U(102)).business_type == c.BusinessType.ADMINISTRATIVT
    assert CatalogSystem.objects.get(uuid=U(102)).recommended_archive_duty == c.ArchiveDuty.K

    contract = Contract.objects.get(uuid=U(351))
    assert contract.number == "K-2021-01"
    assert contract.contract_type == c.ContractType.OPERATION
    assert contract.procurement_form == c.ProcurementForm.SKI
    assert contract.notice_months == 6 and contract.notice_runs_to == c.NoticeRunsTo.QUARTER
    assert str(contract.start_date) == "2021-01-01" and str(contract.end_date) == "2027-12-31"
    assert contract.vendor == case.vendor
    assert list(contract.usages.all()) == [esdh]
    payments = {
        (p.year, p.stream): p.amount for p in ContractPayment.objects.filter(contract=contract)
    }
    assert payments == {
        (2021, "operation"): Decimal("4000"),
        (2022, "acquisition"): Decimal("100000"),
        (2022, "operation"): Decimal("25000"),
        (2023, "operation"): Decimal("26000"),
        (2023, "other"): Decimal("500"),
    }
    assert Contract.objects.get(uuid=U(352)).parent == contract

    flow = Integration.objects.get(uuid=U(401))
    assert flow.source == esdh and flow.target is not None and flow.target.uuid == U(302)
    assert flow.interface_name == "Sags-API" and flow.contract == contract
    assert flow.frequency == c.Frequency.DAILY
    assert KitosUnitLink.objects.filter(organization=org).count() == 3

    events = AuditEvent.objects.filter(organization=org)
    assert events.count() == 1
    assert "kitos_import" in events.get().changes


def test_unmappable_values_are_reported_not_dropped(editor: Any, org: Organization) -> None:
    report = run(editor, org, pages())
    messages = " | ".join(f"{w['row']}: {w['message']}" for w in report.warnings)
    assert "Læringsplatform" in messages  # business type → fallback "andet"
    assert "99.99.99" in messages  # unknown KLE number
    assert "SomethingNew" in messages  # lifecycle
    assert "Cloudy" in messages  # hosting
    assert "Hvert skudår" in messages  # relation frequency
    assert "Mystisk aftaletype" in messages  # contract type
    portal = SystemUsage.objects.get(uuid=U(303))
    assert portal.lifecycle == c.Lifecycle.UNDECIDED and portal.hosting == c.Hosting.UNDECIDED
    assert CatalogSystem.objects.get(uuid=U(103)).business_type == c.BusinessType.ANDET
    assert Integration.objects.get(uuid=U(402)).frequency == c.Frequency.DAILY


def test_reimport_changes_nothing(editor: Any, org: Organization) -> None:
    run(editor, org, pages())
    counts = (SystemUsage.objects.count(), Vendor.objects.count(), CatalogSystem.objects.count())
    report = run(editor, org, pages())
    assert report.errors == []
    assert report.total("created") == 0 and report.total("updated") == 0
    assert_counts(report, "unchanged", {"usages": 3, "integrations": 2})
    assert counts == (
        SystemUsage.objects.count(),
        Vendor.objects.count(),
        CatalogSystem.objects.count(),
    )


def test_changed_record_is_updated_in_place(editor: Any, org: Organization) -> None:
    run(editor, org, pages())
    data = json.loads(pages("it-system-usages-page0.json")[0])
    data[0]["general"]["validity"]["lifeCycleStatus"] = "phasingOut"
    data[0]["general"]["localCallName"] = "Nyt navn"
    report = run(editor, org, [json.dumps(data).encode()])
    assert report.errors == []
    assert report.counts["usages"] == {"created": 0, "updated": 1, "unchanged": 1}
    usage = SystemUsage.objects.get(uuid=U(301))
    assert usage.local_name == "Nyt navn" and usage.lifecycle == c.Lifecycle.PHASING_OUT


def test_dry_run_writes_nothing(editor: Any, org: Organization) -> None:
    report = run(editor, org, pages(), dry_run=True)
    assert report.errors == [] and not report.committed
    assert report.counts["usages"]["created"] == 3
    assert not SystemUsage.objects.exists()
    assert not AuditEvent.objects.filter(organization=org).exists()


def test_invalid_data_rolls_back_everything(editor: Any, org: Organization) -> None:
    data = json.loads(pages("it-system-usages-page1.json")[0])
    data[0]["general"]["validity"] |= {"validFrom": "2030-01-01", "validTo": "2020-01-01"}
    files = [*pages(*FILES[:5]), json.dumps(data).encode(), *pages("it-contracts.json")]
    before = (Vendor.objects.count(), CatalogSystem.objects.count())
    report = run(editor, org, files)
    assert not report.committed
    assert any("før »I drift fra«" in e["message"] for e in report.errors)
    assert not SystemUsage.objects.exists() and not Contract.objects.exists()
    assert (Vendor.objects.count(), CatalogSystem.objects.count()) == before
    assert not KitosUnitLink.objects.exists()


def test_a_relation_of_a_usage_to_itself_is_an_error(editor: Any, org: Organization) -> None:
    usages = json.loads(pages("it-system-usages-page0.json")[0])
    usages[0]["outgoingSystemRelations"][0]["toSystemUsage"] = usages[0]["systemContext"] | {
        "uuid": usages[0]["uuid"]
    }
    files = [*pages(*FILES[:4]), json.dumps(usages).encode(), *pages(*FILES[5:])]
    report = run(editor, org, files)
    assert not report.committed
    assert [e["message"] for e in report.errors] == ["Et system kan ikke integrere med sig selv."]
    assert not Integration.objects.exists() and not SystemUsage.objects.exists()


def test_other_organizations_uuid_is_an_error(editor: Any, org: Organization) -> None:
    other = make_organization()
    run(make_user(organization=other, roles=["redaktoer"]), other, pages())
    report = run(editor, org, pages())
    assert not report.committed
    assert any("anden organisation" in e["message"] for e in report.errors)
    assert not SystemUsage.objects.filter(organization=org).exists()


def test_deleted_usages_are_marked_not_in_use(editor: Any, org: Organization) -> None:
    run(editor, org, pages())
    report = run(editor, org, pages("deleted-entities.json"))
    assert report.committed
    assert report.deleted == [str(U(302))]
    assert SystemUsage.objects.get(uuid=U(302)).lifecycle == c.Lifecycle.NOT_IN_USE
    assert any("ItInterface" in w["message"] for w in report.warnings)


def test_permission_required(org: Organization) -> None:
    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        run(reader, org, pages())
    assert not SystemUsage.objects.exists()


def test_bad_files_are_reported(editor: Any, org: Organization) -> None:
    assert run(editor, org, [b"{not json"]).errors[0]["row"] == "fil"
    assert run(editor, org, [b'{"a": 1}']).errors
    assert run(editor, org, [b'[{"foo": 1}]']).errors
    assert run(editor, org, [b"[]"]).committed


def test_detect_kind() -> None:
    assert detect_kind([]) is None
    for name, kind in [
        ("organization-units.json", "organization-units"),
        ("it-systems-page0.json", "it-systems"),
        ("it-interfaces.json", "it-interfaces"),
        ("it-system-usages-page0.json", "it-system-usages"),
        ("it-contracts.json", "it-contracts"),
        ("deleted-entities.json", "deleted-entities"),
    ]:
        assert detect_kind(json.loads((DATA / name).read_bytes())) == kind


def _command(*args: str) -> tuple[str, dict[str, Any]]:
    out = io.StringIO()
    call_command("kitos_import", *args, stdout=out)
    text = out.getvalue()
    return text, json.loads(text.strip().splitlines()[-1])


def test_command_imports_and_prints_json_last(editor: Any, org: Organization) -> None:
    paths = [str(DATA / name) for name in FILES]
    text, result = _command("--org", "998", "--actor", editor.username, "--dry-run", *paths)
    assert result["created"] == 15 and result["errors"] == []
    assert "Prøvekørsel" in text
    assert not SystemUsage.objects.exists()
    _, result = _command("--org", f"id:{org.pk}", "--actor", editor.username, *paths)
    assert result["created"] == 15
    _, result = _command("--org", "998", "--actor", editor.username, *paths)
    assert result["created"] == 0 and result["updated"] == 0 and result["unchanged"] == 15


def test_command_fails_on_errors(editor: Any, org: Organization, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    data = json.loads(pages("it-system-usages-page1.json")[0])
    data[0]["uuid"] = "ikke-et-uuid"  # invalid data (an unresolved reference is no error)
    bad.write_text(json.dumps(data))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "kitos_import", "--org", "998", "--actor", editor.username, str(bad), stdout=out
        )
    assert exit_info.value.code == 1
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["created"] == 0 and result["errors"]
    with pytest.raises(CommandError):
        call_command("kitos_import", "--org", "9999", "--actor", editor.username, str(bad))


def test_invalid_cvr_unknown_unit_and_undated_payment_are_reported(
    editor: Any, org: Organization
) -> None:
    systems = json.loads(pages("it-systems-page0.json")[0])
    systems[0]["rightsHolder"] = {"uuid": str(U(803)), "name": "Fejl ApS", "cvr": "12345678"}
    usages = json.loads(pages("it-system-usages-page0.json")[0])
    usages[0]["organizationUsage"]["responsibleOrganizationUnit"] = {
        "uuid": str(U(77)),
        "name": "Nedlagt enhed",
    }
    contracts = json.loads(pages("it-contracts.json")[0])
    contracts[1]["payments"]["external"] = [{"acquisition": 5, "auditDate": None}]
    files = [json.dumps(x).encode() for x in (systems, usages, contracts)]
    report = run(
        editor,
        org,
        [
            *pages(
                "organization-units.json", "it-systems-page1.json", "it-system-usages-page1.json"
            ),
            *files,
        ],
    )
    assert report.committed, report.errors
    messages = " | ".join(w["message"] for w in report.warnings)
    assert "12345678" in messages and "Nedlagt enhed" in messages and "uden dato" in messages
    assert Vendor.objects.get(uuid=U(803)).cvr == ""
    assert SystemUsage.objects.get(uuid=U(301)).responsible_unit is None
    assert not ContractPayment.objects.filter(contract__uuid=U(352)).exists()
