"""At the end of a run that included the access meta-test, list the access-test
exemptions (``organizations.testing.EXEMPTIONS``) with their reasons, so every exception
to the permission and isolation checks is in plain sight."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    reports = [
        report
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "nodeid", "").startswith("tests/test_meta_coverage.py::")
    ]
    if not reports:
        return
    from organizations.testing import EXEMPTIONS
    from tests.test_meta_coverage import exemption_report

    terminalreporter.write_sep("-", "access-test exemptions")
    terminalreporter.write_line(exemption_report(EXEMPTIONS))
