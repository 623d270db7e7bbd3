"""The channel import: both layouts, Danish files (cp1252, ;), XLSX, re-import replaces,
unknown columns reported, bad rows are specific Danish errors and save nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from channels import importer
from channels.models import ChannelCount, ServiceArea
from channels.tests.helpers import WIDE_HEADER, long_csv, wide_csv, xlsx
from core.models import AuditEvent
from core.permissions import SystemActor
from interop import jobs
from interop.models import ImportJob, ImportStatus
from interop.tabular.read import TableError
from organizations.testing import make_organization, make_user

pytestmark = pytest.mark.django_db

GOOD = [
    ("2025-01", "Pas og kørekort", "1.200", 800, 300, 100, 20),
    ("2025-02", "Pas og kørekort", 1100, 780, 350, 110, 25),
    ("januar 2025", "Flytning", 400, 300, 900, 50, 10),
]


def run(org: Any, data: bytes, dry_run: bool = False) -> importer.ChannelReport:
    return importer.run(actor=SystemActor(), organization=org, files=[data], dry_run=dry_run)


def test_a_wide_cp1252_file_imports_every_number_and_creates_the_areas() -> None:
    org = make_organization()
    report = run(org, wide_csv(GOOD))
    assert report.committed and not report.errors
    assert report.new_areas == ["Flytning", "Pas og kørekort"]
    assert report.total_contacts == 1200 + 800 + 300 + 100 + 20 + 1100 + 780 + 350 + 110 + 25 + (
        400 + 300 + 900 + 50 + 10
    )
    passport = ServiceArea.objects.get(organization=org, name="Pas og kørekort")
    january = dict(
        ChannelCount.objects.filter(area=passport, month=dt.date(2025, 1, 1)).values_list(
            "channel", "contacts"
        )
    )
    assert january == {
        "attendance": 1200,
        "phone": 800,
        "self_service": 300,
        "digital_post": 100,
        "chat": 20,
    }
    assert ChannelCount.objects.filter(organization=org).count() == 15
    event = AuditEvent.objects.get(organization=org, changes__has_key="channel_import")
    assert event.changes["channel_import"]["after"]["total_contacts"] == report.total_contacts


def test_a_long_utf8_file_and_an_xlsx_file_read_the_same() -> None:
    org_long, org_xlsx = make_organization(), make_organization()
    run(
        org_long,
        long_csv(
            [
                ("03-2025", "Boligstøtte", "Telefon", 120),
                ("03-2025", "Boligstøtte", "Selvbetjening", 300),
                ("03-2025", "Boligstøtte", "e-Boks", 40),
            ]
        ),
    )
    run(
        org_xlsx,
        xlsx(
            [[dt.datetime(2025, 3, 1), "Boligstøtte", 0, 120, 300, 40, None]],
            WIDE_HEADER.split(";"),
        ),
    )
    for org in (org_long, org_xlsx):
        counts = dict(
            ChannelCount.objects.filter(organization=org).values_list("channel", "contacts")
        )
        assert {k: v for k, v in counts.items() if v} == {
            "phone": 120,
            "self_service": 300,
            "digital_post": 40,
        }


def test_reimporting_a_month_replaces_it_and_never_adds() -> None:
    org = make_organization()
    run(org, wide_csv(GOOD))
    again = run(org, wide_csv(GOOD))
    assert again.as_json()["unchanged"] == 15 and again.as_json()["created"] == 0
    changed = [("2025-01", "Pas og kørekort", 1000, 800, 300, 100, "")]
    report = run(org, wide_csv(changed))
    assert report.as_json()["updated"] == 1 and report.removed == 1  # chat left out
    passport = ServiceArea.objects.get(organization=org, name="Pas og kørekort")
    january = ChannelCount.objects.filter(area=passport, month=dt.date(2025, 1, 1))
    assert sum(january.values_list("contacts", flat=True)) == 1000 + 800 + 300 + 100
    # February of the same area is not in the file and stays as it was.
    assert ChannelCount.objects.filter(area=passport, month=dt.date(2025, 2, 1)).count() == 5


def test_unknown_columns_are_reported_with_the_contacts_they_carried() -> None:
    org = make_organization()
    header = WIDE_HEADER + ";SMS;Bemærkning"
    data = wide_csv([("2025-01", "Flytning", 1, 2, 3, 4, 5, 70, "ok")], header=header)
    report = run(org, data).as_json()
    assert report["committed"]
    ignored = {c["header"]: c["contacts"] for c in report["ignored_columns"]}
    assert ignored == {"SMS": 70, "Bemærkning": 0}
    assert any("70 henvendelser er ikke importeret" in w["message"] for w in report["warnings"])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("13-2025", "Flytning", 1, 1, 1, 1, 1), "er ikke en måned"),
        (("2025-01", "", 1, 1, 1, 1, 1), "mangler et serviceområde"),
        (("2025-01", "Flytning", -4, 1, 1, 1, 1), "kan ikke være negativt"),
        (("2025-01", "Flytning", "mange", 1, 1, 1, 1), "er ikke et tal"),
        (("2025-01", "Flytning", "2,5", 1, 1, 1, 1), "er ikke et helt tal"),
    ],
)
def test_a_bad_row_is_a_specific_error_and_saves_nothing(
    row: tuple[Any, ...], message: str
) -> None:
    org = make_organization()
    report = run(org, wide_csv([GOOD[0], row]))
    assert not report.committed
    assert [e["row"] for e in report.errors] == [3]
    assert message in report.errors[0]["message"]
    assert not ChannelCount.objects.filter(organization=org).exists()
    assert not ServiceArea.objects.filter(organization=org).exists()


def test_a_month_twice_and_an_unknown_channel_are_errors() -> None:
    org = make_organization()
    twice = run(org, wide_csv([GOOD[0], GOOD[0]]))
    assert "står også i række 2" in twice.errors[0]["message"]
    unknown = run(org, long_csv([("2025-01", "Flytning", "Brevdue", 3)]))
    assert "»Brevdue« er ikke en kendt kanal" in unknown.errors[0]["message"]
    assert not ChannelCount.objects.filter(organization=org).exists()


def test_a_file_without_channel_columns_is_refused() -> None:
    org = make_organization()
    with pytest.raises(TableError, match="Filen har ikke kanaltal"):
        run(org, "Navn;Beløb\nA;1\n".encode())


def test_a_dry_run_writes_nothing() -> None:
    org = make_organization()
    report = run(org, wide_csv(GOOD), dry_run=True)
    assert report.as_json()["created"] == 15 and not report.committed
    assert not ChannelCount.objects.filter(organization=org).exists()


def test_the_import_machinery_detects_the_kind_and_runs_it_as_a_job() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    job = jobs.job_create(actor=user, organization=org, filename="kanaler.csv", data=wide_csv(GOOD))
    assert job.kind == "channels" and job.kind_label.startswith("Kanaltal")
    jobs.job_start(actor=user, job=job, commit=False)
    job.refresh_from_db()
    assert job.status == ImportStatus.PLANNED and job.report["created"] == 15
    jobs.job_start(actor=user, job=job, commit=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert ChannelCount.objects.filter(organization=org).count() == 15


def test_a_non_table_file_is_refused_for_the_channel_kind() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    with pytest.raises(jobs.UploadRejected, match="læses fra CSV- eller XLSX-filer"):
        jobs.job_create(
            actor=user, organization=org, filename="x.json", data=b"[]", kind="channels"
        )
    assert not ImportJob.objects.filter(organization=org).exists()


def test_the_command_imports_with_kind_channels(tmp_path: Path, capsys: Any) -> None:
    org = make_organization()
    path = tmp_path / "kanaler.csv"
    path.write_bytes(wide_csv(GOOD))
    call_command("styrbar_import", "--org", str(org.pk), "--kind", "channels", str(path))
    out = capsys.readouterr().out
    assert '"committed": true' in out
    assert ChannelCount.objects.filter(organization=org).count() == 15
    with pytest.raises(SystemExit):
        call_command(
            "styrbar_import",
            "--org",
            str(org.pk),
            "--kind",
            "channels",
            str(_bad(tmp_path)),
        )
    assert ChannelCount.objects.filter(organization=org).count() == 15


def _bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_bytes(wide_csv([("2025-13", "Flytning", 1, 1, 1, 1, 1)]))
    return path
