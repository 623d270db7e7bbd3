"""Hostile spend files: the export is parsed in a child process under the import caps
(interop.guard.stream_capped) while the importer writes, so a file built to exhaust the
worker fails its own import with a Danish message and writes nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Generator
from typing import Any

import pytest
from django.test import override_settings

from interop import jobs
from interop.guard import ParseLimitExceeded, stream_capped
from interop.models import ImportStatus
from interop.tabular.read import TableError
from spend.importer import spend_import
from spend.models import SpendImport, SpendLine, SpendVendor
from spend.reader import parse_cpu_seconds
from spend.tests.helpers import export, line

pytestmark = pytest.mark.django_db
D = dt.date


def _xlsx(sheet_xml: str) -> bytes:
    """A workbook of one sheet, written as the parts the format needs (ECMA-376)."""
    main = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{main}/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
        'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application'
        '/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{main}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{main}/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{main}/spreadsheetml/'
        f'2006/main" xmlns:r="{main}/officeDocument/2006/relationships"><sheets><sheet '
        'name="Posteringer" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{main}/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{main}/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _spend_sheet(rows: int, text: Any) -> str:
    """Bilagsdato, Kreditor, Beløb, Bilagstekst: ``rows`` valid lines, text from ``text``."""
    out = io.StringIO()
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
        'formats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        + "".join(
            _cell(f"{col}1", name)
            for col, name in zip(
                "ABCD", ("Bilagsdato", "Kreditor", "Beløb", "Bilagstekst"), strict=True
            )
        )
        + "</row>"
    )
    for n in range(2, rows + 2):
        out.write(
            f'<row r="{n}">{_cell(f"A{n}", "03-02-2025")}{_cell(f"B{n}", "Nordsoft A/S")}'
            f"{_cell(f'C{n}', '100,00')}{_cell(f'D{n}', text())}</row>"
        )
    out.write("</sheetData></worksheet>")
    return out.getvalue()


def _nothing_written() -> bool:
    return not (
        SpendLine.objects.exists() or SpendImport.objects.exists() or SpendVendor.objects.exists()
    )


def test_a_spend_csv_with_100000_columns_is_refused_with_a_danish_message(
    org: Any, architect: Any
) -> None:
    header = ";".join(["Bilagsdato", "Kreditor", "Beløb", *(f"k{i}" for i in range(100_000))])
    data = f"{header}\r\n03-02-2025;Nordsoft A/S;100,00{';x' * 100_000}\r\n".encode()
    with pytest.raises(TableError, match=r"Filen har 100\.003 kolonner; grænsen er 500\."):
        spend_import(actor=architect, organization=org, source=data)
    assert _nothing_written()


def test_a_zip_bomb_xlsx_is_refused_before_it_is_unpacked(org: Any, architect: Any) -> None:
    # A cell of 40 million letters compresses to about 40 kilobytes.
    data = _xlsx(_spend_sheet(1, lambda: "A" * 40_000_000))
    assert len(data) < 200_000
    with pytest.raises(TableError) as exc:
        spend_import(actor=architect, organization=org, source=data)
    assert not isinstance(exc.value, ParseLimitExceeded)  # the zip check refused it
    assert "zip-bombe" in str(exc.value)
    assert _nothing_written()


def test_a_spend_xlsx_beyond_the_cpu_cap_fails_after_rows_were_written_and_keeps_nothing(
    org: Any, architect: Any
) -> None:
    rng = random.Random(13)
    letters = bytes.maketrans(bytes(range(256)), b"ACGT" * 64)
    data = _xlsx(_spend_sheet(60_000, lambda: rng.randbytes(30).translate(letters).decode()))
    with override_settings(STYRBAR_IMPORT_CPU_SECONDS=1):
        job = jobs.job_create(
            actor=architect,
            organization=org,
            filename="bombe.xlsx",
            data=data,
            kind="spend",
            then=jobs.THEN_COMMIT,
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED, (job.status, job.report)
    assert "1 sekunders regnetid" in job.error and "intet er gemt" in job.error
    assert _nothing_written()


def test_a_well_formed_spend_file_passes_the_caps_and_imports(org: Any, architect: Any) -> None:
    data = export([line(D(2025, 5, 1), "Nordsoft A/S", "1.000,00")])
    report = spend_import(actor=architect, organization=org, source=data)
    assert report.committed and report.lines == 1 and report.describe.startswith("CSV")


def _numbers(count: int) -> Any:
    yield from range(count)


def test_the_stream_yields_every_item_in_order_and_ends_its_child() -> None:
    items = stream_capped(_numbers, 120_001)
    assert list(items) == list(range(120_001))


def test_closing_the_stream_early_ends_the_child() -> None:
    items = stream_capped(_numbers, 10_000_000)
    assert isinstance(items, Generator)
    assert next(items) == 0
    items.close()  # the finally block kills and joins the child; nothing hangs


def test_the_parse_cpu_cap_grows_with_the_file_size(tmp_path: Any) -> None:
    big = tmp_path / "posteringer.csv"
    big.write_bytes(b"x" * (25 * 1024 * 1024))
    with override_settings(STYRBAR_IMPORT_CPU_SECONDS=60):
        assert parse_cpu_seconds(b"small") == 60
        assert parse_cpu_seconds(big) == 62  # one more second per 10 MB
