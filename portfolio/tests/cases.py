"""Access-test cases the portfolio shares in shape: an object's read-only pages, a form
page with its submission, and an API resource's five operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.testing import ALL, ApiCase, ViewCase

Data = Callable[[Any, Any], dict[str, Any]] | None


def read_pages(name: str, obj: str) -> tuple[ViewCase, ...]:
    """``portfolio:<name>_list``, ``_detail`` and ``_history``, open to every role."""
    return (
        ViewCase(f"portfolio:{name}_list"),
        ViewCase(f"portfolio:{name}_detail", obj=obj),
        ViewCase(f"portfolio:{name}_history", obj=obj),
    )


def form_page(
    url_name: str, allowed: frozenset[str] = ALL, obj: str | None = None, data: Data = None
) -> tuple[ViewCase, ViewCase]:
    """The page (GET) and its submission (POST with ``data``), for the same roles."""
    return (
        ViewCase(url_name, allowed=allowed, obj=obj),
        ViewCase(url_name, allowed=allowed, obj=obj, method="post", data=data),
    )


def api_resource(
    path: str, id_name: str, obj: str, allowed: frozenset[str], *, create: Data, update: Data
) -> tuple[ApiCase, ...]:
    """An API resource's list and detail (every role), create, update and delete."""
    detail = f"{path}/{{{id_name}}}"
    return (
        ApiCase("GET", path),
        ApiCase("GET", detail, obj=obj),
        ApiCase("POST", path, allowed=allowed, payload=create),
        ApiCase("PATCH", detail, allowed=allowed, obj=obj, payload=update),
        ApiCase("DELETE", detail, allowed=allowed, obj=obj),
    )
