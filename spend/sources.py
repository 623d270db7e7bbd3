"""The financial systems an organization imports spend from, and their saved column
mapping (``SpendSource.columns``: a header as it stands in the export -> the field it is
read as, '' for a column that is not used).

The importer saves the mapping after each import and reads it first the next time
(:func:`spend.reader.auto_mapping`); these services let a person correct it, through the
pages and the API of ``spend.resources.SOURCES``. A mapping is checked as a whole: every
target must be a known field, no field may be read from two columns, and the fields an
import cannot do without must be there — with a Danish message for each problem.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.permissions import require
from core.services import create_audited, delete_audited, update_audited
from organizations.models import Organization
from spend.models import SpendSource
from spend.reader import FIELDS, mapping_problems
from spend.store import lines_locked

CHANGE = "spend.import"
MAX_HEADER = 200


def source_list(*, organization: Organization) -> QuerySet[SpendSource]:
    return SpendSource.objects.filter(organization=organization).annotate(
        import_count=Count("imports")
    )


def source_get(*, organization: Organization, pk: Any) -> SpendSource:
    return get_object_or_404(source_list(organization=organization), pk=pk)


def columns_problems(columns: object) -> list[str]:
    """What is wrong with a mapping (header -> field key or ''), in Danish; [] if nothing.

    >>> columns_problems({"Bilagsdato": "posted", "Kreditor": "vendor_name", "Beløb": "amount"})
    []
    >>> for problem in columns_problems({"Dato": "posted", "Bilagsdato": "posted", "Kr": "x"}):
    ...     print(problem)
    Bogføringsdato er valgt for både kolonnen »Dato« og kolonnen »Bilagsdato«.
    »x« (kolonnen »Kr«) er ikke et felt.
    Kolonnen med Beløb mangler.
    Der skal være en kolonne med kreditorens navn, nummer eller CVR-nr.
    """
    if not isinstance(columns, dict):
        return [_("Kolonnerne skal angives som kolonne → felt.")]
    problems: list[str] = []
    claimed: dict[str, str] = {}
    for header, key in columns.items():
        if not isinstance(header, str) or not header.strip() or len(header) > MAX_HEADER:
            problems.append(
                _("En kolonneoverskrift skal være en tekst på 1–%(n)s tegn.") % {"n": MAX_HEADER}
            )
            continue
        if key in ("", None):
            continue
        if not isinstance(key, str) or key not in FIELDS:
            problems.append(
                _("»%(key)s« (kolonnen »%(header)s«) er ikke et felt.")
                % {"key": str(key)[:40], "header": header}
            )
            continue
        if key in claimed:
            problems.append(
                _("%(field)s er valgt for både kolonnen »%(first)s« og kolonnen »%(second)s«.")
                % {"field": FIELDS[key], "first": claimed[key], "second": header}
            )
            continue
        claimed[key] = header
    return problems + mapping_problems(list(claimed))


def _check(columns: object) -> None:
    problems = columns_problems(columns)
    if problems:
        raise ValidationError({"columns": problems})


def source_create(
    *, actor: Any, organization: Organization, name: str, columns: Any = None
) -> SpendSource:
    require(actor, organization, CHANGE)
    columns = {} if columns is None else columns
    _check(columns)
    return create_audited(
        model=SpendSource, actor=actor, organization=organization, name=name, columns=columns
    )


def source_update(*, actor: Any, source: SpendSource, **fields: Any) -> SpendSource:
    require(actor, source.organization, CHANGE)
    if "columns" in fields:
        _check(fields["columns"])
    return update_audited(obj=source, actor=actor, **fields)


def source_delete(*, actor: Any, source: SpendSource) -> None:
    require(actor, source.organization, CHANGE)
    with lines_locked(source.organization):  # an import running now writes to the source
        if source.imports.exists():
            raise ValidationError(
                _(
                    "Kilden kan ikke slettes, fordi der er importeret forbrugslinjer fra den. "
                    "Ret i stedet dens kolonner."
                )
            )
        delete_audited(obj=source, actor=actor)
