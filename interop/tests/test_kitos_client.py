"""The live KITOS client and sync against a fake KITOS on loopback."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from interop.kitos_client import KitosClient, KitosError, kitos_sync
from interop.models import KitosSyncState
from interop.tests.fake_kitos import PASSWORD, USER, FakeKitos
from interop.tests.kitos_data import ORG, U, load
from organizations.models import Organization
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.models import Contract, Integration, SystemUsage

pytestmark = pytest.mark.django_db

USAGES = "/api/v2/it-system-usages"
CONTRACTS = "/api/v2/it-contracts"


@pytest.fixture
def fake() -> Iterator[FakeKitos]:
    server = FakeKitos(
        data={
            f"/api/v2/organizations/{ORG}/organization-units": load("organization-units.json"),
            "/api/v2/it-systems": load("it-systems-page0.json", "it-systems-page1.json"),
            "/api/v2/it-interfaces": load("it-interfaces.json"),
            USAGES: load("it-system-usages-page0.json", "it-system-usages-page1.json"),
            CONTRACTS: load("it-contracts.json"),
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
def editor(org: Organization) -> Any:
    return make_user(organization=org, roles=["arkitekt"])


def client(fake: FakeKitos, **kwargs: Any) -> KitosClient:
    sleeps: list[float] = []
    made = KitosClient(
        base_url=fake.url,
        username=USER,
        password=PASSWORD,
        backoff=0.001,
        sleep=sleeps.append,
        **kwargs,
    )
    made.sleeps = sleeps  # type: ignore[attr-defined]
    return made


def sync(editor: Any, org: Organization, kitos: KitosClient, **kwargs: Any) -> Any:
    return kitos_sync(actor=editor, organization=org, client=kitos, **kwargs)


def snapshot() -> list[tuple[Any, ...]]:
    return sorted(SystemUsage.objects.values_list("uuid", "lifecycle", "local_name", "updated_at"))


def test_full_sync_pages_until_a_short_or_empty_page(
    fake: FakeKitos, editor: Any, org: Organization
) -> None:
    report = sync(editor, org, client(fake, page_size=2))
    assert report.errors == [], report.errors
    assert report.committed
    assert SystemUsage.objects.filter(organization=org).count() == 3
    assert Contract.objects.filter(organization=org).count() == 2
    assert Integration.objects.filter(organization=org).count() == 2
    # 3 usages with pageSize 2: a full page, then a short page.
    assert [(s.query["page"], s.query["pageSize"]) for s in fake.requests_to(USAGES)] == [
        ("0", "2"),
        ("1", "2"),
    ]
    # 2 contracts with pageSize 2: a full page, then an empty page.
    assert [s.query["page"] for s in fake.requests_to(CONTRACTS)] == ["0", "1"]
    # 1 interface: one short page.
    assert len(fake.requests_to("/api/v2/it-interfaces")) == 1
    assert all("changedSinceGtEq" not in s.query for s in fake.seen)
    assert fake.requests_to(USAGES)[0].query["organizationUuid"] == ORG
    # the organization was found by its CVR number and remembered
    state = KitosSyncState.objects.get(organization=org)
    assert str(state.kitos_organization_uuid) == ORG and state.last_sync_at is not None
    assert not fake.requests_to("/api/v2/delta-feed/deleted-entities")


def test_second_run_asks_only_for_changes_and_deleted_entities(
    fake: FakeKitos, editor: Any, org: Organization
) -> None:
    sync(editor, org, client(fake))
    first = KitosSyncState.objects.get(organization=org).last_sync_at
    changed = copy.deepcopy(fake.data[USAGES][0])
    changed["lastModified"] = "2999-01-01T00:00:00Z"
    changed["general"]["validity"]["lifeCycleStatus"] = "phasingOut"
    fake.data[USAGES] = [changed, *fake.data[USAGES][1:]]
    fake.seen.clear()

    report = sync(editor, org, client(fake))
    assert report.errors == [], report.errors
    since = fake.requests_to(USAGES)[0].query["changedSinceGtEq"]
    assert first is not None and since.startswith(first.strftime("%Y-%m-%dT%H:%M"))
    assert fake.requests_to(CONTRACTS)[0].query["changedSinceGtEq"] == since
    assert fake.requests_to("/api/v2/delta-feed/deleted-entities")[0].query["deletedSinceUTC"]
    assert report.counts["usages"]["updated"] == 2  # the changed one and the deleted one
    assert report.counts["contracts"] == {"created": 0, "updated": 0, "unchanged": 0}
    assert SystemUsage.objects.get(uuid=U(301)).lifecycle == c.Lifecycle.PHASING_OUT
    assert SystemUsage.objects.get(uuid=U(302)).lifecycle == c.Lifecycle.NOT_IN_USE
    assert report.deleted == [str(U(302))]
    assert SystemUsage.objects.filter(organization=org).count() == 3
    last = KitosSyncState.objects.get(organization=org).last_sync_at
    assert last is not None and last > first


def test_delta_fetches_unchanged_catalog_system_of_a_new_usage(
    fake: FakeKitos, editor: Any, org: Organization
) -> None:
    sync(editor, org, client(fake))
    system = {**fake.data["/api/v2/it-systems"][0], "uuid": str(U(104)), "name": "Nyt system"}
    fake.single[f"/api/v2/it-systems/{U(104)}"] = system
    usage = copy.deepcopy(fake.data[USAGES][1])
    usage.update(uuid=str(U(304)), lastModified="2999-01-01T00:00:00Z", outgoingSystemRelations=[])
    usage["systemContext"] = {"uuid": str(U(104)), "name": "Nyt system"}
    fake.data[USAGES].append(usage)
    report = sync(editor, org, client(fake))
    assert report.errors == [], report.errors
    assert SystemUsage.objects.get(uuid=U(304)).catalog_system.name == "Nyt system"


def test_401_mid_run_reauthenticates_once(fake: FakeKitos, editor: Any, org: Organization) -> None:
    fake.failures[CONTRACTS] = [401]
    kitos = client(fake)
    report = sync(editor, org, kitos)
    assert report.committed, report.errors
    assert fake.tokens_issued == 2


def test_repeated_401_fails_clearly(fake: FakeKitos, editor: Any, org: Organization) -> None:
    fake.failures[CONTRACTS] = [401, 401]
    report = sync(editor, org, client(fake))
    assert not report.committed
    assert "HTTP 401" in report.errors[0]["message"]
    assert not SystemUsage.objects.exists()
    assert not KitosSyncState.objects.exists()


def test_5xx_is_retried_with_backoff(fake: FakeKitos, editor: Any, org: Organization) -> None:
    fake.failures[USAGES] = [503, 502]
    kitos = client(fake)
    report = sync(editor, org, kitos)
    assert report.committed, report.errors
    assert kitos.sleeps == [0.001, 0.002]  # type: ignore[attr-defined]


def test_5xx_three_times_fails_and_leaves_data_untouched(
    fake: FakeKitos, editor: Any, org: Organization
) -> None:
    sync(editor, org, client(fake))
    before = snapshot()
    state_before = KitosSyncState.objects.get(organization=org).last_sync_at
    fake.data[USAGES][0]["lastModified"] = "2999-01-01T00:00:00Z"
    fake.data[USAGES][0]["general"]["localCallName"] = "Ændret"
    fake.failures[CONTRACTS] = [500, 500, 500]
    report = sync(editor, org, client(fake))
    assert not report.committed
    assert "HTTP 500" in report.errors[0]["message"] and "3" in report.errors[0]["message"]
    assert snapshot() == before
    assert KitosSyncState.objects.get(organization=org).last_sync_at == state_before


def test_wrong_password_is_a_clear_error(fake: FakeKitos, editor: Any, org: Organization) -> None:
    kitos = KitosClient(base_url=fake.url, username=USER, password="forkert", sleep=lambda s: None)
    report = sync(editor, org, kitos)
    assert "login" in report.errors[0]["message"]
    assert not SystemUsage.objects.exists()


def test_only_http_urls() -> None:
    with pytest.raises(KitosError):
        KitosClient(base_url="file:///etc", username=USER, password=PASSWORD)


def test_unknown_cvr_is_a_clear_error(fake: FakeKitos, editor: Any, org: Organization) -> None:
    fake.data["/api/v2/organizations"] = []
    report = sync(editor, org, client(fake))
    assert "29189846" in report.errors[0]["message"]


def test_sync_command(
    fake: FakeKitos, editor: Any, org: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KITOS_PASSWORD", PASSWORD)
    args = ["--org", "997", "--url", fake.url, "--user", USER, "--actor", editor.username]
    out = io.StringIO()
    call_command("kitos_sync", *args, "--kitos-org", ORG, "--retry-delay", "0", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["created"] == 15 and result["errors"] == []
    fake.failures[USAGES] = [500, 500, 500]
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("kitos_sync", *args, "--retry-delay", "0", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["created"] == 0 and "HTTP 500" in result["errors"][0]["message"]
