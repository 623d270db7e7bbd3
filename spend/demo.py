"""Demo spend for Eksempel Kommune: three years of synthetic creditor postings.

``seed(result)`` writes about 150,000 posted lines as a Windows-1252 CSV export (the
format :mod:`spend.reader` reads) and imports it through the real importer
(:func:`spend.importer.spend_import`): example rules, classification, vendor matching,
monthly table and shadow-it candidates, audited like any import. What it shows:

* the portfolio's vendors paid about what their contracts agree, month by month;
* about 140,000 lines of ordinary municipal purchases (food, rent, cleaning, craftsmen);
* credit notes: about one line in fifty, and an invoice cancelled by its credit note;
* planted shadow IT: IT spend on creditors with neither a system nor a contract in the
  portfolio - among them the electronic key solution the Hjemmepleje bought directly
  after withdrawing its procurement request (procurement demo), the purchase that went
  around the process;
* a contract paid after it expired, and a vendor paid far above its contract's agreed
  payments for the last year.

All names, CVR numbers (9xxxxxxx, valid mod-11) and amounts are invented. Deterministic
(fixed seed, dates relative to today). Idempotent: nothing happens when Eksempel
Kommune already has spend lines. The seed time is printed by ``seed_demo`` and measured
in docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from organizations.models import OrganizationUnit
from portfolio.models import Contract, ContractPayment, SystemUsage, Vendor
from spend.importer import spend_import
from spend.models import SpendLine
from spend.synthetic import NON_IT, UNITS, creditors, csv_bytes, danish_amount, synthetic_cvr

YEARS = 3
ORDINARY_LINES = 140_000
SEED = 13

# (creditor, unit hint, text, monthly amount, months back it started)
SHADOW = [
    ("Nøglefri Hjem ApS", "Hjemmepleje", "Abonnement elektroniske nøgler og låse", 5_200, 10),
    ("Formularfabrikken ApS", "Borgerservice", "Abonnement formularværktøj (SaaS)", 2_400, 20),
    ("Skemalagt Cloud I/S", "Skole", "Brugerlicens mødebooking", 1_150, 14),
    ("Ruteplan Data A/S", "Hjemmepleje", "Licens ruteplanlægning", 3_800, 26),
    ("Tidsreg Online ApS", "Teknik", "Abonnement tidsregistrering cloud", 900, 8),
]
EXPIRED_VENDOR = "Arkivsikring Demo ApS"
IT_ACCOUNT = "457100"


def _units(kommune: Any) -> list[str]:
    names = list(
        OrganizationUnit.objects.filter(organization=kommune).values_list("name", flat=True)
    )
    return names or UNITS


def _unit_like(units: list[str], hint: str) -> str:
    return next((u for u in units if hint.casefold() in u.casefold()), units[0])


def _day(rng: random.Random, year: int, month: int) -> dt.date:
    return dt.date(year, month, rng.randint(1, 28))


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _row(
    day: dt.date,
    name: str,
    number: str,
    cvr: str,
    amount: Decimal,
    account: str,
    unit: str,
    text: str,
) -> list[str]:
    return [
        day.strftime("%d-%m-%Y"),
        name,
        number,
        cvr,
        danish_amount(amount.quantize(Decimal("0.01"))),
        account,
        "6.45.51" if account.startswith(("227", "457")) else "0.22.05",
        unit,
        text,
    ]


def _portfolio_rows(
    rng: random.Random,
    kommune: Any,
    units: list[str],
    months: list[tuple[int, int]],
    today: dt.date,
) -> list[list[str]]:
    """The portfolio's vendors paid about their agreed payments; one far above them."""
    agreed: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for vendor_id, year, amount in ContractPayment.objects.filter(
        contract__organization=kommune, contract__vendor__isnull=False
    ).values_list("contract__vendor_id", "year", "amount"):
        agreed[(vendor_id, year)] += amount
    ends: dict[int, list[dt.date | None]] = defaultdict(list)
    for owner, end in Contract.objects.filter(
        organization=kommune, vendor__isnull=False
    ).values_list("vendor_id", "end_date"):
        ends[owner].append(end)
    vendors = {v.pk: v for v in Vendor.objects.filter(pk__in=list(ends))}
    rows: list[list[str]] = []
    last_year = [(amount, v) for (v, y), amount in agreed.items() if y == today.year - 1]
    over = max(last_year)[1] if last_year else None  # the largest agreement of last year
    for pk, vendor in sorted(vendors.items()):
        last_end = None if any(e is None for e in ends[pk]) else max(e for e in ends[pk] if e)
        unit = rng.choice(units)
        number = str(500000 + pk)
        for year, month in months:
            day = _day(rng, year, month)
            if last_end is not None and day > last_end:
                break  # paid while the contract runs (the planted exception is below)
            yearly = agreed.get((pk, year)) or Decimal(rng.randint(20, 400) * 1000)
            factor = Decimal(rng.uniform(0.85, 1.02))
            if pk == over and year == today.year - 1:
                factor = Decimal("1.7")  # far above the agreed payments that year
            rows.append(
                _row(
                    day,
                    vendor.name,
                    number,
                    vendor.cvr,
                    yearly / 12 * factor,
                    IT_ACCOUNT,
                    unit,
                    "Systemdrift og licenser",
                )
            )
    return rows


