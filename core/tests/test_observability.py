"""Observability (issue 19): JSON log lines with request id and organization, the
readiness endpoint, and the Prometheus metrics for allowed addresses only."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from core.metrics import metrics_allowed
from organizations.testing import logged_in_client, make_organization, make_token, make_user

pytestmark = pytest.mark.django_db

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the configured console handler (settings.LOGGING) writes, in a buffer."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and h.get_name() == "console"
    )
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(old)


def _json_lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


# JSON logs --------------------------------------------------------------------------------


def test_a_page_request_logs_one_json_line_with_request_id_and_organization(
    log_lines: io.StringIO,
) -> None:
    org = make_organization(name="Logkommune")
    user = make_user(organization=org, roles=["arkitekt"])
    client = logged_in_client(user, org)
    response = client.get("/", HTTP_X_REQUEST_ID="test-request-0001")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "test-request-0001"
    lines = [line for line in _json_lines(log_lines) if line["name"] == "styrbar.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "test-request-0001"
    assert line["organization"].split(":")[0] == str(org.pk)
    assert line["level"] == "INFO" and line["status"] == 200 and line["method"] == "GET"
    assert line["view"] == "organizations:dashboard" and line["duration_ms"] >= 0
    assert "time" in line and line["message"] == "GET / 200"


def test_an_api_request_names_the_organization_of_its_path(log_lines: io.StringIO) -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    response = Client().get(
        f"/api/v1/organizations/{org.pk}/units",
        HTTP_AUTHORIZATION=f"Bearer {make_token(user)}",
    )
    assert response.status_code == 200
    (line,) = [line for line in _json_lines(log_lines) if line["name"] == "styrbar.request"]
    assert line["organization"] == str(org.pk)
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32


def test_every_line_of_a_request_carries_its_request_id_and_none_leaks_after(
    log_lines: io.StringIO,
) -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["laeser"])
    client = logged_in_client(user, org)
    response = client.get("/findes-ikke/", HTTP_X_REQUEST_ID="test-request-0404")
    assert response.status_code == 404
    lines = _json_lines(log_lines)
    by_logger = {line["name"]: line for line in lines}
    # Django's own warning about the 404 and our request line: the same id.
    assert by_logger["django.request"]["request_id"] == "test-request-0404"
    assert by_logger["django.request"]["level"] == "WARNING"
    assert "request" not in by_logger["django.request"]  # the request object is left out
    assert by_logger["styrbar.request"]["view"] == "ikke_fundet"
    # A line outside any request (the task worker, a command) has an empty context.
    logging.getLogger("styrbar.test").warning("efter forespørgslen")
    after = _json_lines(log_lines)[-1]
    assert after["message"] == "efter forespørgslen"
    assert after["request_id"] == "" and after["organization"] == ""


# Readiness ----------------------------------------------------------------------------------


def test_ready_answers_200_with_its_checks() -> None:
    response = Client().get("/api/v1/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["database_default"] == "ok"
    # The tests run tasks immediately, not through the database queue.
    assert body["checks"]["task_queue"] == {"status": "ikke i databasen"}


@override_settings(TASKS=DB_TASKS, READY_QUEUE_MAX_AGE=600)
def test_ready_reports_the_database_queue_and_503_when_its_oldest_task_is_too_old() -> None:
    from django_tasks_db.models import DBTaskResult

    from core.tests.worker_tasks import record_run

    result = record_run.using(backend="default").enqueue("a", "")
    fresh = Client().get("/api/v1/ready")
    assert fresh.status_code == 200
    queue = fresh.json()["checks"]["task_queue"]
    assert queue["status"] == "ok" and queue["waiting"] == 1 and queue["running"] == 0
    assert 0 <= queue["oldest_age_seconds"] < 600 and queue["max_age_seconds"] == 600
    # No worker has taken it for 20 minutes: not ready.
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=20)
    )
    stale = Client().get("/api/v1/ready")
    assert stale.status_code == 503
    body = stale.json()
    assert body["status"] == "fejl" and body["checks"]["task_queue"]["status"] == "for gammel"
    assert body["checks"]["task_queue"]["oldest_age_seconds"] >= 1200
    # 0 turns the queue check off.
    with override_settings(READY_QUEUE_MAX_AGE=0):
        assert Client().get("/api/v1/ready").status_code == 200


def test_ready_answers_503_when_the_database_does_not_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import OperationalError, connections

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused (test)")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = Client().get("/api/v1/ready")
    assert response.status_code == 503
    body = response.json()
    assert body == {
        "status": "fejl",
        "checks": {"database_default": "fejl"},
        "version": body["version"],
    }


# Metrics ------------------------------------------------------------------------------------


METRIC_NAMES = (
    "styrbar_http_request_duration_seconds_bucket",
    "styrbar_import_duration_seconds",
    "styrbar_login_failures_total",
    "styrbar_task_queue_depth",
    "styrbar_task_queue_oldest_age_seconds",
    "styrbar_tasks_running",
)


@override_settings(TASKS=DB_TASKS)
def test_metrics_answer_loopback_with_the_metric_names() -> None:
    from core.tests.worker_tasks import record_run

    record_run.using(backend="default").enqueue("b", "")
    make_user(username="kendt", organization=make_organization(), roles=["laeser"])
    Client().post(reverse("accounts:login"), {"username": "kendt", "password": "forkert-kode"})
    Client().get("/api/v1/health")
    response = Client().get("/metrics")  # the test client's address is 127.0.0.1
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for name in METRIC_NAMES:
        assert name in text, name
    assert 'styrbar_task_queue_depth{queue="default"} 1.0' in text
    assert 'view="api:health"' in text
    failures = [line for line in text.splitlines() if line.startswith("styrbar_login_failures_")]
    assert any(line.startswith("styrbar_login_failures_total ") for line in failures)
    assert float(next(x for x in failures if "_total " in x).split()[1]) >= 1


def test_metrics_are_refused_to_other_addresses_and_through_the_proxy() -> None:
    refused = Client(REMOTE_ADDR="203.0.113.7").get("/metrics")
    assert refused.status_code == 403
    assert refused.content.decode() == (
        "Målingerne vises kun for adresserne i STYRBAR_METRICS_ALLOWED.\n"
    )
    # Seen from Django the TLS proxy is often 127.0.0.1; what it forwards is refused.
    forwarded = Client().get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert forwarded.status_code == 403
    assert Client(REMOTE_ADDR="::1").get("/metrics").status_code == 200
    assert Client().post("/metrics").status_code == 405


@override_settings(METRICS_ALLOWED=["10.20.0.0/16"])
def test_the_operator_chooses_the_allowed_networks() -> None:
    assert Client(REMOTE_ADDR="10.20.3.4").get("/metrics").status_code == 200
    assert Client().get("/metrics").status_code == 403  # loopback is no longer allowed


def test_metrics_allowed_reads_mapped_and_invalid_addresses() -> None:
    from django.test import RequestFactory

    factory = RequestFactory()
    assert metrics_allowed(factory.get("/metrics", REMOTE_ADDR="::ffff:127.0.0.1"))
    assert not metrics_allowed(factory.get("/metrics", REMOTE_ADDR="ikke-en-adresse"))
    assert not metrics_allowed(factory.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_FORWARDED="x"))


def test_a_bad_allowed_network_stops_the_start() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "STYRBAR_METRICS_ALLOWED": "127.0.0.1/32,ikke-et-net",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "STYRBAR_METRICS_ALLOWED" in result.stderr and "ikke-et-net" in result.stderr


def _import_count(kind: str, mode: str, outcome: str) -> float:
    from prometheus_client import REGISTRY

    value = REGISTRY.get_sample_value(
        "styrbar_import_duration_seconds_count",
        {"kind": kind, "mode": mode, "outcome": outcome},
    )
    return value or 0.0


def test_an_import_is_timed_by_format_mode_and_outcome() -> None:
    from core.permissions import SystemActor
    from interop import jobs

    org = make_organization(kommunekode=None)
    good = "Lokalt navn;Katalogsystem\nLøn;Katalog 1\n".encode("cp1252")
    bad = b"Lokalt navn;Livscyklus\nL\xf8n;findes-ikke\n"
    before = (
        _import_count("csv", "dry_run", "ok"),
        _import_count("csv", "commit", "ok"),
        _import_count("csv", "dry_run", "errors"),
    )
    for data, dry_run in ((good, True), (good, False), (bad, True)):
        jobs.run_importer(
            kind="csv", actor=SystemActor(), organization=org, files=[data], dry_run=dry_run
        )
    after = (
        _import_count("csv", "dry_run", "ok"),
        _import_count("csv", "commit", "ok"),
        _import_count("csv", "dry_run", "errors"),
    )
    assert [b - a for a, b in zip(before, after, strict=True)] == [1, 1, 1]
    text = Client().get("/metrics").content.decode()
    assert 'styrbar_import_duration_seconds_count{kind="csv",mode="commit",outcome="ok"}' in text


def test_a_failed_login_is_counted() -> None:
    from prometheus_client import REGISTRY

    before = REGISTRY.get_sample_value("styrbar_login_failures_total") or 0.0
    Client().post(reverse("accounts:login"), {"username": "ingen", "password": "forkert-kode"})
    assert REGISTRY.get_sample_value("styrbar_login_failures_total") == before + 1
