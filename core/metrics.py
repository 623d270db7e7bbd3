"""Prometheus metrics (prometheus_client) at ``/metrics``, for the addresses the operator
allows (``STYRBAR_METRICS_ALLOWED``, loopback by default); docs/drift/overvaagning.md.

* ``styrbar_http_request_duration_seconds`` (histogram; ``view``, ``method``, ``status``):
  every request Django answers, by URL name (``RequestMetricsMiddleware``).
* ``styrbar_task_queue_depth`` and ``styrbar_task_queue_oldest_age_seconds`` (gauges per
  queue) and ``styrbar_tasks_running``: read from the database queue at each scrape, so
  every web node reports the same shared queue.
* ``styrbar_import_duration_seconds`` (histogram; ``kind``, ``mode``, ``outcome``): each
  import's run (``observe_import``).
* ``styrbar_login_failures_total`` (counter): failed logins (``count_login_failure``).

With several processes (gunicorn workers and the task worker on one node) set
``PROMETHEUS_MULTIPROC_DIR`` to one empty directory for all of them; the page then adds up
every process's values (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from core.logging import set_log_organization

log = logging.getLogger("styrbar.request")

REQUEST_DURATION = Histogram(
    "styrbar_http_request_duration_seconds",
    "Time Django took to answer a request, by URL name, method and status code.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IMPORT_DURATION = Histogram(
    "styrbar_import_duration_seconds",
    "Time an import took, by format, dry run or commit, and outcome.",
    ["kind", "mode", "outcome"],
    buckets=(0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0),
)
LOGIN_FAILURES = Counter("styrbar_login_failures", "Failed logins (wrong user name or password).")


def count_login_failure() -> None:
    LOGIN_FAILURES.inc()


@contextmanager
def observe_import(*, kind: str, dry_run: bool) -> Iterator[dict[str, str]]:
    """Times the block as one import; the block may set ``outcome`` in the yielded dict
    (default ``"ok"``; an exception counts as ``"error"`` and is raised on)."""
    state = {"outcome": "ok"}
    started = time.perf_counter()
    try:
        yield state
    except BaseException:
        state["outcome"] = "error"
        raise
    finally:
        IMPORT_DURATION.labels(
            kind=kind or "ukendt",
            mode="dry_run" if dry_run else "commit",
            outcome=state["outcome"],
        ).observe(time.perf_counter() - started)


class TaskQueueCollector(Collector):
    """The database task queue as it stands at the scrape: tasks ready to run and the age
    of the oldest of them per queue, and tasks running. Nothing when the task backend is
    not the database one (e.g. the tests' immediate backend)."""

    def collect(self) -> Iterable[GaugeMetricFamily]:
        depth = GaugeMetricFamily(
            "styrbar_task_queue_depth", "Tasks waiting to run, per queue.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "styrbar_task_queue_oldest_age_seconds",
            "Seconds the oldest waiting task has waited, per queue (0 when none waits).",
            labels=["queue"],
        )
        running = GaugeMetricFamily("styrbar_tasks_running", "Tasks being run by a worker now.")
        state = task_queue_state()
        if state is None:
            return
        for queue, (count, oldest) in sorted(state["queues"].items()):
            depth.add_metric([queue], count)
            age.add_metric([queue], oldest)
        running.add_metric([], state["running"])
        yield from (depth, age, running)


def task_queue_state() -> dict[str, Any] | None:
    """``{"queues": {name: (waiting, oldest age in seconds)}, "running": n}`` of the
    database queue (each configured queue listed, also when empty), or None when tasks do
    not go through the database. Two queries."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return None
    from django.db.models import Count, Min
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    queues: dict[str, tuple[int, float]] = {
        name: (0, 0.0) for name in settings.TASKS["default"].get("QUEUES", ["default"])
    }
    rows = (
        DBTaskResult.objects.ready()
        .values("queue_name")
        .annotate(n=Count("id"), first=Min("enqueued_at"))
        .order_by()
    )
    for row in rows:
        queues[row["queue_name"]] = (row["n"], max(0.0, (now - row["first"]).total_seconds()))
    running = DBTaskResult.objects.running().count()
    return {"queues": queues, "running": running}


# Who may read the metrics ---------------------------------------------------------------


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item, strict=False) for item in settings.METRICS_ALLOWED]


def metrics_allowed(request: HttpRequest) -> bool:
    """The client's address (``REMOTE_ADDR``) is in ``STYRBAR_METRICS_ALLOWED``, and the
    request did not come through the TLS proxy (a forwarded request carries
    ``X-Forwarded-For``; seen from Django the proxy itself is often 127.0.0.1)."""
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in _networks())


@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus' text format; 403 for any other address."""
    if not metrics_allowed(request):
        return HttpResponse(
            _("Målingerne vises kun for adresserne i STYRBAR_METRICS_ALLOWED.") + "\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    queue = CollectorRegistry(auto_describe=False)
    queue.register(TaskQueueCollector())
    body = generate_latest(registry) + generate_latest(queue)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


# Per-request timing and log line ----------------------------------------------------------


class RequestMetricsMiddleware:
    """Times each request into ``styrbar_http_request_duration_seconds`` under its URL name
    and writes one log line (``styrbar.request``: method, path, status, view, ms); for the
    API, the organization in the path (``org_id``) names the request's organization."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "ikke_fundet"
        if view == "metrics":
            return response  # scrapes are not traffic
        REQUEST_DURATION.labels(
            view=view, method=request.method or "", status=str(response.status_code)
        ).observe(elapsed)
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "view": view,
                "duration_ms": round(elapsed * 1000, 1),
            },
        )
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        if "org_id" in view_kwargs:
            set_log_organization(_OrganizationId(view_kwargs["org_id"]))


class _OrganizationId:
    def __init__(self, pk: Any) -> None:
        self.pk = pk
