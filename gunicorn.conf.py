"""Gunicorn settings for Styrbar (used by `make run`; a sensible start for production).

The app is loaded once in the master (preload) and the garbage collector's view of the
loaded objects is frozen before the workers fork: the long-lived objects (Django, the
URL resolver, templates) are then never scanned again, which removes most of the
garbage-collection pauses that otherwise show up as the slowest 5 % of requests
(measured in bench/bench_portfolio.py, see docs/benchmarks.md).
"""

import gc
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "2"))
threads = int(os.environ.get("THREADS", "1"))
preload_app = True
# With JSON logs (STYRBAR_LOG_FORMAT, default json) Django writes one line per request with
# its request id and organization (core.metrics), so gunicorn's plain access line is off.
accesslog = "-" if os.environ.get("STYRBAR_LOG_FORMAT", "json").strip().lower() == "text" else None
graceful_timeout = 5

# Gunicorn's control socket (gunicornc) defaults to one path per user
# ($XDG_RUNTIME_DIR/gunicorn.ctl), so a second instance on the same machine took over the
# first one's socket. Off unless GUNICORN_CONTROL_SOCKET names this instance's own path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def pre_fork(server: object, worker: object) -> None:
    gc.freeze()
