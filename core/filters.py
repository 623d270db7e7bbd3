"""One filter definition serves the list views and the API.

A FilterSpec names the free-text search fields, the exact-match filters and the allowed
sort keys of a list. ``apply`` turns query parameters into a filtered, ordered queryset
and reports bad values instead of ignoring them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

# Yes/no filters accept the words people type, in both languages.
_BOOLEANS = {"true": True, "ja": True, "yes": True, "false": False, "nej": False, "no": False}


@dataclass(frozen=True)
class FilterSpec:
    search_fields: tuple[str, ...] = ()
    # query parameter -> ORM lookup (exact match; "" means "not filtered")
    filters: Mapping[str, str] = field(default_factory=dict)
    # sort key shown to users -> ORM field
    ordering: Mapping[str, str] = field(default_factory=dict)
    default_ordering: str = ""

    def apply(self, queryset: QuerySet[Any], params: Mapping[str, Any]) -> QuerySet[Any]:
        for name in ("q", "sort", *self.filters):
            if "\x00" in str(params.get(name, "") or ""):
                # A NUL byte cannot be stored or compared in PostgreSQL text.
                raise ValidationError(
                    _("%(name)s indeholder et ugyldigt tegn (NUL).") % {"name": name}
                )
        query = str(params.get("q", "") or "").strip()
        if query and self.search_fields:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": query})
            queryset = queryset.filter(condition)
        for param, lookup in self.filters.items():
            value = params.get(param)
            if isinstance(value, str) and value.lower() in _BOOLEANS:
                value = _BOOLEANS[value.lower()]
            if isinstance(value, str) and value.isdigit() and int(value) > 2**63 - 1:
                # No row has an id (or count) beyond a database integer; SQLite could not
                # even compare it.
                queryset = queryset.none()
                continue
            if value not in (None, ""):
                try:
                    queryset = queryset.filter(**{lookup: value})
                except (ValueError, ValidationError) as exc:
                    raise ValidationError(
                        _("Ugyldig værdi for filteret %(name)s.") % {"name": param}
                    ) from exc
        sort = str(params.get("sort", "") or self.default_ordering)
        if sort:
            key = sort.removeprefix("-")
            if key not in self.ordering:
                raise ValidationError(_("Der kan ikke sorteres efter %(key)s.") % {"key": key})
            prefix = "-" if sort.startswith("-") else ""
            queryset = queryset.order_by(f"{prefix}{self.ordering[key]}", f"{prefix}pk")
        return queryset
