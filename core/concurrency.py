"""Optimistic concurrency: the version of an editable object, the version a write
expects, and the row lock.

An object's **version** is its ``updated_at`` (every audited write moves it, child-row
replacements through :func:`core.services.touch`, and ``changed_since`` already relies on
that), so no model needs a version column. A model without ``updated_at`` falls back to a
digest of its own column values. The API answers the version as an ``ETag`` and honours
``If-Match`` (412 on a stale version, :func:`core.api.resources.precondition`); an edit
form carries it as the hidden field ``_version`` and shows a conflict page instead of
overwriting (:class:`core.views.ObjectFormView`).

The caller says which version it expects (:func:`expecting`) around the service call; the
audited-write primitive (:func:`core.audit.audited`, so every service) compares it with
the row read under its lock (:func:`check_expected`) the first time it writes the object,
and raises :class:`Conflict` when someone else saved it meanwhile. The comparison happens
where the service takes its locks, in the service's own lock order, so it adds no new
deadlock, and nothing can be written between the comparison and the save.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import ForeignObject

VERSION_FIELD = "_version"  # the hidden form field that carries the version


def lock(obj: models.Model) -> None:
    """Re-read obj under a row lock (``select_for_update``, inside the caller's
    transaction), keeping the related objects it already holds."""
    cached = {
        f: f.get_cached_value(obj)
        for f in obj._meta.concrete_fields
        if isinstance(f, ForeignObject) and f.is_cached(obj)
    }
    obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())
    for f, value in cached.items():
        if getattr(obj, f.attname) == getattr(value, "pk", None):
            f.set_cached_value(obj, value)


def version(obj: models.Model) -> str:
    """The version of obj as an opaque text (changes whenever a write changes obj)."""
    updated_at = getattr(obj, "updated_at", None)
    if updated_at is not None:
        basis = f"{obj._meta.label}:{obj.pk}:{updated_at.isoformat()}"
    else:
        values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        basis = json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, default=str)
    return hashlib.sha256(basis.encode()).hexdigest()[:24]


def etag(obj: models.Model) -> str:
    """The version as an HTTP entity tag (strong, quoted)."""
    return f'"{version(obj)}"'


def if_match_allows(header: str | None, obj: models.Model) -> bool:
    """Whether an ``If-Match`` header lets a write to obj go ahead: no header, ``*``, or
    a list of entity tags one of which is obj's current one (a weak ``W/`` prefix is
    compared by its tag)."""
    versions = if_match_versions(header)
    return versions is None or version(obj) in versions


def changed_concrete_fields(obj: models.Model, original: dict[str, Any]) -> list[str]:
    """Names of obj's concrete fields whose value differs from ``original`` (attname ->
    value, taken before the change)."""
    return [
        f.name
        for f in obj._meta.concrete_fields
        if not f.primary_key and getattr(obj, f.attname) != original.get(f.attname)
    ]


def column_values(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


# Expected versions ----------------------------------------------------------------------

_EXPECTED: ContextVar[dict[tuple[str, str], frozenset[str]] | None] = ContextVar(
    "styrbar_expected_versions", default=None
)


class Conflict(Exception):
    """Someone saved ``obj`` after the version the caller expected."""

    def __init__(self, obj: models.Model) -> None:
        super().__init__(f"{obj._meta.label} {obj.pk} changed meanwhile")
        self.obj = obj


def _key(obj: models.Model) -> tuple[str, str]:
    return (obj._meta.label, str(obj.pk))


@contextmanager
def expecting(obj: models.Model | None, versions: Iterable[str] | None) -> Iterator[None]:
    """While the body runs, the first audited write of obj must find it at one of
    ``versions`` (else :class:`Conflict`). ``None`` or no versions: nothing is expected."""
    wanted = frozenset(versions or ())
    if obj is None or obj.pk is None or not wanted:
        yield
        return
    token = _EXPECTED.set({**(_EXPECTED.get() or {}), _key(obj): wanted})
    try:
        yield
    finally:
        _EXPECTED.reset(token)


def check_expected(obj: models.Model) -> None:
    """Called by every audited write (inside its transaction): when a version of obj is
    expected, lock obj's row, compare, and forget the expectation (later writes of the
    same request are its own)."""
    expected = _EXPECTED.get()
    if not expected or obj.pk is None:
        return
    wanted = expected.pop(_key(obj), None)
    if wanted is None:
        return
    row = type(obj)._base_manager.select_for_update().filter(pk=obj.pk).first()
    if row is None or version(row) not in wanted:
        raise Conflict(obj)


def if_match_versions(header: str | None) -> frozenset[str] | None:
    """The versions an ``If-Match`` header names; None when it names none or ``*``."""
    if header is None or not header.strip():
        return None
    tags = {part.strip().removeprefix("W/").strip().strip('"') for part in header.split(",")}
    return None if "*" in tags else frozenset(tags)
