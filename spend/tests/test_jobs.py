"""The spend kind in the import machinery: the wizard's job and ``styrbar_import``."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from interop import jobs
from interop.models import ImportJob, ImportStatus
from organizations.testing import make_user
from spend.models import SpendLine
from spend.tests.helpers import export, line

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_wizard_job_dry_runs_then_commits_a_spend_file(org: Any) -> None:
    user = make_user(organization=org, roles=["arkitekt"])
    data = export(
        [
            line(D(2025, 5, 1), "Nordsoft A/S", "1.000,00"),
            line(D(2025, 5, 2), "Nordsoft A/S", "-100,00"),
        ]
    )
    job = jobs.job_create(
        actor=user, organization=org, filename="opus.csv", data=data, kind="spend"
    )
    assert job.kind == "spend" and not job.tabular
    job = jobs.job_start(actor=user, job=job, commit=False)
    assert job.status == ImportStatus.PLANNED and job.report["lines"] == 2
    assert not SpendLine.objects.exists()
    job = jobs.job_start(actor=user, job=job, commit=True)
    assert job.status == ImportStatus.DONE and job.report["total"] == "900.00"
    assert SpendLine.objects.filter(organization=org).count() == 2


def test_the_wizard_refuses_a_non_table_as_spend(org: Any) -> None:
    user = make_user(organization=org, roles=["arkitekt"])
    with pytest.raises(jobs.UploadRejected):
        jobs.job_create(
            actor=user, organization=org, filename="x.xml", data=b"<KLE/>", kind="spend"
        )
    assert not ImportJob.objects.exists()


def test_styrbar_import_kind_spend_streams_the_file(org: Any, tmp_path: Path) -> None:
    path = tmp_path / "posteringer.csv"
    path.write_bytes(export([line(D(2025, 5, 1), "Nordsoft A/S", "1.000,00")]))
    out = io.StringIO()
    call_command("styrbar_import", "--org", str(org.pk), "--kind", "spend", str(path), stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["committed"] and summary["lines"] == 1 and summary["total"] == "1000.00"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(export([line(D(2025, 5, 1), "Nordsoft A/S", "mange penge")]))
    with pytest.raises(SystemExit):
        call_command(
            "styrbar_import",
            "--org",
            str(org.pk),
            "--kind",
            "spend",
            str(bad),
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError):
        call_command(
            "styrbar_import", "--org", str(org.pk), "--kind", "spend", "--year", "2025", str(path)
        )