def _expired_contract(kommune: Any, today: dt.date) -> Vendor:
    """A contract that ended eight months ago and is still paid every month."""
    vendor = Vendor.objects.filter(name=EXPIRED_VENDOR).first() or Vendor.objects.create(
        name=EXPIRED_VENDOR,
        cvr=synthetic_cvr(9001),
        created_by=kommune,
        website="https://arkivsikring-demo.invalid",
        contact_email="kontakt@arkivsikring-demo.invalid",
    )
    end = today - dt.timedelta(days=240)
    contract, _created = Contract.objects.get_or_create(
        organization=kommune,
        name="Digital arkivering af sager",
        defaults={
            "vendor": vendor,
            "start_date": end - dt.timedelta(days=4 * 365),
            "end_date": end,
            "number": "K-2019-044",
            "notice_months": 3,
        },
    )
    if not contract.usages.exists():
        # The archive system it paid for (the portfolio's demo contracts all cover one).
        usage = SystemUsage.objects.filter(organization=kommune).order_by("pk").first()
        if usage is not None:
            contract.usages.add(usage)
    for year in range(end.year - 3, end.year + 1):
        ContractPayment.objects.get_or_create(
            contract=contract, year=year, stream="operation", defaults={"amount": Decimal(180000)}
        )
    return vendor


def build_rows(kommune: Any, today: dt.date | None = None) -> list[list[str]]:
    rng = random.Random(SEED)  # noqa: S311 (synthetic demo data)
    today = today or timezone.localdate()
    start = dt.date(today.year - YEARS, today.month, 1)
    months = _months(start, today)
    units = _units(kommune)
    rows = _portfolio_rows(rng, kommune, units, months, today)
    expired = _expired_contract(kommune, today)
    # the expired contract: paid every month, also after it ended
    for year, month in months[-20:]:
        rows.append(
            _row(
                _day(rng, year, month),
                expired.name,
                "500900",
                expired.cvr,
                Decimal(15000),
                IT_ACCOUNT,
                _unit_like(units, "Borgerservice"),
                "Systemdrift arkiv",
            )
        )
    # planted shadow IT
    for n, (name, hint, text, monthly, back) in enumerate(SHADOW):
        unit = _unit_like(units, hint)
        for year, month in months[-back:]:
            rows.append(
                _row(
                    _day(rng, year, month),
                    name,
                    str(600000 + n),
                    synthetic_cvr(8000 + n),
                    Decimal(monthly) * Decimal(rng.uniform(0.95, 1.05)),
                    "227200",
                    unit,
                    text,
                )
            )
    # an invoice and its credit note
    year, month = months[-3]
    rows.append(
        _row(
            dt.date(year, month, 3),
            "Kontorhuset A/S",
            "700001",
            synthetic_cvr(7001),
            Decimal(48500),
            "229000",
            units[0],
            "Faktura 88213 kontormøbler",
        )
    )
    rows.append(
        _row(
            dt.date(year, month, 17),
            "Kontorhuset A/S",
            "700001",
            synthetic_cvr(7001),
            Decimal(-48500),
            "229000",
            units[0],
            "Kreditnota faktura 88213",
        )
    )
    # ordinary purchases
    people = [p for p in creditors(1500, SEED) if not p.it]
    days = (today - start).days
    for _n in range(ORDINARY_LINES):
        person = people[int(rng.paretovariate(1.1)) % len(people)]
        account, text = rng.choice(NON_IT)
        amount = Decimal(rng.randint(5_000, 3_000_000)) / 100
        if rng.random() < 0.02:
            amount, text = -amount, f"Kreditnota: {text}"
        rows.append(
            _row(
                start + dt.timedelta(days=rng.randrange(days + 1)),
                person.name,
                person.number,
                person.cvr,
                amount,
                account,
                rng.choice(units),
                text,
            )
        )
    return rows


def seed(result: Any) -> int:
    kommune, users = result.kommune, result.users
    if SpendLine.objects.filter(organization=kommune).exists():
        return 0
    with transaction.atomic():
        rows = build_rows(kommune)
        report = spend_import(
            actor=users["admin"],
            organization=kommune,
            source=csv_bytes(rows),
            filename="kreditorposteringer-demo.csv",
        )
    assert report.committed, report.errors[:3]
    return report.lines
