"""The spend kind in the import machinery: registered like every app's import kind
(``registry.import_kind``), so the wizard, the imports API and ``styrbar_import`` take it."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from core.models import ProcessLock
from core.registry import registry
from core.testing import postgres_race, race
from interop import jobs
from interop.models import ImportJob, ImportStatus
from organizations.testing import make_organization, make_token, make_user
from spend import rules as spend_rules
from spend.importer import spend_import
from spend.models import ClassificationRule, SpendLine, SpendSource
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


def test_spend_is_an_app_import_kind_not_a_hook() -> None:
    entry = registry.import_kind_of("spend")
    assert entry is not None and entry.run == "spend.jobs:run"
    assert not registry.hooked("importer:spend")


def test_the_wizard_recognises_a_spend_file_by_its_headers(org: Any) -> None:
    """Asked when no portfolio content is recognised (a file with a creditor name or CVR
    column is taken for vendors first: the spend page's link chooses spend by name)."""
    user = make_user(organization=org, roles=["arkitekt"])
    text = "Bogføringsdato;Kreditornr.;Beløb;Bilagstekst\r\n01-05-2025;4711;1.000,00;Licens\r\n"
    data = text.encode("cp1252")
    job = jobs.job_create(actor=user, organization=org, filename="opus.csv", data=data)
    job.refresh_from_db()
    assert job.kind == "spend" and job.status == ImportStatus.PLANNED, job.error
    assert job.report["lines"] == 1 and not SpendLine.objects.exists()


def test_the_imports_api_takes_kind_spend(org: Any) -> None:
    token = make_token(make_user(organization=org, roles=["administrator"]))
    data = export([line(D(2025, 5, 1), "Nordsoft A/S", "1.000,00")])
    created = Client().post(
        f"/api/v1/organizations/{org.pk}/imports?kind=spend&commit=true&filename=opus.csv",
        data,
        content_type="application/octet-stream",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert created.status_code == 201, created.content
    job = created.json()
    assert job["kind"] == "spend" and job["status"] == "done", job
    assert job["report"]["total"] == "1000.00"
    assert SpendLine.objects.filter(organization=org).count() == 1


def test_styrbar_import_mapping_names_the_source(org: Any, tmp_path: Path) -> None:
    path = tmp_path / "posteringer.csv"
    path.write_bytes(export([line(D(2025, 5, 1), "Nordsoft A/S", "1.000,00")]))
    args = ["--org", str(org.pk), "--kind", "spend", "--mapping", "Opus", str(path)]
    call_command("styrbar_import", *args, stdout=io.StringIO())
    assert SpendSource.objects.get(organization=org, name="Opus").columns


def test_channels_refuse_a_mapping_name_in_the_command(org: Any, tmp_path: Path) -> None:
    path = tmp_path / "kanaler.csv"
    path.write_bytes(b"M\xe5ned;Serviceomr\xe5de;Telefon\r\n2025-01;Flytning;10\r\n")
    with pytest.raises(CommandError, match="ingen gemte kolonneops"):
        call_command(
            "styrbar_import",
            *["--org", str(org.pk), "--kind", "channels", "--mapping", "X", str(path)],
            stdout=io.StringIO(),
        )


lock_row = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the lock row is SQLite's mechanism"
)


@lock_row
def test_a_rule_or_source_is_not_deleted_while_an_import_holds_the_lock(
    org: Any, settings: Any
) -> None:
    """The lines' references have no database constraint: a rule deleted during an import
    would leave the import's lines pointing at nothing, so the delete waits for the lock."""
    user = make_user(organization=org, roles=["administrator"])
    spend_import(
        actor=user,
        organization=org,
        source=export([line(D(2025, 5, 1), "Nordsoft A/S", "1.000,00")]),
    )
    rule = ClassificationRule.objects.filter(organization=org).earliest("pk")
    source = SpendSource.objects.create(organization=org, name="Ny kilde")
    ProcessLock.objects.create(key=f"import:{org.pk}", holder="x", acquired_at=timezone.now())
    settings.STYRBAR_IMPORT_LOCK_WAIT = 0
    with pytest.raises(ValidationError, match="En anden import"):
        spend_rules.rule_delete(actor=user, rule=rule)
    with pytest.raises(ValidationError, match="En anden import"):
        from spend.sources import source_delete

        source_delete(actor=user, source=source)
    assert ClassificationRule.objects.filter(pk=rule.pk).exists()
    assert SpendSource.objects.filter(pk=source.pk).exists()
    ProcessLock.objects.all().delete()
    spend_rules.rule_delete(actor=user, rule=rule)
    assert not SpendLine.objects.filter(rule_id=rule.pk).exists()  # set to null, not dangling


@postgres_race
def test_postgres_an_import_and_a_rule_delete_at_once_leave_no_line_on_a_deleted_rule(
    round_: int,
) -> None:
    """The lines have no database constraint on their rule: an import writing lines that a
    rule classifies and the rule's delete, at the same moment on real connections, must
    never leave a line pointing at the deleted rule (the import holds the organization's
    import lock from reading the rules to its commit, and the delete takes the same lock:
    it sets the new lines' rule to empty after the import, or the import finds no rule).
    Calling ``spend_import`` without the lock, as nothing outside the tests does, left
    the second import's lines on the deleted rule in 1 of 5 rounds."""
    org = make_organization()
    user = make_user(f"spend-admin-{round_}", organization=org, roles=["administrator"])
    first = export([line(D(2025, 5, 1), "Nordsoft A/S", "1.000,00")])
    spend_import(actor=user, organization=org, source=first)
    classified = SpendLine.objects.filter(organization=org).exclude(rule=None).first()
    assert classified is not None, "the example rules classify the line"
    rule = ClassificationRule.objects.get(pk=int(classified.rule_id or 0))
    later = export([line(D(2025, 6, n), "Nordsoft A/S", "10,00") for n in range(1, 29)])

    def import_more() -> None:  # the path every import takes: jobs, API, styrbar_import
        jobs.run_importer(kind="spend", actor=user, organization=org, files=[later], dry_run=False)

    def delete_rule() -> None:
        spend_rules.rule_delete(actor=user, rule=ClassificationRule.objects.get(pk=rule.pk))

    assert race(import_more, delete_rule) == [None, None]
    assert not ClassificationRule.objects.filter(pk=rule.pk).exists()
    assert not SpendLine.objects.filter(rule_id=rule.pk).exists()
    assert SpendLine.objects.filter(organization=org).count() == 29
