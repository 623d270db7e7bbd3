"""Optimistic concurrency on business cases (issue 17): the settings form and the line and
risk forms carry the version they were opened with; a save after someone else's shows the
conflict page with both values and writes nothing; the API honours If-Match (412). The
PostgreSQL tests race real connections in threads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from businesscases import services
from businesscases.models import BusinessCase, CaseLine, CaseRisk
from businesscases.tests import factories as f
from core.concurrency import version
from core.testing import postgres_race, race
from organizations.testing import logged_in_client, make_organization, make_token, make_user

SETTINGS = {
    "start_year": "2026",
    "horizon": "4",
    "rate": "5",
    "iterations": "1.000",
    "seed": "3",
    "coverage": "90",
    "budget_reduction": "undecided",
}
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "case-workbench"}


def _editors(org: Any) -> tuple[Any, Client, Any, Client]:
    first = make_user(organization=org, roles=["arkitekt"], username="anna")
    second = make_user(organization=org, roles=["arkitekt"], username="bo")
    return first, logged_in_client(first, org), second, logged_in_client(second, org)


def _settings(case: BusinessCase, **changes: str) -> dict[str, str]:
    return {"name": case.name, **SETTINGS, **changes}


def _line_url(case: BusinessCase, line: CaseLine) -> str:
    return reverse("businesscases:line_edit", kwargs={"pk": case.pk, "line_pk": line.pk})


def _line_post(line: CaseLine, opened: str, **values: str) -> dict[str, str]:
    return {**f.row_form(f"lines-{line.pk}", f.LINE_FORM, **values), "_version": opened}


# The settings form ------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_editors_of_the_settings_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    case = f.simple_case(org, name="Ny platform")
    _, anna, _, bo = _editors(org)
    url = reverse("businesscases:case_edit", kwargs={"pk": case.pk})
    # Both open the form; its version is on the page.
    opened = version(case)
    for client in (anna, bo):
        assert f'name="_version" value="{opened}"' in client.get(url).content.decode()

    saved = anna.post(url, {**_settings(case, name="Annas navn"), "_version": opened})
    assert saved.status_code == 302
    stale = bo.post(url, {**_settings(case, name="Bos navn", rate="7"), "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "ikke gemt" in page and "anna" in page  # who saved meanwhile
    assert "Bos navn" in page and "Annas navn" in page  # both values side by side
    case.refresh_from_db()
    assert (case.name, case.rate) == ("Annas navn", Decimal("0.05"))  # nothing of Bo's
    # Bo re-sends his values against the current version: now they are saved.
    current = version(case)
    assert f'name="_version" value="{current}"' in page
    again = bo.post(url, {**_settings(case, name="Bos navn", rate="7"), "_version": current})
    assert again.status_code == 302
    case.refresh_from_db()
    assert (case.name, case.rate) == ("Bos navn", Decimal("0.07"))


@pytest.mark.django_db
def test_an_invalid_settings_post_keeps_the_version_it_was_opened_with() -> None:
    org = make_organization()
    case = f.simple_case(org)
    _, anna, _, _ = _editors(org)
    url = reverse("businesscases:case_edit", kwargs={"pk": case.pk})
    opened = version(case)
    invalid = anna.post(url, {**_settings(case, name=""), "_version": opened})
    assert invalid.status_code == 400
    assert f'name="_version" value="{opened}"' in invalid.content.decode()


# The line and risk forms ---------------------------------------------------------------------


@pytest.mark.django_db
def test_two_editors_of_one_line_the_second_gets_the_conflict_in_the_form_row() -> None:
    org = make_organization()
    case = f.simple_case(org)
    line = case.lines.get(name="Besparelse")
    _, anna, _, bo = _editors(org)
    url = _line_url(case, line)
    form_row = anna.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"lines-{line.pk}")
    opened = version(line)
    assert f'name="_version" value="{opened}"' in form_row.content.decode()

    assert anna.post(url, _line_post(line, opened, mode="550"), **HTMX).status_code == 200
    stale = bo.post(url, _line_post(line, opened, mode="800", high="900"), **HTMX)

    # In place of Bo's form row (htmx swaps only a 2xx answer): both values, a plain form
    # that re-sends his values against the current version, and nothing saved.
    assert stale.status_code == 200
    assert stale["HX-Retarget"] == f"#lines-form-{line.pk}"
    page = stale.content.decode()
    assert page.startswith(f'<tr id="lines-form-{line.pk}">')
    assert "ikke gemt" in page and "anna" in page
    assert "800,00" in page and "550,00" in page
    line.refresh_from_db()
    assert (line.mode, line.high) == (Decimal(550), Decimal(600))
    current = version(line)
    assert f'name="_version" value="{current}"' in page and "hx-post" not in page
    again = bo.post(url, _line_post(line, current, mode="800", high="900"))
    assert again.status_code == 302
    line.refresh_from_db()
    assert (line.mode, line.high) == (Decimal(800), Decimal(900))


@pytest.mark.django_db
def test_a_stale_line_form_without_htmx_gets_the_conflict_page() -> None:
    org = make_organization()
    case = f.simple_case(org)
    line = case.lines.get(name="Besparelse")
    _, anna, _, bo = _editors(org)
    url = _line_url(case, line)
    opened = version(line)
    assert f'name="_version" value="{opened}"' in bo.get(url).content.decode()
    anna.post(url, _line_post(line, opened, name="Annas linje"))
    stale = bo.post(url, _line_post(line, opened, name="Bos linje"))
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Annas linje" in page and "Bos linje" in page
    assert CaseLine.objects.get(pk=line.pk).name == "Annas linje"


@pytest.mark.django_db
def test_editing_different_lines_at_once_is_no_conflict() -> None:
    org = make_organization()
    case = f.simple_case(org)
    platform, saving = case.lines.get(name="Platform"), case.lines.get(name="Besparelse")
    _, anna, _, bo = _editors(org)
    opened = {line.pk: version(line) for line in (platform, saving)}
    data = {**f.LINE_FORM, "kind": "investment", "first_year": "0", "last_year": "0"}
    first = {
        **f.row_form(f"lines-{platform.pk}", data, low="900", mode="1000", high="1200"),
        "_version": opened[platform.pk],
    }
    assert anna.post(_line_url(case, platform), first).status_code == 302
    second = bo.post(_line_url(case, saving), _line_post(saving, opened[saving.pk], mode="520"))
    assert second.status_code == 302
    assert CaseLine.objects.get(pk=platform.pk).high == Decimal(1200)
    assert CaseLine.objects.get(pk=saving.pk).mode == Decimal(520)


@pytest.mark.django_db
def test_two_editors_of_one_risk_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    case = f.simple_case(org)
    risk = CaseRisk.objects.get(pk=f.risk(case).pk)  # as the database gives it back
    _, anna, _, bo = _editors(org)
    url = reverse("businesscases:risk_edit", kwargs={"pk": case.pk, "risk_pk": risk.pk})
    opened = version(risk)
    assert f'name="_version" value="{opened}"' in anna.get(url).content.decode()

    def post(client: Client, **values: str) -> Any:
        data = f.row_form(f"risks-{risk.pk}", f.RISK_FORM, year="0", **values)
        return client.post(url, {**data, "_version": opened})

    assert post(anna, name="Leverandør forsinker").status_code == 302
    stale = post(bo, name="Data er ufuldstændige")
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Leverandør forsinker" in page and "Data er ufuldstændige" in page
    assert CaseRisk.objects.get(pk=risk.pk).name == "Leverandør forsinker"


@pytest.mark.django_db
def test_the_service_compares_the_expected_row_version_under_its_lock() -> None:
    """A save whose view-level check passed still meets the colleague's write in the
    service (the window between the check and the lock)."""
    from core.concurrency import Conflict, expecting

    org = make_organization()
    case = f.simple_case(org)
    user = make_user(organization=org, roles=["arkitekt"])
    line = case.lines.get(name="Besparelse")
    opened = version(line)
    CaseLine.objects.filter(pk=line.pk).update(mode=Decimal(555))  # someone else's write
    with pytest.raises(Conflict), expecting(line, [opened]):
        services.case_row_save(
            actor=user, case=case, relation="lines", row=line, name="X", kind="economic",
            low=Decimal(1), mode=Decimal(2), high=Decimal(3), years=[1],
        )  # fmt: skip
    assert CaseLine.objects.get(pk=line.pk).name == "Besparelse"


# The API ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_refuses_a_stale_if_match_on_the_settings_and_the_rows() -> None:
    org = make_organization()
    case = f.simple_case(org)
    token = make_token(make_user(organization=org, roles=["arkitekt"]))
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    url = f"/api/v1/organizations/{org.pk}/business-cases/{case.pk}"
    tag = client.get(url, **auth)["ETag"]

    ok = client.patch(
        url, {"name": "Fra A"}, content_type="application/json", HTTP_IF_MATCH=tag, **auth
    )
    assert ok.status_code == 200 and ok["ETag"] != tag
    stale = client.patch(
        url, {"name": "Fra B"}, content_type="application/json", HTTP_IF_MATCH=tag, **auth
    )
    assert stale.status_code == 412
    lines = {
        "lines": [
            {"name": "B", "kind": "economic", "low": "1", "mode": "2", "high": "3", "years": [1]}
        ]
    }
    stale_rows = client.put(
        f"{url}/lines", lines, content_type="application/json", HTTP_IF_MATCH=tag, **auth
    )
    assert stale_rows.status_code == 412
    case.refresh_from_db()
    assert case.name == "Fra A" and case.lines.count() == 2
    fresh = client.put(
        f"{url}/lines", lines, content_type="application/json", HTTP_IF_MATCH=ok["ETag"], **auth
    )
    assert fresh.status_code == 200, fresh.content
    assert case.lines.count() == 1


# PostgreSQL: real connections in threads -----------------------------------------------------


@postgres_race
def test_postgres_two_settings_saves_one_gets_the_conflict_page(round_: int) -> None:
    org = make_organization()
    case = f.simple_case(org)
    _, anna, _, bo = _editors(org)
    url = reverse("businesscases:case_edit", kwargs={"pk": case.pk})
    opened = version(case)
    statuses: list[int] = []

    def save(client: Client, name: str) -> None:
        statuses.append(
            client.post(url, {**_settings(case, name=name), "_version": opened}).status_code
        )

    assert race(lambda: save(anna, f"A{round_}"), lambda: save(bo, f"B{round_}")) == [None, None]
    assert sorted(statuses) == [302, 409]
    assert BusinessCase.objects.get(pk=case.pk).name in {f"A{round_}", f"B{round_}"}


@postgres_race
def test_postgres_two_saves_of_one_line_one_gets_the_conflict(round_: int) -> None:
    org = make_organization()
    case = f.simple_case(org)
    line = case.lines.get(name="Besparelse")
    _, anna, _, bo = _editors(org)
    url = _line_url(case, line)
    opened = version(line)
    statuses: list[int] = []

    def save(client: Client, mode: str) -> None:
        statuses.append(client.post(url, _line_post(line, opened, mode=mode)).status_code)

    assert race(lambda: save(anna, "510"), lambda: save(bo, "520")) == [None, None]
    assert sorted(statuses) == [302, 409]
    assert CaseLine.objects.get(pk=line.pk).mode in {Decimal(510), Decimal(520)}


@pytest.mark.django_db
def test_two_editors_of_the_actual_figures_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    case = BusinessCase.objects.get(pk=f.approved_case(org).pk)
    _, anna, _, bo = _editors(org)
    url = reverse("businesscases:case_actuals", kwargs={"pk": case.pk})
    opened = version(case)
    assert f'name="_version" value="{opened}"' in bo.get(url).content.decode()

    assert anna.post(url, {"cost_2026": "1.100", "_version": opened}).status_code == 302
    stale = bo.post(url, {"cost_2026": "1.250", "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "1.250" in page and "1.100" in page and "anna" in page
    assert [str(a.amount) for a in case.actuals.all()] == ["1100.00"]
