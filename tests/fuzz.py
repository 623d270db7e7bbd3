"""Schemathesis against the OpenAPI document, in process (the WSGI application, no
network): every operation with generated cases, authenticated with an API token, the
organization in the path set to the token's own (other ids stay generated). A case
counts as a server error when the answer is 5xx. Used by tests/test_schemathesis.py (a
bounded deterministic run) and bench/schemathesis_long.py (the long run)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed


@dataclass
class FuzzResult:
    cases: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    operations: int = 0


def load_schema() -> Any:
    import schemathesis
    from django.core.wsgi import get_wsgi_application

    from core.management.commands.openapi import openapi_text

    schema = schemathesis.openapi.from_dict(json.loads(openapi_text()))
    schema.app = get_wsgi_application()
    return schema


def fuzz(
    *,
    token: str,
    org_id: int,
    examples: int,
    seed: int,
    include: Callable[[str, str], bool] = lambda method, path: True,
    progress: Callable[[FuzzResult], None] | None = None,
) -> FuzzResult:
    """Run ``examples`` generated cases per operation (fixed ``seed``: the same cases each
    run); returns the counts and each server error as 'METHOD path -> status: body'."""
    schema = load_schema()
    result = FuzzResult()
    headers = {"Authorization": f"Bearer {token}"}
    for outcome in schema.get_all_operations():
        operation = outcome.ok()
        if not include(operation.method.upper(), operation.path):
            continue
        result.operations += 1

        _run_operation(operation, result, headers, org_id, examples, seed)
        if progress is not None:
            progress(result)
    return result


def _run_operation(
    operation: Any,
    result: FuzzResult,
    headers: dict[str, str],
    org_id: int,
    examples: int,
    seed: int,
) -> None:
    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        if case.path_parameters and "org_id" in case.path_parameters:
            case.path_parameters["org_id"] = org_id
        response = case.call(headers=headers)
        result.cases += 1
        status = response.status_code
        result.by_status[status] = result.by_status.get(status, 0) + 1
        if status >= 500:
            body = response.text[:300] if hasattr(response, "text") else ""
            result.server_errors.append(
                f"{operation.method.upper()} {case.formatted_path} -> {status}: {body}"
            )

    run()
