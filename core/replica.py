"""Reads from a PostgreSQL read replica for the pages that only read a lot (analyses,
the overview), when the operator configures one (``STYRBAR_REPLICA_DATABASE_URL``, which
sets ``STYRBAR_READ_REPLICA = "replica"``); docs/drift/skalering.md.

Everything else reads and writes the primary (``default``): the task worker, commands,
forms, the API and every transaction. A replica lags behind the primary, so reads stay on
the primary

* once the request has written anything (``db_for_write`` was asked), and inside any
  transaction on the primary (row locks, services' reads before their writes);
* for ``STYRBAR_REPLICA_LAG_SECONDS`` (default 10) after a request of the same browser
  wrote: ``ReplicaMiddleware`` sets a short cookie, so the page a form redirects to shows
  what was just saved even when the replica has not caught up.

Without a replica the router answers nothing and Django uses ``default`` as always.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "styrbar_primary_until"


@dataclass
class _RequestState:
    pinned: bool = False  # a recent write of this browser: primary only
    use_replica: bool = False  # inside replica_reads()
    wrote: bool = False


_state: ContextVar[_RequestState | None] = ContextVar("styrbar_replica_state", default=None)


def replica_alias() -> str:
    alias: str = getattr(settings, "STYRBAR_READ_REPLICA", "")
    return alias if alias and alias in settings.DATABASES else ""


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: reads inside :func:`replica_reads` go to the replica
    (unless pinned to the primary, see the module), every write to ``default``."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        state = _state.get()
        alias = replica_alias()
        if not alias or state is None or not state.use_replica:
            return None
        if state.pinned or state.wrote or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        state = _state.get()
        if state is not None:
            state.wrote = True
        # With a replica, even an object read from it is saved to the primary; without
        # one, Django's own choice stands.
        return DEFAULT_DB_ALIAS if replica_alias() else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read from one may refer to one
        # read from the other.
        return True if replica_alias() else None


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in the block may use the replica (see the module for when they do not)."""
    state = _state.get()
    token = None
    if state is None:
        state = _RequestState()
        token = _state.set(state)
    before = state.use_replica
    state.use_replica = True
    try:
        yield
    finally:
        state.use_replica = before
        if token is not None:
            _state.reset(token)


class ReplicaReadsMixin:
    """For a class-based view that only reads: its GET (and HEAD) read from the replica."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.method not in {"GET", "HEAD"}:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        with replica_reads():
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ReplicaMiddleware:
    """Keeps the router's per-request state: whether the browser wrote a moment ago (the
    cookie) and whether this request writes (then the cookie is set for the next ones)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_alias():
            return self.get_response(request)
        try:
            until = float(request.COOKIES.get(PIN_COOKIE, "0"))
        except ValueError:
            until = 0.0
        state = _RequestState(pinned=until > time.time())
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote:
            lag = int(getattr(settings, "STYRBAR_REPLICA_LAG_SECONDS", 10))
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + lag:.0f}",
                max_age=lag,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
