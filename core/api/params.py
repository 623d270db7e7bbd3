"""OpenAPI parameters of a list, derived from the list's FilterSpec.

``q`` (free text), one parameter per filter (with the field's choices as an ``enum``
where the model declares them), ``sort`` with its keys, ``changed_since`` and paging.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from core.filters import FilterSpec


def _choices(model: type[models.Model] | None, lookup: str) -> list[str]:
    """The values of the choice field at the end of ``lookup`` (``a__b__c``), or []."""
    field: Any = None
    for part in lookup.split("__"):
        if model is None:
            return []
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return []
        model = field.related_model if field.is_relation else None
    choices = getattr(field, "choices", None) if field is not None else None
    return [str(value) for value, _label in choices] if choices else []


def list_params(spec: FilterSpec | None, model: type[models.Model] | None = None) -> dict[str, Any]:
    """``openapi_extra`` for a list operation."""
    params: list[dict[str, Any]] = []
    if spec is not None:
        if spec.search_fields:
            params.append(
                {
                    "in": "query",
                    "name": "q",
                    "schema": {"type": "string"},
                    "description": "Fritekst i " + ", ".join(spec.search_fields),
                }
            )
        for name, lookup in spec.filters.items():
            schema: dict[str, Any] = {"type": "string"}
            values = _choices(model, lookup)
            if values:
                schema["enum"] = values
            params.append(
                {
                    "in": "query",
                    "name": name,
                    "schema": schema,
                    "description": f"Præcis værdi af {lookup}",
                }
            )
        keys = list(spec.ordering)
        params.append(
            {
                "in": "query",
                "name": "sort",
                "schema": {"type": "string", "enum": keys + [f"-{k}" for k in keys]},
                "description": f"Sortering (standard: {spec.default_ordering})",
            }
        )
        params.append(
            {
                "in": "query",
                "name": "changed_since",
                "schema": {"type": "string", "format": "date-time"},
                "description": "Kun rækker ændret fra og med dette tidspunkt (ISO 8601)",
            }
        )
    params += [
        {
            "in": "query",
            "name": "limit",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
        },
        {"in": "query", "name": "offset", "schema": {"type": "integer", "minimum": 0}},
    ]
    return {"parameters": params}
