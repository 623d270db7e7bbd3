"""core.testing helpers that tests rely on."""

from datetime import date

import pytest


def test_hold_day_keeps_the_date_across_midnight(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from django.utils import timezone

    from core.testing import hold_day

    ticks = iter(
        [
            dt.datetime(2026, 6, 1, 21, 59, tzinfo=dt.UTC),  # 23:59 in Copenhagen
            dt.datetime(2026, 6, 1, 22, 1, tzinfo=dt.UTC),  # 00:01 the next day there
        ]
    )
    monkeypatch.setattr(timezone, "now", lambda: next(ticks))
    hold_day(monkeypatch, date(2026, 6, 1))
    assert timezone.localdate() == date(2026, 6, 1)
    after = timezone.now()
    assert timezone.localdate(after) == date(2026, 6, 1)
    assert after.astimezone(timezone.get_current_timezone()).strftime("%H:%M") == "00:01"
