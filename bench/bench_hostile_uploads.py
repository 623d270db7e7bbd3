"""Hostile uploads against a running Styrbar (issue 17): does a heavy file stay out of the
web workers, does the background worker survive it, and do health and a list page keep
answering while it is read? Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_hostile_uploads.py            # the files of the issue
    .venv/bin/python bench/bench_hostile_uploads.py --quick    # small files, to check it

Everything runs on loopback in a temporary directory (a SQLite database and ``var/``,
removed again): ``migrate``, one organization with an administrator and an API token, then
gunicorn (``gunicorn.conf.py``: 2 sync workers, preload) on a free port and one
``db_worker`` (the background worker). Two hostile files are made:

* an XLSX workbook of about 24 MB that unpacks to about 150 MB (the upload cap is raised
  to 32 MB for the run) (one sheet, 3,000 rows of
  long random text: no zip bomb, inside every limit);
* a CSV file of about 1 MB with 100,000 columns.

A probe thread asks ``/api/v1/health`` and the usages list of the API every 100 ms,
first for 10 s at rest, then while two XLSX uploads and the CSV upload are sent at once and
read by the worker, until every job has ended. Reported: the time of each upload request,
each job's end state, error and time to end, the peak resident memory of the worker's
parse children and of the worker itself (sampled from ``/proc`` every 100 ms), and the
probes' median, p99 and worst latency and failures at rest and under load.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from common import ROOT

PY = str(ROOT / ".venv" / "bin" / "python")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_xlsx(rows: int, width: int) -> bytes:
    """One sheet of ``rows`` rows: a name and ``width`` letters of random text (two letters
    at random: deflate packs them about 1:9, far from a zip bomb's ratio)."""
    rng = random.Random(17)
    letters = bytes.maketrans(bytes(range(256)), b"AB" * 128)
    sheet = io.BytesIO()
    sheet.write(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>Navn</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Beskrivelse</t></is></c></row>'
    )
    for n in range(2, rows + 2):
        text = rng.randbytes(width).translate(letters)
        sheet.write(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Leverandør {n}</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>'.encode()
            + text
            + b"</t></is></c></row>"
        )
    sheet.write(b"</sheetData></worksheet>")
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
        'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/'
        f'main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name='
        '"Leverandører" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return buffer.getvalue()


def make_wide_csv(columns: int) -> bytes:
    header = ";".join(f"k{i}" for i in range(columns))
    row = ";".join("x" for _ in range(columns))
    return f"{header}\n{row}\n".encode()


def _unpacked(data: bytes) -> int:
    return sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(data)).infolist())


