"""Capacity of one node: gunicorn (gunicorn.conf.py) over real HTTP against the national seed.

Run: ``.venv/bin/python bench/bench_capacity.py --database-url postgres://…/NAME
[--workers 2] [--concurrency 1 2 4 8] [--seconds 20]``. The database must hold the national
seed (``bench/bench_portfolio.py`` makes one; copy it with ``createdb -T``). The script
starts gunicorn with ``--config gunicorn.conf.py`` on a free loopback port (JSON logs at
WARNING, no access log), signs in a reader of the largest municipality, and runs closed-loop
clients (one thread and one keep-alive connection each, no think time) for ``--seconds`` per
concurrency level over a mix of what users do: the overview page 20 %, the systems list page
20 %, the cost analysis page 10 %, the usage list API (page of 50) 30 % and a usage's API
detail 20 %. It prints requests per second, median / p95 / p99 in ms and errors per level,
and the load average. The clients run on the same cores as the server, as a proxy would.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import threading
import time
from typing import Any

from common import ROOT, largest_organization, setup_django


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (from /proc; 0 for one that has gone)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def _server_pids(master: int, database: str) -> list[int]:
    """gunicorn's master and workers, and the PostgreSQL backends connected to the
    benchmark database (other than this script's own)."""
    from django.db import connection

    children = open(f"/proc/{master}/task/{master}/children").read().split()  # noqa: SIM115
    pids = [master, *map(int, children)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            )
            pids += [row[0] for row in cursor.fetchall()]
    return pids


def _percentile(samples: list[float], q: float) -> float:
    return samples[max(0, round(q * len(samples)) - 1)]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--paths", action="store_true", help="a line per request kind too")
    args = parser.parse_args()
    setup_django(args.database_url, ALLOWED_HOSTS="127.0.0.1,testserver")

    from django.contrib.auth import get_user_model
    from django.test import Client

    from organizations.middleware import SESSION_KEY
    from organizations.models import Membership
    from organizations.testing import make_token
    from portfolio.models import SystemUsage

    org = largest_organization()
    user, _ = get_user_model().objects.get_or_create(username="bench-kapacitet")
    Membership.objects.get_or_create(user=user, organization=org, role="laeser")
    token = make_token(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = org.pk
    session.save()
    cookie = f"sessionid={session.session_key}"
    usage_ids = list(SystemUsage.objects.filter(organization=org).values_list("pk", flat=True))
    base = f"/api/v1/organizations/{org.pk}"
    mix: list[tuple[float, str, Any, str]] = [
        (0.2, "page", lambda: "/", "overblik"),
        (0.2, "page", lambda: "/systemer/", "systemliste"),
        (0.1, "page", lambda: "/analyser/omkostninger/", "omkostningsanalyse"),
        (0.3, "api", lambda: f"{base}/usages?limit=50", "API systemliste (50)"),
        (0.2, "api", lambda: f"{base}/usages/{random.choice(usage_ids)}", "API system"),
    ]
    weights = [w for w, _, _, _ in mix]

    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": str(args.workers),
        "STYRBAR_HTTPS": "0",
        "STYRBAR_LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        print(
            f"{org.name}: {len(usage_ids)} usages; gunicorn workers={args.workers}, "
            f"{os.cpu_count()} cores"
        )
        print(
            "| clients | req/s | median ms | p95 ms | p99 ms | errors | load avg "
            "| CPU ms per request (gunicorn + PostgreSQL) |"
        )
        print("|---|---|---|---|---|---|---|---|")
        from django.db import connection

        database = connection.settings_dict["NAME"]
        for clients in args.concurrency:
            _level(
                clients,
                args.seconds,
                port,
                mix,
                weights,
                cookie,
                token,
                args.paths,
                lambda: _cpu_seconds(_server_pids(server.pid, database)),
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _level(
    clients: int,
    seconds: float,
    port: int,
    mix: list[tuple[float, str, Any, str]],
    weights: list[float],
    cookie: str,
    token: str,
    show_paths: bool,
    cpu: Any,
) -> None:
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds + 3  # 3 s warm-up, not counted
    count_from = time.monotonic() + 3

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        labelled: list[tuple[str, float]] = []
        failed = 0
        while (now := time.monotonic()) < stop_at:
            _, kind, path, label = random.choices(mix, weights)[0]
            headers = {"Cookie": cookie} if kind == "page" else {"Authorization": f"Bearer {token}"}
            start = time.perf_counter()
            try:
                conn.request("GET", path(), headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            if now >= count_from:
                mine.append(elapsed)
                labelled.append((label, elapsed))
                failed += not ok
        with lock:
            latencies.extend(mine)
            for label, elapsed in labelled:
                by_path.setdefault(label, []).append(elapsed)
            errors[0] += failed

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, count_from - time.monotonic()))
    cpu_before = cpu()
    for thread in threads:
        thread.join()
    cpu_used = cpu() - cpu_before
    latencies.sort()
    load = os.getloadavg()[0]
    print(
        f"| {clients} | {len(latencies) / seconds:.1f} | {statistics.median(latencies):.0f} | "
        f"{_percentile(latencies, 0.95):.0f} | {_percentile(latencies, 0.99):.0f} | "
        f"{errors[0]} | {load:.1f} | {cpu_used * 1000 / max(1, len(latencies)):.0f} |",
        flush=True,
    )
    if show_paths:
        for label, samples in sorted(by_path.items()):
            samples.sort()
            print(
                f"|   {label} | {len(samples) / seconds:.1f} | {statistics.median(samples):.0f}"
                f" | {_percentile(samples, 0.95):.0f} | | | |"
            )


if __name__ == "__main__":
    main()
