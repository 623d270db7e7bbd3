"""Heavy and hostile uploads (issue 17): the request only checks a file cheaply; the file
is parsed by the background worker in a child process with a CPU-time and memory cap, so
a hostile file fails its own import with a Danish message and never a worker."""

from __future__ import annotations

import io
import os
import random
import time
import zipfile

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from interop.guard import ParseLimitExceeded, run_capped
from interop.models import ImportJob
from interop.tabular.read import TableError
from organizations.testing import logged_in_client, make_organization, make_token, make_user


def _spin() -> None:
    while True:
        pass


def _hog() -> int:
    blocks = [bytearray(16 * 1024 * 1024) for _ in range(256)]  # 4 GB
    return len(blocks)


def _refuse() -> None:
    raise TableError("Arket er tomt.")


def _crash() -> None:
    raise RuntimeError("unexpected")


def test_the_parse_runs_in_another_process_and_returns_its_result() -> None:
    assert run_capped(os.getpid) != os.getpid()
    assert run_capped(sorted, [3, 1, 2]) == [1, 2, 3]


def test_a_parse_beyond_the_cpu_cap_fails_with_a_danish_message() -> None:
    with override_settings(STYRBAR_IMPORT_CPU_SECONDS=1), pytest.raises(ParseLimitExceeded) as exc:
        run_capped(_spin)
    assert "1 sekunders regnetid" in str(exc.value) and "intet er gemt" in str(exc.value)


def test_a_parse_beyond_the_memory_cap_fails_with_a_danish_message() -> None:
    with override_settings(STYRBAR_IMPORT_MEMORY_MB=64), pytest.raises(ParseLimitExceeded) as exc:
        run_capped(_hog)
    assert "64 MB hukommelse" in str(exc.value)


def test_a_danish_refusal_in_the_child_reaches_the_user_and_a_crash_is_generic() -> None:
    with pytest.raises(TableError, match="Arket er tomt"):
        run_capped(_refuse)
    with pytest.raises(TableError, match="Filen kunne ikke læses"):
        run_capped(_crash)


def _wide_csv(columns: int) -> bytes:
    header = ";".join(f"k{i}" for i in range(columns))
    row = ";".join("x" for _ in range(columns))
    return f"{header}\n{row}\n".encode()


def _big_xlsx(rows: int, width: int = 40) -> bytes:
    """An XLSX file whose one sheet holds ``rows`` rows of random text of ``width``
    letters (no zip bomb: four letters at random compress about 1:4), written directly as
    the parts a workbook needs."""
    rng = random.Random(17)
    letters = bytes.maketrans(bytes(range(256)), b"ACGT" * 64)
    sheet = io.StringIO()
    sheet.write(
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Navn</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Beskrivelse</t></is></c></row>'
    )
    for n in range(2, rows + 2):
        text = rng.randbytes(width).translate(letters).decode()
        sheet.write(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>V{n}</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>{text}</t></is></c></row>'
        )
    sheet.write("</sheetData></worksheet>")
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxml'
        'formats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
        '"xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application'
        '/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxml'
        'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxml'
        'formats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Leverandører" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_csv_with_100000_columns_fails_its_import_and_the_pages_still_answer() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    client = logged_in_client(user, org)
    data = _wide_csv(100_000)
    upload = io.BytesIO(data)
    upload.name = "bred.csv"
    response = client.post(reverse("interop:import_create"), {"file": upload, "entity": ""})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert "Filen har 100.000 kolonner; grænsen er 500." in job.error
    assert job.info == {}  # no headers kept, so no page renders 100,000 selects
    page = client.get(reverse("interop:import_detail", args=[job.pk]))
    assert page.status_code == 200 and "100.000 kolonner" in page.content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")
    response = api.post(f"/api/v1/organizations/{org.pk}/imports", data, content_type="text/csv")
    assert response.status_code == 201
    assert response.json()["status"] == "failed"
    assert "100.000 kolonner" in response.json()["error"]


@pytest.mark.django_db
@pytest.mark.skipif(
    os.environ.get("STYRBAR_FRESH_PROCESS") != "1",
    reason="the address-space cap counts from the process's current size, so a long test "
    "session's free heap would absorb the parse; `make test-sqlite` runs this test first, "
    "in a process of its own (STYRBAR_FRESH_PROCESS=1)",
)
def test_an_xlsx_that_needs_more_memory_than_the_cap_fails_its_import_with_a_danish_message() -> (
    None
):
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")
    data = _big_xlsx(500, width=40_000)  # 20 MB of text
    started = time.monotonic()
    with override_settings(STYRBAR_IMPORT_MEMORY_MB=24):
        response = api.post(
            f"/api/v1/organizations/{org.pk}/imports?entity=vendors",
            data,
            content_type="application/octet-stream",
        )
    assert response.status_code == 201, response.content
    job = ImportJob.objects.get()
    # The preview read the headers; the full parse for the dry run hit the memory cap.
    assert job.info["sheets"][0]["headers"] == ["Navn", "Beskrivelse"]
    assert job.status == "failed", (job.status, job.report)
    assert "24 MB hukommelse" in job.error
    assert time.monotonic() - started < 600  # it ended (no timing claim: the job finished)
