"""Styrbar beside NetBox on equal data, over HTTP, interleaved (issue 17). Not a test.

Both applications run under gunicorn on loopback (one sync worker each, as equal as the
two allow) against their own PostgreSQL database; this script sends each pair of
requests one after the other, Styrbar and NetBox in alternating order, and reports the
median and p95 per side, the ratio (NetBox / Styrbar), the response size and the number
of SQL queries per request (counted in-process with Django's test client and
``CaptureQueriesContext``, the same method on both sides).

Equal data: every Styrbar organization with system usages becomes a NetBox tenant with
one site and exactly as many devices as the organization has usages (name, status, role,
device type, serial, description, comments), so the NetBox tenant of the largest
municipality holds as many rows as Styrbar's. The pairs, filtered to the largest
municipality / tenant:

- API list, 50 per page: ``/api/v1/organizations/<org>/usages?limit=50`` and
  ``/api/dcim/devices/?tenant_id=<tenant>&limit=50``
- API detail: ``/api/v1/organizations/<org>/usages/<id>`` and ``/api/dcim/devices/<id>/``
- UI list (Styrbar's fixed 25 rows; NetBox asked for the same 25): ``/systemer/`` and
  ``/dcim/devices/?tenant_id=<tenant>&per_page=25``
- UI detail: ``/systemer/<id>/`` and ``/dcim/devices/<id>/``

Setting NetBox up (outside this repository; nothing here depends on it otherwise)::

    # source: a 4.4.x tag of github.com/netbox-community/netbox, e.g. in /work/netbox-src
    python3 -m venv /work/netbox-venv
    /work/netbox-venv/bin/pip install -r /work/netbox-src/requirements.txt
    # netbox/netbox/configuration.py: ALLOWED_HOSTS = ['*'], SECRET_KEY (50+ characters),
    #   DATABASES default -> PostgreSQL database netbox_bench, REDIS tasks/caching -> an
    #   unused Redis db number (e.g. 7 and 8), DEBUG = False
    createdb -h 127.0.0.1 -U postgres netbox_bench
    /work/netbox-venv/bin/python /work/netbox-src/netbox/manage.py migrate

Then::

    .venv/bin/python bench/bench_netbox.py \\
        --database-url postgres://postgres@127.0.0.1:5432/styrbar_bench \\
        --netbox-dir /work/netbox-src --netbox-python /work/netbox-venv/bin/python [--runs 200]

The Styrbar database is migrated and seeded with ``seed_demo --scale national`` when it
has fewer than 30,000 usages (as in bench_portfolio.py); the NetBox database is loaded by
this script (NetBox's own models, bulk inserts, inside ``manage.py shell``) when its device
count differs: it then deletes every device, site and tenant there first, so give it a
NetBox database of its own. The script makes a bench user on each side (a real API token and a real
session). Loopback only: it never sends a request anywhere else.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import ROOT, setup_django

# Runs inside NetBox (``manage.py shell -c``): loads the equal data if needed, makes the
# bench user, token and session, counts the queries of each request, prints one JSON line.
NETBOX_SETUP = r"""
import json, os
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify
from dcim.models import Device, DeviceRole, DeviceType, Manufacturer, Site
from tenancy.models import Tenant
from users.models import Token

