"""Import wizard and export pages and API: access, isolation and the whole flow."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from core.testing import assert_constant_queries
from interop import jobs
from interop.models import ImportJob, ImportMapping, ImportStatus
from organizations.models import Organization
from organizations.testing import (
    ApiAccessMixin,
    ApiCase,
    Entity,
    ViewAccessMixin,
    ViewCase,
    fixed,
    logged_in_client,
    make_organization,
    make_token,
    make_user,
    unique,
)
from portfolio.models import Contract, SystemUsage
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

EDITORS = frozenset({"redaktoer", "arkitekt", "administrator"})
CSV = "Lokalt navn;Katalogsystem;Livscyklus\nESDH;Acadre;I drift\nJobportal;Jobnet;Pilot\n"


def _job(org: Organization, data: bytes = CSV.encode(), **extra: Any) -> ImportJob:
    actor = make_user(organization=org, roles=["arkitekt"])
    return jobs.job_create(
        actor=actor, organization=org, filename="systemer.csv", data=data, **extra
    )


def _upload(test: Any, org: Organization) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("systemer.csv", CSV.encode()), "entity": ""}


_mapping_post = fixed(
    {
        "entity": "usages",
        "sheet": "",
        "col_0": "local_name",
        "col_1": "catalog_system__name",
        "col_2": "lifecycle",
    }
)

_values_post = fixed({"v_0_0": "operational", "v_0_1": "pilot"})


class Factories:
    def make_job(self, org: Organization) -> ImportJob:
        return _job(org)

    def make_planned(self, org: Organization) -> ImportJob:
        job = _job(org)
        return jobs.job_start(actor=job.created_by, job=job, commit=False)

    def make_mapping(self, org: Organization) -> ImportMapping:
        n = ImportMapping.objects.filter(organization=org).count()
        return ImportMapping.objects.create(
            organization=org, name=f"Udtræk {n}", entity="usages", columns={"Navn": "local_name"}
        )

    def list_marker(self, org: Organization) -> str:
        marker = unique("hemmelig")
        job = _job(org)
        ImportJob.objects.filter(pk=job.pk).update(filename=f"{marker}.csv")
        return marker


# Import jobs: editors start, read and commit them.
JOB = Entity("job", view=EDITORS, change=EDITORS)
PLANNED = Entity("planned", change=EDITORS)


class TestImportViews(Factories, ViewAccessMixin):
    view_cases = (
        *JOB.pages("interop:import", create=_upload, only=("list", "create", "detail")),
        JOB.post("interop:import_mapping", _mapping_post),
        PLANNED.post("interop:import_commit"),
        PLANNED.post("interop:import_values", _values_post),
        ViewCase("interop:import_progress", allowed=EDITORS, obj="job"),
        Entity("mapping", change=EDITORS).post("interop:mapping_delete"),
        ViewCase("interop:export"),
        ViewCase("interop:export_landscape"),
        ViewCase("interop:export_archimate"),
        ViewCase("interop:export_entity", kwargs=lambda obj: {"entity": "usages"}),
    )


ORG = "/api/v1/organizations/{org_id}"


class TestImportApi(Factories, ApiAccessMixin):
    api_cases = (
        *JOB.operations(
            f"{ORG}/imports",
            "{import_id}",
            create=fixed({"uuid": "not a KITOS page"}),
            only=("list", "create", "detail"),
        ),
        PLANNED.call("POST", f"{ORG}/imports/{{import_id}}/commit"),
        ApiCase("GET", f"{ORG}/exports/landscape.xlsx"),
        ApiCase("GET", f"{ORG}/exports/archimate.xml"),
        ApiCase("GET", f"{ORG}/exports/{{entity}}.csv", extra={"entity": "usages"}),
    )


# The flow ---------------------------------------------------------------------------------


def _client(org: Organization, role: str = "arkitekt") -> tuple[Client, Any]:
    user = make_user(organization=org, roles=[role])
    return logged_in_client(user, org), user


def _api(org: Organization, user: Any = None) -> Client:
    """An API client with the token of ``user`` (default: a new architect of ``org``)."""
    token = make_token(user or make_user(organization=org, roles=["arkitekt"]))
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _workbook(source: Organization) -> bytes:
    """The organization's landscape exported as one XLSX workbook."""
    from interop.export import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(source, buffer)
    return buffer.getvalue()