class Probe(threading.Thread):
    """GETs the URLs in turn every ``interval`` s; keeps (phase, url, seconds, ok)."""

    def __init__(self, urls: list[str], token: str, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.urls, self.token, self.interval = urls, token, interval
        self.phase = "rest"
        self.samples: list[tuple[str, str, float, bool]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            url = self.urls[i % len(self.urls)]
            i += 1
            request = urllib.request.Request(url, headers={"Authorization": f"Bearer {self.token}"})
            started = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            self.samples.append((self.phase, url, time.monotonic() - started, ok))
            self.stop.wait(self.interval)


class MemoryWatch(threading.Thread):
    """Samples the resident memory of a process and of its children from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.worker_peak = 0
        self.child_peak = 0
        self.children_seen: set[int] = set()
        self.stop = threading.Event()

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _children(self, pid: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                found += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
        return found

    def run(self) -> None:
        while not self.stop.is_set():
            worker = [self.pid, *self._children(self.pid)]  # manage.py may fork the worker
            for pid in worker:
                self.worker_peak = max(self.worker_peak, self._rss(pid))
                for child in self._children(pid):
                    self.children_seen.add(child)
                    self.child_peak = max(self.child_peak, self._rss(child))
            self.stop.wait(0.1)


def _stats(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"n={len(values)} median {1000 * statistics.median(values):.0f} ms, "
        f"p99 {1000 * p99:.0f} ms, worst {1000 * ordered[-1]:.0f} ms"
    )


def _post(
    url: str, token: str, data: bytes, content_type: str
) -> tuple[int, dict[str, Any], float]:
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = json.loads(response.read())
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = json.loads(exc.read() or b"{}"), exc.code
    return status, body, time.monotonic() - started


def _get(url: str, token: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return dict(json.loads(response.read()))


SETUP = """
from organizations.testing import make_organization, make_token, make_user
org = make_organization(name="Eksempel Kommune", kommunekode=None)
user = make_user(organization=org, roles=["administrator"])
print("SETUP", org.pk, make_token(user))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small files")
    parser.add_argument("--rest", type=float, default=10.0, help="seconds measured at rest")
    args = parser.parse_args()
    rows, width, columns = (300, 5_000, 20_000) if args.quick else (3_000, 50_000, 100_000)
    xlsx = make_xlsx(rows, width)
    wide = make_wide_csv(columns)
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()}")
    print(
        f"xlsx: {len(xlsx) / 1e6:.1f} MB, unpacks to {_unpacked(xlsx) / 1e6:.0f} MB; "
        f"csv: {len(wide) / 1e6:.2f} MB, {columns:,} columns"
    )
    scratch = Path(tempfile.mkdtemp(prefix="styrbar-hostile-"))
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "STYRBAR_VAR_DIR": str(scratch / "var"),
        "STYRBAR_HTTPS": "0",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "PORT": str(port),
        "WORKERS": "2",
        "STYRBAR_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # The workbook packs to about 24 MB with deflate's default level: the cap is raised
        # so that it is inside every limit, as in the issue.
        "STYRBAR_MAX_UPLOAD_BYTES": str(32 * 1024 * 1024),
    }
    processes: list[subprocess.Popen[bytes]] = []
    try:
        manage = [PY, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        out = subprocess.run(
            [*manage, "shell", "-c", SETUP], env=env, check=True, cwd=ROOT, capture_output=True
        ).stdout.decode()
        line = next(x for x in out.splitlines() if x.startswith("SETUP"))
        _tag, org_id, token = line.split()
        log = open(scratch / "server.log", "wb")  # noqa: SIM115 - closed with the scratch dir
        gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"]
        processes.append(
            subprocess.Popen([*gunicorn, "config.wsgi"], env=env, cwd=ROOT, stdout=log, stderr=log)
        )
        worker = subprocess.Popen(
            [*manage, "db_worker", "--interval", "0.2"], env=env, cwd=ROOT, stdout=log, stderr=log
        )
        processes.append(worker)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=10).read()
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        api = f"{base}/api/v1/organizations/{org_id}"
        probe = Probe([f"{base}/api/v1/health", f"{api}/usages"], token)
        watch = MemoryWatch(worker.pid)
        probe.start()
        watch.start()
        time.sleep(args.rest)
        probe.phase = "load"
        uploads: list[tuple[str, int, dict[str, Any], float]] = []

        def send(label: str, data: bytes, query: str, content_type: str) -> None:
            status, body, seconds = _post(f"{api}/imports{query}", token, data, content_type)
            uploads.append((label, status, body, seconds))

        senders = [
            threading.Thread(
                target=send, args=(f"xlsx {i}", xlsx, "?entity=vendors", "application/octet-stream")
            )
            for i in (1, 2)
        ]
        senders.append(threading.Thread(target=send, args=("csv 100k", wide, "", "text/csv")))
        started = time.monotonic()
        for t in senders:
            t.start()
        for t in senders:
            t.join()
        ended: dict[str, tuple[str, str, float]] = {}
        while len(ended) < len(uploads) and time.monotonic() - started < 900:
            for label, status, body, _s in uploads:
                if label in ended or status != 201:
                    ended.setdefault(label, (f"HTTP {status}", str(body.get("message", "")), 0.0))
                    continue
                job = _get(f"{api}/imports/{body['id']}", token)
                if job["status"] not in ("reading", "planning", "committing"):
                    ended[label] = (job["status"], job["error"], time.monotonic() - started)
            time.sleep(0.5)
        probe.stop.set()
        watch.stop.set()
        probe.join()
        watch.join()
        print("\nuploads (request time; job end state, error, seconds from upload to end):")
        for label, status, _body, seconds in sorted(uploads):
            state, error, took = ended.get(label, ("still running", "", 0.0))
            print(
                f"  {label}: HTTP {status} in {1000 * seconds:.0f} ms; "
                f"{state} after {took:.1f} s; {error[:160]}"
            )
        print(
            f"\nworker peak RSS {watch.worker_peak / 1e6:.0f} MB; parse children seen "
            f"{len(watch.children_seen)}, peak RSS {watch.child_peak / 1e6:.0f} MB"
        )
        print(f"worker still running: {worker.poll() is None}")
        for phase in ("rest", "load"):
            for url, name in ((f"{base}/api/v1/health", "health"), (f"{api}/usages", "usages")):
                times = [s for p, u, s, ok in probe.samples if p == phase and u == url and ok]
                failed = sum(
                    1 for p, u, _s, ok in probe.samples if p == phase and u == url and not ok
                )
                print(f"  {phase:4} {name:6}: {_stats(times)}; failed {failed}")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
