"""A business case has one version number (issue 18): the list, the case page and the
decision paper's inputs say the same."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from businesscases.choices import CaseStatus
from businesscases.services import case_decide, case_submit
from businesscases.tests import factories as f
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


def test_list_detail_and_paper_name_the_same_version() -> None:
    org = make_organization()
    case = f.simple_case(org)
    admin = make_user(organization=org, roles=["administrator"])
    client = logged_in_client(admin, org)
    assert case.version_label() == "1 (kladde)"
    case_submit(actor=admin, case=case)
    case_decide(actor=admin, case=case, decision=CaseStatus.APPROVED)
    case.refresh_from_db()
    # Two freezes (submitted, approved): the last frozen version is 2, the next would be 3.
    assert case.versions.count() == 2 and case.version == 3
    assert case.current_version == 2

    listing = client.get(reverse("businesscases:case_list")).content.decode()
    detail = client.get(reverse("businesscases:case_detail", args=[case.pk])).content.decode()
    assert "2 (frosset)" in listing and "3 (" not in listing
    match = re.search(r'<dd id="case-version">([^<]+)</dd>', detail)
    assert match and match.group(1) == "2 (frosset)"

    from papers.inputs import _business_case  # what the paper freezes of the case

    assert (_business_case(case) or {})["version"] == 2