def test_wizard_upload_map_dry_run_commit() -> None:
    org = make_organization()
    client, _user = _client(org)
    data = "System;Katalog;Status i drift\nESDH;Acadre;I drift\nJobportal;Jobnet;Pilot\n"
    response = client.post(
        reverse("interop:import_create"),
        {"file": SimpleUploadedFile("liste.csv", data.encode("cp1252"))},
    )
    assert response.status_code == 302
    job = ImportJob.objects.get(organization=org)
    assert job.kind == "csv"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Windows-1252" in page or "UTF-8" in page
    assert "Status i drift" in page  # a column the automatic match left for the user
    response = client.post(
        reverse("interop:import_mapping", args=[job.pk]),
        {
            "entity": "usages",
            "sheet": "",
            "col_0": "local_name",
            "col_1": "catalog_system__name",
            "col_2": "lifecycle",
            "save_as": "Min liste",
        },
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.PLANNED
    assert job.report["created"] >= 2
    assert not SystemUsage.objects.filter(organization=org).exists()
    assert ImportMapping.objects.get(organization=org).columns["Status i drift"] == "lifecycle"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Gem importen" in page
    client.post(reverse("interop:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert bytes(ImportJob.objects.get(pk=job.pk).data) == b""  # not kept once saved
    assert SystemUsage.objects.filter(organization=org).count() == 2
    assert AuditEvent.objects.filter(organization=org, object_repr__contains="liste.csv").exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Importen er gemt" in page


def test_dry_run_errors_block_commit() -> None:
    org = make_organization()
    client, user = _client(org)
    job = _job(org, "Lokalt navn;Livscyklus\nA;Måske\n".encode())
    jobs.job_start(actor=user, job=job, commit=False)
    job.refresh_from_db()
    assert job.report["errors"][0]["row"] == 2
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Måske" in page and "Gem importen" not in page
    client.post(reverse("interop:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.PLANNED
    assert not SystemUsage.objects.filter(organization=org).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "entit"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "xls"),
        (b"<root/>", "hverken en ArchiMate"),
    ],
)
def test_hostile_or_wrong_uploads_are_refused_in_danish(data: bytes, message: str) -> None:
    org = make_organization()
    client, _user = _client(org)
    response = client.post(
        reverse("interop:import_create"), {"file": SimpleUploadedFile("fil.csv", data)}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body, body[body.find("form-error-message") :][:400]
    assert not ImportJob.objects.exists()


def test_upload_over_the_cap_is_refused(settings: Any) -> None:
    settings.STYRBAR_MAX_UPLOAD_BYTES = 100
    org = make_organization()
    client, _user = _client(org)
    response = client.post(
        reverse("interop:import_create"),
        {"file": SimpleUploadedFile("stor.csv", b"Navn\n" + b"x" * 500)},
    )
    assert response.status_code == 400
    assert "grænsen" in response.content.decode()


def test_saved_mapping_is_applied_to_the_next_upload() -> None:
    org = make_organization()
    client, _user = _client(org)
    saved = ImportMapping.objects.create(
        organization=org,
        name="Økonomiudtræk",
        entity="usages",
        columns={"Sys": "local_name", "Fase": "lifecycle"},
    )
    job = _job(org, b"Sys;Fase\nESDH;I drift\n")
    client.post(
        reverse("interop:import_mapping", args=[job.pk]),
        {"saved_mapping": saved.pk, "sheet": ""},
    )
    job.refresh_from_db()
    assert job.mapping == ["local_name", "lifecycle"]


def test_progress_partial_polls_while_running_and_reloads_when_done() -> None:
    org = make_organization()
    client, _user = _client(org)
    job = _job(org)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.PLANNING, progress_done=50, progress_total=200
    )
    response = client.get(reverse("interop:import_progress", args=[job.pk]))
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="25"' in body
    assert "HX-Refresh" not in response
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PLANNED)
    response = client.get(reverse("interop:import_progress", args=[job.pk]))
    assert response["HX-Refresh"] == "true"


def test_api_import_with_commit_and_exports() -> None:
    org = make_organization()
    client = _api(org)
    url = f"/api/v1/organizations/{org.pk}/imports?filename=s.csv&commit=true"
    response = client.post(url, CSV.encode(), content_type="text/csv")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "done"
    assert body["report"]["created"] == 4  # two catalog entries, two usages
    assert SystemUsage.objects.filter(organization=org).count() == 2
    again = client.post(url, CSV.encode(), content_type="text/csv").json()
    assert again["report"]["created"] == 0 and again["report"]["unchanged"] == 2
    bad = client.post(
        f"/api/v1/organizations/{org.pk}/imports?entity=usages",
        b"\x89PNG\r\n\x1a\n\0\0",
        content_type="application/octet-stream",
    )
    assert bad.status_code == 400 and "tekst" in bad.json()["message"]
    xlsx = client.get(f"/api/v1/organizations/{org.pk}/exports/landscape.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "Systemer" in book.sheetnames
    csv_response = client.get(f"/api/v1/organizations/{org.pk}/exports/usages.csv")
    assert csv_response.content.startswith("\ufeff".encode())
    assert client.get(f"/api/v1/organizations/{org.pk}/exports/nothing.csv").status_code == 404


def test_api_fails_the_job_of_an_unrecognisable_table_without_entity() -> None:
    # The table is read by the background worker, not in the request: the job is made
    # and ends as failed with the Danish reason (the immediate task backend runs it now).
    org = make_organization()
    client = _api(org)
    response = client.post(
        f"/api/v1/organizations/{org.pk}/imports", b"foo;bar\n1;2\n", content_type="text/csv"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "failed" and "angiv entity" in body["error"]
    assert ImportJob.objects.get().status == "failed"


def test_export_page_links_and_csv_download() -> None:
    org = make_organization()
    f.usage(org, local_name="=SUM(A1)")
    client, _user = _client(org, "laeser")
    page = client.get(reverse("interop:export")).content.decode()
    assert reverse("interop:export_landscape") in page
    response = client.get(reverse("interop:export_entity", args=["usages"]))
    assert "'=SUM(A1)" in response.content.decode("utf-8")


def test_zip_bomb_upload_is_refused_and_nothing_is_kept() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    org = make_organization()
    client, _user = _client(org)
    response = client.post(
        reverse("interop:import_create"),
        {"file": SimpleUploadedFile("budget.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 400
    assert "zip-bombe" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_import_list_page_and_api_use_a_constant_number_of_queries() -> None:
    org = make_organization()
    client, user = _client(org)

    def add(n: int) -> None:
        for _i in range(n):
            _job(org)

    assert_constant_queries(client, reverse("interop:import_list"), add)
    api = _api(org, user)
    api.get(f"/api/v1/organizations/{org.pk}/imports")  # the token's first use is recorded
    assert_constant_queries(api, f"/api/v1/organizations/{org.pk}/imports", add)


def test_whole_workbook_is_imported_sheet_by_sheet_from_the_wizard() -> None:
    source = make_organization()
    f.integration(source)
    f.contract(source, name="Driftsaftale")
    workbook = _workbook(source)
    org = make_organization()
    client, _user = _client(org)
    client.post(
        reverse("interop:import_create"), {"file": SimpleUploadedFile("landskab.xlsx", workbook)}
    )
    job = ImportJob.objects.get(organization=org)
    assert job.sheet == jobs.ALL_SHEETS and job.entity == ""
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Alle genkendte ark (5)" in page and "Integrationer" in page, page[page.find("<main") :][
        :3000
    ]
    assert "<dd>XLSX, 5 ark</dd>" in page  # the workbook, not its first sheet
    client.post(reverse("interop:import_mapping", args=[job.pk]), {"sheet": jobs.ALL_SHEETS})
    job.refresh_from_db()
    assert job.status == ImportStatus.PLANNED, job.report
    assert job.report["errors"] == []
    client.post(reverse("interop:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert SystemUsage.objects.filter(organization=org).count() == 2
    assert org.pk and Contract.objects.filter(organization=org, name="Driftsaftale").exists()
    # Choosing one sheet instead switches to its column mapping.
    other = _job(org, workbook)
    client.post(
        reverse("interop:import_mapping", args=[other.pk]),
        {"sheet": "Kontrakter", "entity": "contracts", "refresh": "1"},
    )
    other.refresh_from_db()
    assert (other.sheet, other.entity) == ("Kontrakter", "contracts")
    assert "name" in other.mapping


def test_api_raw_body_over_the_form_limit_and_form_encoded_content_type(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    org = make_organization()
    client = _api(org)
    rows = "".join(f"System {i} & co;Katalog {i}\n" for i in range(200))
    body = ("Lokalt navn;Katalogsystem\n" + rows).encode()
    assert len(body) > 1000
    url = f"/api/v1/organizations/{org.pk}/imports?entity=usages"
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 201, response.content
    assert response.json()["report"]["created"] == 400


def _api_import_workbook(org: Organization, source: Organization, query: str) -> Any:
    """POST ``source``'s landscape workbook to ``org``'s import API with ``query``."""
    return _api(org).post(
        f"/api/v1/organizations/{org.pk}/imports?{query}",
        _workbook(source),
        content_type="application/octet-stream",
    )


def test_api_entity_picks_the_matching_sheet_of_a_workbook() -> None:
    source = make_organization()
    f.contract(source, name="Driftsaftale")
    org = make_organization()
    response = _api_import_workbook(org, source, "entity=contracts&commit=true")
    body = response.json()
    assert body["sheet"] == "Kontrakter", body
    assert Contract.objects.filter(organization=org, name="Driftsaftale").exists()


def test_api_imports_a_whole_workbook_without_entity() -> None:
    source = make_organization()
    f.integration(source)
    org = make_organization()
    response = _api_import_workbook(org, source, "commit=true")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "done"
    assert SystemUsage.objects.filter(organization=org).count() == 2


def test_api_report_lists_every_ignored_column_and_kitos_unresolved_records() -> None:
    """Issue 16: a column that is not mapped is reported by the API too (never dropped
    silently), and a KITOS usage whose system cannot be found is listed, not blocking."""
    from interop.tests.kitos_data import U, raw

    org = make_organization()
    client = _api(org)
    sheet = "Lokalt navn;Katalogsystem;Farve;Ukendt felt\nESDH;Acadre;grøn;x\n"
    url = f"/api/v1/organizations/{org.pk}/imports?entity=usages&filename=s.csv"
    body = client.post(url, sheet.encode("cp1252"), content_type="text/csv").json()
    job = client.get(f"/api/v1/organizations/{org.pk}/imports/{body['id']}").json()
    assert job["status"] == "planned", job
    report = job["report"]
    assert [(c["column"], c["header"]) for c in report["ignored_columns"]] == [
        (2, "Farve"),
        (3, "Ukendt felt"),
    ]
    warned = [w["message"] for w in report["warnings"] if w.get("kind") == "ignored_column"]
    assert len(warned) == 2 and any("»Farve«" in m for m in warned)

    url = f"/api/v1/organizations/{org.pk}/imports?filename=kitos.json&commit=true"
    for page in raw("it-systems-page0.json", "it-systems-page1.json"):
        done = client.post(url, page, content_type="application/json").json()
        assert done["status"] == "done", done
    [dangling] = raw("it-system-usages-dangling.json")
    response = client.post(url, dangling, content_type="application/json")
    assert response.status_code == 201, response.content
    result = response.json()
    assert result["status"] == "done" and result["report"]["errors"] == [], result
    # The usage whose system is missing (and the relations to usages not in this page)
    unresolved = result["report"]["unresolved"]
    assert (str(U(198)), "Gammelt lønsystem (deaktiveret)") in [
        (u["uuid"], u["name"]) for u in unresolved
    ]
    assert all(u["row"] and u["what"] for u in unresolved)
    assert SystemUsage.objects.filter(organization=org, uuid=U(305)).exists()
    assert not SystemUsage.objects.filter(organization=org, uuid=U(304)).exists()