spec = json.loads(os.environ["BENCH_INPUT"])
counts = spec["counts"]  # [[name, n], ...]
total = sum(n for _, n in counts)
if Device.objects.count() != total:
    Device.objects.all().delete()
    Site.objects.all().delete()
    Tenant.objects.all().delete()
    maker, _ = Manufacturer.objects.get_or_create(name="Bench", slug="bench")
    types = [
        DeviceType.objects.get_or_create(
            manufacturer=maker, model=f"System {i:02d}", slug=f"system-{i:02d}"
        )[0]
        for i in range(40)
    ]
    roles = [
        DeviceRole.objects.get_or_create(name=r, slug=slugify(r))[0]
        for r in ("Fagsystem", "Infrastruktur", "Selvbetjening", "Integration", "Analyse")
    ]
    statuses = ["active", "active", "active", "planned", "offline", "decommissioning"]
    for index, (name, n) in enumerate(counts):
        tenant = Tenant.objects.create(name=name, slug=f"t{index:03d}-{slugify(name)}"[:100])
        site = Site.objects.create(name=name, slug=f"s{index:03d}-{slugify(name)}"[:100],
                                   tenant=tenant, status="active")
        Device.objects.bulk_create(
            [
                Device(
                    name=f"{name} system {i:05d}",
                    tenant=tenant,
                    site=site,
                    role=roles[i % len(roles)],
                    device_type=types[i % len(types)],
                    status=statuses[i % len(statuses)],
                    serial=f"SN{index:03d}{i:06d}",
                    description=f"Anvendelse {i} i {name}",
                    comments="Synthetic row for the Styrbar comparison.",
                    airflow="",
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
tenant = Tenant.objects.get(name=spec["largest"])
device = Device.objects.filter(tenant=tenant).order_by("pk").first()
User = get_user_model()
user, _ = User.objects.get_or_create(username="bench", defaults={"is_superuser": True})
user.is_superuser = True
user.is_active = True
user.save()
token = Token.objects.filter(user=user).first() or Token.objects.create(user=user)
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["_auth_user_id"] = str(user.pk)
store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
store["_auth_user_hash"] = user.get_session_auth_hash()
store.create()
paths = {
    "api_list": f"/api/dcim/devices/?tenant_id={tenant.pk}&limit=50",
    "api_detail": f"/api/dcim/devices/{device.pk}/",
    "ui_list": f"/dcim/devices/?tenant_id={tenant.pk}&per_page=25",
    "ui_detail": f"/dcim/devices/{device.pk}/",
}
api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
ui = Client()
ui.force_login(user)
queries = {}
for kind, path in paths.items():
    client = api if kind.startswith("api") else ui
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    queries[kind] = len(ctx.captured_queries)
import netbox
from django.conf import settings as s
print("BENCH-JSON " + json.dumps({
    "paths": paths, "queries": queries, "token": f"Token {token.key}",
    "cookie": f"{s.SESSION_COOKIE_NAME}={store.session_key}",
    "rows": Device.objects.filter(tenant=tenant).count(), "total": Device.objects.count(),
    "version": s.RELEASE.full_version if hasattr(s, "RELEASE") else s.VERSION,
}))
"""


def netbox_setup(python: str, src: Path, counts: list[tuple[str, int]], largest: str) -> Any:
    environ = {**os.environ, "BENCH_INPUT": json.dumps({"counts": counts, "largest": largest})}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.pop("DATABASE_URL", None)
    run = subprocess.run(
        [python, str(src / "netbox" / "manage.py"), "shell", "-c", NETBOX_SETUP],
        cwd=src / "netbox",
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in run.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line.removeprefix("BENCH-JSON "))
    sys.exit(f"NetBox setup failed ({run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(argv: list[str], cwd: Path, environ: dict[str, str], port: int) -> Iterator[None]:
    """A gunicorn process group on ``port`` until the block ends (its log in a temp file)."""
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(
        argv, cwd=cwd, env=environ, stdout=log, stderr=log, start_new_session=True
    )
    try:
        for _ in range(240):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/")
                connection.getresponse().read()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            sys.exit(f"{argv[0]} did not answer in 120 s")
        if server.poll() is not None:
            sys.exit(f"gunicorn ended:\n{Path(log.name).read_text()[-3000:]}")
        yield
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        log.close()
        Path(log.name).unlink()


def fetch(port: int, path: str, header: tuple[str, str]) -> tuple[float, int]:
    """One GET on a fresh connection (sync workers close it anyway): ms and body bytes."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={header[0]: header[1], "Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    if response.status != 200:
        sys.exit(f"{port}{path}: {response.status} {body[:300]!r}")
    return elapsed, len(body)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True, help="Styrbar's PostgreSQL database")
    parser.add_argument("--netbox-dir", type=Path, required=True, help="NetBox source checkout")
    parser.add_argument("--netbox-python", required=True, help="python of NetBox's venv")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    setup_django(args.database_url, ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organizations.middleware import SESSION_KEY
    from organizations.models import Membership, Organization
    from organizations.testing import make_token
    from portfolio.models import SystemUsage

    call_command("migrate", verbosity=0)
    if SystemUsage.objects.count() < 30_000:
        started = time.perf_counter()
        call_command("seed_demo", scale="national", quiet_logins=True)
        print(f"seeded the national landscape in {time.perf_counter() - started:.0f} s")
    per_org = (
        SystemUsage.objects.values("organization")
        .annotate(n=Count("pk"))
        .order_by("-n", "organization")
    )
    names = dict(Organization.objects.values_list("pk", "name"))
    counts = [(names[row["organization"]], row["n"]) for row in per_org]
    org = Organization.objects.get(pk=per_org[0]["organization"])
    user, _ = get_user_model().objects.get_or_create(username="bench-netbox")
    Membership.objects.get_or_create(user=user, organization=org, role="laeser")
    token = make_token(user)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session[SESSION_KEY] = org.pk
    session.create()
    usage = SystemUsage.objects.filter(organization=org).order_by("pk").first()
    assert usage is not None
    ours = {
        "api_list": f"/api/v1/organizations/{org.pk}/usages?limit=50",
        "api_detail": f"/api/v1/organizations/{org.pk}/usages/{usage.pk}",
        "ui_list": "/systemer/",
        "ui_detail": f"/systemer/{usage.pk}/",
    }
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    ui_client = Client()
    ui_client.force_login(user)
    ui_session = ui_client.session
    ui_session[SESSION_KEY] = org.pk
    ui_session.save()
    our_queries = {}
    for kind, path in ours.items():
        client = api_client if kind.startswith("api") else ui_client
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        our_queries[kind] = len(ctx.captured_queries)
    connection.close()

    started = time.perf_counter()
    nb = netbox_setup(args.netbox_python, args.netbox_dir, counts, org.name)
    print(f"NetBox ready in {time.perf_counter() - started:.0f} s: {nb['version']}")
    print(
        f"equal data: {sum(n for _, n in counts)} Styrbar usages in {len(counts)} "
        f"organizations, {nb['total']} NetBox devices in as many tenants; largest: "
        f"{org.name} with {counts[0][1]} usages / {nb['rows']} devices"
    )

    our_port, nb_port = free_port(), free_port()
    ours_env = {
        **os.environ,
        "PORT": str(our_port),
        "WORKERS": "1",
        "THREADS": "1",
        "DATABASE_URL": args.database_url,
        "STYRBAR_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    nb_env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    venv_bin = Path(args.netbox_python).parent
    ours_argv = [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application"]
    ours_argv += ["--config", str(ROOT / "gunicorn.conf.py")]
    nb_argv = [str(venv_bin / "gunicorn"), "--pythonpath", str(args.netbox_dir / "netbox")]
    nb_argv += ["--bind", f"127.0.0.1:{nb_port}", "--workers", "1", "--preload"]
    nb_argv += ["--timeout", "120", "netbox.wsgi"]
    with (
        gunicorn(ours_argv, ROOT, ours_env, our_port),
        gunicorn(nb_argv, args.netbox_dir / "netbox", nb_env, nb_port),
    ):
        sides = {
            "styrbar": (our_port, ours),
            "netbox": (nb_port, nb["paths"]),
        }
        headers = {
            "styrbar": {
                "api": ("Authorization", f"Bearer {token}"),
                "ui": ("Cookie", f"sessionid={session.session_key}"),
            },
            "netbox": {"api": ("Authorization", nb["token"]), "ui": ("Cookie", nb["cookie"])},
        }
        samples: dict[tuple[str, str], list[float]] = {}
        sizes: dict[tuple[str, str], int] = {}
        print("load average (1/5/15 min) before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        for run in range(-3, args.runs):  # three warm-up rounds
            for kind in ours:
                order = ["styrbar", "netbox"] if run % 2 == 0 else ["netbox", "styrbar"]
                for side in order:
                    port, paths = sides[side]
                    ms, size = fetch(port, paths[kind], headers[side][kind.split("_")[0]])
                    if run >= 0:
                        samples.setdefault((side, kind), []).append(ms)
                        sizes[(side, kind)] = size
        print("load average (1/5/15 min) after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    print(
        f"| pair ({args.runs} interleaved runs) | Styrbar median / p95 ms | NetBox median / p95 ms "
        "| ratio median / p95 | queries Styrbar / NetBox | bytes Styrbar / NetBox |"
    )
    print("|---|---|---|---|---|---|")
    for kind in ours:
        a, b = samples[("styrbar", kind)], samples[("netbox", kind)]
        am, bm, ap, bp = statistics.median(a), statistics.median(b), p95(a), p95(b)
        print(
            f"| {kind.replace('_', ' ')} | {am:.1f} / {ap:.1f} | {bm:.1f} / {bp:.1f} "
            f"| {bm / am:.1f}× / {bp / ap:.1f}× | {our_queries[kind]} / {nb['queries'][kind]} "
            f"| {sizes[('styrbar', kind)]:,} / {sizes[('netbox', kind)]:,} |"
        )


if __name__ == "__main__":
    main()
