"""Live KITOS sync from the UI against the fake KITOS on loopback: the connection with its
encrypted password, runs in the background with their steps and report, the nightly
schedule, the last sync on the import page, administrators only."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import stat
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, ProcessLock
from interop import credentials, kitos_live
from interop.choices import SyncStatus, SyncTrigger
from interop.jobs import import_lock
from interop.kitos_client import STEPS, kitos_sync
from interop.models import KitosSyncRun, KitosSyncState
from interop.tests.fake_kitos import PASSWORD, USER, FakeKitos
from interop.tests.kitos_data import ORG, U, load
from organizations.models import Membership, Organization
from organizations.testing import (
    ViewAccessMixin,
    ViewCase,
    logged_in_client,
    make_organization,
    make_user,
    organization_fingerprint,
    unique,
)
from portfolio.models import Contract, SystemUsage
from tests.browser.test_import_wizard import tasks_left_queued

pytestmark = pytest.mark.django_db

ADMIN = frozenset({"administrator"})
USAGES = "/api/v2/it-system-usages"
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens on loopback


@pytest.fixture(autouse=True)
def _fast(settings: Any, tmp_path: Any) -> None:
    """No backoff between retries; the encryption key in a test directory."""
    settings.STYRBAR_KITOS_RETRY_DELAY = 0
    settings.STYRBAR_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.VAR_DIR = tmp_path


@pytest.fixture
def fake() -> Iterator[FakeKitos]:
    server = FakeKitos(
        data={
            f"/api/v2/organizations/{ORG}/organization-units": load("organization-units.json"),
            "/api/v2/it-systems": load("it-systems-page0.json", "it-systems-page1.json"),
            "/api/v2/it-interfaces": load("it-interfaces.json"),
            USAGES: load("it-system-usages-page0.json", "it-system-usages-page1.json"),
            "/api/v2/it-contracts": load("it-contracts.json"),
            "/api/v2/delta-feed/deleted-entities": load("deleted-entities.json"),
            "/api/v2/organizations": [{"uuid": ORG, "name": "Testkommune", "cvr": "29189846"}],
        }
    ).start()
    yield server
    server.stop()


@pytest.fixture
def org() -> Organization:
    return make_organization(kommunekode=997, cvr="29189846")


@pytest.fixture
def admin(org: Organization) -> Any:
    return make_user(organization=org, roles=["administrator"], first_name="Ada", last_name="Admin")


def connect(org: Organization, actor: Any, url: str, password: str = PASSWORD, **kw: Any) -> Any:
    return kitos_live.connection_save(
        actor=actor, organization=org, base_url=url, username=USER, password=password, **kw
    )


def portfolio_counts(org: Organization) -> dict[str, int]:
    """The organization's rows but the sync's own bookkeeping (runs and their audit)."""
    counts = organization_fingerprint(org)
    for label in ("interop.KitosSyncRun", "core.AuditEvent", "interop.KitosSyncState"):
        counts.pop(label, None)
    return counts


# Access ---------------------------------------------------------------------------------


def _connection_post(test: Any, org: Organization) -> dict[str, Any]:
    return {"base_url": CLOSED, "username": USER, "password": "hemmeligt", "nightly": ""}


def _configured(test: Any, org: Organization) -> dict[str, Any]:
    """An organization set up against a KITOS that does not answer (the run fails fast)."""
    KitosSyncState.objects.update_or_create(
        organization=org,
        defaults={
            "base_url": CLOSED,
            "username": USER,
            "password_encrypted": credentials.encrypt("hemmeligt"),
        },
    )
    return {"dry_run": "on"}


class TestKitosViews(ViewAccessMixin):
    view_cases = (
        ViewCase("interop:kitos", allowed=ADMIN, lists=True),
        ViewCase("interop:kitos", method="post", allowed=ADMIN, data=_connection_post),
        ViewCase(
            "interop:kitos_start",
            method="post",
            allowed=ADMIN,
            data=_configured,
            redirect="interop:kitos_run_detail",
        ),
        ViewCase("interop:kitos_run_detail", allowed=ADMIN, obj="run"),
        ViewCase("interop:kitos_run_progress", allowed=ADMIN, obj="run"),
    )

    def make_run(self, org: Organization) -> KitosSyncRun:
        return KitosSyncRun.objects.create(
            organization=org, base_url=CLOSED, status=SyncStatus.DONE, steps_total=len(STEPS)
        )

    def list_marker(self, org: Organization) -> str:
        marker = unique("Synkronisør")
        starter = make_user(first_name=marker, last_name="")
        KitosSyncRun.objects.create(organization=org, started_by=starter, base_url=CLOSED)
        return marker


# The connection -------------------------------------------------------------------------


def test_the_password_is_stored_encrypted_and_never_shown_or_audited(
    org: Organization, admin: Any
) -> None:
    client = logged_in_client(admin, org)
    secret = "Kodeord-med-æøå-1"
    response = client.post(
        reverse("interop:kitos"),
        {"base_url": "https://kitos.example.invalid", "username": USER, "password": secret},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    state = KitosSyncState.objects.get(organization=org)
    assert state.password_encrypted and secret not in state.password_encrypted
    assert credentials.decrypt(state.password_encrypted) == secret
    # Nowhere in the row as the database holds it
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {KitosSyncState._meta.db_table}")  # noqa: S608
        assert not any(secret in str(cell) for row in cursor.fetchall() for cell in row)
    event = AuditEvent.objects.filter(organization=org).latest("pk")
    assert event.actor == admin
    assert event.changes["adgangskode"]["after"] == "ny adgangskode gemt (krypteret)"
    assert event.changes["username"]["after"] == USER
    assert secret not in json.dumps(event.changes, ensure_ascii=False)
    assert state.password_encrypted not in json.dumps(event.changes)
    page = client.get(reverse("interop:kitos")).content.decode()
    assert "Adgangskoden er gemt krypteret." in page
    assert secret not in page and state.password_encrypted not in page
    # Saving without a password keeps it; forgetting it empties it (audited)
    client.post(reverse("interop:kitos"), {"base_url": state.base_url, "username": "ny@x.dk"})
    state.refresh_from_db()
    assert credentials.decrypt(state.password_encrypted) == secret and state.username == "ny@x.dk"
    client.post(
        reverse("interop:kitos"),
        {"base_url": state.base_url, "username": USER, "forget_password": "on"},
    )
    state.refresh_from_db()
    assert state.password_encrypted == ""
    assert (
        AuditEvent.objects.filter(organization=org).latest("pk").changes["adgangskode"]["after"]
        == "gemt adgangskode slettet"
    )


def test_only_http_and_https_addresses(org: Organization, admin: Any) -> None:
    client = logged_in_client(admin, org)
    response = client.post(
        reverse("interop:kitos"), {"base_url": "ftp://kitos.example.invalid", "username": USER}
    )
    assert response.status_code == 400
    assert not KitosSyncState.objects.filter(organization=org).exists()


def test_key_file_beside_the_secret_key_readable_by_the_owner_only(
    settings: Any, tmp_path: Any
) -> None:
    settings.STYRBAR_ENCRYPTION_KEY = ""
    token = credentials.encrypt("hemmeligt")
    path = tmp_path / credentials.KEY_FILE
    assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert credentials.decrypt(token) == "hemmeligt"


def test_keys_rotate_and_a_lost_key_is_a_danish_error(settings: Any) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.STYRBAR_ENCRYPTION_KEY = old
    token = credentials.encrypt("hemmeligt")
    settings.STYRBAR_ENCRYPTION_KEY = f"{new},{old}"
    assert credentials.decrypt(token) == "hemmeligt"
    settings.STYRBAR_ENCRYPTION_KEY = new
    with pytest.raises(credentials.SecretUnreadable, match="angive adgangskoden igen"):
        credentials.decrypt(token)


def test_a_lost_key_fails_the_run_with_a_danish_error(
    settings: Any, org: Organization, admin: Any, fake: FakeKitos
) -> None:
    connect(org, admin, fake.url)
    settings.STYRBAR_ENCRYPTION_KEY = Fernet.generate_key().decode()
    run = kitos_live.run_start(actor=admin, organization=org)
    assert run.status == SyncStatus.FAILED
    assert "krypteringsnøgle" in run.error
    assert not fake.seen


def test_the_password_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, org: Organization, admin: Any, fake: FakeKitos
) -> None:
    connect(org, admin, fake.url, password="")
    with pytest.raises(kitos_live.SyncRejected, match="KITOS_PASSWORD"):
        kitos_live.run_start(actor=admin, organization=org)
    monkeypatch.setenv("KITOS_PASSWORD", PASSWORD)
    run = kitos_live.run_start(actor=admin, organization=org)
    assert run.status == SyncStatus.DONE, run.error


# Runs -----------------------------------------------------------------------------------


def test_happy_path_from_the_page(org: Organization, admin: Any, fake: FakeKitos) -> None:
    # A usage whose system KITOS will not show (deactivated): reported, not blocking.
    dangling = copy.deepcopy(fake.data[USAGES][0])
    dangling.update(uuid=str(U(399)), outgoingSystemRelations=[])
    dangling["systemContext"] = {"uuid": str(U(199)), "name": "Afviklet system"}
    fake.data[USAGES].append(dangling)
    client = logged_in_client(admin, org)
    client.post(
        reverse("interop:kitos"),
        {"base_url": fake.url, "username": USER, "password": PASSWORD},
    )
    response = client.post(reverse("interop:kitos_start"), {})
    run = KitosSyncRun.objects.get(organization=org)
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.status == SyncStatus.DONE, run.error
    assert run.started_by == admin and run.trigger == SyncTrigger.MANUAL
    assert run.steps_done == run.steps_total == len(STEPS)
    assert run.report["created"] == 15 and run.report["errors"] == []
    assert [u["uuid"] for u in run.report["unresolved"]] == [str(U(199))]
    # the missing system was asked for by its uuid first
    assert fake.requests_to(f"/api/v2/it-systems/{U(199)}")
    assert SystemUsage.objects.filter(organization=org).count() == 3
    assert Contract.objects.filter(organization=org).count() == 2
    state = KitosSyncState.objects.get(organization=org)
    assert str(state.kitos_organization_uuid) == ORG and state.last_sync_at is not None
    # audited: the start and the import's summary
    reprs = list(AuditEvent.objects.filter(organization=org).values_list("object_repr", flat=True))
    assert "KITOS-synkronisering startet" in reprs and "KITOS-import" in reprs
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Synkroniseringen er gennemført" in page
    assert "Afviklet system" in page and str(U(199)) in page
    # The import page shows the last sync's status and warnings to whoever imports.
    editor = make_user(organization=org, roles=["redaktoer"])
    listing = logged_in_client(editor, org).get(reverse("interop:import_list")).content.decode()
    assert "Seneste synkronisering" in listing and "Gennemført" in listing
    assert "Bemærkninger fra KITOS-synkroniseringen" in listing and "Afviklet system" in listing
    assert reverse("interop:kitos") not in listing  # the settings are for administrators


def test_wrong_password_is_a_clear_danish_error_and_changes_nothing(
    org: Organization, admin: Any, fake: FakeKitos
) -> None:
    connect(org, admin, fake.url, password="forkert")
    before = portfolio_counts(org)
    run = kitos_live.run_start(actor=admin, organization=org)
    assert run.status == SyncStatus.FAILED
    assert run.error == (
        f"KITOS afviste login for {USER} (HTTP 401). Kontrollér KITOS-brugeren og adgangskoden."
    )
    assert portfolio_counts(org) == before
    assert KitosSyncState.objects.get(organization=org).last_sync_at is None
    listing = logged_in_client(admin, org).get(reverse("interop:import_list")).content.decode()
    assert "Den seneste KITOS-synkronisering fejlede" in listing
    assert "KITOS afviste login" in listing


def test_server_down_is_a_clear_error_and_changes_nothing(org: Organization, admin: Any) -> None:
    down = FakeKitos().start()
    url = down.url
    down.stop()  # the port is closed now
    connect(org, admin, url)
    before = portfolio_counts(org)
    run = kitos_live.run_start(actor=admin, organization=org)
    assert run.status == SyncStatus.FAILED
    assert run.error.startswith("KITOS svarer ikke") and "efter 3 forsøg" in run.error
    assert portfolio_counts(org) == before
    page = logged_in_client(admin, org).get(run.get_absolute_url()).content.decode()
    assert "Synkroniseringen kunne ikke gennemføres; intet er ændret" in page


def test_server_error_mid_sync_leaves_the_previous_data(
    org: Organization, admin: Any, fake: FakeKitos
) -> None:
    connect(org, admin, fake.url)
    assert kitos_live.run_start(actor=admin, organization=org).status == SyncStatus.DONE
    before = sorted(SystemUsage.objects.values_list("uuid", "local_name", "updated_at"))
    fake.data[USAGES][0]["lastModified"] = "2999-01-01T00:00:00Z"
    fake.data[USAGES][0]["general"]["localCallName"] = "Ændret"
    fake.failures["/api/v2/it-contracts"] = [500, 500, 500]
    run = kitos_live.run_start(actor=admin, organization=org)
    assert run.status == SyncStatus.FAILED and "HTTP 500" in run.error
    assert sorted(SystemUsage.objects.values_list("uuid", "local_name", "updated_at")) == before


def test_progress_states(
    org: Organization, admin: Any, fake: FakeKitos, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(org, admin, fake.url)
    client = logged_in_client(admin, org)
    with tasks_left_queued():
        response = client.post(reverse("interop:kitos_start"), {"full": "on"})
    run = KitosSyncRun.objects.get(organization=org)
    assert response["Location"] == run.get_absolute_url()
    assert run.status == SyncStatus.QUEUED and run.full  # nothing ran in the request
    assert not fake.seen and not SystemUsage.objects.exists()
    progress_url = reverse("interop:kitos_run_progress", args=[run.pk])
    queued = client.get(progress_url)
    assert "I kø" in queued.content.decode()
    assert f'hx-get="{progress_url}"' in queued.content.decode()
    assert "HX-Refresh" not in queued
    # A second start while one is queued is refused
    again = client.post(reverse("interop:kitos_start"), {}, follow=True)
    assert "En synkronisering med KITOS kører allerede." in again.content.decode()
    assert KitosSyncRun.objects.filter(organization=org).count() == 1

    # What the worker does: each step is on the run (and on its progress bar) as it runs.
    seen: list[tuple[str, str, int, str]] = []
    real = kitos_sync

    def watched(**kwargs: Any) -> Any:
        told = kwargs.pop("progress")

        def progress(step: str) -> None:
            told(step)
            now = KitosSyncRun.objects.get(pk=run.pk)
            page = client.get(progress_url).content.decode()
            seen.append((now.status, now.phase, now.steps_done, page))

        return real(progress=progress, **kwargs)

    monkeypatch.setattr("interop.kitos_live.kitos_sync", watched)
    kitos_live.run_execute(run.pk)
    assert [s[1] for s in seen] == list(STEPS)
    assert all(status == SyncStatus.RUNNING for status, *_rest in seen)
    assert [s[2] for s in seen] == list(range(len(STEPS)))
    usages_page = next(page for _s, phase, _n, page in seen if phase == "it-system-usages")
    assert "Henter systemanvendelser" in usages_page and "trin 4 af 10" in usages_page
    assert "hx-get" in usages_page
    run.refresh_from_db()
    assert run.status == SyncStatus.DONE and run.percent == 100
    done = client.get(progress_url)
    assert done["HX-Refresh"] == "true"
    assert kitos_live.run_execute(run.pk).status == SyncStatus.DONE  # executed once only
    assert len(fake.requests_to("/api/authorize/GetToken")) == 1


def test_the_sync_takes_the_import_lock(
    org: Organization, admin: Any, fake: FakeKitos, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(org, admin, fake.url)
    held: list[int] = []
    real = import_lock

    def spy(organization: Organization) -> Any:
        held.append(organization.pk)
        return real(organization)

    monkeypatch.setattr("interop.kitos_live.import_lock", spy)
    assert kitos_live.run_start(actor=admin, organization=org).status == SyncStatus.DONE
    assert held == [org.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the lock row is SQLite's mechanism")
def test_a_sync_waits_for_another_import_of_the_organization(
    settings: Any, org: Organization, admin: Any, fake: FakeKitos
) -> None:
    connect(org, admin, fake.url)
    ProcessLock.objects.create(key=f"import:{org.pk}", holder="x", acquired_at=timezone.now())
    settings.STYRBAR_IMPORT_LOCK_WAIT = 0
    run = kitos_live.run_start(actor=admin, organization=org)
    assert run.status == SyncStatus.FAILED and "En anden import" in run.error
    assert not SystemUsage.objects.exists()


def test_an_administrator_who_lost_the_role_cannot_run_a_queued_sync(
    org: Organization, admin: Any, fake: FakeKitos
) -> None:
    connect(org, admin, fake.url)
    with tasks_left_queued():
        run = kitos_live.run_start(actor=admin, organization=org)
    Membership.objects.filter(user=admin, organization=org).update(role="laeser")
    run = kitos_live.run_execute(run.pk)
    assert run.status == SyncStatus.FAILED and "ikke længere ret" in run.error
    assert not fake.seen


# The nightly schedule -------------------------------------------------------------------


def _command(*args: str) -> tuple[list[dict[str, Any]], int]:
    out = io.StringIO()
    code = 0
    try:
        call_command("kitos_sync_scheduled", *args, stdout=out)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return json.loads(out.getvalue().strip().splitlines()[-1]), code


def test_nightly_schedule(org: Organization, admin: Any, fake: FakeKitos) -> None:
    connect(org, admin, fake.url, nightly=True)
    other = make_organization(kommunekode=998)
    other_admin = make_user(organization=other, roles=["administrator"])
    connect(other, other_admin, fake.url)  # not nightly
    state = KitosSyncState.objects.get(organization=org)
    assert state.nightly and state.scheduled_by == admin

    summary, code = _command()
    assert code == 0 and [s["organization"] for s in summary] == [org.pk]
    run = KitosSyncRun.objects.get(organization=org)
    assert run.trigger == SyncTrigger.SCHEDULED and run.started_by == admin
    assert run.status == SyncStatus.DONE and summary[0]["status"] == "done"
    assert not KitosSyncRun.objects.filter(organization=other).exists()
    assert SystemUsage.objects.filter(organization=org).count() == 3

    # --enqueue hands it to the worker; a night while it still runs skips the organization
    with tasks_left_queued():
        summary, code = _command("--enqueue")
        assert summary[0]["status"] == "queued"
        summary, code = _command("--org", "997")
    assert summary[0]["status"] == "skipped" and "kører allerede" in summary[0]["error"]
    assert KitosSyncRun.objects.filter(organization=org).count() == 2
    KitosSyncRun.objects.filter(status=SyncStatus.QUEUED).update(status=SyncStatus.FAILED)

    # The administrator who chose it is no longer one: the night's run fails visibly.
    Membership.objects.filter(user=admin, organization=org).update(role="redaktoer")
    summary, code = _command()
    assert code == 1 and summary[0]["status"] == "failed"
    assert "En administrator skal gemme KITOS-opsætningen igen." in summary[0]["error"]
    listing = logged_in_client(admin, org).get(reverse("interop:import_list")).content.decode()
    assert "Den seneste KITOS-synkronisering fejlede" in listing

    # Turning the nightly run off stops it
    other_admin_here = make_user(organization=org, roles=["administrator"])
    connect(org, other_admin_here, fake.url, nightly=False)
    summary, code = _command()
    assert summary == [] and code == 0
    state.refresh_from_db()
    assert state.scheduled_by is None


def test_a_run_whose_worker_died_does_not_block_the_next(
    org: Organization, admin: Any, fake: FakeKitos
) -> None:
    connect(org, admin, fake.url)
    with tasks_left_queued():
        stuck = kitos_live.run_start(actor=admin, organization=org)
    KitosSyncRun.objects.filter(pk=stuck.pk).update(
        status=SyncStatus.RUNNING, updated_at=timezone.now() - dt.timedelta(hours=5)
    )
    with pytest.raises(kitos_live.SyncRejected, match="kører allerede"):
        kitos_live.run_start(actor=admin, organization=org)
    KitosSyncRun.objects.filter(pk=stuck.pk).update(
        updated_at=timezone.now() - kitos_live.STALE_AFTER - dt.timedelta(minutes=1)
    )
    run = kitos_live.run_start(actor=admin, organization=org)
    assert run.status == SyncStatus.DONE, run.error
    stuck.refresh_from_db()
    assert stuck.status == SyncStatus.FAILED and "stoppede uden at blive færdig" in stuck.error
