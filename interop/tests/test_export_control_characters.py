"""Control characters already stored (issue 17: a bell or an escape in a name made the
ArchiMate export, the landscape workbook — also another municipality's, through a shared
vendor — and the decision paper fail with a 500 until the data was cleaned)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from core.export import REPLACEMENT
from interop.archimate.export import write_archimate
from interop.export import write_xlsx
from organizations.testing import make_organization
from papers.tests import factories as papers
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

BELL, ESCAPE = "\u0007", "\u001b"


def _stored(org: Any) -> None:
    """Names with control characters written past every validator (older data)."""
    vendor = f.vendor(None, name=f"Leverandør{BELL}A/S")
    system = f.catalog_system(None, name=f"Fagsystem{ESCAPE}", vendor=vendor)
    f.usage(org, catalog_system=system, local_name=f"Løn{BELL}system", notes=f"x{ESCAPE}y")


def test_the_landscape_workbook_replaces_control_characters() -> None:
    org = make_organization(kommunekode=None)
    _stored(org)
    buffer = io.BytesIO()
    write_xlsx(org, buffer)
    cells = [
        str(cell)
        for sheet in load_workbook(buffer).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert f"Løn{REPLACEMENT}system" in cells
    assert not any(BELL in cell or ESCAPE in cell for cell in cells)


def test_another_municipalitys_workbook_with_the_shared_vendor_works() -> None:
    org, other = make_organization(kommunekode=None), make_organization(kommunekode=None)
    _stored(org)
    vendor = f.vendor(None, name=f"Delt{ESCAPE}leverandør")
    f.usage(other, catalog_system=f.catalog_system(None, vendor=vendor))
    buffer = io.BytesIO()
    write_xlsx(other, buffer)
    assert zipfile.is_zipfile(buffer)


def test_the_archimate_export_replaces_control_characters() -> None:
    org = make_organization(kommunekode=None)
    _stored(org)
    buffer = io.BytesIO()
    write_archimate(org, buffer)
    text = etree.fromstring(buffer.getvalue()).xpath("string(.)")
    assert f"Løn{REPLACEMENT}system" in text and BELL not in text


def test_a_decision_paper_is_made_when_a_name_holds_control_characters() -> None:
    org = make_organization(kommunekode=None)
    _stored(org)
    case = papers.business_case(org, name=f"Kanal{BELL}omlægning")
    paper = papers.paper(org, business_case=case)
    assert paper.docx_sha256 and paper.pdf_sha256
