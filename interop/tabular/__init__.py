"""Spreadsheets into the portfolio: CSV (Danish or international) and XLSX.

One module per step:

- :mod:`~interop.tabular.read`: file kind by content, XLSX zip-bomb checks, CSV encoding
  and delimiter (:func:`read_tables`);
- :mod:`~interop.tabular.cells`: Danish and international cell values
  (:func:`parse_decimal`, :func:`parse_date`, :func:`parse_bool`, choice labels);
- :mod:`~interop.tabular.mapping`: headers to fields (:func:`auto_mapping`), the entity a
  sheet holds (:func:`detect_entity`), the importable sheets of a file
  (:func:`sheets_from_file`);
- :mod:`~interop.tabular.index` and :mod:`~interop.tabular.plan`: every row read,
  resolved and validated into a plan, nothing written (:func:`plan_import`);
- :mod:`~interop.tabular.commit`: a plan without errors written all or nothing
  (:func:`commit_plan`, :func:`import_tables`).

Only a plan without errors is written — in one transaction with bulk statements and one
audit event per written record (``bulk_create``). Records are matched by UUID when the
UUID belongs to the organization (or to the shared catalog), else by name and vendor, so
importing the same file twice changes nothing the second time.
"""

from interop.tabular.cells import parse_bool, parse_date, parse_decimal, parse_text
from interop.tabular.commit import commit_plan, import_tables
from interop.tabular.mapping import (
    ENTITIES,
    Sheet,
    auto_mapping,
    detect_entity,
    fields_for,
    mapping_errors,
    sheets_from_file,
)
from interop.tabular.plan import Plan, RowResult, plan_import
from interop.tabular.read import (
    Table,
    TableError,
    check_zip,
    read_tables,
    sniff_delimiter,
    sniff_format,
)

__all__ = [
    "ENTITIES",
    "Plan",
    "RowResult",
    "Sheet",
    "Table",
    "TableError",
    "auto_mapping",
    "check_zip",
    "commit_plan",
    "detect_entity",
    "fields_for",
    "import_tables",
    "mapping_errors",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_text",
    "plan_import",
    "read_tables",
    "sheets_from_file",
    "sniff_delimiter",
    "sniff_format",
]
