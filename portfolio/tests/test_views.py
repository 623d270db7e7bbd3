from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest

from core.models import AuditEvent
from core.testing import assert_constant_queries
from organizations.testing import logged_in_client, make_user
from portfolio.models import RoleType, SystemUsage, UsageRole
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db


def test_usage_list_filters_sorts_and_chooses_columns(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    f.usage(org, local_name="Aktiv Løn", lifecycle="operational", hosting="saas")
    f.usage(org, local_name="Gammel ESDH", lifecycle="phasing_out")
    page = editor_client.get("/systemer/", {"lifecycle": "phasing_out"}).content.decode()
    assert "Gammel ESDH" in page and "Aktiv Løn" not in page
    page = editor_client.get("/systemer/", {"sort": "-name"}).content.decode()
    assert page.index("Gammel ESDH") < page.index("Aktiv Løn")
    header = re.compile(r'<th scope="col"[^>]*>\s*(<a [^>]*>)?Driftsform')
    assert not header.search(editor_client.get("/systemer/").content.decode())
    with_col = editor_client.get("/systemer/", {"cols": "hosting"}).content.decode()
    assert header.search(with_col) and "SaaS / cloud" in with_col
    bad = editor_client.get("/systemer/", {"sort": "hemmelig"})
    assert bad.status_code == 400 and "Der kan ikke sorteres efter hemmelig" in bad.content.decode()


def test_usage_list_query_count_is_constant(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    unit = f.unit(org)
    system = f.catalog_system(org, vendor=f.vendor())

    def add(n: int) -> None:
        for _ in range(n):
            f.usage(org, catalog_system=system, responsible_unit=unit)

    assert_constant_queries(editor_client, "/systemer/", add)
    assert_constant_queries(
        editor_client,
        "/kontrakter/",
        lambda n: [f.contract(org, vendor=f.vendor()) for _ in range(n)],
    )
    assert_constant_queries(
        editor_client, "/integrationer/", lambda n: [f.integration(org) for _ in range(n)]
    )


def test_csv_export_danish_profile_and_formula_neutralised(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    f.usage(org, local_name='=HYPERLINK("http://evil")', valid_from="2026-12-31")
    response = editor_client.get("/systemer/", {"format": "csv", "cols": "valid_from"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeffNavn;Katalogsystem;")
    assert "'=HYPERLINK" in body and "31-12-2026" in body


def test_xlsx_export(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    f.usage(org, local_name="+SUM(A1)")
    response = editor_client.get("/systemer/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [cell.value for cell in sheet[2]]
    assert "'+SUM(A1)" in values


def test_edit_usage_records_before_and_after(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    usage = f.usage(org, local_name="Før")
    data = {
        "catalog_system": usage.catalog_system_id,
        "local_name": "Efter",
        "lifecycle": "operational",
        "user_count": "undecided",
        "hosting": "undecided",
        "data_sensitivity": "none",
        "archive_duty": "undecided",
        "wcag_status": "unknown",
        "valid_from": "01-02-2026",
    }
    response = editor_client.post(f"/systemer/{usage.pk}/rediger/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="update", object_id=str(usage.pk))
    assert event.changes["local_name"] == {"before": "Før", "after": "Efter"}
    assert event.changes["valid_from"] == {"before": None, "after": "2026-02-01"}
    history = editor_client.get(f"/systemer/{usage.pk}/historik/").content.decode()
    assert "Lokalt navn" in history and "Efter" in history


def test_detail_tabs_render(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    usage = f.usage(org)
    f.integration(org, source=usage)
    contract = f.contract(org, dpa_required=True)
    contract.usages.add(usage)
    for tab, text in [
        ("generelt", "Katalogsystem"),
        ("kontrakter", "mangler"),
        ("integrationer", "Udgående"),
        ("gdpr", "Datafølsomhed"),
        ("platforme", "Styringsplan"),
        ("roller", "ingen systemejer"),
    ]:
        page = editor_client.get(f"/systemer/{usage.pk}/", {"fane": tab}).content.decode()
        assert text in page, tab


def test_time_contradiction_warning(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    usage = f.usage(org, time_disposition="invest", functional_fit=1, technical_fit=1)
    page = editor_client.get(f"/systemer/{usage.pk}/").content.decode()
    assert "TIME-dispositionen stemmer ikke" in page


def test_cost_lines_accept_danish_amounts(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    usage = f.usage(org)
    data = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "0",
        "rows-0-year": "2026",
        "rows-0-kind": "license",
        "rows-0-amount": "1.234,50",
        "rows-0-note": "Licens",
    }
    assert editor_client.post(f"/systemer/{usage.pk}/omkostninger/", data).status_code == 302
    assert usage.costs.get().amount == Decimal("1234.50")
    bad = dict(data, **{"rows-0-amount": "mange penge"})
    response = editor_client.post(f"/systemer/{usage.pk}/omkostninger/", bad)
    assert response.status_code == 400
    assert usage.costs.count() == 1


def test_bulk_edit_through_the_list(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    a, b = f.usage(org), f.usage(org)
    response = editor_client.post(
        "/systemer/massehandling/",
        {"usages": [a.pk, b.pk], "lifecycle": "phasing_out", "time_disposition": "keep"},
    )
    assert response.status_code == 302
    assert set(
        SystemUsage.objects.filter(pk__in=[a.pk, b.pk]).values_list("lifecycle", flat=True)
    ) == {"phasing_out"}
    assert (
        AuditEvent.objects.filter(action="update", object_id__in=[str(a.pk), str(b.pk)]).count()
        == 2
    )


def test_systemejer_edits_own_usage_in_the_ui(org) -> None:  # type: ignore[no-untyped-def]
    owner = make_user(organization=org, roles=["systemejer"])
    mine, other = f.usage(org), f.usage(org)
    UsageRole.objects.create(
        usage=mine, role_type=RoleType.objects.get(key="systemejer", organization=None), user=owner
    )
    client = logged_in_client(owner, org)
    assert client.get(f"/systemer/{mine.pk}/rediger/").status_code == 200
    assert client.get(f"/systemer/{other.pk}/rediger/").status_code == 403
    assert "Redigér" in client.get(f"/systemer/{mine.pk}/").content.decode()


def test_take_catalog_system_into_use(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    system = f.catalog_system(None, name="Fælles Booking")
    response = editor_client.post(
        f"/katalog/{system.pk}/tag-i-brug/", {"local_name": "Booking", "lifecycle": "phasing_in"}
    )
    usage = SystemUsage.objects.get(organization=org, catalog_system=system)
    assert response.status_code == 302 and response["Location"] == f"/systemer/{usage.pk}/rediger/"
    page = editor_client.get(f"/katalog/{system.pk}/").content.decode()
    assert "Booking" in page


def test_process_shows_data_collected_twice(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    from portfolio import services

    process = f.process(org)
    cpr = f.data_object(org, "Cpr-oplysninger")
    admin = make_user(organization=org, roles=["administrator"])
    services.process_steps_set(
        actor=admin,
        process=process,
        steps=[{"name": "A", "collects": [cpr]}, {"name": "B", "collects": [cpr]}],
    )
    page = editor_client.get(f"/processer/{process.pk}/").content.decode()
    assert "Data indsamles mere end én gang" in page and "Cpr-oplysninger" in page


def test_dashboard_card_counts(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    owned, _unowned = f.usage(org), f.usage(org)
    f.usage(org, lifecycle="not_in_use")
    for key in ("systemejer", "dataejer"):
        role_type = RoleType.objects.get(key=key, organization=None)
        UsageRole.objects.create(usage=owned, role_type=role_type, person_name=f"{key} navn")
    f.contract(org, end_date=dt.date.today() + dt.timedelta(days=30))
    page = editor_client.get("/").content.decode()
    import re

    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))
    assert figures["Systemer i anvendelse"] == "2"
    assert figures["Systemer uden systemejer"] == "1"
    assert figures["Kontrakter der udløber inden for 6 måneder"] == "1"


def test_history_and_audit_log_show_child_row_changes(org) -> None:  # type: ignore[no-untyped-def]
    from portfolio import services

    admin = make_user(organization=org, roles=["administrator"])
    usage = f.usage(org)
    services.usage_costs_set(
        actor=admin, usage=usage, lines=[{"year": 2026, "kind": "license", "amount": Decimal("10")}]
    )
    client = logged_in_client(admin, org)
    history = client.get(f"/systemer/{usage.pk}/historik/")
    assert history.status_code == 200 and "Omkostninger" in history.content.decode()
    assert client.get("/revisionslog/").status_code == 200


def test_vendor_changes_appear_in_the_organizations_audit_log(org) -> None:  # type: ignore[no-untyped-def]
    from portfolio import services

    buyer = make_user(organization=org, roles=["indkoeber"])
    vendor = services.vendor_create(actor=buyer, organization=org, name="Fjordsystemer A/S")
    assert AuditEvent.objects.get(action="create", object_id=str(vendor.pk)).organization == org
    page = logged_in_client(buyer, org).get("/revisionslog/").content.decode()
    assert "Fjordsystemer A/S" in page


def test_reversed_dates_get_a_danish_message(org, editor_client) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.post(
        "/kontrakter/ny/",
        {
            "name": "Baglæns",
            "contract_type": "main",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
            "notice_months": "3",
            "notice_runs_to": "month",
            "options_offered": "0",
            "options_used": "0",
            "option_months": "12",
        },
    )
    assert response.status_code == 400
    assert "Udløbsdatoen må ikke ligge før startdatoen." in response.content.decode()


def test_the_edit_form_of_a_vendor_another_organization_maintains_is_refused_on_get() -> None:
    """Issue 17: refused when opened, not only on save (the form showed another
    municipality's vendor as editable)."""
    from django.urls import reverse

    from organizations.testing import make_organization
    from portfolio.tests import factories as vendors

    org, other = make_organization(), make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    client = logged_in_client(buyer, org)
    theirs, ours = vendors.vendor(other), vendors.vendor(org)
    assert client.get(reverse("portfolio:vendor_edit", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("portfolio:vendor_edit", args=[ours.pk])).status_code == 200
