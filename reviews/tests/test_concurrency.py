"""Optimistic concurrency on a review's checklist answers (issue 17).

The page's form carries the review's version and each item's answer as opened: a stale
form saves the items its user changed, keeps a colleague's answers to other items, and
shows the conflict page (both answers, nothing written) when the colleague answered the
same item differently. The API answers the review's ETag and honours If-Match (412). The
PostgreSQL tests race real connections in threads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.concurrency import version
from core.models import AuditEvent
from core.testing import postgres_race, race
from organizations.testing import logged_in_client, make_organization, make_token, make_user
from reviews.models import SolutionReview
from reviews.services import answer_version
from reviews.tests.factories import make_review


def _editors(org: Any) -> tuple[Client, Client]:
    anna = make_user(organization=org, roles=["arkitekt"], username="anna")
    bo = make_user(organization=org, roles=["arkitekt"], username="bo")
    return logged_in_client(anna, org), logged_in_client(bo, org)


def _opened(review: SolutionReview) -> dict[str, str]:
    """The form as a user opens it: the review's version and every item as saved."""
    data = {"_version": version(review)}
    for item in review.checklist_items:
        key, answer = item["key"], review.answers.get(item["key"]) or {}
        data[f"{key}__value"] = answer.get("value", "")
        data[f"{key}__note"] = answer.get("note", "")
        data[f"{key}__opened"] = answer_version(answer)
    return data


def _answer(form: dict[str, str], key: str, value: str, note: str = "") -> dict[str, str]:
    return {**form, f"{key}__value": value, f"{key}__note": note}


def _events(review: SolutionReview) -> int:
    return AuditEvent.objects.filter(object_id=str(review.pk)).count()


@pytest.mark.django_db
def test_the_page_carries_the_review_version_and_each_item_as_opened() -> None:
    org = make_organization()
    review = make_review(org)
    anna, _ = _editors(org)
    page = anna.get(review.get_absolute_url()).content.decode()
    first = review.checklist_items[0]["key"]
    assert f'name="_version" value="{version(review)}"' in page
    assert f'name="{first}__opened" value="{answer_version(None)}"' in page


@pytest.mark.django_db
def test_two_editors_answer_the_same_item_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    review = make_review(org)
    anna, bo = _editors(org)
    url = reverse("reviews:review_answers", args=[review.pk])
    item = review.checklist_items[0]
    key = item["key"]
    opened = _opened(review)

    assert anna.post(url, _answer(opened, key, "ok")).status_code == 302
    review.refresh_from_db()
    events = _events(review)
    stale = bo.post(url, _answer(opened, key, "finding", "Mangler DPIA"))

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "ikke gemt" in page and "anna" in page
    # Both answers, by their labels, under the question's text.
    assert item["question"]["da"] in page
    assert "Fund – Mangler DPIA" in page and "I orden" in page
    assert key not in page.split("<table", 1)[1].split("</table>", 1)[0]  # a label, not the id
    review.refresh_from_db()
    assert review.answers[key] == {"value": "ok", "note": ""}  # nothing of Bo's
    assert not review.findings.exists() and _events(review) == events
    # "Gem mine værdier alligevel": his values again, with the version the page shows.
    current = version(review)
    assert f'name="_version" value="{current}"' in page
    again = bo.post(url, {**_answer(opened, key, "finding", "Mangler DPIA"), "_version": current})
    assert again.status_code == 302
    review.refresh_from_db()
    assert review.answers[key] == {"value": "finding", "note": "Mangler DPIA"}


@pytest.mark.django_db
def test_answers_to_different_items_from_two_stale_forms_both_stay() -> None:
    org = make_organization()
    review = make_review(org)
    anna, bo = _editors(org)
    url = reverse("reviews:review_answers", args=[review.pk])
    first, second = (i["key"] for i in review.checklist_items[:2])
    opened = _opened(review)

    assert anna.post(url, _answer(opened, first, "ok")).status_code == 302
    # Bo's form still shows the first item unanswered: it is not his change, so it stays.
    assert bo.post(url, _answer(opened, second, "not_relevant", "Ingen data")).status_code == 302

    review.refresh_from_db()
    assert review.answers == {
        first: {"value": "ok", "note": ""},
        second: {"value": "not_relevant", "note": "Ingen data"},
    }


