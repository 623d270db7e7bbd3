"""Dashboard cards: apps append callables ``(request) -> dict | None``.

The dashboard (``organizations:dashboard``) renders each non-empty result: a ``title`` and
either ``figures`` (label, value pairs) or its own ``template``. The list lives in core so
that an app adds its card without depending on the app that shows the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

DashboardCard = Callable[[HttpRequest], dict[str, Any] | None]

DASHBOARD_CARDS: list[DashboardCard] = []
