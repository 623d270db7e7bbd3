"""A source's saved column mapping: the edit page (Danish errors, optimistic concurrency,
audit), the API, and the importer reading what was saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.concurrency import VERSION_FIELD, version
from core.models import AuditEvent
from organizations.testing import logged_in_client, make_token
from spend import sources
from spend.importer import spend_import
from spend.models import SpendSource
from spend.synthetic import csv_bytes

pytestmark = pytest.mark.django_db
D = dt.date
MAPPING = {"Dato": "posted", "Modtager": "vendor_name", "Kr": "amount", "Moms": ""}


def _source(org: Any) -> SpendSource:
    return SpendSource.objects.create(organization=org, name="Økonomisystem", columns=MAPPING)


def _post(client: Any, source: SpendSource, columns: str, **extra: Any) -> Any:
    return client.post(
        reverse("spend:source_edit", args=[source.pk]),
        {"name": source.name, "columns": columns, **extra},
    )


def test_the_edit_page_shows_the_mapping_by_danish_field_names(org: Any, architect: Any) -> None:
    source = _source(org)
    page = logged_in_client(architect, org).get(reverse("spend:source_edit", args=[source.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dato = Bogføringsdato" in text and "Moms = ignoreres" in text
    detail = logged_in_client(architect, org).get(reverse("spend:source_detail", args=[source.pk]))
    assert "Modtager" in detail.content.decode() and "Kreditor" in detail.content.decode()


def test_a_saved_mapping_is_audited_and_read_by_the_next_import(org: Any, architect: Any) -> None:
    source = _source(org)
    client = logged_in_client(architect, org)
    response = _post(
        client,
        source,
        "Dato = Bogføringsdato\nModtager = ignoreres\nLev.nr = Kreditornr.\nKr = beløb",
        **{VERSION_FIELD: version(source)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source.refresh_from_db()
    assert source.columns == {
        "Dato": "posted",
        "Modtager": "",
        "Lev.nr": "vendor_number",
        "Kr": "amount",
    }
    event = AuditEvent.objects.filter(object_id=str(source.pk)).latest("pk")
    assert "columns" in str(event.changes)
    # The headers are no synonyms: only the saved mapping lets the import read them.
    data = csv_bytes(
        [["03-02-2025", "Navnet bruges ikke", "4711", "1.250,00"]],
        headers=["Dato", "Modtager", "Lev.nr", "Kr"],
    )
    report = spend_import(actor=architect, organization=org, source=data)
    assert report.committed and report.lines == 1 and report.ignored_columns == ["Modtager"]
    assert report.as_json()["total"] == "1250.00"


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ("Dato = Bogføringsdato\nKr = Pris\nModtager = Kreditor", "»Pris« er ikke et felt"),
        (
            "Dato = Bogføringsdato\nDato = Beløb\nModtager = Kreditor",
            "kolonnen »Dato« står allerede i linje 1",
        ),
        ("Modtager = Kreditor\nKr = Beløb", "Kolonnen med Bogføringsdato mangler."),
        ("Dato = Bogføringsdato\nKr = Beløb\nModtager = ignoreres", "kreditorens navn, nummer"),
        (
            "Dato = Bogføringsdato\nBilagsdato = Bogføringsdato\nKr = Beløb\nModtager = Kreditor",
            "Bogføringsdato er valgt for både kolonnen »Dato« og kolonnen »Bilagsdato«",
        ),
        ("Dato Bogføringsdato", "skriv »kolonneoverskrift = felt«"),
    ],
)
def test_an_invalid_mapping_is_a_danish_error_and_changes_nothing(
    org: Any, architect: Any, columns: str, message: str
) -> None:
    source = _source(org)
    before = AuditEvent.objects.count()
    response = _post(logged_in_client(architect, org), source, columns)
    assert response.status_code == 400
    assert message in response.content.decode()
    source.refresh_from_db()
    assert source.columns == MAPPING and AuditEvent.objects.count() == before


def test_an_edit_against_an_old_version_is_a_conflict_not_an_overwrite(
    org: Any, architect: Any
) -> None:
    source = _source(org)
    seen = version(source)
    sources.source_update(actor=architect, source=source, columns={**MAPPING, "Moms": "text"})
    response = _post(
        logged_in_client(architect, org),
        source,
        "Dato = Bogføringsdato\nModtager = Kreditor\nKr = Beløb",
        **{VERSION_FIELD: seen},
    )
    assert response.status_code == 409
    source.refresh_from_db()
    assert source.columns["Moms"] == "text"


def test_the_api_refuses_an_invalid_mapping_and_honours_if_match(org: Any, architect: Any) -> None:
    source = _source(org)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(architect)}")
    url = f"/api/v1/organizations/{org.pk}/spend-sources/{source.pk}"
    got = client.get(url)
    assert got.status_code == 200 and got.json()["columns"] == MAPPING
    bad = client.patch(
        url, {"columns": {"Dato": "posted", "Kr": "beløb"}}, content_type="application/json"
    )
    assert bad.status_code in (400, 422)
    errors = bad.json()["errors"]["columns"]
    assert errors[0].startswith("»beløb« (kolonnen »Kr«) er ikke") and len(errors) == 3
    assert "Kolonnen med Beløb mangler." in errors
    ok = client.patch(
        url,
        {"columns": {**MAPPING, "Tekst": "text"}},
        content_type="application/json",
        HTTP_IF_MATCH=got["ETag"],
    )
    assert ok.status_code == 200 and ok.json()["columns"]["Tekst"] == "text"
    stale = client.patch(
        url, {"name": "Andet"}, content_type="application/json", HTTP_IF_MATCH=got["ETag"]
    )
    assert stale.status_code == 412


def test_a_source_with_imports_cannot_be_deleted(org: Any, architect: Any) -> None:
    data = csv_bytes(
        [["03-02-2025", "Nordsoft A/S", "100,00"]], headers=["Dato", "Kreditor", "Beløb"]
    )
    spend_import(actor=architect, organization=org, source=data)
    source = SpendSource.objects.get(organization=org)
    with pytest.raises(ValidationError, match="Kilden kan ikke slettes"):
        sources.source_delete(actor=architect, source=source)
    assert SpendSource.objects.filter(pk=source.pk).exists()
