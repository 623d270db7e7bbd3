"""Small helpers shared by the KITOS entity importers: reading reference values and
looking up, writing and linking rows in chunks."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)
K = TypeVar("K")


def uuid_of(value: Any) -> uuidlib.UUID | None:
    if isinstance(value, dict):
        value = value.get("uuid")
    if not value:
        return None
    try:
        return uuidlib.UUID(str(value))
    except ValueError:
        return None


def date_of(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def name_of(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, dict) else ""


def text_of(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value)
    return text[:limit] if limit else text


CHUNK = 2000


def chunks(keys: list[Any]) -> list[list[Any]]:
    return [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)]


def rows_by_uuid(queryset: models.QuerySet[M], keys: Any) -> dict[uuidlib.UUID, M]:
    """Rows by uuid, looked up in chunks (SQLite limits the number of query parameters)."""
    found: dict[uuidlib.UUID, M] = {}
    for chunk in chunks(list(keys)):
        rows = queryset.filter(uuid__in=chunk)
        found.update({row.uuid: row for row in rows})  # type: ignore[attr-defined]
    return found


def mark(dirty: set[K], key: K, differs: bool) -> bool:
    """Note ``key`` in ``dirty`` when its stored links differ from the wanted ones."""
    if differs:
        dirty.add(key)
    return differs


def replace_links(through: Any, owner: str, target: str, links: dict[int, set[int]]) -> None:
    """Replace the M2M rows of the given owners (only those that changed)."""
    for chunk in chunks(list(links)):
        through.objects.filter(**{f"{owner}__in": chunk}).delete()
    through.objects.bulk_create(
        [through(**{owner: pk, target: t}) for pk, ts in links.items() for t in sorted(ts)],
        batch_size=1000,
    )


def assign(obj: models.Model, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def parent_keys(
    records: list[dict[str, Any]], field: str, known: dict[uuidlib.UUID, Any]
) -> dict[uuidlib.UUID, uuidlib.UUID | None]:
    """The parent uuid (``field``) of each record that was taken over (is in ``known``)."""
    return {key: uuid_of(r.get(field)) for r in records for key in [uuid_of(r)] if key in known}


def inverted(start: dt.date | None, end: dt.date | None) -> bool:
    """True when both dates are given and ``end`` lies before ``start``."""
    return bool(start and end and end < start)
