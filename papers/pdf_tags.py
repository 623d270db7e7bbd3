"""A tagged PDF from reportlab: a structure tree of headings, paragraphs, lists, tables
with header cells and figures with alternative text, so screen readers read the paper in
order (public bodies must publish accessible documents).

reportlab writes no structure of its own, so this module adds the parts a tagged PDF
(ISO 32000-1, section 14.8) consists of:

* every piece of content is a *marked-content sequence* with an id (``/P <</MCID 3>>
  BDC … EMC``), or an *artifact* (page header and footer, table backgrounds and lines,
  a table header row repeated on a later page) that a reader skips;
* a structure element per block (``Document`` > ``H1``/``H2``/``H3``, ``P``, ``L`` >
  ``LI`` > ``LBody``, ``Table`` > ``Caption``, ``TR`` > ``TH``/``TD``, ``Figure`` with
  ``/Alt``), in reading order, pointing at its marked content on each page;
* the parent tree (page → its marked content's elements), ``/StructParents`` and
  ``/Tabs /S`` on each page, and in the catalog ``/MarkInfo <</Marked true>>``,
  ``/StructTreeRoot``, ``/Lang`` and ``/ViewerPreferences <</DisplayDocTitle true>>``.

What it is not: PDF/UA-1 conformant. PDF/UA also requires every font to be embedded,
and the paper uses the standard Helvetica (not embedded, so the bytes do not depend on a
font file installed on the server). The guide says so.

Use: one :class:`Tagger` per document; wrap each flowable in :func:`Tagger.wrap` with the
element it belongs to; give tables ``renderCB=tagger.table_callback`` after
:meth:`Tagger.table_cells`; draw page furniture between :meth:`Tagger.artifact` and
:meth:`Tagger.end`; and make the canvas call :meth:`Tagger.finish` before it saves
(:func:`canvas_class`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
)
from reportlab.platypus.flowables import Flowable


@dataclass
class Element:
    role: str
    parent: int | None
    kids: list[tuple[str, int, int]] = field(
        default_factory=list
    )  # ("elem", i, 0) | ("mcr", page, mcid)
    alt: str = ""
    scope: str = ""  # "Column" | "Row" for a TH


class Tagger:
    """Collects the structure tree while the document is drawn (see the module docstring)."""

    def __init__(self) -> None:
        self.elements: list[Element] = [Element("Document", None)]
        self.marked: dict[int, list[int]] = {}  # page index -> element of each MCID
        self.cells: dict[int, int] = {}  # id(cell flowable) -> its TH/TD element
        self.header_cells: set[int] = set()

    # The tree ------------------------------------------------------------------------------

    def element(self, role: str, parent: int = 0, *, alt: str = "", scope: str = "") -> int:
        index = len(self.elements)
        self.elements.append(Element(role, parent, alt=alt, scope=scope))
        self.elements[parent].kids.append(("elem", index, 0))
        return index

    def wrap(self, flowable: Flowable, element: int) -> Flowable:
        """``flowable`` drawn as marked content of ``element`` (on every page it spans)."""
        return TaggedFlowable(self, flowable, element)

    # Marked content ------------------------------------------------------------------------

    def begin(self, canvas: Any, element: int) -> None:
        page = canvas.getPageNumber() - 1
        mcids = self.marked.setdefault(page, [])
        mcid = len(mcids)
        mcids.append(element)
        self.elements[element].kids.append(("mcr", page, mcid))
        role = self.elements[element].role
        canvas._code.append(f"/{role} <</MCID {mcid}>> BDC")

    def artifact(self, canvas: Any, kind: str = "") -> None:
        subtype = f" <</Type /{kind}>> BDC" if kind else " BMC"
        canvas._code.append("/Artifact" + subtype)

    @staticmethod
    def end(canvas: Any) -> None:
        canvas._code.append("EMC")

    # Tables ----------------------------------------------------------------------------------

    def table_cells(
        self, parent: int, rows: list[list[Any]], *, header_row: bool, header_column: bool
    ) -> None:
        """TR, TH and TD elements for a table's cell flowables (a header row's cells are
        column headers, a key-value table's first cells row headers)."""
        for row_index, row in enumerate(rows):
            tr = self.element("TR", parent)
            for column, cell in enumerate(row):
                if header_row and row_index == 0:
                    element = self.element("TH", tr, scope="Column")
                    self.header_cells.add(element)
                elif header_column and column == 0:
                    element = self.element("TH", tr, scope="Row")
                else:
                    element = self.element("TD", tr)
                self.cells[id(cell)] = element

    def _cell_element(self, value: Any) -> int | None:
        """A cell's element; reportlab hands a cell's flowable over wrapped in a tuple."""
        if id(value) in self.cells:
            return self.cells[id(value)]
        if isinstance(value, tuple | list):
            for item in value:
                if id(item) in self.cells:
                    return self.cells[id(item)]
        return None

    def table_callback(self, table: Any, event: str, *args: Any) -> None:
        """reportlab's ``renderCB``: backgrounds and lines are artifacts, each cell is
        marked content of its TH/TD; a header row drawn again on a later page is an
        artifact (its element already has its content)."""
        canvas = table.canv
        if event in ("startBG", "startLines"):
            self.artifact(canvas)
        elif event in ("endBG", "endLines", "endCell"):
            self.end(canvas)
        elif event == "startCell":
            element = self._cell_element(args[2])
            repeated = element in self.header_cells and any(
                kind == "mcr" for kind, _a, _b in self.elements[element].kids
            )
            if element is None or repeated:
                self.artifact(canvas, "Pagination" if repeated else "")
            else:
                self.begin(canvas, element)

    # The PDF objects -----------------------------------------------------------------------

    def finish(self, canvas: Any) -> None:
        """Write the structure tree, the parent tree and the catalog and page entries."""
        document = canvas._doc
        objects = [PDFDictionary({}) for _ in self.elements]
        refs = [document.Reference(obj) for obj in objects]
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = document.Reference(root)
        for index, element in enumerate(self.elements):
            kids: list[Any] = []
            for kind, first, second in element.kids:
                if kind == "elem":
                    kids.append(refs[first])
                else:
                    kids.append(
                        PDFDictionary(
                            {
                                "Type": PDFName("MCR"),
                                "Pg": PDFObjectReference(f"Page{first + 1}"),
                                "MCID": second,
                            }
                        )
                    )
            values: dict[str, Any] = {
                "Type": PDFName("StructElem"),
                "S": PDFName(element.role),
                "P": root_ref if element.parent is None else refs[element.parent],
                "K": PDFArray(kids),
            }
            if element.alt:
                values["Alt"] = PDFString(element.alt)
            if element.scope:
                values["A"] = PDFDictionary(
                    {"O": PDFName("Table"), "Scope": PDFName(element.scope)}
                )
            objects[index].dict.update(values)
        pages = document.Pages.pages
        numbers: list[Any] = []
        for page in range(len(pages)):
            numbers += [page, PDFArray([refs[e] for e in self.marked.get(page, [])])]
        root.dict.update(
            {
                "K": refs[0],
                "ParentTree": document.Reference(PDFDictionary({"Nums": PDFArray(numbers)})),
                "ParentTreeNextKey": len(pages),
            }
        )
        for index, page in enumerate(pages):
            page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
            page.StructParents = index
            page.Tabs = PDFName("S")
        catalog = document.Catalog
        catalog.StructTreeRoot = root
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})


class TaggedFlowable(Flowable):  # type: ignore[misc]
    """A flowable drawn inside a marked-content sequence of one structure element; its
    parts after a split belong to the same element."""

    def __init__(self, tagger: Tagger, inner: Flowable, element: int) -> None:
        super().__init__()
        self.tagger = tagger
        self.inner = inner
        self.element = element

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrapOn(self.canv, available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.inner.splitOn(self.canv, available_width, available_height)
        return [TaggedFlowable(self.tagger, part, self.element) for part in parts]

    def getKeepWithNext(self) -> bool:
        return bool(self.inner.getKeepWithNext())

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self.tagger.begin(canvas, self.element)
        self.inner.drawOn(canvas, x, y, _sW)
        self.tagger.end(canvas)
