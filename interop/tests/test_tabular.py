"""CSV/XLSX import: reading, mapping, planning, committing, round trips and hostile files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditEvent
from interop.export import write_csv, write_xlsx
from interop.tabular import (
    TableError,
    auto_mapping,
    detect_entity,
    import_tables,
    read_tables,
    sheets_from_file,
)
from interop.tests.helpers import formula_usage
from organizations.models import Organization
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.models import CatalogSystem, Contract, Integration, SystemUsage, Vendor
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db


def _editor(org: Organization):  # type: ignore[no-untyped-def]
    return make_user(organization=org, roles=["arkitekt"])


def _run(org, data: bytes, *, entity=None, dry_run=False, actor=None):  # type: ignore[no-untyped-def]
    sheets = sheets_from_file(data, entity=entity)
    report, rows = import_tables(
        actor=actor or _editor(org), organization=org, sheets=sheets, dry_run=dry_run
    )
    return report, rows


USAGES_CSV = (
    "Lokalt navn;Katalogsystem;Leverandør;Livscyklus;I drift fra;Kritikalitet;"
    "Risikovurdering foretaget\r\n"
    "Økonomisystem;Opus;KMD A/S;I drift;01-02-2020;Høj;ja\r\n"
    "Jobcentersystem;Momentum;Netcompany;Under indfasning;2026-12-31;;nej\r\n"
)


def test_csv_with_danish_headers_creates_usages_catalog_entries_and_vendors() -> None:
    org = make_organization()
    report, rows = _run(org, USAGES_CSV.encode("cp1252"))
    assert report.errors == []
    assert report.committed
    assert report.counts["usages"] == {"created": 2, "updated": 0, "unchanged": 0}
    usage = SystemUsage.objects.get(organization=org, local_name="Økonomisystem")
    assert usage.lifecycle == "operational"
    assert usage.valid_from == dt.date(2020, 2, 1)
    assert usage.criticality == "high"
    assert usage.risk_assessment_done is True
    assert usage.catalog_system.name == "Opus"
    assert usage.catalog_system.vendor is not None
    assert usage.catalog_system.vendor.name == "KMD A/S"
    assert usage.catalog_system.owner_organization == org
    assert SystemUsage.objects.get(local_name="Jobcentersystem").valid_from == dt.date(2026, 12, 31)
    assert [r.outcome for r in rows] == ["created", "created"]
    # One audit event per written record: 2 vendors, 2 catalog systems, 2 usages.
    assert AuditEvent.objects.filter(organization=org).count() == 6


def test_reimporting_the_same_file_changes_nothing() -> None:
    org = make_organization()
    _run(org, USAGES_CSV.encode())
    events = AuditEvent.objects.count()
    report, _rows = _run(org, USAGES_CSV.encode())
    assert report.as_json()["created"] == 0
    assert report.as_json()["updated"] == 0
    assert report.counts["usages"]["unchanged"] == 2
    assert AuditEvent.objects.count() == events
    assert SystemUsage.objects.filter(organization=org).count() == 2
    assert CatalogSystem.objects.filter(owner_organization=org).count() == 2


def test_dry_run_reports_and_writes_nothing() -> None:
    org = make_organization()
    report, _rows = _run(org, USAGES_CSV.encode(), dry_run=True)
    assert report.counts["usages"]["created"] == 2
    assert not report.committed
    assert not SystemUsage.objects.filter(organization=org).exists()
    assert not Vendor.objects.filter(name="Netcompany").exists()


def test_row_errors_name_row_and_reason_and_nothing_is_committed() -> None:
    org = make_organization()
    data = (
        "Lokalt navn;Katalogsystem;Livscyklus;I drift fra;Funktionel egnethed (1–4)\n"
        "A;Sys A;I drift;31-12-2026;2\n"
        "B;Sys B;Måske;32-13-2026;9\n"
        "C;Sys C;I drift;;\n"
    ).encode()
    report, _rows = _run(org, data)
    assert not report.committed
    assert {e["row"] for e in report.errors} == {3}
    messages = " ".join(e["message"] for e in report.errors)
    assert "Livscyklus" in messages and "Måske" in messages
    assert "32-13-2026" in messages
    assert "Funktionel egnethed" in messages
    assert not SystemUsage.objects.filter(organization=org).exists()
    assert not CatalogSystem.objects.filter(name="Sys A").exists()


def test_update_by_uuid_records_before_and_after() -> None:
    org = make_organization()
    usage = f.usage(org, local_name="ESDH", lifecycle="operational")
    data = f"UUID;Lokalt navn;Livscyklus\n{usage.uuid};ESDH;Under udfasning\n".encode()
    report, rows = _run(org, data)
    assert report.counts["usages"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert rows[0].changes == ["Livscyklus"]
    usage.refresh_from_db()
    assert usage.lifecycle == "phasing_out"
    event = AuditEvent.objects.filter(object_id=str(usage.pk)).latest("pk")
    assert event.changes["lifecycle"] == {"before": "operational", "after": "phasing_out"}


def test_english_headers_comma_delimiter_and_bom() -> None:
    org = make_organization()
    data = "\ufeffName,CVR number,Website\nFjordsystemer ApS,,https://fjord.example\n".encode()
    tables = read_tables(data)
    assert tables[0].delimiter == ","
    assert tables[0].encoding == "UTF-8 (BOM)"
    assert detect_entity(tables[0]) == "vendors"
    report, _rows = _run(org, data)
    assert report.counts["vendors"]["created"] == 1
    assert Vendor.objects.get(name="Fjordsystemer ApS").created_by == org


def test_invalid_cvr_is_a_row_error() -> None:
    org = make_organization()
    report, _rows = _run(org, b"Navn;CVR-nummer\nX A/S;12345678\n", entity="vendors")
    assert report.errors and report.errors[0]["row"] == 2
    assert "CVR" in report.errors[0]["message"]


def test_integrations_resolve_usages_by_name_and_duplicate_rows_are_errors() -> None:
    org = make_organization()
    f.usage(org, local_name="Fagsystem")
    f.usage(org, local_name="ESDH")
    data = (
        b"Fra system;Til system;Snitflade;Teknologi\n"
        b"Fagsystem;ESDH;Journalisering;API\n"
        b"Fagsystem;ESDH;Journalisering;API\n"
        b"Fagsystem;Findes ikke;X;API\n"
    )
    report, _rows = _run(org, data, entity="integrations")
    rows = {e["row"]: e["message"] for e in report.errors}
    assert set(rows) == {3, 4}
    assert "række 2" in rows[3]
    assert "Findes ikke" in rows[4]
    assert not Integration.objects.filter(organization=org).exists()


def test_integrations_the_service_refuses_are_row_errors_and_nothing_is_written() -> None:
    org = make_organization()
    f.usage(org, local_name="Fagsystem")
    f.usage(org, local_name="ESDH")
    f.catalog_system(org, name="Lokalt fagsystem", business_type=c.BusinessType.FAGSYSTEM)
    # Serviceplatformen is one of the shared components every installation has.
    data = (
        "Fra system;Til system;Til fælles komponent;Snitflade;Teknologi\n"
        "Fagsystem;Fagsystem;;Til sig selv;API\n"
        "Fagsystem;;Lokalt fagsystem;Ikke fælles;API\n"
        "Fagsystem;ESDH;Serviceplatformen;To mål;API\n"
        "Fagsystem;;;Intet mål;API\n"
        "Fagsystem;;Serviceplatformen;I orden;API\n"
    ).encode()
    report, rows = _run(org, data, entity="integrations")
    messages = {e["row"]: e["message"] for e in report.errors}
    assert messages == {
        2: "Et system kan ikke integrere med sig selv.",
        3: "Vælg en fælleskommunal komponent, fx Serviceplatformen.",
        4: "Vælg præcis ét mål: et system i anvendelse eller en fælles komponent.",
        5: "Vælg præcis ét mål: et system i anvendelse eller en fælles komponent.",
    }
    assert [r.outcome for r in rows] == ["error", "error", "error", "error", "created"]
    assert not report.committed
    assert not Integration.objects.filter(organization=org).exists()


def test_foreign_organisation_rows_stay_invisible() -> None:
    other = make_organization()
    foreign = f.usage(other, local_name="Naboens system")
    org = make_organization()
    data = f"UUID;Lokalt navn\n{foreign.uuid};Naboens system\n".encode()
    report, _rows = _run(org, data, entity="usages")
    assert report.committed
    mine = SystemUsage.objects.get(organization=org)
    assert mine.uuid != foreign.uuid
    foreign.refresh_from_db()
    assert foreign.organization == other
    # A re-import matches by name now and changes nothing.
    report, _rows = _run(org, data, entity="usages")
    assert report.counts["usages"]["unchanged"] == 1


def test_reader_cannot_import() -> None:
    org = make_organization()
    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        _run(org, USAGES_CSV.encode(), actor=reader)


def _landscape() -> Organization:
    org = make_organization()
    unit = f.unit(org, name="Borgerservice")
    a = formula_usage(org, "x", responsible_unit=unit, functional_fit=3)
    b = f.usage(org, local_name="Sagssystem æøå")
    f.integration(org, source=a, target=b, interface_name="Udtræk")
    vendor = a.catalog_system.vendor
    f.contract(org, name="Driftsaftale", number="K-1", vendor=vendor, notice_months=6)
    return org


def _landscape_of(org: Organization) -> dict[str, list[tuple[object, ...]]]:
    return {
        "usages": sorted(
            SystemUsage.objects.filter(organization=org).values_list(
                "local_name",
                "catalog_system__name",
                "lifecycle",
                "valid_from",
                "responsible_unit__name",
                "functional_fit",
            )
        ),
        "contracts": sorted(
            Contract.objects.filter(organization=org).values_list(
                "number", "name", "vendor__name", "notice_months"
            )
        ),
        "integrations": sorted(
            Integration.objects.filter(organization=org).values_list(
                "source__local_name", "target__local_name", "interface_name", "technology"
            )
        ),
    }


def test_xlsx_workbook_round_trip_into_another_organization() -> None:
    source = _landscape()
    buffer = io.BytesIO()
    write_xlsx(source, buffer)
    target = make_organization()
    f.unit(target, name="Borgerservice")
    report, _rows = _run(target, buffer.getvalue())
    assert report.errors == [], report.errors
    assert _landscape_of(target) == _landscape_of(source)
    again, _rows = _run(target, buffer.getvalue())
    assert (again.total("created"), again.total("updated")) == (0, 0)


def test_xlsx_round_trip_into_the_same_organization_changes_nothing() -> None:
    org = _landscape()
    buffer = io.BytesIO()
    write_xlsx(org, buffer)
    report, _rows = _run(org, buffer.getvalue())
    assert report.errors == []
    assert (report.total("created"), report.total("updated")) == (0, 0)


@pytest.mark.parametrize("entity", ["vendors", "catalog-systems", "usages", "contracts"])
def test_csv_round_trip_per_entity(entity: str) -> None:
    org = _landscape()
    stream = io.StringIO()
    write_csv(org, entity, stream)
    report, _rows = _run(org, stream.getvalue().encode("utf-8"), entity=entity)
    assert report.errors == []
    assert (report.total("created"), report.total("updated")) == (0, 0)
    assert report.total("unchanged") >= 1


def test_auto_mapping_matches_danish_english_and_synonyms() -> None:
    headers = ["Systemnavn", "Supplier", "Lifecycle", "Ukendt kolonne", "I drift fra"]
    assert auto_mapping("usages", headers) == [
        "local_name",
        "catalog_system__vendor__name",
        "lifecycle",
        "",
        "valid_from",
    ]


# Hostile and wrong files --------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_unpacking() -> None:
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (50 * 1024 * 1024),
        }
    )
    assert len(bomb) < 200_000
    with pytest.raises(TableError, match="zip-bombe"):
        read_tables(bomb)


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(TableError, match="ikke et XLSX"):
        read_tables(_zip({"readme.txt": b"hello"}))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "gamle Excel"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "ikke tekst"),
        (b"", "tom"),
        (b'[{"uuid": "x"}]', "JSON"),
    ],
)
def test_wrong_file_types_are_refused_by_content(data: bytes, message: str) -> None:
    with pytest.raises(TableError, match=message):
        read_tables(data)


def test_oversized_file_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STYRBAR_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(TableError, match="grænsen"):
        read_tables(b"Navn\n" + b"x\n" * 1000)


def test_formula_text_is_stored_as_text_and_neutralised_on_export() -> None:
    org = make_organization()
    report, _rows = _run(org, b"Navn\n=cmd|' /C calc'!A0\n", entity="vendors")
    assert report.committed
    vendor = Vendor.objects.get(created_by=org)
    assert vendor.name == "=cmd|' /C calc'!A0"
    stream = io.StringIO()
    write_csv(org, "vendors", stream)
    assert "'=cmd" in stream.getvalue()


def test_a_failed_row_counts_no_vendor_or_catalog_entry() -> None:
    org = make_organization()
    data = (
        "Lokalt navn;Katalogsystem;Leverandør;Livscyklus\n"
        "A;Sys A;Firma A;I drift\n"
        "B;Sys B;Firma B;Måske\n"
    ).encode()
    report, _rows = _run(org, data)
    assert report.counts["vendors"]["created"] == 1
    assert report.counts["catalog-systems"]["created"] == 1
    assert all(w["row"] == 2 for w in report.warnings)


def test_reimport_makes_a_constant_number_of_queries() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (3, 30):
        org = make_organization()
        unit = f.unit(org, name="Jobcenter")
        for i in range(n):
            f.usage(org, local_name=f"System {i}", responsible_unit=unit)
        stream = io.StringIO()
        write_csv(org, "usages", stream)
        data = stream.getvalue().encode()
        actor = _editor(org)
        sheets = sheets_from_file(data, entity="usages")
        with CaptureQueriesContext(connection) as ctx:
            report, _rows = import_tables(
                actor=actor, organization=org, sheets=sheets, dry_run=False
            )
        assert report.total("unchanged") == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
