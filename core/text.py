"""Text hygiene at the edge: control characters are refused in what users send.

A NUL, a bell or an escape in a name is never meant, and later breaks exports (XML
cannot hold them) and PostgreSQL (no NUL in text). :func:`control_character_at` finds
the first one in a form or a JSON body; tab, newline and carriage return are allowed
(multi-line fields use them; single-line inputs cannot produce them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]")


def has_control_character(text: str) -> bool:
    r"""
    >>> has_control_character("Løn\u0007"), has_control_character("a\tb\nc")
    (True, False)
    """
    return CONTROL.search(text) is not None


def control_character_at(value: Any, path: str = "") -> str | None:
    """The path (``name``, ``roles[0].person_name``) of the first text in value holding a
    control character; None when there is none. Keys of objects are checked too."""
    if isinstance(value, str):
        return path or "body" if has_control_character(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and has_control_character(key):
                return where
            found = control_character_at(item, where)
            if found:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = control_character_at(item, f"{path}[{index}]")
            if found:
                return found
    return None


def first_control_field(items: Iterable[tuple[str, list[str]]]) -> str | None:
    """The first form field (name, values) whose value holds a control character."""
    for name, values in items:
        if any(has_control_character(v) for v in values):
            return name
    return None


def human_size(n: int) -> str:
    """1.234 bytes / 20,0 MB (20.971.520 bytes), Danish style (MB of 1.048.576 bytes, the
    unit the limit is set in, so a file just over the limit never reads as equal to it)."""
    exact = f"{n:,} bytes".replace(",", ".")
    if n < 1024 * 1024:
        return exact
    return f"{n / (1024 * 1024):.1f}".replace(".", ",") + f" MB ({exact})"
