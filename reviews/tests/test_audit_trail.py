"""A review's audit trail reads as the checklist: questions, answer labels and the
checklist's title, never item keys, answer codes or dict dumps."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from core.audit_display import readable
from core.models import AuditEvent
from organizations.testing import make_organization, make_user
from reviews import services
from reviews.models import Finding, SolutionReview
from reviews.tests.factories import make_usage

pytestmark = pytest.mark.django_db


def _shown(events: Any) -> str:
    return repr(
        [
            (line.label, [str(v) for v in line.before], [str(v) for v in line.after])
            for _ev, lines in readable(events)
            for line in lines
        ]
    )


def test_planning_answering_and_a_finding_read_as_the_checklist() -> None:
    org = make_organization()
    actor = make_user(organization=org, roles=["arkitekt"])
    with translation.override("da"):
        review = services.review_create(
            actor=actor, organization=org, usage=make_usage(org), planned_date=date(2027, 2, 1)
        )
        first, second = review.checklist_items[0], review.checklist_items[1]
        services.review_answer(
            actor=actor,
            review=review,
            answers={
                first["key"]: {"value": "ok", "note": ""},
                second["key"]: {"value": "finding", "note": "Ingen exit-plan"},
            },
        )
        services.review_answer(
            actor=actor, review=review, answers={first["key"]: {"value": "not_relevant"}}
        )
        events = AuditEvent.objects.filter(organization=org).order_by("id")
        shown = _shown(events)
    assert f"»{first['question']['da']}«: I orden" in shown
    assert f"»{first['question']['da']}«: Ikke relevant" in shown
    assert f"»{second['question']['da']}«: Fund (note: Ingen exit-plan)" in shown
    assert "'Tjekliste', ['–'], ['Generel løsningsgennemgang']" in shown  # title, not key
    assert "'Gennemgang', ['–'], ['<a href" in shown  # a finding's review is its review
    assert "katalogforslag" not in shown
    assert f"{len(review.checklist_items)} punkter" in shown
    finding = Finding.objects.get(review=review)
    assert finding.item_key == second["key"]
    for internal in (
        f"'{first['key']}",
        f"{second['key']}:",
        "not_relevant",
        "'value'",
        "Value:",
        "'note'",
        "section_title",
        "'question'",
    ):
        assert internal not in shown, internal
    assert SolutionReview.objects.filter(pk=review.pk).exists()


def test_the_audit_log_page_shows_the_questions(client: Any) -> None:
    org = make_organization()
    actor = make_user(organization=org, roles=["administrator", "arkitekt"])
    review = services.review_create(
        actor=actor, organization=org, usage=make_usage(org), planned_date=date(2027, 2, 1)
    )
    item = review.checklist_items[0]
    services.review_answer(
        actor=actor, review=review, answers={item["key"]: {"value": "ok", "note": "Set"}}
    )
    client.force_login(actor)
    page = client.get(reverse("organizations:audit_log"), HTTP_ACCEPT_LANGUAGE="da").content
    text = page.decode()
    assert "I orden (note: Set)" in text
    assert f"{item['key']}:" not in text
