"""Writing spend lines in bulk, and the monthly table built from them.

PostgreSQL gets the lines through ``COPY … FROM STDIN`` (psycopg 3's ``cursor.copy``);
SQLite (and any other database) through ``executemany`` on prepared inserts, in batches.
Both run inside the import's transaction. The monthly table is rebuilt for the months an
import touched with one ``INSERT … SELECT … GROUP BY``, so aggregations over a year read
thousands of rows, not millions (docs/adr/0005-spend-storage.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from organizations.models import Organization
from spend.models import SpendLine, SpendMonth

LINE_COLUMNS = (
    "organization_id",
    "source_id",
    "batch_id",
    "row",
    "posted",
    "month",
    "vendor_id",
    "unit",
    "account",
    "function",
    "amount",
    "text",
    "rule_id",
    "is_it",
)
BATCH = 20000
LOCK_WAIT = 10.0  # seconds a rule or source delete waits for a running import
SQLITE_CACHE_KIB = 196608  # page cache while importing: the indexes' pages stay in memory
POSTGRES_WORK_MEM = "64MB"  # for the transaction's hash aggregates after the writes
ANALYZE_FROM = 100000  # lines written, from which PostgreSQL's statistics are renewed


_CACHE_BEFORE: list[int] = []


@contextmanager
def lines_locked(organization: Organization, *, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the organization's import lock (:func:`interop.jobs.import_lock`) while lines
    are written or something they reference is deleted. The lines' references have no
    database constraint (docs/adr/0005-spend-storage.md), so a rule or source deleted
    while an import runs would otherwise leave lines pointing at nothing: the delete waits
    for the import, at most ``wait`` seconds and never longer than an import would wait
    (``STYRBAR_IMPORT_LOCK_WAIT``), then gets a Danish ``ValidationError``."""
    from interop.jobs import import_lock
    from interop.tabular.read import TableError

    limit = float(getattr(settings, "STYRBAR_IMPORT_LOCK_WAIT", 600))
    try:
        with import_lock(organization, wait=min(wait, limit)):
            yield
    except TableError as exc:
        raise ValidationError(str(exc)) from exc


@contextmanager
def bulk_session() -> Iterator[None]:
    """On SQLite a larger page cache while lines are written (index inserts in posting
    date order would otherwise read pages back from disk); the default afterwards, or
    from :func:`bulk_writes_done` on."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    _CACHE_BEFORE.append(before)
    try:
        yield
    finally:
        _CACHE_BEFORE.pop()
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def bulk_writes_done(lines: int = 0) -> None:
    """The lines are written; prepare for what follows (replace-by-period delete, monthly
    rebuild, candidates: queries over all the organization's lines).

    SQLite: back to the default page cache. Its sorter for a ``GROUP BY`` sizes its memory
    by the page cache, so those queries over millions of lines would otherwise add to the
    import's peak memory.

    PostgreSQL: ``ANALYZE`` the lines table, which counts the rows this transaction wrote,
    and give the transaction ``POSTGRES_WORK_MEM``. Planned on the statistics from before
    the import (up to half the rows unknown), the delete of a re-imported year walked an
    index with random reads (13.5 s instead of 1.7 s) and the monthly rebuild sorted a
    million rows on disk (4.0 s instead of 2.6 s with a hash aggregate of about 31 MB).
    Only from ``ANALYZE_FROM`` written ``lines`` on: the ``ANALYZE`` samples the whole
    table (0.5 s over a million lines), which a small import does not pay back."""
    if connection.vendor == "sqlite" and _CACHE_BEFORE:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {_CACHE_BEFORE[-1]}")
    elif connection.vendor == "postgresql" and lines >= ANALYZE_FROM:
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{POSTGRES_WORK_MEM}'")
            cursor.execute(f"ANALYZE {connection.ops.quote_name(SpendLine._meta.db_table)}")


class LineWriter:
    """Collects line tuples (in ``LINE_COLUMNS`` order) and writes them in batches."""

    def __init__(self) -> None:
        self.pending: list[Sequence[Any]] = []
        self.written = 0
        self.postgres = connection.vendor == "postgresql"
        table = connection.ops.quote_name(SpendLine._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in LINE_COLUMNS)
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        marks = ", ".join(["%s"] * len(LINE_COLUMNS))
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608

    def add(self, row: Sequence[Any]) -> None:
        self.pending.append(row)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in self.pending:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert_sql, self.pending)
        self.written += len(self.pending)
        self.pending = []


def rebuild_months(organization_id: int, first: dt.date, last: dt.date) -> None:
    """Recompute the monthly rows of the months from ``first`` to ``last`` (first days)."""
    SpendMonth.objects.filter(
        organization_id=organization_id, month__gte=first, month__lte=last
    ).delete()
    q = connection.ops.quote_name
    month_table, line_table = q(SpendMonth._meta.db_table), q(SpendLine._meta.db_table)
    keys = ", ".join(
        q(c) for c in ("organization_id", "month", "vendor_id", "unit", "account", "is_it")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {month_table} ({keys}, {q('amount')}, {q('lines')}) "  # noqa: S608
            f"SELECT {keys}, ROUND(SUM({q('amount')}), 2), COUNT(*) FROM {line_table} "
            f"WHERE {q('organization_id')} = %s AND {q('month')} >= %s AND {q('month')} <= %s "
            f"GROUP BY {keys}",
            [organization_id, first, last],
        )