@pytest.mark.django_db
def test_the_same_answer_from_both_is_no_conflict() -> None:
    org = make_organization()
    review = make_review(org)
    anna, bo = _editors(org)
    url = reverse("reviews:review_answers", args=[review.pk])
    key = review.checklist_items[0]["key"]
    opened = _opened(review)
    assert anna.post(url, _answer(opened, key, "ok")).status_code == 302
    assert bo.post(url, _answer(opened, key, "ok")).status_code == 302


# The API ---------------------------------------------------------------------------------


def _api(org: Any) -> tuple[Client, dict[str, Any]]:
    token = make_token(make_user(organization=org, roles=["arkitekt"]))
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_the_answers_api_answers_an_etag_and_refuses_a_stale_if_match() -> None:
    org = make_organization()
    review = make_review(org)
    client, auth = _api(org)
    url = f"/api/v1/organizations/{org.pk}/reviews/{review.pk}/answers"
    key = review.checklist_items[0]["key"]

    def put(value: str, tag: str) -> Any:
        body = {"answers": [{"key": key, "value": value}]}
        return client.put(url, body, content_type="application/json", HTTP_IF_MATCH=tag, **auth)

    tag = client.get(url, **auth)["ETag"]
    ok = put("ok", tag)
    assert ok.status_code == 200 and ok["ETag"] != tag
    assert client.get(url, **auth)["ETag"] == ok["ETag"]
    events = _events(review)

    stale = put("finding", tag)
    assert stale.status_code == 412
    assert "If-Match" in stale.json()["message"] and "ændret" in stale.json()["message"]
    review.refresh_from_db()
    assert review.answers[key]["value"] == "ok" and _events(review) == events
    assert put("finding", ok["ETag"]).status_code == 200
    review.refresh_from_db()
    assert review.answers[key]["value"] == "finding"


# PostgreSQL: real connections in threads -----------------------------------------------------


@postgres_race
def test_postgres_two_api_puts_with_one_etag_one_gets_412(round_: int) -> None:
    org = make_organization()
    review = make_review(org)
    client, auth = _api(org)
    url = f"/api/v1/organizations/{org.pk}/reviews/{review.pk}/answers"
    key = review.checklist_items[0]["key"]
    tag = client.get(url, **auth)["ETag"]
    statuses: list[int] = []

    def put(value: str) -> None:
        body = {"answers": [{"key": key, "value": value, "note": f"runde {round_}"}]}
        statuses.append(
            Client()
            .put(url, body, content_type="application/json", HTTP_IF_MATCH=tag, **auth)
            .status_code
        )

    assert race(lambda: put("ok"), lambda: put("not_relevant")) == [None, None]
    assert sorted(statuses) == [200, 412]
    assert SolutionReview.objects.get(pk=review.pk).answers[key]["value"] in {"ok", "not_relevant"}


@postgres_race
def test_postgres_two_forms_on_the_same_item_one_gets_the_conflict_page(round_: int) -> None:
    org = make_organization()
    review = make_review(org)
    anna, bo = _editors(org)
    url = reverse("reviews:review_answers", args=[review.pk])
    key = review.checklist_items[0]["key"]
    opened = _opened(review)
    statuses: list[int] = []

    def save(client: Client, value: str) -> None:
        statuses.append(client.post(url, _answer(opened, key, value)).status_code)

    assert race(lambda: save(anna, "ok"), lambda: save(bo, "finding")) == [None, None]
    assert sorted(statuses) == [302, 409]
    review.refresh_from_db()
    assert review.findings.count() == (1 if review.answers[key]["value"] == "finding" else 0)


@postgres_race
def test_postgres_two_forms_on_different_items_both_stay(round_: int) -> None:
    org = make_organization()
    review = make_review(org)
    anna, bo = _editors(org)
    url = reverse("reviews:review_answers", args=[review.pk])
    first, second = (i["key"] for i in review.checklist_items[:2])
    opened = _opened(review)
    statuses: list[int] = []

    def save(client: Client, key: str) -> None:
        statuses.append(client.post(url, _answer(opened, key, "ok")).status_code)

    assert race(lambda: save(anna, first), lambda: save(bo, second)) == [None, None]
    assert statuses == [302, 302]
    assert set(SolutionReview.objects.get(pk=review.pk).answers) == {first, second}
