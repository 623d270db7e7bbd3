"""A fake KITOS API v2 server for tests: loopback only, ephemeral port, in a thread.

It speaks the documented shapes: ``POST /api/authorize/GetToken`` → ``{"response":
{"token": …}}``; list endpoints answer bare JSON arrays paged by ``page``/``pageSize``;
``changedSinceGtEq`` filters on ``lastModified``. Enum values are serialised as KITOS does
(:func:`interop.kitos.enums.serialise`: C# member names in PascalCase, from
``V2JsonSerializationConfig.cs``), or as their integer values when the request carries
``X-KITOS-SERIALIZE-ENUM-AS-INTEGER: true`` (``V2StyleJsonResponseSerializationAttribute.cs``,
which reads the header with ``bool.TryParse``: any casing of "true"). Tests script failures
(a status code queue per path), token expiry, and read back every request it received.
Every fake serves
``/api/v2/data-processing-registrations`` (an empty list unless the test gives data), as a
real KITOS does for an organization without registrations.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from interop.kitos.enums import INTEGER_HEADER, serialise

USER = "kitos@example.invalid"
PASSWORD = "hemmeligt-1"
DPR_PATH = "/api/v2/data-processing-registrations"


def kind_of(path: str) -> str:
    """The KITOS kind a path serves (``/api/v2/it-systems/{uuid}`` → ``it-systems``)."""
    parts = [p for p in path.split("/") if p]
    for kind in (
        "organization-units",
        "it-systems",
        "it-interfaces",
        "it-system-usages",
        "it-contracts",
        "data-processing-registrations",
        "deleted-entities",
    ):
        if kind in parts:
            return kind
    return ""


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case


@dataclass
class FakeKitos:
    """Holds the data per path and the scripted behaviour."""

    data: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    single: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    seen: list[Seen] = field(default_factory=list)
    tokens_issued: int = 0
    valid_tokens: set[str] = field(default_factory=set)
    max_page_size: int = 250
    server: ThreadingHTTPServer | None = None
    thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        self.data.setdefault(DPR_PATH, [])

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def expire_tokens(self) -> None:
        self.valid_tokens.clear()

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def start(self) -> FakeKitos:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, body: Any = None) -> None:
                raw = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _common(self, method: str) -> tuple[str, dict[str, str]] | None:
                parts = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parts.query))
                headers = {k.lower(): v for k, v in self.headers.items()}
                fake.seen.append(Seen(method, parts.path, query, headers))
                queue = fake.failures.get(parts.path)
                if queue:
                    self._send(queue.pop(0), {"message": "scripted failure"})
                    return None
                return parts.path, query

            def do_POST(self) -> None:
                found = self._common("POST")
                if found is None:
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if found[0] != "/api/authorize/GetToken":
                    self._send(404)
                elif body.get("email") != USER or body.get("password") != PASSWORD:
                    self._send(401, {"msg": "Unauthorized"})
                else:
                    fake.tokens_issued += 1
                    token = f"jwt-{fake.tokens_issued}"
                    fake.valid_tokens.add(token)
                    self._send(201, {"msg": "", "response": {"token": token, "email": USER}})

            def do_GET(self) -> None:
                found = self._common("GET")
                if found is None:
                    return
                path, query = found
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if token not in fake.valid_tokens:
                    self._send(401)
                    return
                as_integer = (self.headers.get(INTEGER_HEADER) or "").strip().lower() == "true"
                kind = kind_of(path)
                if path in fake.single:
                    self._send(200, serialise(kind, fake.single[path], as_integer=as_integer))
                    return
                if path not in fake.data:
                    self._send(404)
                    return
                page, size = int(query.get("page", 0)), int(query.get("pageSize", 100))
                if size > fake.max_page_size:
                    self._send(400, {"message": "pageSize too large"})
                    return
                records = fake.data[path]
                since = query.get("changedSinceGtEq")
                if since:
                    records = [r for r in records if str(r.get("lastModified", "")) >= since]
                self._send(
                    200,
                    [
                        serialise(kind, r, as_integer=as_integer)
                        for r in records[page * size : (page + 1) * size]
                    ],
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)
