"""The kontrolorgan's form carries its version (issue 17): the second of two editors gets
the conflict page, and what the first saved stays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from controlbody import services
from core.concurrency import version
from organizations.testing import logged_in_client, make_organization, make_user


@pytest.mark.django_db
def test_two_editors_of_the_kontrolorgan_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    anna = make_user("anna", organization=org, roles=["arkitekt"])
    bo = make_user("bo", organization=org, roles=["arkitekt"])
    body = services.body_save(actor=anna, organization=org, name="Arkitekturrådet")
    body.refresh_from_db()
    url = reverse("controlbody:body_edit")
    opened = version(body)
    first, second = logged_in_client(anna, org), logged_in_client(bo, org)
    assert f'name="_version" value="{opened}"' in second.get(url).content.decode()

    annas = {"name": "Arkitekturrådet", "mandate": "Annas kommissorium", "_version": opened}
    saved = first.post(url, annas)
    assert saved.status_code == 302
    stale = second.post(url, {"name": "Bos råd", "mandate": "", "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Bos råd" in page and "Annas kommissorium" in page and "anna" in page
    body.refresh_from_db()
    assert (body.name, body.mandate) == ("Arkitekturrådet", "Annas kommissorium")
    again = second.post(url, {"name": "Bos råd", "mandate": "", "_version": version(body)})
    assert again.status_code == 302
    body.refresh_from_db()
    assert body.name == "Bos råd"
