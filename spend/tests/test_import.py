"""Importing posted lines: formats, errors, classification, re-import without double
counting (replace by period) and credit notes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.aggregates import MoneySum
from core.models import AuditEvent
from interop.tabular.read import TableError
from organizations.testing import make_organization, make_user
from spend.importer import spend_import
from spend.models import ClassificationRule, SpendLine, SpendMonth, SpendSource
from spend.tests.helpers import HEADERS, export, line

pytestmark = pytest.mark.django_db
D = dt.date


def _user(org: Any) -> Any:
    return make_user(organization=org, roles=["arkitekt"])


def _total(org: Any) -> Decimal:
    return SpendLine.objects.filter(organization=org).aggregate(s=MoneySum("amount"))[
        "s"
    ] or Decimal(0)


def test_a_cp1252_export_with_danish_headers_is_imported_and_every_line_shows_its_rule(
    org: Any,
) -> None:
    user = _user(org)
    data = export(
        [
            line(D(2025, 1, 3), "Nordsoft A/S", "1.234,56", text="Brugerlicens Q1"),
            line(D(2025, 1, 9), "Kantinen ApS", "450,00", account="201000", text="Fødevarer"),
            line(D(2025, 2, 1), "Ukendt Leverandør", "99,50", account="999999", text="Diverse"),
        ],
        encoding="cp1252",
    )
    report = spend_import(actor=user, organization=org, source=data, filename="opus.csv")
    assert report.committed, report.errors
    assert (report.lines, report.total, report.period_start, report.period_end) == (
        3,
        Decimal("1784.06"),
        D(2025, 1, 3),
        D(2025, 2, 1),
    )
    lines = {x.vendor.name: x for x in SpendLine.objects.select_related("vendor", "rule")}
    assert lines["Nordsoft A/S"].is_it and lines["Nordsoft A/S"].rule_label.startswith("It-konti")
    assert not lines["Kantinen ApS"].is_it and "Ikke it" in lines["Kantinen ApS"].rule_label
    assert lines["Ukendt Leverandør"].rule is None
    assert lines["Ukendt Leverandør"].rule_label == "ingen regel (ikke it)"
    assert ClassificationRule.objects.filter(organization=org, example=True).count() == 5
    assert SpendMonth.objects.filter(organization=org).aggregate(s=MoneySum("amount"))[
        "s"
    ] == Decimal("1784.06")
    assert AuditEvent.objects.filter(organization=org, object_repr__startswith="opus.csv").exists()
    # the mapping is saved on the source
    assert SpendSource.objects.get(organization=org).columns["Bilagstekst"] == "text"


def test_utf8_headers_of_another_system_and_an_unused_column_is_reported(org: Any) -> None:
    headers = ["Bilagsdato", "Leverandør", "CVR", "Beløb", "Art", "Organisation", "Tekst", "Moms"]
    rows = [["03.01.2025", "Sydnet ApS", "", "-250,00", "457100", "Jobcenter", "Kreditnota", "0"]]
    data = export(rows, encoding="utf-8", headers=headers)
    report = spend_import(actor=_user(org), organization=org, source=data)
    assert report.committed and report.credit_lines == 1 and report.total == Decimal("-250.00")
    assert report.ignored_columns == ["Moms"]


def test_xlsx_with_dates_and_numbers_as_cells(org: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(
        [
            dt.datetime(2025, 3, 4),
            "Vestdata A/S",
            1001,
            None,
            1999.5,
            227100,
            "6.45.51",
            "Jobcenter",
            "Licens",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    report = spend_import(actor=_user(org), organization=org, source=buffer.getvalue())
    assert report.committed, report.errors
    stored = SpendLine.objects.get(organization=org)
    assert (stored.posted, stored.amount, stored.account) == (
        D(2025, 3, 4),
        Decimal("1999.50"),
        "227100",
    )


def test_a_bad_row_saves_nothing_and_names_the_row(org: Any) -> None:
    data = export(
        [
            line(D(2025, 1, 3), "Nordsoft A/S", "100,00"),
            ["32-13-2025", "Nordsoft A/S", "", "", "100,00", "227100", "", "", ""],
            line(D(2025, 1, 5), "Nordsoft A/S", "ti kroner"),
            line(D(2025, 1, 6), "", "5,00"),
        ]
    )
    report = spend_import(actor=_user(org), organization=org, source=data)
    assert not report.committed
    assert [e["row"] for e in report.errors] == [3, 4, 5]
    assert "dato" in report.errors[0]["message"] and "beløb" in report.errors[1]["message"]
    assert not SpendLine.objects.exists() and not SpendSource.objects.exists()


def test_a_file_without_amount_column_is_refused_in_danish(org: Any) -> None:
    data = "Bogføringsdato;Kreditor\r\n01-01-2025;Nordsoft\r\n".encode("cp1252")
    with pytest.raises(TableError, match="Beløb"):
        spend_import(actor=_user(org), organization=org, source=data)


def test_a_dry_run_changes_nothing(org: Any) -> None:
    report = spend_import(
        actor=_user(org),
        organization=org,
        source=export([line(D(2025, 1, 3), "X A/S", "1,00")]),
        dry_run=True,
    )
    assert report.lines == 1 and not report.committed
    assert not SpendLine.objects.exists() and not ClassificationRule.objects.exists()


def test_a_reader_may_not_import(org: Any) -> None:
    from django.core.exceptions import PermissionDenied

    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        spend_import(
            actor=reader, organization=org, source=export([line(D(2025, 1, 3), "X", "1,00")])
        )


def test_a_credit_note_cancels_its_invoice(org: Any) -> None:
    data = export(
        [
            line(D(2025, 4, 1), "Østsoft ApS", "12.500,00", text="Licens"),
            line(D(2025, 4, 20), "Østsoft ApS", "-12.500,00", text="Kreditnota licens"),
        ]
    )
    report = spend_import(actor=_user(org), organization=org, source=data)
    assert report.committed and report.credit_lines == 1 and _total(org) == 0
    from spend.models import ShadowCandidate

    assert not ShadowCandidate.objects.filter(organization=org).exists()  # nothing net spent


DAYS = st.integers(min_value=0, max_value=120)
AMOUNTS = st.integers(min_value=-500_000, max_value=5_000_000)


def test_totals_are_exact_to_the_ore_where_the_database_sums_in_floating_point(org: Any) -> None:
    """SQLite sums a decimal column as floats: 42.748,28 + 293,78 - 43.519,91 came back as
    -477,850000000006. Every total is rounded to the øre on every backend."""
    amounts = ["42.748,28", "293,78", "-43.519,91"]
    spend_import(
        actor=_user(org),
        organization=org,
        source=export([line(D(2025, 3, d + 1), "Kreditor A", a) for d, a in enumerate(amounts)]),
    )
    assert str(_total(org)) == "-477.85"
    month = SpendMonth.objects.filter(organization=org).aggregate(s=MoneySum("amount"))["s"]
    assert str(month) == "-477.85"
    from spend.selectors import spend_analysis

    assert str(spend_analysis(organization=org, year=2025).total) == "-477.85"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(DAYS, AMOUNTS, st.sampled_from(["A", "B", "C"])), min_size=1, max_size=25
    ),
    cut=st.integers(min_value=0, max_value=120),
    overlap=st.integers(min_value=0, max_value=60),
)
@example(rows=[(0, 4274828, "A"), (1, 29378, "A"), (2, -4351991, "A")], cut=0, overlap=0)
def test_reimporting_the_same_or_an_overlapping_period_never_changes_totals(
    rows: Any, cut: int, overlap: int
) -> None:
    org = make_organization()
    user = _user(org)
    start = D(2025, 1, 1)
    every = [
        line(start + dt.timedelta(days=d), f"Kreditor {v}", Decimal(a) / 100) for d, a, v in rows
    ]
    expected = sum((Decimal(a) / 100 for _d, a, _v in rows), Decimal(0))
    spend_import(actor=user, organization=org, source=export(every))
    assert _total(org) == expected
    spend_import(actor=user, organization=org, source=export(every))  # the same file again
    assert _total(org) == expected
    # an export of a later, overlapping period: the financial system's lines from the cut
    # minus the overlap onwards (the same lines the first file had for those days)
    later = [r for (d, _a, _v), r in zip(rows, every, strict=True) if d >= max(0, cut - overlap)]
    if later:
        spend_import(actor=user, organization=org, source=export(later))
    assert _total(org) == expected
    assert SpendLine.objects.filter(organization=org).count() == len(rows)
    assert (
        SpendMonth.objects.filter(organization=org).aggregate(s=MoneySum("amount"))["s"] == expected
    )


def test_a_later_export_replaces_only_its_own_period(org: Any) -> None:
    user = _user(org)
    spend_import(
        actor=user,
        organization=org,
        source=export(
            [
                line(D(2025, 1, 10), "A", "100,00"),
                line(D(2025, 2, 10), "A", "200,00"),
            ]
        ),
    )
    # the February line was corrected in the financial system; March is new
    report = spend_import(
        actor=user,
        organization=org,
        source=export(
            [
                line(D(2025, 2, 10), "A", "250,00"),
                line(D(2025, 3, 10), "A", "300,00"),
            ]
        ),
    )
    assert report.replaced == 1
    assert _total(org) == Decimal("650.00")
