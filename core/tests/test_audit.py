from __future__ import annotations

import pytest

from core.audit import diff, snapshot
from core.models import AuditEvent
from organizations import services
from organizations.models import OrganizationUnit
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


def test_diff_lists_only_changed_fields() -> None:
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": {"before": 2, "after": 3}}
    assert diff(None, {"a": 1}) == {"a": {"before": None, "after": 1}}


def test_service_writes_record_actor_before_after_and_request_id() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    client = logged_in_client(admin, org)
    response = client.post(
        "/enheder/ny/", {"name": "Løn", "kind": "afdeling"}, HTTP_X_REQUEST_ID="req-12345678"
    )
    assert response.status_code == 302
    unit = OrganizationUnit.objects.get(organization=org, name="Løn")
    created = AuditEvent.objects.get(action="create", object_id=str(unit.pk))
    assert created.actor == admin and created.organization == org
    assert created.request_id == "req-12345678"
    assert created.changes["name"] == {"before": None, "after": "Løn"}

    services.unit_update(actor=admin, unit=unit, name="Løn og Personale")
    updated = AuditEvent.objects.get(action="update", object_id=str(unit.pk))
    assert updated.changes == {"name": {"before": "Løn", "after": "Løn og Personale"}}

    # A save that changes nothing records nothing.
    services.unit_update(actor=admin, unit=unit, name="Løn og Personale")
    assert AuditEvent.objects.filter(action="update", object_id=str(unit.pk)).count() == 1

    pk = unit.pk
    services.unit_delete(actor=admin, unit=unit)
    deleted = AuditEvent.objects.get(action="delete", object_id=str(pk))
    assert deleted.changes["name"]["before"] == "Løn og Personale"


def test_audit_events_are_append_only() -> None:
    event = AuditEvent.objects.create(action="login", actor_label="x")
    event.actor_label = "y"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_snapshot_is_json_ready() -> None:
    org = make_organization(population=1234)
    data = snapshot(org)
    assert data["population"] == 1234 and "created_at" not in data


def test_audit_log_page_filters_and_history_tab() -> None:
    org = make_organization()
    admin = make_user("revisor", organization=org, roles=["administrator"])
    unit = services.unit_create(actor=admin, organization=org, name="Arkiv", kind="afdeling")
    services.unit_update(actor=admin, unit=unit, name="Arkiv og Journal")
    client = logged_in_client(admin, org)
    page = client.get("/revisionslog/", {"actor": "revisor", "action": "update"}).content.decode()
    assert "Arkiv og Journal" in page and "1 hændelse" in page
    none = client.get("/revisionslog/", {"actor": "en-anden"}).content.decode()
    assert "0 hændelser" in none
    bad = client.get("/revisionslog/", {"date_from": "ikke-en-dato"})
    assert bad.status_code == 400 and "Ugyldig værdi" in bad.content.decode()
    history = client.get(f"/enheder/{unit.pk}/historik/").content.decode()
    assert "Arkiv og Journal" in history and "Oprettet" in history and "Ændret" in history


def test_audit_log_is_read_only_over_http() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    client = logged_in_client(admin, org)
    assert client.post("/revisionslog/").status_code == 405
