"""The screens: create from templates, inline htmx edits that recompute, status, realisation."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from businesscases.choices import CaseStatus
from businesscases.models import BusinessCase
from businesscases.tests import factories as f
from core.models import AuditEvent
from core.testing import assert_constant_queries
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db

HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "case-workbench"}


def hx(target: str) -> dict[str, Any]:
    """Headers of an htmx request that swaps the element with id ``target``."""
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}


@pytest.fixture
def org() -> Any:
    return make_organization("Testrup")


@pytest.fixture
def client(org: Any) -> Client:
    return logged_in_client(make_user(organization=org, roles=["arkitekt"]), org)


@pytest.fixture
def admin_client(org: Any) -> Client:
    return logged_in_client(make_user(organization=org, roles=["administrator"]), org)


def _npv(html: str) -> str:
    match = re.search(r'<dd id="case-npv">([^<]+)</dd>', html)
    assert match, "no NPV on the page"
    return match.group(1)


def _line_data(prefix: str, **values: str) -> dict[str, str]:
    return f.row_form(prefix, f.LINE_FORM, **values)


def test_htmx_edit_of_a_line_returns_the_recomputed_workbench(org: Any, client: Client) -> None:
    case = f.simple_case(org)
    detail = client.get(case.get_absolute_url()).content.decode()
    assert _npv(detail) == "400,82\u00a0kr."
    line = case.lines.get(name="Besparelse")
    url = reverse("businesscases:line_edit", kwargs={"pk": case.pk, "line_pk": line.pk})
    form = client.get(url, **hx(f"lines-{line.pk}"))
    assert form.status_code == 200
    assert form.content.decode().startswith(f'<tr id="lines-form-{line.pk}">')
    assert 'value="500,00"' in form.content.decode()
    response = client.post(
        url, _line_data(f"lines-{line.pk}", mode="1.000,00", high="1.100"), **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="case-workbench">')
    # -1000 + 1000/1,035 + 1000/1,035^2 + 1000/1,035^3 = 1.801,64 kr.
    assert _npv(html) == "1.801,64\u00a0kr."
    assert 'id="chart-histogram"' in html and 'id="tornado-table"' in html
    assert 'hx-swap-oob="true"' in html and "er gemt" in html
    line.refresh_from_db()
    assert line.mode == Decimal(1000)
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="update").count() == 1


def test_htmx_add_and_delete_recompute(org: Any, client: Client) -> None:
    case = f.simple_case(org)
    add = reverse("businesscases:line_add", kwargs={"pk": case.pk})
    assert (
        client.get(add, **hx("lines-new")).content.decode().startswith('<tr id="lines-form-new">')
    )
    response = client.post(
        add,
        _line_data(
            "lines-new",
            name="Licens",
            kind="operation",
            mode="100",
            low="100",
            high="100",
            first_year="0",
            last_year="0",
        ),
        **HTMX,
    )
    # 400,82 - 100 (year 0, not discounted) = 300,82
    assert _npv(response.content.decode()) == "300,82\u00a0kr."
    licence = case.lines.get(name="Licens")
    delete = reverse("businesscases:line_delete", kwargs={"pk": case.pk, "line_pk": licence.pk})
    response = client.post(delete, **HTMX)
    assert _npv(response.content.decode()) == "400,82\u00a0kr."
    assert 'id="lines-add"' in response.content.decode()


def test_htmx_phase_in_and_risks(org: Any, client: Client) -> None:
    case = f.simple_case(org)
    line = case.lines.get(name="Besparelse")
    url = reverse("businesscases:line_edit", kwargs={"pk": case.pk, "line_pk": line.pk})
    client.post(url, _line_data(f"lines-{line.pk}", phase_in="50; 100; 100"), **HTMX)
    line.refresh_from_db()
    assert line.factors == ["0.5", "1", "1"]
    risk_url = reverse("businesscases:risk_add", kwargs={"pk": case.pk})
    response = client.post(
        risk_url,
        f.row_form("risks-new", f.RISK_FORM, year="0"),
        **HTMX,
    )
    html = response.content.decode()
    assert "Forsinkelse" in html and "50\u00a0kr." in html  # expected cost 50 % x 100
    risk = case.risks.get()
    assert risk.probability == Decimal("0.5")
    edit = reverse("businesscases:risk_edit", kwargs={"pk": case.pk, "risk_pk": risk.pk})
    form = client.get(edit, **hx(f"risks-{risk.pk}")).content.decode()
    assert form.startswith(f'<tr id="risks-form-{risk.pk}">')


def test_invalid_inline_input_returns_the_form_row_with_errors(org: Any, client: Client) -> None:
    case = f.simple_case(org)
    line = case.lines.get(name="Besparelse")
    url = reverse("businesscases:line_edit", kwargs={"pk": case.pk, "line_pk": line.pk})
    response = client.post(url, _line_data(f"lines-{line.pk}", low="700"), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#lines-form-{line.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    assert "Minimum ≤ mest sandsynlig ≤ maksimum." in response.content.decode()
    response = client.post(url, _line_data(f"lines-{line.pk}", phase_in="50; 100"), **HTMX)
    assert "Angiv én indfasning pr. år" in response.content.decode()
    # Without htmx the same URL answers with a page (400) or a redirect.
    assert client.post(url, _line_data(f"lines-{line.pk}", low="700")).status_code == 400
    ok = client.post(url, _line_data(f"lines-{line.pk}"))
    assert ok.status_code == 302 and ok["Location"] == case.get_absolute_url()
    lines = reverse("businesscases:case_lines", kwargs={"pk": case.pk})
    section = client.get(lines, **hx("case-lines"))
    assert section.content.decode().startswith('<section id="case-lines"')
    assert (
        client.get(reverse("businesscases:case_lines", kwargs={"pk": case.pk})).status_code == 302
    )


def test_create_channel_shift_from_the_template_form(org: Any, client: Client) -> None:
    url = reverse("businesscases:case_create_template", kwargs={"template": "channel_shift"})
    page = client.get(url).content.decode()
    assert "Pris pr. personlig henvendelse" in page and "Kilde: Artikler om" in page
    data = {
        "name": "Selvbetjening",
        "start_year": "2027",
        "horizon": "5",
        "bearer": "Borgerservice",
        "services-TOTAL_FORMS": "3",
        "services-INITIAL_FORMS": "0",
        "services-0-name": "Pas",
        "services-0-in_person": "20.000",
        "services-0-digital": "5.000",
    }
    data.update(_assumption_defaults(page))
    data["a-a__communication_per_year"] = "300.000"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    case = BusinessCase.objects.get(name="Selvbetjening")
    assert case.template == "channel_shift" and case.lines.count() == 5
    assert case.template_inputs["assumptions"]["communication_per_year"]["value"] == "300000"
    assert set(case.lines.values_list("bearer", flat=True)) == {"Borgerservice"}
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "Kommunikationsplanen udgør" in detail and "Kommunens egen værdi" in detail


def _assumption_defaults(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(a-a__[a-z_]+)" value="([^"]*)"', page))


def test_create_shared_operations_with_members_shows_who_pays(org: Any, client: Client) -> None:
    partner = make_organization("Nabokommune")
    url = reverse("businesscases:case_create_template", kwargs={"template": "shared_operations"})
    page = client.get(url).content.decode()
    assert f'<option value="{org.pk}" selected>' in page
    data = {
        "name": "Fælles drift",
        "start_year": "2027",
        "horizon": "6",
        "split": "equal",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-0-organization": str(org.pk),
        "members-0-operations_cost": "30.000.000",
        "members-0-it_staff_fte": "20",
        "members-0-data_centres": "2",
        "members-1-organization": str(partner.pk),
        "members-1-operations_cost": "20.000.000",
        "members-1-it_staff_fte": "12",
        "members-1-data_centres": "1",
    }
    data.update(_assumption_defaults(page))
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    case = BusinessCase.objects.get(name="Fælles drift")
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "Hvem betaler, hvem får gevinsten" in detail
    assert "Nabokommune Kommune" in detail and "Testrup Kommune" in detail
    # Missing figures for a member are a form error, not a crash.
    data["members-1-operations_cost"] = ""
    data["name"] = "Ufuldstændig"
    assert client.post(url, data).status_code == 400


def test_settings_submit_decide_and_read_only(
    org: Any, client: Client, admin_client: Client
) -> None:
    case = f.simple_case(org)
    edit = reverse("businesscases:case_edit", kwargs={"pk": case.pk})
    response = client.post(
        edit,
        {
            "name": "Omdøbt",
            "start_year": "2026",
            "horizon": "4",
            "rate": "5",
            "iterations": "1.000",
            "seed": "3",
            "coverage": "90",
            "budget_reduction": "proposed",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.name, case.rate, case.coverage) == ("Omdøbt", Decimal("0.05"), Decimal("0.9"))
    assert case.budget_reduction == "proposed"
    client.post(reverse("businesscases:case_submit", kwargs={"pk": case.pk}), {"note": "Til ØU"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert (
        client.get(reverse("businesscases:case_decide", kwargs={"pk": case.pk})).status_code == 403
    )
    admin_client.post(
        reverse("businesscases:case_decide", kwargs={"pk": case.pk}),
        {"decision": "approved", "note": "Godkendt"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "Redigér" not in detail and 'id="lines-add"' not in detail
    assert "Version 1" in detail and "Version 2" in detail and "Gevinstrealisering" in detail
    add = reverse("businesscases:line_add", kwargs={"pk": case.pk})
    assert client.get(add)["Location"] == case.get_absolute_url()
    locked = client.post(add, _line_data("lines-new"), **HTMX).content.decode()
    assert "låst" in locked
    assert case.lines.count() == 2
    version = client.get(reverse("businesscases:case_version", kwargs={"pk": case.pk, "number": 2}))
    assert "Godkendt" in version.content.decode()
    copy = client.post(reverse("businesscases:case_copy", kwargs={"pk": case.pk}))
    new = BusinessCase.objects.exclude(pk=case.pk).get()
    assert copy["Location"] == new.get_absolute_url() and new.status == CaseStatus.DRAFT


def test_actuals_and_the_variance_table(org: Any, client: Client) -> None:
    case = f.approved_case(org)
    url = reverse("businesscases:case_actuals", kwargs={"pk": case.pk})
    response = client.post(url, {"cost_2026": "1.100", "benefit_2027": "400", "note_2027": "Sen"})
    assert response.status_code == 302
    assert case.actuals.count() == 2
    html = client.get(case.get_absolute_url()).content.decode()
    assert 'id="variance-table"' in html and 'id="chart-realisation"' in html
    # planned -1000 + 500 = -500, actual -1100 + 400 = -700: -40 %
    assert "Afviger fra planen" in html and "-40,0 %" in html
    draft = f.simple_case(org)
    denied = client.get(reverse("businesscases:case_actuals", kwargs={"pk": draft.pk}))
    assert denied.status_code == 302


def test_dashboard_card_lists_drifting_cases(org: Any, client: Client) -> None:
    drifting = f.approved_case(org, name="Skrider")
    f.actual(drifting, 2026, "cost", "1500")
    on_plan = f.approved_case(org, name="Holder")
    f.actual(on_plan, 2026, "cost", "1050")
    html = client.get(reverse("organizations:dashboard")).content.decode()
    assert "Gevinstrealisering" in html
    assert f'<a href="{drifting.get_absolute_url()}#realisering">Skrider</a>' in html
    assert ">Holder<" not in html
    assert "-50,0 %" in html


def test_list_shows_npv_at_a_constant_number_of_queries(org: Any, client: Client) -> None:
    f.simple_case(org, name="Med nutidsværdi")
    html = client.get(reverse("businesscases:case_list")).content.decode()
    assert "400,82" in html and "Med nutidsværdi" in html
    f.simple_case(org, name="Indsendt case", status=CaseStatus.SUBMITTED)
    filtered = client.get(reverse("businesscases:case_list") + "?status=submitted")
    assert "Indsendt case" in filtered.content.decode()
    assert "Med nutidsværdi" not in filtered.content.decode()

    def add(n: int) -> None:
        for _ in range(n):
            case = f.simple_case(org)
            f.risk(case)

    assert_constant_queries(client, reverse("businesscases:case_list"), add)


def test_every_template_page_renders(client: Client) -> None:
    for key in (
        "blank",
        "channel_shift",
        "shared_operations",
        "standardised_procurement",
        "reuse",
        "coherent_processes",
    ):
        url = reverse("businesscases:case_create_template", kwargs={"template": key})
        assert client.get(url).status_code == 200, key
    assert client.get("/business-cases/ny/findes-ikke/").status_code == 404


def test_the_verdict_names_every_member_with_a_negative_npv(org: Any, client: Client) -> None:
    """A driftsfællesskab case names each member whose own NPV is negative (issue 14)."""
    from businesscases.compute import compute

    small = make_organization("Lillekommune")
    url = reverse("businesscases:case_create_template", kwargs={"template": "shared_operations"})
    page = client.get(url).content.decode()
    data = {
        "name": "Fælles drift med en lille kommune",
        "start_year": "2027",
        "horizon": "6",
        "split": "equal",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-0-organization": str(org.pk),
        "members-0-operations_cost": "40.000.000",
        "members-0-it_staff_fte": "30",
        "members-0-data_centres": "2",
        "members-1-organization": str(small.pk),
        "members-1-operations_cost": "1.000.000",
        "members-1-it_staff_fte": "1",
        "members-1-data_centres": "1",
    }
    data.update(_assumption_defaults(page))
    assert client.post(url, data).status_code == 302
    case = BusinessCase.objects.get(name="Fælles drift med en lille kommune")
    by_bearer = compute(case, with_simulation=False).result.by_bearer
    losing = [row.bearer for row in by_bearer if row.npv < 0 and "Kommune" in row.bearer]
    detail = client.get(case.get_absolute_url()).content.decode()
    verdict = detail.split('id="losing-members"', 1)[1].split("</p>", 1)[0]
    # The small member pays an equal share of the joint costs and saves little: it loses.
    assert losing == ["Lillekommune Kommune"], losing
    assert "Negativ nutidsværdi for Lillekommune Kommune" in verdict
    winners = [row.bearer for row in by_bearer if row.npv >= 0 and row.bearer not in losing]
    assert not any(name in verdict for name in winners if "Kommune" in name)
