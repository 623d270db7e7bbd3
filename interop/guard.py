"""Parsing an uploaded file in a child process with a CPU-time and a memory cap.

A hostile file (a small XLSX that unpacks to hundreds of megabytes, a CSV with 100,000
columns, a deeply nested JSON) must fail its own import with a Danish message, never take
the background worker (or a web worker) down with it. :func:`run_capped` forks the
calling process, sets ``RLIMIT_CPU`` and ``RLIMIT_AS`` in the child (the address space
the child already holds plus ``STYRBAR_IMPORT_MEMORY_MB``), runs the parser there and
sends the parsed result back through a pipe. The parent never parses the file itself:
when the child runs out of CPU time or memory, or takes longer than twice its CPU time on
the wall clock, it is ended and the import fails with :class:`ParseLimitExceeded`.

The child touches no database: it receives bytes and returns plain Python values
(tables, parsed records); the importer then plans and writes them in the worker.
:func:`stream_capped` is the same for an importer that writes as it reads (spend lines):
the child parses under the same caps and sends what it yields in batches through the
pipe while the parent writes them, so neither side ever holds the whole file.
The caps are documented in docs/drift/samtidighed-og-haerdning.md.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
import time
from collections.abc import Callable, Generator, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from interop.tabular.read import TableError

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_CPU_SECONDS = 60
DEFAULT_MEMORY_MB = 1024


class ParseLimitExceeded(TableError):
    """The file could not be read within the caps; ``str(exc)`` is a Danish message."""


def cpu_seconds() -> int:
    return int(getattr(settings, "STYRBAR_IMPORT_CPU_SECONDS", DEFAULT_CPU_SECONDS))


def memory_bytes() -> int:
    return int(getattr(settings, "STYRBAR_IMPORT_MEMORY_MB", DEFAULT_MEMORY_MB)) * 1024 * 1024


def _address_space() -> int:
    """The virtual memory this process holds now (Linux: VmSize), in bytes."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _peak_address_space() -> int:
    """The most virtual memory this process has held (Linux: VmPeak), in bytes."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(
    conn: Any,
    func: Callable[..., Any],
    args: tuple[Any, ...],
    cpu: int,
    memory: int,
    expected: tuple[type[Exception], ...],
) -> None:
    # Inside the child: cap, parse, answer. Errors that carry a Danish message travel back
    # as such; anything else is reported by its type (the parent logs it).
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))  # SIGXCPU, then SIGKILL
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = func(*args)
    except MemoryError:
        conn.send(("memory", ""))
    except (TableError, *expected) as exc:  # type: ignore[misc]  # a Danish message
        conn.send(("table", str(getattr(exc, "message", None) or exc)))
    except Exception as exc:
        if _peak_address_space() >= limit - memory // 10:
            # A C library (lxml, expat) that cannot allocate raises something other
            # than MemoryError; at the cap, that is the cap.
            conn.send(("memory", ""))
            return
        message = getattr(exc, "message", None)
        conn.send(("error", f"{type(exc).__module__}.{type(exc).__name__}: {message or exc}"))
    else:
        try:
            conn.send(("ok", result))
        except MemoryError:
            conn.send(("memory", ""))
    finally:
        conn.close()


def _limit_message(what: str) -> str:
    if what == "cpu":
        return _(
            "Filen kunne ikke læses inden for grænsen på %(seconds)s sekunders regnetid; "
            "importen er afbrudt, og intet er gemt. Del filen op, eller fjern tomme kolonner "
            "og rækker."
        ) % {"seconds": cpu_seconds()}
    return _(
        "Filen kunne ikke læses inden for grænsen på %(mb)s MB hukommelse; importen er "
        "afbrudt, og intet er gemt. Del filen op, eller fjern tomme kolonner og rækker."
    ) % {"mb": memory_bytes() // (1024 * 1024)}


def run_capped(
    func: Callable[..., T],
    *args: Any,
    cpu: int | None = None,
    memory: int | None = None,
    expected: tuple[type[Exception], ...] = (),
) -> T:
    """``func(*args)`` run in a forked child with a CPU-time and an address-space cap;
    its result, or :class:`TableError` with the child's Danish message (a TableError or
    one of ``expected`` raised there), or
    :class:`ParseLimitExceeded` when a cap was hit."""
    cpu = cpu or cpu_seconds()
    memory = memory or memory_bytes()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(send, func, args, cpu, memory, expected),
        name="styrbar-parse",
        daemon=True,
    )
    started = time.monotonic()
    process.start()
    send.close()
    answer: tuple[str, Any] | None = None
    try:
        if receive.poll(2 * cpu + 10):
            answer = receive.recv()
    except (EOFError, OSError):
        answer = None  # the child died without answering (killed by a cap)
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()
    elapsed = time.monotonic() - started
    if answer is None:
        code = process.exitcode
        hit = (
            "cpu" if code in (-signal.SIGXCPU, -signal.SIGKILL) or elapsed >= 2 * cpu else "memory"
        )
        log.warning(
            "parse child ended without an answer (exit %s, %.1f s): %s cap", code, elapsed, hit
        )
        raise ParseLimitExceeded(_limit_message(hit))
    kind, value = answer
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "memory":
        raise ParseLimitExceeded(_limit_message("memory"))
    if kind == "table":
        raise TableError(value)
    log.error("parse child failed: %s", value)
    raise TableError(_("Filen kunne ikke læses; importen er afbrudt, og intet er gemt."))


STREAM_BATCH_CELLS = 50_000  # cells per message from a streaming child (bounded messages)


def _stream_child(
    conn: Any,
    func: Callable[..., Iterable[Any]],
    args: tuple[Any, ...],
    cpu: int,
    memory: int,
    size: Callable[[Any], int],
) -> None:
    # Like _child, but sends the items ``func`` yields in batches of about
    # STREAM_BATCH_CELLS (as measured by ``size``), then ("end", None). A send blocks
    # while the parent is busy writing, and blocked time is no CPU time.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        batch: list[Any] = []
        cells = 0
        for item in func(*args):
            batch.append(item)
            cells += size(item)
            if cells >= STREAM_BATCH_CELLS:
                conn.send(("items", batch))
                batch, cells = [], 0
        conn.send(("items", batch))
        conn.send(("end", None))
    except MemoryError:
        conn.send(("memory", ""))
    except TableError as exc:
        conn.send(("table", str(exc)))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent stopped reading (its import failed on a row): nothing to say
    except Exception as exc:
        if _peak_address_space() >= limit - memory // 10:
            conn.send(("memory", ""))
            return
        conn.send(("error", f"{type(exc).__module__}.{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def stream_capped(
    func: Callable[..., Iterable[Any]],
    *args: Any,
    cpu: int | None = None,
    memory: int | None = None,
    size: Callable[[Any], int] = lambda item: 1,
) -> Generator[Any, None, None]:
    """The items ``func(*args)`` yields, parsed in a forked child with the caps of
    :func:`run_capped` and received in batches as the caller consumes them.

    The caller's loop gets :class:`TableError` (the child's Danish message) or
    :class:`ParseLimitExceeded` where the child stopped; items received before that have
    been yielded already, so the caller must treat the run as all or nothing (the spend
    importer writes inside one transaction). Closing the iterator ends the child. The
    CPU cap counts the child's parsing only (it waits, without CPU, while the caller
    writes); the wall-clock limit applies to each batch."""
    cpu = cpu or cpu_seconds()
    memory = memory or memory_bytes()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_stream_child,
        args=(send, func, args, cpu, memory, size),
        name="styrbar-parse-stream",
        daemon=True,
    )
    process.start()
    send.close()
    try:
        while True:
            waited = time.monotonic()
            answer: tuple[str, Any] | None = None
            try:
                if receive.poll(2 * cpu + 10):
                    answer = receive.recv()
            except (EOFError, OSError):
                answer = None
            if answer is None:
                if process.is_alive():
                    process.kill()
                process.join()
                code = process.exitcode
                late = time.monotonic() - waited >= 2 * cpu
                hit = "cpu" if code in (-signal.SIGXCPU, -signal.SIGKILL) or late else "memory"
                log.warning("parse stream ended without an answer (exit %s): %s cap", code, hit)
                raise ParseLimitExceeded(_limit_message(hit))
            kind, value = answer
            if kind == "items":
                yield from value
            elif kind == "end":
                return
            elif kind == "memory":
                raise ParseLimitExceeded(_limit_message("memory"))
            elif kind == "table":
                raise TableError(value)
            else:
                log.error("parse stream failed: %s", value)
                raise TableError(
                    _("Filen kunne ikke læses; importen er afbrudt, og intet er gemt.")
                )
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()
