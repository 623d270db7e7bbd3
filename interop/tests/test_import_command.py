"""styrbar_import: every kind through one command, JSON report as the last line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from interop.export import write_xlsx
from organizations.testing import make_organization, make_user
from portfolio.models import SystemUsage
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def _call(*args: str) -> tuple[dict[str, object], str, int]:
    out = io.StringIO()
    code = 0
    try:
        call_command("styrbar_import", *args, stdout=out)
    except SystemExit as exc:
        code = int(exc.code or 0)
    lines = out.getvalue().strip().splitlines()
    return json.loads(lines[-1]), out.getvalue(), code


def test_csv_import_dry_run_then_commit_then_idempotent(tmp_path: Path) -> None:
    org = make_organization(kommunekode=None)
    path = tmp_path / "systemer.csv"
    path.write_text("Lokalt navn;Katalogsystem\nESDH;Acadre\n", encoding="cp1252")
    report, out, code = _call("--org", f"id:{org.pk}", "--kind", "csv", "--dry-run", str(path))
    assert code == 0 and report["created"] == 2 and not report["committed"]
    assert "Prøvekørsel" in out
    assert not SystemUsage.objects.filter(organization=org).exists()
    report, _out, code = _call("--org", f"id:{org.pk}", "--kind", "csv", str(path))
    assert report["committed"] and SystemUsage.objects.filter(organization=org).count() == 1
    # Without --actor the operator is named in the audit trail.
    assert AuditEvent.objects.filter(organization=org, actor_label="system (manage.py)").exists()
    report, _out, _code = _call("--org", f"id:{org.pk}", "--kind", "csv", str(path))
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 1)


def test_errors_exit_non_zero_with_rows_in_the_json(tmp_path: Path) -> None:
    org = make_organization(kommunekode=None)
    path = tmp_path / "kontrakter.csv"
    path.write_text("Navn;Startdato\nDrift;2026-02-30\n", encoding="utf-8")
    report, _out, code = _call(
        "--org", f"id:{org.pk}", "--kind", "csv", "--entity", "contracts", str(path)
    )
    assert code == 1
    assert report["errors"] == [
        {
            "row": 2,
            "message": report["errors"][0]["message"],  # type: ignore[index]
            "sheet": "",
            "kind": "contracts",
        }
    ]
    assert "2026-02-30" in str(report["errors"])


def test_xlsx_workbook_with_every_sheet_and_an_actor(tmp_path: Path) -> None:
    source = make_organization(kommunekode=None)
    f.integration(source)
    buffer = io.BytesIO()
    write_xlsx(source, buffer)
    path = tmp_path / "landskab.xlsx"
    path.write_bytes(buffer.getvalue())
    target = make_organization(kommunekode=None)
    user = make_user("importoer", organization=target, roles=["arkitekt"])
    report, _out, code = _call(
        "--org", f"id:{target.pk}", "--kind", "xlsx", "--actor", user.username, str(path)
    )
    assert code == 0, report
    assert SystemUsage.objects.filter(organization=target).count() == 2
    assert AuditEvent.objects.filter(organization=target, actor=user).exists()


def test_wrong_kind_and_reader_actor_are_refused(tmp_path: Path) -> None:
    org = make_organization(kommunekode=None)
    path = tmp_path / "x.csv"
    path.write_text("Navn\nA\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ikke"):
        _call("--org", f"id:{org.pk}", "--kind", "xlsx", str(path))
    reader = make_user("laeser1", organization=org, roles=["laeser"])
    with pytest.raises(CommandError):
        _call("--org", f"id:{org.pk}", "--kind", "csv", "--actor", reader.username, str(path))


def test_kitos_files_through_the_same_command() -> None:
    org = make_organization(kommunekode=None)
    files = sorted((DATA / "kitos").glob("*.json"))
    report, _out, code = _call("--org", f"id:{org.pk}", "--kind", "kitos", *map(str, files))
    assert code == 0, report
    assert int(report["created"]) > 0  # type: ignore[call-overload]


def test_purge_imports_deletes_old_jobs_but_not_running_ones() -> None:
    import datetime as dt

    from django.utils import timezone

    from interop import jobs
    from interop.models import ImportJob, ImportStatus

    org = make_organization(kommunekode=None)
    actor = make_user(organization=org, roles=["arkitekt"])
    old, running, fresh = (
        jobs.job_create(actor=actor, organization=org, filename=f"{n}.csv", data=b"Navn\nA\n")
        for n in ("old", "running", "fresh")
    )
    long_ago = timezone.now() - dt.timedelta(days=40)
    ImportJob.objects.filter(pk__in=[old.pk, running.pk]).update(updated_at=long_ago)
    ImportJob.objects.filter(pk=running.pk).update(status=ImportStatus.PLANNING)
    out = io.StringIO()
    call_command("purge_imports", "--days", "30", "--dry-run", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1]) == {"deleted": 0, "matched": 1}
    assert ImportJob.objects.count() == 3
    out = io.StringIO()
    call_command("purge_imports", "--days", "30", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["deleted"] == 1
    assert set(ImportJob.objects.values_list("pk", flat=True)) == {running.pk, fresh.pk}
