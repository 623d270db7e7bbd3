"""Import of KL's Emneplan XML (KLE) into the shared KLE tree (``portfolio.KleSubject``).

Accepted shape
--------------
The element names of KL's published "KLE-Emneplan" XML (version 2.x, no namespace;
a namespace, if present, is ignored)::

    <KLE-Emneplan>
      <UdgivelsesDato>2026-01-01</UdgivelsesDato>               (optional, ignored)
      <Hovedgruppe>
        <HovedgruppeNr>00</HovedgruppeNr>
        <HovedgruppeTitel>…</HovedgruppeTitel>
        <HovedgruppeAdministrativInfo>                        (optional)
          <Historisk><UdgaaetDato>…</UdgaaetDato></Historisk>  (present → udgået)
        </HovedgruppeAdministrativInfo>
        <Gruppe>
          <GruppeNr>00.01</GruppeNr>
          <GruppeTitel>…</GruppeTitel>
          <GruppeAdministrativInfo>…</GruppeAdministrativInfo>
          <Emne>
            <EmneNr>00.01.00</EmneNr>
            <EmneTitel>…</EmneTitel>
            <EmneAdministrativInfo>…</EmneAdministrativInfo>
            <BevaringJaevnfoerArkivloven>B</BevaringJaevnfoerArkivloven>   (B, K or empty)
            <SletningJaevnfoerPersondataloven>P5Y</SletningJaevnfoerPersondataloven>
          </Emne>
        </Gruppe>
      </Hovedgruppe>
      <HandlingsfacetKategori>                                 (optional, see below)
        <HandlingsfacetKategoriNr>G</HandlingsfacetKategoriNr>
        <HandlingsfacetKategoriTitel>…</HandlingsfacetKategoriTitel>
        <Handlingsfacet>
          <HandlingsfacetNr>G01</HandlingsfacetNr>
          <HandlingsfacetTitel>…</HandlingsfacetTitel>
        </Handlingsfacet>
      </HandlingsfacetKategori>
    </KLE-Emneplan>

Numbers are full numbers (``00``, ``00.01``, ``00.01.00``) and each must extend its
parent's number. The deletion period (``SletningJaevnfoerPersondataloven``) is an
``xs:duration`` in whole years (``P5Y``) or a plain number of years. Other elements
(Vejledning, RetskildeReference, Filter, stikord, UUID) are ignored.

KL publishes the action facets (handlingsfacetter) in a separate file whose root is
``KLE-Handlingsfacetter`` with the same ``HandlingsfacetKategori`` children. Styrbar has no
table for them (yet): the importer validates them (category letter, facet = category
letter + two digits, title) when they are in the Emneplan file and reports their count;
a facets-only file is refused rather than read as an empty plan (which would mark every
subject udgået).

Semantics: all or nothing in one transaction. Subjects are matched by number; subjects
missing from the file are marked ``deactivated`` (never deleted — usages refer to them),
and so are those the file marks historic. Any error → nothing changes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from core.audit import AuditAction, record
from interop.xml import XmlRejected, parse_xml
from portfolio.choices import KleArchiveCode, KleLevel
from portfolio.models import KleSubject

ROOT = "KLE-Emneplan"
FACETS_ROOT = "KLE-Handlingsfacetter"
MAX_TITLE = KleSubject._meta.get_field("title").max_length or 255
MAX_DELETION_YEARS = 999

LEVELS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("Hovedgruppe", KleLevel.HOVEDGRUPPE, re.compile(r"\d{2}")),
    ("Gruppe", KleLevel.GRUPPE, re.compile(r"\d{2}\.\d{2}")),
    ("Emne", KleLevel.EMNE, re.compile(r"\d{2}\.\d{2}\.\d{2}")),
)
FACET_CATEGORY = re.compile(r"[A-ZÆØÅ]")
FACET = re.compile(r"([A-ZÆØÅ])\d{2}")
YEARS = re.compile(r"(?:P(\d+)Y|(\d+))")
FIELDS = ("title", "level", "parent_id", "archive_code", "deletion_years", "deactivated")


@dataclass
class KleError:
    row: int | None
    message: str


@dataclass
class KleReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    facets: int = 0
    dry_run: bool = False
    committed: bool = False
    errors: list[KleError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Row:
    number: str
    title: str
    level: str
    line: int | None
    archive_code: str = ""
    deletion_years: int | None = None
    historic: bool = False


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for child in el:
        if _local(child) == name:
            return child
    return None


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in el if _local(child) == name]


def _text(el: etree._Element, name: str) -> str:
    child = _child(el, name)
    return " ".join((child.text or "").split()) if child is not None else ""


def _historic(el: etree._Element, prefix: str) -> bool:
    info = _child(el, f"{prefix}AdministrativInfo")
    if info is None:
        return False
    historic = _child(info, "Historisk")
    return historic is not None and bool(_text(historic, "UdgaaetDato"))


class _Reader:
    """Walks the tree into rows, collecting every error with its line."""

    def __init__(self) -> None:
        self.rows: dict[str, _Row] = {}
        self.errors: list[KleError] = []
        self.facets = 0

    def error(self, el: etree._Element, message: str) -> None:
        self.errors.append(KleError(row=el.sourceline, message=message))

    def read(self, root: etree._Element) -> None:
        name = _local(root)
        if name == FACETS_ROOT:
            self.error(
                root,
                _(
                    "Filen indeholder kun handlingsfacetter. Importér KL's emneplan "
                    "(KLE-Emneplan); handlingsfacetter gemmes ikke for sig."
                ),
            )
            return
        if name != ROOT:
            self.error(
                root,
                _("Filen er ikke en KLE-emneplan: rodelementet er %(found)s, ikke %(root)s.")
                % {"found": name, "root": ROOT},
            )
            return
        groups = _children(root, "Hovedgruppe")
        if not groups:
            self.error(root, _("Filen indeholder ingen hovedgrupper."))
        for group in groups:
            self.node(group, 0, parent=None)
        for category in _children(root, "HandlingsfacetKategori"):
            self.facet_category(category)

    def node(self, el: etree._Element, depth: int, parent: str | None) -> None:
        tag, level, pattern = LEVELS[depth]
        number = _text(el, f"{tag}Nr")
        title = _text(el, f"{tag}Titel")
        ok = True
        if not pattern.fullmatch(number):
            self.error(
                el,
                _("%(tag)s har et ugyldigt nummer %(number)r (forventet formen %(form)s).")
                % {"tag": tag, "number": number, "form": ".".join(["00"] * (depth + 1))},
            )
            ok = False
        elif parent is not None and number.rsplit(".", 1)[0] != parent:
            self.error(
                el,
                _("%(tag)s %(number)s passer ikke med sit overordnede nummer %(parent)s.")
                % {"tag": tag, "number": number, "parent": parent},
            )
            ok = False
        if not title:
            self.error(
                el, _("%(tag)s %(number)s mangler en titel.") % {"tag": tag, "number": number}
            )
            ok = False
        elif len(title) > MAX_TITLE:
            self.error(
                el,
                _("Titlen på %(number)s er længere end %(max)s tegn.")
                % {"number": number, "max": MAX_TITLE},
            )
            ok = False
        row = _Row(number, title, level, el.sourceline, historic=_historic(el, tag))
        if depth == 2:
            ok = self.archive(el, row) and ok
        if ok:
            self.add(el, row)
        if depth < 2:
            for child in _children(el, LEVELS[depth + 1][0]):
                self.node(child, depth + 1, parent=number if ok else None)

    def archive(self, el: etree._Element, row: _Row) -> bool:
        ok = True
        code = _text(el, "BevaringJaevnfoerArkivloven").upper()
        if code not in KleArchiveCode.values:
            self.error(
                el,
                _("Emne %(number)s har arkivkoden %(code)r; tilladt er B, K eller tom.")
                % {"number": row.number, "code": code},
            )
            ok = False
        row.archive_code = code
        deletion = _text(el, "SletningJaevnfoerPersondataloven").replace(" ", "")
        if deletion:
            match = YEARS.fullmatch(deletion.upper())
            years = int(match.group(1) or match.group(2)) if match else None
            if years is None or years > MAX_DELETION_YEARS:
                self.error(
                    el,
                    _("Emne %(number)s har slettefristen %(value)r; forventet et helt antal år.")
                    % {"number": row.number, "value": deletion},
                )
                ok = False
            row.deletion_years = years
        return ok

    def add(self, el: etree._Element, row: _Row) -> None:
        seen = self.rows.get(row.number)
        if seen is None or (seen.historic and not row.historic):
            self.rows[row.number] = row
        elif not (row.historic and not seen.historic):
            self.error(
                el,
                _("Nummeret %(number)s findes allerede på linje %(line)s.")
                % {"number": row.number, "line": seen.line},
            )

    def facet_category(self, el: etree._Element) -> None:
        letter = _text(el, "HandlingsfacetKategoriNr")
        if not FACET_CATEGORY.fullmatch(letter) or not _text(el, "HandlingsfacetKategoriTitel"):
            self.error(
                el,
                _("Handlingsfacetkategori %(nr)r skal have ét stort bogstav og en titel.")
                % {"nr": letter},
            )
            return
        for facet in _children(el, "Handlingsfacet"):
            nr = _text(facet, "HandlingsfacetNr")
            match = FACET.fullmatch(nr)
            if not match or match.group(1) != letter or not _text(facet, "HandlingsfacetTitel"):
                self.error(
                    facet,
                    _(
                        "Handlingsfacet %(nr)r skal have formen %(letter)s00 (kategoriens "
                        "bogstav og to cifre) og en titel."
                    )
                    % {"nr": nr, "letter": letter},
                )
            else:
                self.facets += 1


def _apply(rows: dict[str, _Row], report: KleReport, *, write: bool) -> None:
    """Match rows to KleSubject by number; count (and, if ``write``, save) the changes."""
    existing = {s.number: s for s in KleSubject.objects.select_for_update().order_by("number")}
    now = timezone.now()
    changed: list[KleSubject] = []
    # Parents before children: hovedgrupper, then grupper, then emner.
    for depth in range(3):
        new: list[KleSubject] = []
        for number in sorted(n for n in rows if n.count(".") == depth):
            row = rows[number]
            parent = existing.get(number.rsplit(".", 1)[0]) if depth else None
            values: dict[str, Any] = {
                "title": row.title,
                "level": row.level,
                "parent_id": parent.pk if parent is not None else None,
                "archive_code": row.archive_code,
                "deletion_years": row.deletion_years,
                "deactivated": row.historic,
            }
            subject = existing.get(number)
            if subject is None:
                subject = KleSubject(number=number, **values)
                existing[number] = subject
                new.append(subject)
                report.created += 1
            elif any(getattr(subject, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(subject, key, value)
                subject.updated_at = now
                changed.append(subject)
                report.updated += 1
            else:
                report.unchanged += 1
        if write and new:
            KleSubject.objects.bulk_create(new)
            if any(s.pk is None for s in new):  # backends without RETURNING
                ids = dict(
                    KleSubject.objects.filter(number__in=[s.number for s in new]).values_list(
                        "number", "pk"
                    )
                )
                for subject in new:
                    subject.pk = ids[subject.number]
    for number, subject in existing.items():
        if number not in rows and not subject.deactivated:
            subject.deactivated = True
            subject.updated_at = now
            changed.append(subject)
            report.deactivated += 1
    if write and changed:
        KleSubject.objects.bulk_update(changed, [*FIELDS, "updated_at"], batch_size=500)


def kle_import(*, actor: Any, data: bytes, dry_run: bool) -> KleReport:
    """Validate KL's Emneplan XML and, unless ``dry_run`` or in error, apply it atomically."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Kun superbrugere må importere KLE, som deles af alle."))
    report, rows = read_kle(data, dry_run=dry_run)
    return apply_kle(actor=actor, report=report, rows=rows)


