"""Importing posted spend lines: one streaming pass, all or nothing, replace by period.

:func:`spend_import` reads the export row by row (:mod:`spend.reader`; the file is parsed
in a child process under the import caps of :mod:`interop.guard`), parses dates and
amounts, finds each creditor's spend vendor (by CVR, else creditor number, else
normalised name), classifies the line (:mod:`spend.classify`) and hands it to the bulk
writer (:mod:`spend.store`). A file with any bad row writes nothing: the report names the
rows (the first 100) and what is wrong with them.

**Re-import without double counting**: the file is the truth for its period, from its
first to its last posting date (or the period given). Inside the same transaction the
source's earlier lines of that period are deleted once the new ones are written, so
importing the same or an overlapping export again never counts a line twice, and a line
corrected or deleted in the financial system since the last export is corrected here too.
Lines outside the period, and lines of other sources, are left alone.

Afterwards the vendors are matched, the monthly table rebuilt for the months touched and
the shadow-it candidates recomputed; the import is one audit event with its figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.choices import AuditAction
from core.permissions import require
from engine.matching import cvr_is_valid, normalise_name
from engine.money import format_dkk
from interop.tabular.read import TableError
from organizations.models import Organization
from spend import rules as spend_rules
from spend.classify import Classifier
from spend.models import SpendImport, SpendSource, SpendVendor
from spend.reader import (
    FIELDS,
    amount_cents,
    auto_mapping,
    cents_text,
    mapping_problems,
    open_spend_file_capped,
    parse_date,
)
from spend.store import LineWriter, bulk_session, bulk_writes_done, rebuild_months

DEFAULT_SOURCE = "Økonomisystem"
MAX_ERRORS = 100
PROGRESS_EVERY = 50000
LIMITS = {"unit": 100, "account": 30, "function": 30, "text": 250, "vendor_name": 200}


class _Rollback(Exception):
    pass


@dataclass
class SpendReport:
    describe: str = ""
    source: str = ""
    columns: list[dict[str, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    lines: int = 0
    total: Decimal = Decimal(0)
    credit_lines: int = 0
    it_lines: int = 0
    it_total: Decimal = Decimal(0)
    unclassified_lines: int = 0
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    vendors: int = 0
    new_vendors: int = 0
    replaced: int = 0
    shortened: int = 0
    invalid_cvr: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    committed: bool = False
    import_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("total", "it_total"):
            data[key] = f"{data[key]:.2f}"
        for key in ("period_start", "period_end"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    def summary_lines(self, *, errors: bool = True) -> list[str]:
        lines = [
            _("%(lines)s linjer for %(total)s kr. (%(credit)s kreditnotaer), %(start)s–%(end)s")
            % {
                "lines": _count(self.lines),
                "total": _kroner(self.total),
                "credit": self.credit_lines,
                "start": self.period_start.strftime("%d-%m-%Y") if self.period_start else "–",
                "end": self.period_end.strftime("%d-%m-%Y") if self.period_end else "–",
            },
            _("It-forbrug: %(lines)s linjer for %(total)s kr.; %(none)s linjer uden regel")
            % {
                "lines": _count(self.it_lines),
                "total": _kroner(self.it_total),
                "none": _count(self.unclassified_lines),
            },
        ]
        if self.replaced:
            lines.append(_("Erstattede linjer fra tidligere import: %(n)s") % {"n": self.replaced})
        if self.ignored_columns:
            lines.append(
                _("Kolonner, der ikke bruges: %(cols)s") % {"cols": ", ".join(self.ignored_columns)}
            )
        if self.invalid_cvr:
            lines.append(
                _("Linjer med ugyldigt CVR-nr. (matchet på kreditornr. eller navn): %(n)s")
                % {"n": self.invalid_cvr}
            )
        if self.shortened:
            lines.append(_("Afkortede tekster: %(n)s") % {"n": self.shortened})
        if not errors:
            return lines
        lines += [_("Fejl: række %(row)s: %(message)s") % e for e in self.errors]
        if self.error_count > len(self.errors):
            lines.append(_("… og %(n)s fejl mere.") % {"n": self.error_count - len(self.errors)})
        return lines


def _kroner(value: Decimal) -> str:
    """An amount as the summary shows it (Danish: dot groups, decimal comma; the message
    adds "kr.").

    >>> _kroner(Decimal("26500")), _kroner(Decimal("-2500.5"))
    ('26.500,00', '-2.500,50')
    """
    return format_dkk(value).removesuffix(" kr.")


def _count(n: int) -> str:
    """
    >>> _count(1000000)
    '1.000.000'
    """
    return f"{n:,}".replace(",", ".")


def vendor_key(name: str, number: str, cvr: str) -> str:
    """The key lines of one creditor share: a valid CVR, else the creditor number, else the
    normalised name ('' when the line names no creditor).

    >>> vendor_key("Netcompany A/S", "100", "29189846"), vendor_key("KMD A/S", "4711", "")
    ('cvr:29189846', 'nr:4711')
    """
    if cvr and cvr_is_valid(cvr):
        return f"cvr:{cvr}"
    if number:
        return f"nr:{number}"
    normalised = normalise_name(name) or " ".join(name.casefold().split())
    return f"navn:{normalised}" if normalised else ""


class _Vendors:
    """Spend vendors by key; new ones are created as they appear (not in a dry run)."""

    def __init__(self, organization: Organization, dry_run: bool) -> None:
        self.organization = organization
        self.dry_run = dry_run
        self.by_key: dict[str, tuple[int, str, str]] = {
            key: (pk, name, cvr)
            for pk, key, name, cvr in SpendVendor.objects.filter(
                organization=organization
            ).values_list("pk", "key", "name", "cvr")
        }
        self.by_raw: dict[tuple[str, str, str], tuple[int, str, str, int] | None] = {}
        self.new = 0
        self.used: set[int] = set()

    def get(self, name: str, number: str, cvr: str) -> tuple[int, str, str, int] | None:
        """(id, name, valid CVR, 1 if the line's CVR is invalid else 0), or None."""
        raw = (name, number, cvr)
        if raw in self.by_raw:
            return self.by_raw[raw]
        key = vendor_key(name, number, cvr)
        found = self.by_key.get(key) if key else None
        if key and found is None:
            self.new += 1
            valid_cvr = cvr if cvr and cvr_is_valid(cvr) else ""
            if self.dry_run:
                found = (-self.new, name, valid_cvr)
            else:
                vendor = SpendVendor.objects.create(
                    organization=self.organization,
                    key=key[:220],
                    name=(name or number or cvr)[:200],
                    number=number[:50],
                    cvr=valid_cvr,
                )
                found = (vendor.pk, vendor.name, vendor.cvr)
            self.by_key[key] = found
        result = None
        if found is not None:
            self.used.add(found[0])
            result = (*found, int(bool(cvr) and not cvr_is_valid(cvr)))
        self.by_raw[raw] = result
        return result


def spend_import(
    *,
    actor: Any,
    organization: Organization,
    source: bytes | Path,
    filename: str = "",
    source_name: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    mapping: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SpendReport:
    """Import an export of posted lines (see the module docstring). Raises TableError
    (Danish) when the file cannot be read or lacks a needed column; row errors are in the
    report, which then says ``committed=False``."""
    require(actor, organization, "spend.import")
    saved = SpendSource.objects.filter(organization=organization, name=source_name).first()
    spend_file = open_spend_file_capped(source)
    try:
        mapping = mapping or auto_mapping(spend_file.headers, saved.columns if saved else None)
        problems = mapping_problems(mapping)
        if problems:
            raise TableError(" ".join(problems))
        report = SpendReport(describe=spend_file.describe, source=source_name)
        report.columns = [
            {"header": h, "field": k, "label": str(FIELDS[k]) if k else ""}
            for h, k in zip(spend_file.headers, mapping, strict=False)
        ]
        report.ignored_columns = [
            h for h, k in zip(spend_file.headers, mapping, strict=False) if not k
        ]
        try:
            with bulk_session(), transaction.atomic():
                _run(
                    actor,
                    organization,
                    spend_file,
                    mapping,
                    report,
                    filename,
                    source,
                    source_name,
                    dry_run,
                    progress,
                )
                if dry_run or report.error_count:
                    raise _Rollback
        except _Rollback:
            report.committed = False
        return report
    finally:
        spend_file.close()


def _digest(source: bytes | Path) -> str:
    digest = hashlib.sha256()
    if isinstance(source, Path):
        with source.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    else:
        digest.update(source)
    return digest.hexdigest()


def _run(
    actor: Any,
    organization: Organization,
    spend_file: Any,
    mapping: list[str],
    report: SpendReport,
    filename: str,
    source: bytes | Path,
    source_name: str,
    dry_run: bool,
    progress: Callable[[int, int], None] | None,
) -> None:
    col = {key: mapping.index(key) for key in FIELDS if key in mapping}
    width = max(col.values()) + 1
    i_date, i_amount = col["posted"], col["amount"]
    i_name, i_number, i_cvr = col.get("vendor_name"), col.get("vendor_number"), col.get("cvr")
    i_unit, i_account, i_function, i_text = (
        col.get("unit"),
        col.get("account"),
        col.get("function"),
        col.get("text"),
    )
    if dry_run:
        src, batch = None, None
        rules = spend_rules.rules_for_run(organization)
    else:
        src, _created = SpendSource.objects.get_or_create(
            organization=organization, name=source_name
        )
        rules = spend_rules.rules_ensure(actor=actor, organization=organization)
        batch = SpendImport.objects.create(
            organization=organization,
            source=src,
            filename=filename[:255],
            sha256=_digest(source),
            period_start=timezone.localdate(),
            period_end=timezone.localdate(),
            total=Decimal(0),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    classify = Classifier(rules)
    vendors = _Vendors(organization, dry_run)
    writer = None if dry_run else LineWriter()
    dates: dict[str, tuple[dt.date, str, str]] = {}
    org_id = organization.pk
    src_id = src.pk if src else 0
    batch_id = batch.pk if batch else 0
    total = it_total = 0  # øre
    lines = credit = it_lines = none_lines = shortened = invalid_cvr = 0
    first = last = None
    errors = report.errors
    add = writer.add if writer is not None else None

    def fail(row: int, message: str) -> None:
        report.error_count += 1
        if len(errors) < MAX_ERRORS:
            errors.append({"row": row, "message": message})

    for number, cells in spend_file.rows:
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        raw_date = cells[i_date].strip()
        day = dates.get(raw_date)
        if day is None:
            try:
                posted = parse_date(raw_date)
            except ValueError as exc:
                fail(number, str(exc))
                continue
            day = dates[raw_date] = (posted, posted.isoformat(), posted.replace(day=1).isoformat())
        try:
            cents = amount_cents(cells[i_amount].strip())
        except ValueError as exc:
            fail(number, str(exc))
            continue
        name = cells[i_name].strip() if i_name is not None else ""
        if len(name) > 200:
            name, shortened = name[:200], shortened + 1
        vendor = vendors.get(
            name,
            cells[i_number].strip()[:50] if i_number is not None else "",
            cells[i_cvr].replace(" ", "").removeprefix("DK") if i_cvr is not None else "",
        )
        if vendor is None:
            fail(number, _("Linjen har hverken kreditornavn, kreditornr. eller CVR-nr."))
            continue
        invalid_cvr += vendor[3]
        unit = cells[i_unit].strip() if i_unit is not None else ""
        account = cells[i_account].strip() if i_account is not None else ""
        function = cells[i_function].strip() if i_function is not None else ""
        text = cells[i_text].strip() if i_text is not None else ""
        if len(unit) > 100 or len(account) > 30 or len(function) > 30 or len(text) > 250:
            shortened += 1
            unit, account, function, text = unit[:100], account[:30], function[:30], text[:250]
        rule_id, is_it = classify(account, vendor[0], vendor[1], vendor[2], text)
        lines += 1
        total += cents
        if cents < 0:
            credit += 1
        if is_it:
            it_lines += 1
            it_total += cents
        if rule_id is None:
            none_lines += 1
        posted = day[0]
        if first is None or posted < first:
            first = posted
        if last is None or posted > last:
            last = posted
        if add is not None and not report.error_count:
            add(
                (
                    org_id,
                    src_id,
                    batch_id,
                    number,
                    day[1],
                    day[2],
                    vendor[0],
                    unit,
                    account,
                    function,
                    cents_text(cents),
                    text,
                    rule_id if rule_id and rule_id > 0 else None,
                    is_it,
                )
            )
        if progress is not None and lines % PROGRESS_EVERY == 0:
            progress(lines, 0)
    total_kr, it_total_kr = Decimal(total) / 100, Decimal(it_total) / 100
    report.lines, report.total, report.credit_lines = lines, total_kr, credit
    report.it_lines, report.it_total, report.unclassified_lines = it_lines, it_total_kr, none_lines
    report.period_start, report.period_end = first, last
    report.vendors, report.new_vendors, report.shortened = len(vendors.used), vendors.new, shortened
    report.invalid_cvr = invalid_cvr
    if not lines and not report.error_count:
        fail(1, _("Filen har ingen linjer."))
    if dry_run or report.error_count or writer is None or batch is None or src is None:
        return
    assert first is not None and last is not None
    writer.flush()
    bulk_writes_done(writer.written)
    from spend.models import SpendLine

    # Earlier lines of the period can only come from earlier imports of the source whose
    # period overlaps this one (a batch's period is its lines' first to last date): with
    # none (a first import, a new period) there is nothing to delete, and no query scans
    # the lines just written.
    earlier = (
        SpendImport.objects.filter(source=src, period_start__lte=last, period_end__gte=first)
        .exclude(pk=batch.pk)
        .exists()
    )
    report.replaced = (
        SpendLine.objects.filter(
            organization=organization, source=src, posted__gte=first, posted__lte=last
        )
        .exclude(batch=batch)
        .delete()[0]
        if earlier
        else 0
    )
    rebuild_months(org_id, first.replace(day=1), last.replace(day=1))
    batch.period_start, batch.period_end = first, last
    batch.lines, batch.total, batch.replaced = lines, total_kr, report.replaced
    batch.save(
        update_fields=["period_start", "period_end", "lines", "total", "replaced", "updated_at"]
    )
    src.columns = {h: k for h, k in zip(spend_file.headers, mapping, strict=False)}
    src.save(update_fields=["columns", "updated_at"])
    from spend import candidates, matching

    matching.match_vendors(organization=organization)
    candidates.refresh(organization=organization)
    report.committed = True
    report.import_id = batch.pk
    audit.record(
        actor=actor,
        organization=organization,
        action=AuditAction.CREATE,
        obj=batch,
        extra={
            "import": {
                "lines": lines,
                "total": f"{total_kr:.2f}",
                "period": [first.isoformat(), last.isoformat()],
                "replaced": report.replaced,
                "sha256": batch.sha256,
            }
        },
    )
