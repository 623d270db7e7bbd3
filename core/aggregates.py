"""Aggregates the apps share.

SQLite keeps a decimal column as a float, so its ``SUM`` of 0,10 and 0,20 comes back as
0,30000000000000004, and Django quantizes only plain columns, not aggregates.
``MoneySum`` rounds the sum to the field's own decimal places on every backend, so a total
is the same øre on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models


class MoneySum(models.Sum):
    """``Sum`` of a ``DecimalField``, rounded to that field's decimal places."""

    def get_db_converters(self, connection: Any) -> list[Any]:
        places = getattr(self.output_field, "decimal_places", None)
        if places is None:
            return super().get_db_converters(connection)
        step = Decimal(1).scaleb(-places)

        def to_places(value: Any, expression: Any, connection: Any) -> Any:
            if value is None:
                return None
            return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)

        return [*super().get_db_converters(connection), to_places]
