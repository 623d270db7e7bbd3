"""Import results name every kind in Danish (issue 18): the import page and the commands'
summaries use the same labels, never the program's keys."""

from __future__ import annotations

from django.utils import translation

from interop.report import ImportReport, kind_label


def test_every_kind_of_a_report_has_a_danish_name() -> None:
    with translation.override("da"):
        assert kind_label("units") == "Enheder"
        assert kind_label("steps") == "Procestrin"
        assert kind_label("data-processing-registrations") == "Databehandlinger"
        report = ImportReport(kinds=("units", "steps"))
        report.count("units", "created", 2)
        report.count("steps", "updated")
        lines = report.summary_lines()
    assert lines[0].startswith("Enheder: 2 oprettet")
    assert any(line.startswith("Procestrin: 0 oprettet, 1 ændret") for line in lines)
    assert not any(line.startswith(("units", "steps")) for line in lines)
