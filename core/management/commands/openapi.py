"""Print (or write) the API's OpenAPI document in a stable form: keys sorted, one space of
indent, UTF-8. ``docs/api/openapi.json`` is its committed copy; ``tests/test_openapi.py``
fails with the diff when the API changes without that copy being renewed:

    python manage.py openapi --out docs/api/openapi.json
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from core.registry import registry


def _refs(node: Any, schemas: dict[str, Any], seen: set[str]) -> set[str]:
    """Names of the component schemas ``node`` refers to, transitively."""
    for name in re.findall(
        r'"#/components/schemas/([^"]+)"', json.dumps(node, cls=DjangoJSONEncoder)
    ):
        if name not in seen:
            seen.add(name)
            _refs(schemas.get(name, {}), schemas, seen)
    return seen


def openapi_text(*, without_tags: frozenset[str] = frozenset()) -> str:
    """The document as text; operations tagged with one of ``without_tags`` left out, with
    the schemas only they use (the test settings add a test-only module whose operations
    the product does not have)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loads the URLconf, which builds the API
    document = registry.call("openapi_schema")
    if without_tags:
        schemas = document.get("components", {}).get("schemas", {})
        removed: list[Any] = []
        for path, methods in list(document["paths"].items()):
            for method, operation in list(methods.items()):
                if without_tags & set(operation.get("tags", ())):
                    removed.append(methods.pop(method))
            if not methods:
                del document["paths"][path]
        kept = _refs(document["paths"], schemas, set())
        for name in _refs(removed, schemas, set()) - kept:
            del schemas[name]
    return (
        json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False, cls=DjangoJSONEncoder)
        + "\n"
    )


class Command(BaseCommand):
    help = "Print the OpenAPI document of /api/v1/ (sorted keys), or write it with --out."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, out: str | None = None, **options: Any) -> None:
        text = openapi_text()
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stdout.write(f"Skrev {out}.")
        else:
            self.stdout.write(text, ending="")
