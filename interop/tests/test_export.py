"""Landscape export: XLSX workbook with a sheet per entity, CSV in the Danish profile."""

from __future__ import annotations

import datetime as dt
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from interop.export import write_csv, write_xlsx
from interop.tests.helpers import formula_usage
from organizations.models import Organization
from organizations.testing import make_organization
from portfolio.models import SystemUsage
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db


def _landscape() -> tuple[Organization, SystemUsage]:
    org = make_organization(kommunekode=None)
    usage = formula_usage(org, "http://x", business_type="selvbetjening")
    f.integration(org, source=usage)
    f.contract(org, name="Driftsaftale", vendor=usage.catalog_system.vendor, notice_months=6)
    f.process(org, name="Ansøgning om hjælpemidler")
    other = make_organization()
    f.usage(other, local_name="Naboens system")
    return org, usage


def test_workbook_has_a_sheet_per_entity_with_labels_and_neutralised_text() -> None:
    org, usage = _landscape()
    buffer = io.BytesIO()
    counts = write_xlsx(org, buffer)
    assert counts == {
        "vendors": 1,
        "catalog-systems": 2,
        "usages": 2,
        "contracts": 1,
        "integrations": 1,
        "processes": 1,
    }
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == [
        "Leverandører",
        "Katalogsystemer",
        "Systemer",
        "Kontrakter",
        "Integrationer",
        "Processer",
    ]
    rows = list(book["Systemer"].iter_rows(values_only=True))
    header = rows[0]
    found = next(r for r in rows[1:] if r[0] == str(usage.uuid))
    assert found[header.index("Lokalt navn")] == '\'=HYPERLINK("http://x")'
    assert found[header.index("Livscyklus")] == "Under udfasning"
    assert found[header.index("I drift fra")].date() == dt.date(2026, 12, 31)
    assert all("Naboens system" not in str(r) for r in rows)


def test_csv_danish_profile_one_entity() -> None:
    org, _usage = _landscape()
    stream = StringIO()
    assert write_csv(org, "contracts", stream) == 1
    text = stream.getvalue()
    assert text.startswith("\ufeffUUID;Kontraktnummer;Navn;Leverandør;")
    assert ";Driftsaftale;Fjordsystemer A/S;" in text and text.endswith("\r\n")


def test_export_uses_one_query_per_sheet() -> None:
    org, _usage = _landscape()
    with CaptureQueriesContext(connection) as ctx:
        write_xlsx(org, io.BytesIO())
    assert len(ctx.captured_queries) == 6


def test_command_writes_file_and_json_report(tmp_path: Path) -> None:
    org, _usage = _landscape()
    out = StringIO()
    target = tmp_path / "landskab.xlsx"
    call_command(
        "styrbar_export",
        "--org",
        f"id:{org.pk}",
        "--format",
        "xlsx",
        "--out",
        str(target),
        stdout=out,
    )
    report = json.loads(out.getvalue().strip().splitlines()[-1])
    assert report["rows"]["usages"] == 2 and target.stat().st_size > 0
    with pytest.raises(CommandError):
        call_command(
            "styrbar_export",
            "--org",
            f"id:{org.pk}",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "x.csv"),
        )


def test_national_workbook_holds_every_organization_with_an_organization_column() -> None:
    org, _usage = _landscape()
    buffer = io.BytesIO()
    counts = write_xlsx(None, buffer)
    assert counts["usages"] == SystemUsage.objects.count() == 3
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book["Systemer"]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:2] == ["Organisation", "UUID"]
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert org.name in names and len(names) == 2
    vendors = [cell.value for cell in next(book["Leverandører"].iter_rows(max_row=1))]
    assert vendors[0] == "UUID"  # the shared catalog has no organization column


def test_export_command_national_workbook(tmp_path: Path) -> None:
    _landscape()
    out = tmp_path / "danmark.xlsx"
    stdout = StringIO()
    call_command(
        "styrbar_export", "--org", "alle", "--format", "xlsx", "--out", str(out), stdout=stdout
    )
    report = json.loads(stdout.getvalue().strip().splitlines()[-1])
    assert report["rows"]["usages"] == 3
    assert load_workbook(out)["Systemer"]["A1"].value == "Organisation"
    with pytest.raises(CommandError, match="xlsx"):
        call_command("styrbar_export", "--org", "alle", "--format", "csv", "--out", str(out))
