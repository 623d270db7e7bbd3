"""The report every import returns: counts per kind, row errors and warnings.

Commands print :meth:`ImportReport.summary_lines` and then :meth:`ImportReport.as_json` as
their last line; the import pages and the API show the same data. ``errors`` means nothing
was committed; ``warnings`` are values that were taken over differently or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.choices import AuditAction

OUTCOMES = ("created", "updated", "unchanged")

# Report kinds that are no export sheet (KITOS, ArchiMate, a sheet's related records).
KIND_LABELS = {
    "units": gettext_lazy("Enheder"),
    "costs": gettext_lazy("Omkostningslinjer"),
    "roles": gettext_lazy("Roller"),
    "data-objects": gettext_lazy("Dataobjekter"),
    "processes": gettext_lazy("Processer"),
    "steps": gettext_lazy("Procestrin"),
    "data-processing-registrations": gettext_lazy("Databehandlinger"),
}


def kind_label(kind: str) -> str:
    """The Danish name of a report kind (an export sheet's title, or one of KIND_LABELS),
    the same on the import page and in the commands' summaries."""
    from interop.export import SHEETS_BY_KEY

    if kind in SHEETS_BY_KEY:
        return str(SHEETS_BY_KEY[kind].title)
    if kind in KIND_LABELS:
        return str(KIND_LABELS[kind])
    from core.registry import registry

    entry = registry.import_kind_of(kind)  # a kind an app registered (channel numbers, say)
    return str(entry.label) if entry is not None else kind


R = TypeVar("R", bound="ImportReport")


@dataclass
class ImportReport:
    kinds: tuple[str, ...] = ()
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False

    def __post_init__(self) -> None:
        for kind in self.kinds:
            self.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0))

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0))[outcome] += n

    def error(self, row: Any, message: str, **extra: Any) -> None:
        self.errors.append({"row": row, "message": message, **extra})

    def warn(self, row: Any, message: str, **extra: Any) -> None:
        self.warnings.append({"row": row, "message": message, **extra})

    def total(self, outcome: str) -> int:
        return sum(kind[outcome] for kind in self.counts.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.total("created"),
            "updated": self.total("updated"),
            "unchanged": self.total("unchanged"),
            "errors": self.errors,
            "warnings": self.warnings,
            "by_kind": self.counts,
            "dry_run": self.dry_run,
            "committed": self.committed,
        }

    def detail_lines(self) -> list[str]:
        """Lines a subclass adds after the counts (before the closing verdict)."""
        return []

    def audit_summary(self) -> dict[str, Any]:
        """What the import's summary audit event records (read after the import ran)."""
        return {"counts": self.counts, "warnings": len(self.warnings)}

    def summary_lines(self) -> list[str]:
        lines = [
            _("%(kind)s: %(created)s oprettet, %(updated)s ændret, %(unchanged)s uændret")
            % {"kind": kind_label(kind), **n}
            for kind, n in self.counts.items()
        ]
        lines += [_("Advarsel: %(row)s: %(message)s") % w for w in self.warnings]
        lines += [_("Fejl: %(row)s: %(message)s") % e for e in self.errors]
        lines += self.detail_lines()
        if self.dry_run:
            lines.append(_("Prøvekørsel: intet er gemt."))
        elif not self.committed:
            lines.append(_("Intet er gemt på grund af fejl."))
        return lines


def write_all_or_nothing(
    report: R,
    apply: Callable[[], None],
    *,
    actor: Any,
    organization: Any,
    object_repr: str,
    audit_key: str,
    **audit_extra: Any,
) -> R:
    """Run ``apply`` in one transaction and keep it only when the report has no errors and
    is no dry run; then one summary audit event is recorded with it: under ``audit_key``,
    ``audit_extra`` and the report's :meth:`~ImportReport.audit_summary` (read after
    ``apply``). A database refusal becomes an error on the report."""
    try:
        with transaction.atomic():
            apply()
            if report.errors or report.dry_run:
                transaction.set_rollback(True)
                return report
            audit.record(
                actor=actor,
                organization=organization,
                action=AuditAction.UPDATE,
                object_repr=object_repr,
                extra={audit_key: {**audit_extra, **report.audit_summary()}},
            )
    except IntegrityError as exc:
        report.error("database", _("Databasen afviste importen: %(err)s") % {"err": exc})
        return report
    report.committed = True
    return report
