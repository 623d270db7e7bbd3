"""Access-test cases the portfolio's pages share in shape: an object's read-only pages,
and a form page together with its submission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.testing import ALL, ViewCase

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
