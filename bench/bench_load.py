"""Mixed read load against a real gunicorn on loopback (issue 17, "Load"). Not a test.

Usage:
    .venv/bin/python bench/bench_load.py --database-url postgres://postgres@127.0.0.1:5432/styrbar_load
        [--duration 60] [--connections 8] [--workers 2] [--threads 1] [--label "…"]

The first run migrates the database and seeds the demo (``seed_demo``); later runs reuse
it. The script starts gunicorn with the project's ``gunicorn.conf.py`` on a free loopback
port (the environment variables ``WORKERS`` and ``THREADS`` choose the worker model, as in
production), signs in a demo architect (a real session cookie and a real API token, made
in this process against the same database), and drives it with ``wrk`` (Debian's package
``wrk``; the script refuses without it). The load is the mix a busy colleague makes, one
request after the other in a fixed rotation: the dashboard, the usage list, a usage's
detail page, the cost analysis page and the usage list API. The script prints requests
per second, the latency distribution (p50, p90, p99), the non-2xx responses and socket
errors, and the machine's load average around the run. Loopback only: it never sends a
request anywhere else.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import ROOT, setup_django

LUA = """
paths = {%(paths)s}
heads = {%(heads)s}
counter = 0
request = function()
  counter = counter + 1
  local i = (counter %% #paths) + 1
  return wrk.format("GET", paths[i], heads[i])
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'load.sqlite3'}")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--cache-url", default="", help="STYRBAR_CACHE_URL for the server (e.g. redis://…/1)"
    )
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")

    setup_django(args.database_url, ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from organizations.middleware import SESSION_KEY
    from organizations.models import Organization
    from organizations.testing import make_token
    from portfolio.models import SystemUsage

    call_command("migrate", verbosity=0)
    if not Organization.objects.filter(name="Eksempel Kommune").exists():
        started = time.perf_counter()
        call_command("seed_demo", quiet_logins=True)
        print(f"seeded the demo in {time.perf_counter() - started:.0f} s")
    org = Organization.objects.get(name="Eksempel Kommune")
    user = get_user_model().objects.get(username="arkitekt")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session[SESSION_KEY] = org.pk
    session.create()
    token = make_token(user)
    usage = SystemUsage.objects.filter(organization=org).order_by("pk").first()
    assert usage is not None, "the demo has no usages"
    cookie = f"sessionid={session.session_key}"
    pages = [
        ("/", cookie),
        ("/systemer/", cookie),
        (f"/systemer/{usage.pk}/", cookie),
        ("/analyser/omkostninger/", cookie),
        (f"/api/v1/organizations/{org.pk}/usages?limit=50", f"Bearer {token}"),
    ]

    port = free_port()
    # The server's log (one line per request) goes to a file: a pipe nobody reads fills
    # up and stalls the server.
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
    environ = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": str(args.workers),
        "THREADS": str(args.threads),
        "DATABASE_URL": args.database_url,
        "STYRBAR_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    if args.cache_url:
        environ["STYRBAR_CACHE_URL"] = args.cache_url
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
        ],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit("gunicorn did not answer /api/v1/health in 60 s")
        # Every page answers 200 for this user before the load starts.
        for path, credential in pages:
            header = "Authorization" if credential.startswith("Bearer") else "Cookie"
            request = urllib.request.Request(f"{base}{path}", headers={header: credential})
            try:
                urllib.request.urlopen(request, timeout=30).close()
            except OSError as error:
                server.terminate()
                server.wait(timeout=30)
                sys.exit(f"{path}: {error}\n{Path(log.name).read_text()[-3000:]}")
        lua = LUA % {
            "paths": ", ".join(f'"{p}"' for p, _ in pages),
            "heads": ", ".join(
                f'{{["{"Authorization" if c.startswith("Bearer") else "Cookie"}"] = "{c}"}}'
                for _, c in pages
            ),
        }
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(lua)
        print("load average (1/5/15 min) before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        run = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        print("load average (1/5/15 min) after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        Path(script.name).unlink()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        log.close()
        server_log = Path(log.name).read_text(errors="replace")
        Path(log.name).unlink()
    out = run.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+([\d.]+\w+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    total = re.search(r"(\d+) requests in", out)
    print(out)
    print(explain_non_2xx(server_log))
    print(
        f"| {args.label or f'{args.workers} workers × {args.threads} threads'} "
        f"| {rps:.1f} | {latency.get('50')} | {latency.get('99')} "
        f"| {non2xx.group(1) if non2xx else 0} non-2xx, {errors.group(1) if errors else 'no'} "
        f"socket errors, {total.group(1) if total else '?'} requests |"
    )


def explain_non_2xx(server_log: str) -> str:
    """What the server logged about the answers that were not 2xx/3xx: their count by
    status and path (from the one JSON line per request, core.metrics), and every line
    that is neither a request line nor JSON (a traceback, a worker timeout or restart)."""
    import json
    from collections import Counter

    answers: Counter[tuple[int, str]] = Counter()
    other: list[str] = []
    for line in server_log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            if line.strip():
                other.append(line)
            continue
        status = entry.get("status") if isinstance(entry, dict) else None
        if isinstance(status, int) and status >= 400 and entry.get("name") == "styrbar.request":
            answers[(status, str(entry.get("path")))] += 1
    lines = [f"server: {n} × {status} {path}" for (status, path), n in answers.most_common()]
    lines += [f"server log: {line}" for line in other[:40]]
    return "\n".join(lines) or "server: every answer was 2xx/3xx, nothing else logged"


if __name__ == "__main__":
    main()
