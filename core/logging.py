"""Logging filters."""

from __future__ import annotations

import logging


class NoClientErrorTraceback(logging.Filter):
    """A refused request (4xx: 403 Forbidden, 404, 400) is logged as one line, without the
    traceback Django attaches (it is the expected answer, not a fault); 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
