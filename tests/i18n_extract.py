"""The translatable strings the source really uses, extracted as ``makemessages`` would.

Python files are read with Babel's extractor, keyed on Django's gettext functions;
templates are first turned into gettext calls by Django's own ``templatize`` (what
``makemessages`` feeds to xgettext), so ``{% translate %}`` and ``{% blocktranslate %}``
come out with the same msgids as in the catalogue. Tests are left out: their strings
are not shown to users.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.extract import extract_python
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "var", "static", ".git", "tests", "bench", "scripts"}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def _calls(source: str) -> Iterator[tuple[int, Any, Any]]:
    keywords: Any = list(KEYWORDS)  # Babel takes the names; the specs only document them
    for lineno, func, message, _comments in extract_python(
        io.BytesIO(source.encode()), keywords, [], {}
    ):
        yield lineno, func, message


def _msgid(func: str, message: object) -> str:
    """The singular msgid of a call (after the context for the p-functions)."""
    if isinstance(message, tuple):
        return str(message[1] if func.startswith(("p", "np")) else message[0] or "")
    return str(message or "")


def _files() -> Iterator[Path]:
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP and not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("test_"):
                yield Path(folder, name)


def _sources() -> Iterator[tuple[Path, str]]:
    for path in _files():
        relative = path.relative_to(ROOT)
        if path.suffix == ".py":
            yield relative, path.read_text(encoding="utf-8")
        elif path.suffix in {".html", ".txt"} and "templates" in relative.parts:
            text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            # templatize keeps the template's layout as filler; Babel's tokenizer wants
            # no indentation, and every call stays on its own line.
            yield relative, "\n".join(line.lstrip() for line in text.splitlines())


@cache
def source_msgids() -> dict[str, str]:
    """msgid -> where it is first used (``path:line``)."""
    found: dict[str, str] = {}
    for relative, source in _sources():
        for lineno, func, message in _calls(source):
            msgid = _msgid(func, message)
            if msgid:
                found.setdefault(msgid, f"{relative}:{lineno}")
    return found
