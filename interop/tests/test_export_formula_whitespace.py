"""Issue 17, hardening: a cell that starts with white space or a line break followed by
= + - @ is a formula to some spreadsheets; every export path neutralises it (the list
pages' CSV and XLSX, the landscape workbook and the entity CSV)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from core.export import starts_formula
from interop.export import write_csv, write_xlsx
from organizations.testing import logged_in_client, make_organization, make_user
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

HIDDEN = [" =1+1", "\n+SUM(A1)", " \r\n-2", "\t@A1", '  \n =HYPERLINK("http://x")']


def _unsafe(values: list[str]) -> list[str]:
    return [v for v in values if isinstance(v, str) and starts_formula(v)]


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    org = make_organization()
    for name in HIDDEN:
        f.usage(org, local_name=name)
    return org


def test_landscape_workbook_and_entity_csv(org) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    write_xlsx(org, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    cells = [c for row in book["Systemer"].iter_rows(values_only=True) for c in row]
    assert {f"'{name}" for name in HIDDEN} <= set(cells)
    assert _unsafe(cells) == []
    text = io.StringIO()
    write_csv(org, "usages", text)
    import csv

    rows = list(csv.reader(io.StringIO(text.getvalue().lstrip("\ufeff")), delimiter=";"))
    values = [c for row in rows for c in row]
    assert {f"'{name}" for name in HIDDEN} <= set(values)
    assert _unsafe(values) == []


def test_list_page_csv_and_xlsx(org) -> None:  # type: ignore[no-untyped-def]
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    response = client.get("/systemer/", {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    import csv

    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    values = [c for row in rows for c in row]
    assert {f"'{name}" for name in HIDDEN} <= set(values)
    assert _unsafe(values) == []
    response = client.get("/systemer/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert {f"'{name}" for name in HIDDEN} <= set(cells)
    assert _unsafe(cells) == []
