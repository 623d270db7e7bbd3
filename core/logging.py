"""Logging: filters, the request context on every line, and the JSON formatter."""

from __future__ import annotations

import datetime
import logging
from contextvars import ContextVar
from typing import Any

import pythonjsonlogger.core
import pythonjsonlogger.json


class NoClientErrorTraceback(logging.Filter):
    """A refused request (4xx: 403 Forbidden, 404, 400) is logged as one line, without the
    traceback Django attaches (it is the expected answer, not a fault); 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


# Request context: the request id and the organization the request works in, on every log
# line written while the request is served (set by the middleware, reset when it ends).
_organization: ContextVar[str] = ContextVar("styrbar_log_organization", default="")


def set_log_organization(organization: object | None) -> None:
    """Name the organization of the current request for the log lines that follow
    (``organizations.middleware`` calls it; ``core.middleware.RequestIdMiddleware`` clears
    it when the request ends)."""
    if organization is None:
        _organization.set("")
        return
    _organization.set(_label(organization))


def _label(organization: object) -> str:
    pk = getattr(organization, "pk", None)
    code = getattr(organization, "kommunekode", "") or ""
    return f"{pk}:{code}" if code else str(pk)


def clear_log_context() -> None:
    _organization.set("")


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``organization`` (``"<id>:<kommunekode>"``, or the id) to
    every record; both are empty outside a request (the task worker, commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from core.middleware import current_request_id

        request_id = current_request_id()
        organization = _organization.get()
        # django.request reports a 4xx/5xx after the middleware has finished; the request
        # it attaches still knows both.
        request = getattr(record, "request", None)
        if not request_id and request is not None:
            request_id = getattr(request, "request_id", "")
            chosen = getattr(request, "organization", None)
            if chosen is not None:
                organization = _label(chosen)
        record.request_id = request_id
        record.organization = organization
        return True


class JsonFormatter(pythonjsonlogger.json.JsonFormatter):
    """One JSON object per line (python-json-logger): time, level, logger, message, the
    request context and any ``extra`` fields. Django's ``request`` object, which
    ``django.request`` attaches, is left out (its method and path are in the message)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "reserved_attrs",
            [*pythonjsonlogger.core.RESERVED_ATTRS, "request"],
        )
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level"})
        kwargs.setdefault("timestamp", False)
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """ISO 8601 with milliseconds and the UTC offset: ``2026-12-06T17:05:30.540+01:00``."""
        moment = datetime.datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")
