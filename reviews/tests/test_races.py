"""Two people at once on PostgreSQL (real connections): a review is never completed with an
unanswered item."""

from __future__ import annotations

from core.testing import postgres_race, race
from organizations.testing import make_organization, make_user
from reviews import services
from reviews.models import SolutionReview
from reviews.tests.factories import make_review


@postgres_race
def test_postgres_completion_and_a_cleared_answer_never_cross(round_: int) -> None:
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    review = make_review(org)
    everything = {i["key"]: {"value": "ok", "note": ""} for i in review.checklist_items}
    services.review_answer(actor=architect, review=review, answers=everything)
    first = review.checklist_items[0]["key"]
    copies = [SolutionReview.objects.get(pk=review.pk) for _ in range(2)]

    outcomes = race(
        lambda: services.review_complete(actor=architect, review=copies[0]),
        lambda: services.review_answer(
            actor=architect, review=copies[1], answers={first: {"value": ""}}
        ),
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
    final = SolutionReview.objects.get(pk=review.pk)
    if final.status == "gennemfoert":
        assert final.unanswered() == []
    else:
        assert final.unanswered() == [first]


@postgres_race
def test_postgres_two_completions_record_one_transition(round_: int) -> None:
    from core.models import TransitionRecord

    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    review = make_review(org)
    everything = {i["key"]: {"value": "ok", "note": ""} for i in review.checklist_items}
    services.review_answer(actor=architect, review=review, answers=everything)
    copies = [SolutionReview.objects.get(pk=review.pk) for _ in range(2)]

    outcomes = race(
        *(lambda r=r: services.review_complete(actor=architect, review=r) for r in copies)
    )

    assert outcomes == [None, None]  # the second finds it done and writes nothing
    assert (
        TransitionRecord.objects.filter(
            machine="reviews.review", object_id=str(review.pk), to_state="gennemfoert"
        ).count()
        == 1
    )
