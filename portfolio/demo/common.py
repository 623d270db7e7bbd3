"""Constants and small helpers shared by the demo seeders."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models

from portfolio.validators import CVR_WEIGHTS

T = TypeVar("T")

NAMESPACE = uuid.UUID("5d3f6a52-8c1e-4b8a-9f0e-2a7c61d4b9e3")
SEED = 3_2026
BATCH = 1000

CATALOG_SIZE = 300
VENDOR_COUNT = 150
HOSTING_VENDORS = 10  # operators and consultancies without products of their own
DEMO_SIZE_USAGES = 400
DEMO_SIZE_CONTRACTS = 250
DEMO_SIZE_INTEGRATIONS = 800
DEMO_SIZE_PROCESSES = 40
NATIONAL_INTEGRATIONS_PER_USAGE = 2.5
PAYMENT_YEARS = range(2022, 2028)
MIN_PAYMENT = Decimal("20000")
MAX_PAYMENT = Decimal("4000000")
LAST_CONTRACT_DAY = date(2031, 12, 31)


def key(*parts: object) -> uuid.UUID:
    """The stable uuid of a seeded record."""
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def make_cvr(r: random.Random) -> str:
    """A synthetic CVR number that passes the modulus-11 check (and starts with 9).

    >>> from portfolio.validators import cvr_is_valid
    >>> all(cvr_is_valid(make_cvr(random.Random(n))) for n in range(200))
    True
    """
    while True:
        digits = [9, r.randrange(10), *(r.randrange(10) for _ in range(5))]
        check = -sum(d * w for d, w in zip(digits, CVR_WEIGHTS[:7], strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def slugify_da(text: str) -> str:
    """An ASCII slug of a Danish name.

    >>> slugify_da("Ørnebjerg Løsninger A/S")
    'oernebjerg-loesninger-a-s'
    """
    folded = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    out = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in folded)
    return "-".join(part for part in out.split("-") if part)


def random_date(r: random.Random, first_year: int, last_year: int) -> date:
    return date(r.randint(first_year, last_year), r.randint(1, 12), r.randint(1, 28))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def amount(r: random.Random, low: float, high: float, skew: float = 1.0) -> Decimal:
    """A log-uniform amount in kr., rounded to 100 kr.; skew > 1 favours small amounts."""
    value = low * (high / low) ** (r.random() ** skew)
    return Decimal(max(int(low), min(int(high), round(value, -2)))).quantize(Decimal("0.01"))


def through_fields(model: type[models.Model], name: str) -> tuple[Any, str, str]:
    rel: Any = model._meta.get_field(name)
    return (
        rel.remote_field.through,
        rel.m2m_field_name() + "_id",
        rel.m2m_reverse_field_name() + "_id",
    )


def link_pairs(model: type[models.Model], name: str, pairs: Sequence[tuple[int, int]]) -> None:
    through, left, right = through_fields(model, name)
    through.objects.bulk_create(
        (through(**{left: a, right: b}) for a, b in pairs), batch_size=BATCH
    )


def children_of(
    rows: list[tuple[int, T]], fresh: set[int], pks: list[int], attname: str
) -> list[T]:
    out = []
    for index, row in rows:
        if index in fresh:
            setattr(row, attname, pks[index])
            out.append(row)
    return out
