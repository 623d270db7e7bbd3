"""Named locks across processes: one import per organization at a time.

:func:`exclusive` holds a lock named by a key (``"import:42"``) while its body runs. On
PostgreSQL it is a session advisory lock (``pg_try_advisory_lock`` on a 64-bit digest of
the key, released by ``pg_advisory_unlock``, or by PostgreSQL when the connection ends);
elsewhere (SQLite) it is a :class:`core.models.ProcessLock` row, committed when taken and
deleted when released (a row older than ``stale_after`` is taken over, so a killed process
does not block forever). A second holder waits, polling, up to ``wait`` seconds, then gets
:class:`LockTimeout`. The lock is re-entrant within one thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.models import ProcessLock

POLL_SECONDS = 0.1
_held = threading.local()


class LockTimeout(Exception):
    """The lock stayed taken longer than the caller wanted to wait."""


def _digest(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _try_postgres(key: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_digest(key)])
        return bool(cursor.fetchone()[0])


def _release_postgres(key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [_digest(key)])


def _try_row(key: str, stale_after: dt.timedelta) -> bool:
    now = timezone.now()
    ProcessLock.objects.filter(key=key, acquired_at__lt=now - stale_after).delete()
    try:
        with transaction.atomic():
            ProcessLock.objects.create(key=key, holder=_holder(), acquired_at=now)
    except IntegrityError:
        return False
    return True


def _release_row(key: str) -> None:
    ProcessLock.objects.filter(key=key, holder=_holder()).delete()


@contextmanager
def exclusive(
    key: str, *, wait: float = 600.0, stale_after: dt.timedelta = dt.timedelta(hours=2)
) -> Iterator[None]:
    """Hold the lock ``key`` while the body runs (see the module docstring)."""
    held: dict[str, int] = _held.__dict__.setdefault("keys", {})
    if held.get(key):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    postgres = connection.vendor == "postgresql"
    deadline = time.monotonic() + wait
    while not (_try_postgres(key) if postgres else _try_row(key, stale_after)):
        if time.monotonic() >= deadline:
            raise LockTimeout(key)
        time.sleep(POLL_SECONDS)
    held[key] = 1
    try:
        yield
    finally:
        held.pop(key, None)
        if postgres:
            _release_postgres(key)
        else:
            _release_row(key)
