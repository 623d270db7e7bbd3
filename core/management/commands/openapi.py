"""Print (or write) the API's OpenAPI document in a stable form: keys sorted, one space of
indent, UTF-8. ``docs/api/openapi.json`` is its committed copy; ``tests/test_openapi.py``
fails with the diff when the API changes without that copy being renewed:

    python manage.py openapi --out docs/api/openapi.json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand


def openapi_text() -> str:
    from config.api import api

    return json.dumps(api.get_openapi_schema(), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


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
