"""Synthetic creditor postings, shaped like a municipal financial system's export.

Used by the demo (Eksempel Kommune), the benchmark (``bench/bench_spend.py``) and the
tests. Every name, number and amount is invented; CVR numbers are generated to pass the
mod-11 check and are marked synthetic by their 9xxxxxxx range, which no real company in
this data set is meant to have. The header row follows the column names municipal
exports carry (Bogføringsdato, Kreditor, Kreditornr., CVR-nr., Beløb, Artskonto,
Funktion, Omkostningssted, Bilagstekst); no public schema of those exports exists, so
the tests also vary the headers and the encodings.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

HEADERS = [
    "Bogføringsdato",
    "Kreditor",
    "Kreditornr.",
    "CVR-nr.",
    "Beløb",
    "Artskonto",
    "Funktion",
    "Omkostningssted",
    "Bilagstekst",
]

UNITS = [
    "Borgerservice",
    "Skoler og dagtilbud",
    "Ældre og sundhed",
    "Teknik og miljø",
    "Jobcenter",
    "Økonomi og HR",
    "Digitalisering og it",
    "Kultur og fritid",
    "Familie og børn",
    "Byggesag",
    "Handicap og psykiatri",
    "Sekretariatet",
]
NON_IT = [
    ("201000", "Fødevarer til køkken"),
    ("229000", "Kontorartikler"),
    ("405000", "Husleje"),
    ("406000", "Rengøring af lokaler"),
    ("410000", "El og varme"),
    ("451000", "Håndværkerydelse"),
    ("452000", "Kørsel og transport"),
    ("459000", "Konsulentbistand, byggeri"),
]
IT = [
    ("227100", "Brugerlicens fagsystem"),
    ("227200", "Abonnement cloud-tjeneste"),
    ("457100", "Systemdrift og hosting"),
    ("457200", "It-support serviceaftale"),
    ("227300", "Bærbar pc til medarbejder"),
]


def synthetic_cvr(n: int) -> str:
    """An eight-digit number in the 9xxxxxxx range that passes the mod-11 check.

    >>> from engine.matching import cvr_is_valid
    >>> all(cvr_is_valid(synthetic_cvr(n)) for n in range(50))
    True
    """
    weights = (2, 7, 6, 5, 4, 3, 2)
    base = 9000000 + (n * 7919) % 999999
    while True:
        digits = f"{base:07d}"
        total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
        check = (-total) % 11
        if check < 10:
            return digits + str(check)
        base += 1


@dataclass(frozen=True)
class Creditor:
    name: str
    number: str
    cvr: str
    it: bool


def creditors(count: int, seed: int = 1) -> list[Creditor]:
    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    first = [
        "Nord",
        "Syd",
        "Vest",
        "Øst",
        "Fjord",
        "Dal",
        "Skov",
        "Bro",
        "Sø",
        "Eng",
        "Lys",
        "Ager",
    ]
    last = [
        "data",
        "soft",
        "systemer",
        "consult",
        "drift",
        "net",
        "service",
        "byg",
        "transport",
        "kost",
        "rengøring",
        "energi",
    ]
    forms = ["A/S", "ApS", "I/S", "", "P/S"]
    result = []
    for n in range(count):
        stem = f"{rng.choice(first)}{rng.choice(last)}"
        name = f"{stem} {n} {rng.choice(forms)}".strip()
        it = stem.endswith(("data", "soft", "systemer", "net", "drift"))
        result.append(Creditor(name, str(100000 + n), synthetic_cvr(n) if n % 5 else "", it))
    return result


def rows(
    *,
    lines: int,
    start: dt.date,
    days: int,
    creditor_count: int = 2000,
    seed: int = 1,
) -> Iterator[list[str]]:
    """``lines`` rows (as strings in the Danish export format) over ``days`` days from
    ``start``; about one line in fifty is a credit note (negative amount)."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    people = creditors(creditor_count, seed)
    for _n in range(lines):
        creditor = people[int(rng.paretovariate(1.2)) % len(people)]
        account, text = rng.choice(IT if creditor.it and rng.random() < 0.8 else NON_IT)
        amount = Decimal(rng.randint(100, 5_000_000)) / 100
        if rng.random() < 0.02:
            amount = -amount
            text = f"Kreditnota: {text}"
        posted = start + dt.timedelta(days=rng.randrange(days))
        yield [
            posted.strftime("%d-%m-%Y"),
            creditor.name,
            creditor.number,
            creditor.cvr,
            danish_amount(amount),
            account,
            rng.choice(["0.22.05", "3.22.01", "5.32.32", "6.45.51", "6.52.72"]),
            rng.choice(UNITS),
            text,
        ]


def danish_amount(amount: Decimal) -> str:
    """
    >>> danish_amount(Decimal("-1234.5"))
    '-1.234,50'
    """
    text = f"{amount:,.2f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def csv_bytes(
    data: list[list[str]], *, encoding: str = "cp1252", headers: list[str] | None = None
) -> bytes:
    """A Danish CSV export (``;``, CRLF) of ``data``."""
    out = [";".join(headers or HEADERS)] + [";".join(row) for row in data]
    return ("\r\n".join(out) + "\r\n").encode(encoding)
