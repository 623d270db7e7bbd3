"""Derived figures cached per organization, keyed by the organization's last change.

Every governed write records an audit event in its organization (DESIGN.md, convention 4;
imports write one per record), so the newest event of an organization is a stamp of its
data: a new event means something changed, and a cached result under the old stamp is
simply never asked for again. Reading the stamp is one query on the audit log's
(organization, time) index, made once per request (memoised on the request's
organization object).

What the stamp cannot see is bounded by the entry's lifetime (``TIMEOUT``): shared data
written without an organization (a catalog system renamed by its maintainer, say) shows
in a cached card or analysis after at most that long. Keys also carry the language (the
results hold translated labels) and whatever else the result depends on (the year, the
day, the viewer's roles).

The cache is Django's default cache (``settings.CACHES``): local memory per process
unless the operator configures a shared one. Local memory is correct with several
processes and nodes, because the stamp comes from the database; it only warms once per
process.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

T = TypeVar("T")

TIMEOUT = 600
"""Seconds an entry lives at most (bounds what the stamp cannot see)."""

_STAMP = "_styrbar_data_stamp"
_MISSING = object()


def data_stamp(organization: Any) -> int:
    """The id of the organization's newest audit event (0 when it has none), read once
    per organization object."""
    stamp = getattr(organization, _STAMP, None)
    if stamp is None:
        from django.db import connections, router

        from core.models import AuditEvent

        # Asked on every shared page: plain SQL on the (organization, time) index, which
        # costs a sixth of the CPU of the same query built by the ORM (0.06 against 0.43 ms).
        table = AuditEvent._meta.db_table
        with connections[router.db_for_read(AuditEvent)].cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {table} WHERE organization_id = %s "  # noqa: S608
                "ORDER BY created_at DESC, id DESC LIMIT 1",
                [organization.pk],
            )
            row = cursor.fetchone()
        stamp = row[0] if row else 0
        setattr(organization, _STAMP, stamp)
    return int(stamp)


def forget_stamp(organization: Any) -> None:
    """Read the stamp again next time (after a write in the same request)."""
    if hasattr(organization, _STAMP):
        delattr(organization, _STAMP)


def org_key(organization: Any, name: str, *parts: Any) -> str:
    created = organization.created_at.timestamp() if organization.created_at else 0
    fields = [str(organization.pk), f"{created:.6f}", str(data_stamp(organization))]
    fields += [get_language() or "", name, *map(str, parts)]
    return "styrbar:org:" + ":".join(fields)


def org_cached(organization: Any, name: str, compute: Callable[[], T], *parts: Any) -> T:
    """``compute()``'s result for the organization as its data stands now, from the
    cache when it has been computed since the last change."""
    key = org_key(organization, name, *parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return cast(T, value)


def viewer_parts(request: HttpRequest, organization: Any = None) -> tuple[str, str, str, str]:
    """What a shared result may depend on besides the data: the viewer's roles in the
    organization (the request's unless given), whether the viewer is a superuser or the
    system, and the day (due dates and ages are counted from today)."""
    from core.permissions import roles_in

    user = getattr(request, "user", None)
    if organization is None:
        organization = getattr(request, "organization", None)
    roles = ",".join(sorted(roles_in(user, organization)))
    superuser = "superuser" if getattr(user, "is_superuser", False) else ""
    system = "system" if getattr(user, "is_system", False) else ""
    return roles, superuser, system, timezone.localdate().isoformat()


def shared_card(make: Callable[[HttpRequest], T]) -> Callable[[HttpRequest], T]:
    """For a dashboard card that everyone with the same roles in the organization sees
    alike on a given day: computed once per change, role set, day and language."""

    name = f"card:{make.__module__}.{make.__qualname__}"

    @functools.wraps(make)
    def card(request: HttpRequest) -> T:
        organization = getattr(request, "organization", None)
        if organization is None:
            return make(request)
        value = org_cached(organization, name, lambda: make(request), *viewer_parts(request))
        if isinstance(value, dict):
            # The dashboard renders a shared card once per change too (its "shared" names
            # the fragment; core.orgcache.shared_fragment has the same key parts).
            value = cast(T, {**value, "shared": name})
        return value

    return card


CSRF_MARK = "\x1fstyrbar-csrf-token\x1f"
"""Stands in for the CSRF token while a shared fragment is rendered (the token belongs to
one session; the fragment is shared by everyone with the same roles). It holds control
characters, which no stored text can contain (``core.text``), so only the tag's own
output is replaced."""


def shared_result(
    request: HttpRequest, organization: Any, name: str, compute: Callable[[], T], *parts: Any
) -> T:
    """``compute()``'s result shared by everyone with the same roles in ``organization``
    until its data changes: computed once per change, role set, day, language and
    ``parts`` (a page's path and query, say; hashed, so they may be long)."""
    digest = hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()[:32]
    return org_cached(organization, name, compute, *viewer_parts(request, organization), digest)


def shared_fragment(request: HttpRequest, name: str, render: Callable[[], str], *parts: Any) -> str:
    """The HTML ``render()`` gives, shared by everyone with the same roles in the request's
    organization until its data changes (:func:`shared_result`). Forms inside keep
    working: the session's own CSRF token is put in on the way out."""
    organization = getattr(request, "organization", None)
    user = getattr(request, "user", None)
    if organization is None or not getattr(user, "is_authenticated", False):
        return render()
    html = shared_result(request, organization, f"fragment:{name}", render, *parts)
    if CSRF_MARK in html:
        from django.middleware.csrf import get_token

        html = html.replace(CSRF_MARK, get_token(request))
    return html
