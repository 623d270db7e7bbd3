"""Fixtures the portfolio tests share: an organization and clients of its editor/buyer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from organizations.models import Organization
from organizations.testing import logged_in_client, make_organization, make_user


@pytest.fixture
def org() -> Organization:
    return make_organization()


@pytest.fixture
def editor(org: Organization) -> Any:
    return make_user(organization=org, roles=["redaktoer"])


@pytest.fixture
def editor_client(org: Organization, editor: Any) -> Client:
    return logged_in_client(editor, org)


@pytest.fixture
def buyer_client(org: Organization) -> Client:
    return logged_in_client(make_user(organization=org, roles=["indkoeber"]), org)
