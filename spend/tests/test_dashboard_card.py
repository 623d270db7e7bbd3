"""The spend card of the dashboard is cached per organization under its newest audit
event (issue 17, load): it costs no query while nothing changed, and a triage or an
import shows at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.testing import logged_in_client, make_user
from spend.candidates import candidate_triage
from spend.tests.test_candidates import _shadow

pytestmark = pytest.mark.django_db


def _figures(client: Any) -> dict[str, Any]:
    cards = client.get(reverse("organizations:dashboard")).context["cards"]
    return dict(next(c for c in cards if c["title"] == "Forbrug")["figures"])


def test_the_spend_card_is_cached_until_the_next_audited_change(org: Any) -> None:
    user = make_user(organization=org, roles=["arkitekt"])
    client = logged_in_client(user, org)
    candidate = _shadow(org)
    assert _figures(client)["Uvurderede skygge-it-kandidater"] == 1
    with CaptureQueriesContext(connection) as ctx:
        _figures(client)
    assert not any("spend_" in q["sql"] for q in ctx.captured_queries)  # from the cache

    candidate_triage(actor=user, candidate=candidate, decision="ikke_it", note="Kontorstole")
    assert _figures(client)["Uvurderede skygge-it-kandidater"] == 0  # at once
