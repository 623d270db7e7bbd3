"""One import per organization at a time (issue 17: the same file imported twice at the
same moment created every record twice). The PostgreSQL test races real connections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from core.locks import LockTimeout, exclusive
from core.models import ProcessLock
from core.permissions import SystemActor
from core.testing import postgres_race, race
from interop import jobs
from interop.choices import ImportKind
from interop.tabular.read import TableError
from organizations.testing import make_organization
from portfolio.models import CatalogSystem, SystemUsage

NAMES = 60

#: The lock row is the SQLite mechanism; on PostgreSQL the lock is an advisory lock, which
#: the race test below exercises with two real connections.
lock_row = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the lock row is SQLite's mechanism"
)


def _file() -> bytes:
    rows = "".join(f"System {n};Katalog {n}\n" for n in range(NAMES))
    return ("Lokalt navn;Katalogsystem\n" + rows).encode("cp1252")


def _import(org: Any) -> None:
    outcome = jobs.run_importer(
        kind=ImportKind.CSV, actor=SystemActor(), organization=org, files=[_file()], dry_run=False
    )
    assert outcome.committed, outcome.report


@pytest.mark.django_db
def test_the_same_file_twice_creates_each_record_once() -> None:
    org = make_organization(kommunekode=None)
    _import(org)
    _import(org)
    assert SystemUsage.objects.filter(organization=org).count() == NAMES


@lock_row
@pytest.mark.django_db
def test_the_lock_is_a_row_while_held_re_entrant_and_gone_after() -> None:
    with exclusive("import:test"):
        with exclusive("import:test"):  # re-entrant in the same thread
            assert ProcessLock.objects.filter(key="import:test").count() == 1
        assert ProcessLock.objects.filter(key="import:test").count() == 1
    assert not ProcessLock.objects.filter(key="import:test").exists()


@lock_row
@pytest.mark.django_db
def test_a_stale_lock_row_is_taken_over() -> None:
    ProcessLock.objects.create(
        key="import:stale", holder="gone:1:1", acquired_at=timezone.now() - dt.timedelta(hours=3)
    )
    with exclusive("import:stale", wait=0):
        assert ProcessLock.objects.get(key="import:stale").holder != "gone:1:1"


@lock_row
@pytest.mark.django_db
def test_waiting_too_long_for_the_lock_is_a_danish_error(settings: object) -> None:
    org = make_organization(kommunekode=None)
    ProcessLock.objects.create(key=f"import:{org.pk}", holder="x", acquired_at=timezone.now())
    settings.STYRBAR_IMPORT_LOCK_WAIT = 0  # type: ignore[attr-defined]
    with pytest.raises(TableError, match="En anden import"):
        _import(org)
    assert not SystemUsage.objects.filter(organization=org).exists()
    with pytest.raises(LockTimeout), exclusive(f"import:{org.pk}", wait=0):
        pass


@postgres_race
def test_postgres_two_imports_of_the_same_file_at_once_create_each_record_once(
    round_: int,
) -> None:
    org = make_organization(kommunekode=None)
    outcomes = race(lambda: _import(org), lambda: _import(org))
    assert outcomes == [None, None]
    assert SystemUsage.objects.filter(organization=org).count() == NAMES
    assert CatalogSystem.objects.filter(owner_organization=org).count() == NAMES


@pytest.mark.django_db
def test_the_upload_cap_message_states_the_real_sizes(settings: object) -> None:
    """Issue 17: a 20 MiB cap was announced as '21.0 MB' (sizes in 10^6 bytes)."""
    settings.STYRBAR_MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # type: ignore[attr-defined]
    org = make_organization(kommunekode=None)
    data = b"Navn\n" + b"x" * (20 * 1024 * 1024)
    with pytest.raises(jobs.UploadRejected) as refused:
        jobs.job_create(actor=SystemActor(), organization=org, filename="stor.csv", data=data)
    message = str(refused.value)
    assert "grænsen er 20,0 MB (20.971.520 bytes)" in message
    assert f"({len(data):,} bytes)".replace(",", ".") in message


@pytest.mark.django_db
def test_the_api_upload_cap_message_states_the_real_size_of_the_body(settings: object) -> None:
    """The API reads one byte over the cap; the message names the body's whole size."""
    from django.test import Client

    from organizations.testing import make_token, make_user

    settings.STYRBAR_MAX_UPLOAD_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    org = make_organization(kommunekode=None)
    token = make_token(make_user(organization=org, roles=["administrator"]))
    data = b"Navn\n" + b"x" * (3 * 1024 * 1024)
    response = Client().post(
        f"/api/v1/organizations/{org.pk}/imports",
        data,
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 413
    message = response.json()["message"]
    assert "grænsen er 1,0 MB (1.048.576 bytes)" in message
    assert f"({len(data):,} bytes)".replace(",", ".") in message
