"""The decision paper's PDF is tagged: marked, a structure tree in reading order with
headings, lists, tables with header cells and the chart with alternative text, Danish
as its language, the title shown, every page in the parent tree."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from organizations.testing import make_organization
from papers import pdf_render
from papers.document import Document, Heading, Table
from papers.tests import factories as f

pytestmark = pytest.mark.django_db


def walk(element: Any, found: list[Any]) -> None:
    element = element.get_object()
    if isinstance(element, DictionaryObject) and element.get("/Type") == "/StructElem":
        found.append(element)
    kids = element.get("/K") if isinstance(element, DictionaryObject) else None
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if isinstance(kid, DictionaryObject) and kid.get("/Type") != "/MCR":
            walk(kid, found)


@pytest.fixture
def reader() -> Any:
    org = make_organization(name="Tagby Kommune")
    return PdfReader(io.BytesIO(bytes(f.paper(org, full=True).pdf)))


def test_the_pdf_is_marked_with_language_and_title(reader: PdfReader) -> None:
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "da"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None and reader.metadata.title


def test_the_structure_tree_has_headings_lists_tables_and_a_figure(reader: PdfReader) -> None:
    root: Any = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"]
    document = tree["/K"].get_object()
    assert document["/S"] == "/Document"
    elements: list[Any] = []
    walk(document, elements)
    roles = Counter(str(e["/S"]) for e in elements)
    assert roles["/H1"] == 1  # the title
    assert roles["/H2"] >= 10 and roles["/H3"] >= 3
    assert roles["/L"] >= 2 and roles["/LI"] == roles["/LBody"]
    assert roles["/Table"] >= 8 and roles["/Caption"] >= roles["/Table"]
    assert roles["/TH"] > 0 and roles["/TD"] > roles["/TH"]
    scopes = {str(e["/A"]["/Scope"]) for e in elements if e["/S"] == "/TH"}
    assert scopes == {"/Column", "/Row"}
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) == 1 and "Søjlediagram" in figures[0]["/Alt"]
    # Reading order: the first headings are the paper's own order.
    headings = [e for e in elements if e["/S"] == "/H2"]
    assert len(headings) >= 2


def test_every_page_is_in_the_parent_tree_and_its_content_is_marked(reader: PdfReader) -> None:
    root: Any = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"]
    numbers = tree["/ParentTree"]["/Nums"]
    assert len(numbers) == 2 * len(reader.pages)
    assert tree["/ParentTreeNextKey"] == len(reader.pages)
    pages: list[Any] = list(reader.pages)
    for index, page in enumerate(pages):
        assert page["/StructParents"] == index and page["/Tabs"] == "/S"
        content = page.get_contents().get_data().decode("latin-1")
        marked = content.count(" BDC") + content.count(" BMC")
        assert marked == content.count("EMC") and marked > 0
        assert "/Artifact <</Type /Pagination>> BDC" in content  # header and footer
        assert len(numbers[2 * index + 1]) == content.count("<</MCID ")


def test_a_table_over_several_pages_repeats_its_header_as_an_artifact() -> None:
    # Any committee document rendered from blocks (the kontrolorgan's minutes too).
    rows = tuple((str(n), f"Række {n}") for n in range(1, 121))
    paper = Document(
        title="Langt bilag",
        subtitle="Test",
        header="Testby",
        footer="Testby",
        author="Test",
        organization="Testby",
        demo=False,
        generated_at=dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC),
        blocks=(Heading("Bilag"), Table("Tabel 1. Mange rækker", ("Nr.", "Tekst"), rows)),
    )
    reader = PdfReader(io.BytesIO(pdf_render.render_document(paper)))
    assert len(reader.pages) >= 3
    elements: list[Any] = []
    root: Any = reader.trailer["/Root"]
    walk(root["/StructTreeRoot"]["/K"], elements)
    headers = [e for e in elements if e["/S"] == "/TH"]
    assert len(headers) == 2
    for header in headers:
        pages = {id(kid.get_object()["/Pg"].get_object()) for kid in header["/K"]}
        assert len(pages) == 1  # drawn again on later pages only as an artifact
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert len(cells) == 240
    later_page: Any = reader.pages[1]
    later = later_page.get_contents().get_data().decode("latin-1")
    assert "/Artifact <</Type /Pagination>> BDC" in later
