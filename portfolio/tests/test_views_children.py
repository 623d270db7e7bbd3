"""Screens for data that used to be API-only: a usage's external references, a contract's
roles and the organization's data objects."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.choices import AuditAction
from core.models import AuditEvent
from core.testing import assert_constant_queries
from organizations.testing import make_organization, make_user
from portfolio.models import ContractRole, DataObject, ExternalReference, ProcessStep
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db


def _rows(*rows: dict[str, Any], initial: int = 0) -> dict[str, str]:
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-{k}": str(v) for k, v in row.items()})
    return data


def _events(obj: Any) -> Any:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


# External references -------------------------------------------------------------------


def test_usage_references_saved_through_the_page_are_audited(org, editor, editor_client) -> None:  # type: ignore[no-untyped-def]
    usage = f.usage(org)
    url = reverse("portfolio:usage_references", kwargs={"pk": usage.pk})
    page = editor_client.get(url).content.decode()
    assert "Eksterne referencer" in page and 'name="rows-0-url"' in page

    response = editor_client.post(
        url,
        _rows(
            {"title": "Driftsaftale", "url": "example.invalid/drift"},
            {"title": "KITOS", "url": "https://kitos.example.invalid/1"},
        ),
    )
    assert response.status_code == 302
    assert list(usage.references.order_by("pk").values_list("title", "url")) == [
        ("Driftsaftale", "https://example.invalid/drift"),
        ("KITOS", "https://kitos.example.invalid/1"),
    ]
    event = _events(usage).get()
    assert event.action == AuditAction.UPDATE and event.actor == editor
    assert [r["title"] for r in event.changes["references"]["after"]] == ["Driftsaftale", "KITOS"]

    # The page shows the current rows; deleting one removes it.
    page = editor_client.get(url).content.decode()
    assert 'value="Driftsaftale"' in page
    data = _rows(
        {"title": "Driftsaftale", "url": "https://example.invalid/drift", "DELETE": "on"},
        {"title": "KITOS", "url": "https://kitos.example.invalid/1"},
        initial=2,
    )
    assert editor_client.post(url, data).status_code == 302
    assert list(usage.references.values_list("title", flat=True)) == ["KITOS"]

    detail = editor_client.get(usage.get_absolute_url(), {"fane": "roller"}).content.decode()
    assert url in detail and "KITOS" in detail


def test_usage_reference_with_bad_address_is_refused(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    usage = f.usage(org)
    url = reverse("portfolio:usage_references", kwargs={"pk": usage.pk})
    response = editor_client.post(url, _rows({"title": "Noget", "url": "ikke en adresse"}))
    assert response.status_code == 400
    assert not ExternalReference.objects.filter(usage=usage).exists()
    assert not _events(usage).exists()


# Contract roles --------------------------------------------------------------------------


def test_contract_roles_saved_through_the_page_are_audited(org, editor, editor_client) -> None:  # type: ignore[no-untyped-def]
    contract = f.contract(org)
    buyer = make_user(organization=org, roles=["indkoeber"], first_name="Ida", last_name="Indkøb")
    url = reverse("portfolio:contract_roles", kwargs={"pk": contract.pk})
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(
        url,
        _rows(
            {"kind": "owner", "user": buyer.pk},
            {"kind": "dpa", "person_name": "Tove Tilsyn"},
        ),
    )
    assert response.status_code == 302
    roles = list(contract.roles.order_by("pk").values_list("kind", "user_id", "person_name"))
    assert roles == [("owner", buyer.pk, ""), ("dpa", None, "Tove Tilsyn")]
    event = _events(contract).get()
    assert event.action == AuditAction.UPDATE and event.actor == editor
    assert len(event.changes["roles"]["after"]) == 2

    detail = editor_client.get(contract.get_absolute_url()).content.decode()
    assert "Kontraktejer: Ida Indkøb" in detail and "Tove Tilsyn" in detail and url in detail


def test_contract_role_needs_a_member_or_a_name(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    contract = f.contract(org)
    stranger = make_user(organization=make_organization(), roles=["redaktoer"])
    url = reverse("portfolio:contract_roles", kwargs={"pk": contract.pk})
    assert editor_client.post(url, _rows({"kind": "owner"})).status_code == 400
    response = editor_client.post(url, _rows({"kind": "owner", "user": stranger.pk}))
    assert response.status_code == 400
    assert not ContractRole.objects.filter(contract=contract).exists()


# Data objects ----------------------------------------------------------------------------


def test_data_object_create_edit_and_history(org, editor, editor_client) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.post(
        reverse("portfolio:data_object_create"),
        {"name": "Cpr-oplysninger", "description": "Navn og cpr-nummer", "personal_data": "on"},
    )
    obj = DataObject.objects.get(organization=org, name="Cpr-oplysninger")
    detail_url = reverse("portfolio:data_object_detail", kwargs={"pk": obj.pk})
    assert response.status_code == 302 and response["Location"] == detail_url
    assert obj.personal_data

    edit_url = reverse("portfolio:data_object_edit", kwargs={"pk": obj.pk})
    response = editor_client.post(edit_url, {"name": "Cpr-data", "description": ""})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.name == "Cpr-data" and not obj.personal_data
    assert list(_events(obj).values_list("action", flat=True)) == [
        AuditAction.UPDATE,
        AuditAction.CREATE,
    ]
    history = editor_client.get(reverse("portfolio:data_object_history", kwargs={"pk": obj.pk}))
    assert history.status_code == 200 and detail_url in history.content.decode()


def test_data_object_duplicate_name_is_a_form_error(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    f.data_object(org, name="Sagsakter")
    response = editor_client.post(reverse("portfolio:data_object_create"), {"name": "Sagsakter"})
    assert response.status_code == 400
    assert "Der findes allerede et dataobjekt med dette navn." in response.content.decode()
    assert DataObject.objects.filter(organization=org).count() == 1


def test_data_object_in_use_cannot_be_deleted(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    used_by_integration = f.data_object(org, name="Ydelser")
    f.integration(org).data_objects.add(used_by_integration)
    used_by_step = f.data_object(org, name="Ansøgninger")
    step = ProcessStep.objects.create(process=f.process(org), order=1, name="Modtag")
    step.reads.add(used_by_step)

    refusals = (
        (used_by_integration, "Dataobjektet bruges af integrationer og kan ikke slettes."),
        (used_by_step, "Dataobjektet bruges i procestrin og kan ikke slettes."),
    )
    for obj, message in refusals:
        url = reverse("portfolio:data_object_delete", kwargs={"pk": obj.pk})
        response = editor_client.post(url)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert DataObject.objects.filter(pk=obj.pk).exists()
        assert not _events(obj).exists()

    unused = f.data_object(org, name="Ubrugt")
    response = editor_client.post(reverse("portfolio:data_object_delete", kwargs={"pk": unused.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:data_object_list")
    assert not DataObject.objects.filter(pk=unused.pk).exists()
    assert _events(unused).get().action == AuditAction.DELETE


def test_data_object_detail_shows_where_it_is_used(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    obj = f.data_object(org, name="Sagsakter")
    integration = f.integration(org, interface_name="Sagsudveksling")
    integration.data_objects.add(obj)
    f.integration(org, interface_name="Andet flow")
    process = f.process(org, name="Behandling af ansøgning")
    collect = ProcessStep.objects.create(process=process, order=1, name="Modtag")
    collect.collects.add(obj)
    both = ProcessStep.objects.create(process=process, order=2, name="Afgør")
    both.collects.add(obj)
    both.reads.add(obj)
    ProcessStep.objects.create(process=process, order=3, name="Arkivér")

    page = editor_client.get(reverse("portfolio:data_object_detail", kwargs={"pk": obj.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sagsudveksling" in html and "Andet flow" not in html
    assert "1. Modtag" in html and "2. Afgør" in html and "Arkivér" not in html
    assert "indsamler, læser" in html
    assert integration.get_absolute_url() in html and process.get_absolute_url() in html


def test_data_object_list_search_filter_sort_and_counts(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    cpr = f.data_object(org, name="Cpr-oplysninger")
    cpr.personal_data = True
    cpr.save()
    f.data_object(org, name="Budgettal")
    for _ in range(2):
        f.integration(org).data_objects.add(cpr)
    url = reverse("portfolio:data_object_list")

    html = editor_client.get(url, {"q": "cpr"}).content.decode()
    assert "Cpr-oplysninger" in html and "Budgettal" not in html
    html = editor_client.get(url, {"personal_data": "nej"}).content.decode()
    assert "Budgettal" in html and "Cpr-oplysninger" not in html
    html = editor_client.get(url, {"sort": "-integrations"}).content.decode()
    assert html.index("Cpr-oplysninger") < html.index("Budgettal")
    detail = reverse("portfolio:data_object_detail", kwargs={"pk": cpr.pk})
    assert f'href="{detail}"' in html
    assert editor_client.get(url, {"sort": "hemmelig"}).status_code == 400


def test_data_object_list_exports(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    obj = f.data_object(org, name="Sagsakter")
    f.integration(org).data_objects.add(obj)
    url = reverse("portfolio:data_object_list")
    response = editor_client.get(url, {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffNavn;Personoplysninger;Integrationer;")
    assert "Sagsakter" in body
    response = editor_client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[2]][:1] == ["Sagsakter"]


def test_data_object_pages_have_constant_queries(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    def add_objects(n: int) -> None:
        for _ in range(n):
            obj = f.data_object(org)
            f.integration(org).data_objects.add(obj)

    assert_constant_queries(editor_client, reverse("portfolio:data_object_list"), add_objects)

    obj = f.data_object(org, name="Delt")
    process = f.process(org)
    order = iter(range(1, 1000))

    def add_uses(n: int) -> None:
        for _ in range(n):
            f.integration(org).data_objects.add(obj)
            step = ProcessStep.objects.create(process=process, order=next(order), name="Trin")
            step.collects.add(obj)

    url = reverse("portfolio:data_object_detail", kwargs={"pk": obj.pk})
    assert_constant_queries(editor_client, url, add_uses)


def test_integration_form_offers_only_own_data_objects(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    mine = f.data_object(org, name="Egne data")
    theirs = f.data_object(make_organization(), name="Naboens data")
    integration = f.integration(org)
    url = reverse("portfolio:integration_edit", kwargs={"pk": integration.pk})
    html = editor_client.get(url).content.decode()
    assert "Egne data" in html and "Naboens data" not in html

    base = {
        "source": integration.source_id,
        "target": integration.target_id,
        "technology": "api",
        "frequency": "daily",
        "direction": "one_way",
        "status": "active",
    }
    assert editor_client.post(url, {**base, "data_objects": [theirs.pk]}).status_code == 400
    assert editor_client.post(url, {**base, "data_objects": [mine.pk]}).status_code == 302
    assert list(integration.data_objects.all()) == [mine]
    detail = editor_client.get(integration.get_absolute_url()).content.decode()
    assert reverse("portfolio:data_object_detail", kwargs={"pk": mine.pk}) in detail
    assert (
        reverse("portfolio:data_object_list")
        in editor_client.get(reverse("portfolio:integration_list")).content.decode()
    )
