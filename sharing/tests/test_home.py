"""Knowledge kept at home: the checklist, its warnings and its audited saving."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditEvent
from organizations.testing import logged_in_client, make_organization, make_user
from sharing import home
from sharing.models import HomeRoleRecord

pytestmark = pytest.mark.django_db


def test_an_empty_checklist_warns_for_every_role_without_a_person() -> None:
    rows = home.checklist(organization=make_organization())
    assert [r.kind for r in rows] == [
        "process_owner",
        "requirements",
        "contract_management",
        "system_owners",
    ]
    assert all(r.at_risk and r.warnings and not r.recorded for r in rows)


def test_giving_a_role_away_warns_with_the_disadvantages_and_is_audited() -> None:
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    rows = {
        "process_owner": (True, "Kim Procesejer"),
        "requirements": (True, "Lene Krav, Ole Krav"),
        "contract_management": (False, ""),
        "system_owners": (True, "Søren Systemejer"),
    }
    assert home.checklist_save(actor=architect, organization=org, rows=rows) == 4
    assert home.checklist_save(actor=architect, organization=org, rows=rows) == 0
    by_kind = {r.kind: r for r in home.checklist(organization=org)}
    assert not by_kind["process_owner"].at_risk and not by_kind["process_owner"].warnings
    given_away = by_kind["contract_management"]
    assert given_away.at_risk
    assert any("fakturering" in w for w in given_away.warnings)
    assert AuditEvent.objects.filter(organization=org).count() == 4
    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        home.checklist_save(actor=reader, organization=org, rows=rows)


def test_the_page_saves_and_shows_the_warning() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["administrator"]), org)
    response = client.post(
        "/deling/roller/",
        {
            "kept_process_owner": "on",
            "people_process_owner": "Kim Procesejer",
            "people_requirements": "Lene Krav",  # not kept: given away
        },
    )
    assert response.status_code == 302
    text = client.get("/deling/roller/").content.decode()
    assert "Behov og krav er givet væk" in text
    assert 'id="warning-process_owner"' not in text
    assert HomeRoleRecord.objects.get(organization=org, kind="requirements").kept is False
    too_long = client.post("/deling/roller/", {"people_requirements": "x" * 501})
    assert too_long.status_code == 400
    assert HomeRoleRecord.objects.get(organization=org, kind="requirements").people == "Lene Krav"
