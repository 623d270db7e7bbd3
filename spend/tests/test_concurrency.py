"""Optimistic concurrency on the vendor a creditor is matched to (issue 17): the choice on
the creditor's page carries its version; a choice after someone else's shows the Danish
conflict page with both vendors by name and writes nothing; re-sent with the current
version, it saves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.concurrency import version
from core.models import AuditEvent
from organizations.testing import logged_in_client, make_organization, make_user, unique
from portfolio.models import Vendor
from spend.models import SpendVendor


def _editors(org: Any) -> tuple[Client, Client]:
    anna = make_user(organization=org, roles=["redaktoer"], username="anna")
    bo = make_user(organization=org, roles=["redaktoer"], username="bo")
    return logged_in_client(anna, org), logged_in_client(bo, org)


def _events(creditor: SpendVendor) -> int:
    return AuditEvent.objects.filter(object_id=str(creditor.pk)).count()


@pytest.mark.django_db
def test_two_people_choose_a_vendor_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    creditor = SpendVendor.objects.create(
        organization=org, key=f"navn:{unique('k')}", name="KMD A/S Kreditor"
    )
    first = Vendor.objects.create(name="Annas Leverandør", created_by=org)
    second = Vendor.objects.create(name="Bos Leverandør", created_by=org)
    anna, bo = _editors(org)
    url = reverse("spend:vendor_choose", args=[creditor.pk])
    opened = version(creditor)
    page = bo.get(reverse("spend:vendor_detail", args=[creditor.pk])).content.decode()
    assert f'name="_version" value="{opened}"' in page

    assert anna.post(url, {"vendor": first.pk, "_version": opened}).status_code == 302
    events = _events(creditor)
    stale = bo.post(url, {"vendor": second.pk, "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "ikke gemt" in page and "anna" in page
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    assert "Leverandør i porteføljen" in table
    assert "Bos Leverandør" in table and "Annas Leverandør" in table  # names, not ids
    creditor.refresh_from_db()
    assert creditor.vendor == first and _events(creditor) == events
    current = version(creditor)
    assert f'name="_version" value="{current}"' in page
    again = bo.post(url, {"vendor": second.pk, "_version": current})
    assert again.status_code == 302
    creditor.refresh_from_db()
    assert creditor.vendor == second


@pytest.mark.django_db
def test_none_of_them_after_a_colleague_chose_is_a_conflict_too() -> None:
    org = make_organization()
    creditor = SpendVendor.objects.create(organization=org, key=f"navn:{unique('k')}", name="K")
    chosen = Vendor.objects.create(name="Valgt Leverandør", created_by=org)
    anna, bo = _editors(org)
    url = reverse("spend:vendor_choose", args=[creditor.pk])
    opened = version(creditor)
    assert anna.post(url, {"vendor": chosen.pk, "_version": opened}).status_code == 302
    stale = bo.post(url, {"vendor": "", "_version": opened})
    assert stale.status_code == 409
    table = stale.content.decode().split("<table", 1)[1].split("</table>", 1)[0]
    assert "<td>—</td>" in table and "Valgt Leverandør" in table  # none: a dash
    creditor.refresh_from_db()
    assert creditor.vendor == chosen
