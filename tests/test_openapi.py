"""The API's contract is pinned: the OpenAPI document generated now must equal the committed
copy ``docs/api/openapi.json``. A change to the API is made on purpose by renewing the copy
(``python manage.py openapi --out docs/api/openapi.json``) in the same commit, so the diff
of that file shows reviewers exactly what changed for clients."""

from __future__ import annotations

import difflib
from pathlib import Path

from core.management.commands.openapi import openapi_text

TEST_ONLY = frozenset({"test-module"})  # tests/registry_app, installed by the test settings
PINNED = Path(__file__).resolve().parent.parent / "docs" / "api" / "openapi.json"


def test_openapi_document_matches_the_committed_copy() -> None:
    current = openapi_text(without_tags=TEST_ONLY)
    pinned = PINNED.read_text(encoding="utf-8")
    if current != pinned:
        diff = "".join(
            difflib.unified_diff(
                pinned.splitlines(keepends=True),
                current.splitlines(keepends=True),
                "docs/api/openapi.json (committed)",
                "generated now",
                n=2,
            )
        )
        raise AssertionError(
            "The OpenAPI document changed. If that is intended, renew the copy with "
            "`python manage.py openapi --out docs/api/openapi.json`.\n" + diff[:20000]
        )


def test_operation_ids_are_unique_and_stable_across_module_splits() -> None:
    import json

    document = json.loads(openapi_text())
    ids = [
        operation["operationId"]
        for methods in document["paths"].values()
        for operation in methods.values()
    ]
    assert len(ids) == len(set(ids))
    # portfolio.api became a package of one module per resource; its ids did not change.
    assert {"portfolio_api_usage_list", "portfolio_api_dpr_dpr_list"} <= set(ids)
