"""The read-replica router (core.replica, issue 19) against a second database standing in
for the replica (``replica`` in config/settings_test.py: test_<name>_replica). The stand-in
is not replicated, so a row changed on the primary only is exactly a replica that lags."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import LazySettings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.replica import PIN_COOKIE, ReplicaRouter, replica_reads
from organizations.models import Organization
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture(autouse=True)
def replica_on(settings: LazySettings) -> Iterator[None]:
    settings.STYRBAR_READ_REPLICA = "replica"
    settings.STYRBAR_REPLICA_LAG_SECONDS = 30
    yield


def _lagging_copy(org: Organization, name: str) -> None:
    """The organization as the replica still has it: an older name."""
    stale = Organization.objects.using("default").get(pk=org.pk)
    stale.name = name
    stale.save(using="replica", force_insert=True)


def test_reads_go_to_the_replica_only_inside_replica_reads() -> None:
    org = make_organization(name="Nyt navn")
    _lagging_copy(org, "Gammelt navn")
    assert Organization.objects.get(pk=org.pk).name == "Nyt navn"
    with replica_reads():
        assert Organization.objects.get(pk=org.pk).name == "Gammelt navn"
    assert Organization.objects.get(pk=org.pk).name == "Nyt navn"


def test_reads_after_a_write_in_the_same_block_stay_on_the_primary() -> None:
    org = make_organization(name="Nyt navn")
    _lagging_copy(org, "Gammelt navn")
    with replica_reads():
        assert Organization.objects.get(pk=org.pk).name == "Gammelt navn"
        Organization.objects.filter(pk=org.pk).update(name="Skrevet nu")
        # The replica has not seen the write; the read after it must.
        assert Organization.objects.get(pk=org.pk).name == "Skrevet nu"
    assert Organization.objects.using("replica").get(pk=org.pk).name == "Gammelt navn"


def test_reads_inside_a_transaction_stay_on_the_primary() -> None:
    org = make_organization(name="Nyt navn")
    _lagging_copy(org, "Gammelt navn")
    with replica_reads(), transaction.atomic():
        assert Organization.objects.get(pk=org.pk).name == "Nyt navn"
        locked = Organization.objects.select_for_update().get(pk=org.pk)
        assert locked.name == "Nyt navn"


def test_writes_always_go_to_the_primary_even_for_an_object_read_from_the_replica() -> None:
    org = make_organization(name="Nyt navn")
    _lagging_copy(org, "Gammelt navn")
    with replica_reads():
        from_replica = Organization.objects.get(pk=org.pk)
        assert from_replica._state.db == "replica"
        from_replica.name = "Rettet"
        from_replica.save(update_fields=["name"])
    assert Organization.objects.using("default").get(pk=org.pk).name == "Rettet"
    assert Organization.objects.using("replica").get(pk=org.pk).name == "Gammelt navn"
    assert ReplicaRouter().db_for_write(Organization, instance=from_replica) == "default"


def test_without_a_replica_the_router_answers_nothing(settings: LazySettings) -> None:
    settings.STYRBAR_READ_REPLICA = ""
    with replica_reads():
        assert ReplicaRouter().db_for_read(Organization) is None
        assert ReplicaRouter().allow_relation(object(), object()) is None
        assert ReplicaRouter().db_for_write(Organization) is None


def test_an_analysis_page_reads_from_the_replica_and_a_recent_write_pins_the_primary() -> None:
    org = make_organization(name="Analysekommune")
    _lagging_copy(org, "Analysekommune")
    user = make_user(organization=org, roles=["arkitekt"])
    client = logged_in_client(user, org)
    page = reverse("portfolio:analysis_costs")

    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(page)
    assert response.status_code == 200
    assert len(on_replica.captured_queries) > 0  # the analysis read the replica
    assert PIN_COOKIE not in response.cookies  # a read-only request pins nothing

    # Logging in writes (last login, session): the pages that follow read the primary
    # for STYRBAR_REPLICA_LAG_SECONDS, whatever the replica has caught up with.
    fresh = logged_in_client(user, org)
    fresh.logout()
    login = fresh.post(
        reverse("accounts:login"), {"username": user.username, "password": "test-password-1"}
    )
    assert login.status_code == 302
    assert PIN_COOKIE in login.cookies and int(login.cookies[PIN_COOKIE]["max-age"]) == 30
    with CaptureQueriesContext(connections["replica"]) as pinned:
        assert fresh.get(page).status_code == 200
        assert fresh.get(reverse("organizations:dashboard")).status_code == 200
    assert pinned.captured_queries == []

    # Once the window has passed, the replica serves the page again.
    fresh.cookies[PIN_COOKIE] = "0"
    with CaptureQueriesContext(connections["replica"]) as again:
        assert fresh.get(page).status_code == 200
    assert len(again.captured_queries) > 0


def test_the_worker_and_commands_never_read_the_replica() -> None:
    """Outside a request's replica_reads() (tasks, commands, services) nothing routes
    to the replica."""
    org = make_organization(name="Nyt navn")
    _lagging_copy(org, "Gammelt navn")
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert Organization.objects.get(pk=org.pk).name == "Nyt navn"
        assert ReplicaRouter().db_for_read(Organization) is None
    assert on_replica.captured_queries == []