def read_kle(data: bytes, *, dry_run: bool) -> tuple[KleReport, dict[str, _Row]]:
    """Parse and validate the file (no database): the report so far and the rows. The
    background import runs this in a capped child process (:mod:`interop.guard`)."""
    report = KleReport(dry_run=dry_run)
    try:
        root = parse_xml(data)
    except XmlRejected as exc:
        report.errors.append(KleError(row=exc.line, message=exc.message))
        return report, {}
    reader = _Reader()
    reader.read(root)
    report.facets = reader.facets
    report.errors = reader.errors
    return report, reader.rows


def apply_kle(*, actor: Any, report: KleReport, rows: dict[str, _Row]) -> KleReport:
    """Apply rows read by :func:`read_kle` atomically, unless in error or a dry run."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Kun superbrugere må importere KLE, som deles af alle."))
    dry_run = report.dry_run
    if report.errors:
        return report
    with transaction.atomic():
        _apply(rows, report, write=not dry_run)
        if dry_run:
            return report
        counts = {k: v for k, v in report.as_dict().items() if k in _COUNTS}
        record(
            actor=actor,
            organization=None,
            action=AuditAction.UPDATE,
            actor_label=getattr(actor, "label", ""),
            object_repr=_("KLE-import"),
            extra=counts,
        )
        report.committed = True
    return report


_COUNTS = ("created", "updated", "unchanged", "deactivated", "facets")
