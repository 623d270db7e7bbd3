"""Fixtures the portfolio tests share: an organization and clients of its editor/buyer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from organizations.models import Organization
from organizations.testing import editor, logged_in_client, make_user, org

__all__ = ["buyer_client", "editor", "editor_client", "org"]


@pytest.fixture
def editor_client(org: Organization, editor: Any) -> Client:
    return logged_in_client(editor, org)


@pytest.fixture
def buyer_client(org: Organization) -> Client:
    return logged_in_client(make_user(organization=org, roles=["indkoeber"]), org)
