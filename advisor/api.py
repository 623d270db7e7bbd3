"""Strategy assessments under /api/v1/organizations/{org_id}/assessments.

* ``GET …/assessments`` lists the versions (``{items, count}``; ``status`` filter,
  ``sort`` = ``version``/``-version``/``updated``, ``changed_since``, ``limit`` ≤ 100,
  ``offset``); ``POST`` creates a new draft version, prefilled from ``copy_from_id``
  (default: the newest version), with the portfolio's facts computed afresh.
* ``GET …/assessments/{id}`` gives answers, computed ``facts`` (value + Danish source),
  ``overrides`` (value + reason) and the ``values`` the engine gets; ``PATCH`` changes a
  draft's ``title``, ``answers`` and ``overrides`` (partial; ``null`` removes a key).
* ``POST …/{id}/refresh-facts`` computes the facts of a draft again;
  ``POST …/{id}/complete`` runs the engine and makes the version read-only;
  ``POST …/{id}/choose`` records the chosen strategy and generates its roadmap.
* ``GET …/{id}/result`` gives the ranking with scores (``score`` 0-1 for display,
  ``raw_score`` unclamped, which the ranking uses), ``coverage`` per strategy,
  ``margin`` (first minus second), ``clear_winner``, ``tied``, ``none_fits`` with
  ``establish_first``, ``data_coverage`` (``{known, total, share, text}``), ``warnings``
  (values beyond the model's scale, contradictory answers), the business-case
  ``evidence`` used, contributions, disadvantages with mitigations, risks and what would
  change the ranking.

Values are on the fact's own scale: 1-5 answers, shares 0-1, numbers as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from advisor import results, selectors, services
from advisor.choices import AssessmentStatus
from advisor.filters import ASSESSMENT_FILTERS
from advisor.models import Assessment
from advisor.questions import QUESTIONS
from core.api import error_doc
from core.api.resources import ApiResource, Writable
from core.api.routes import Crud
from core.api.tenancy import member_organization
from organizations.models import Organization

router = Router(tags=["advisor"])

KEYS = ", ".join(q.key for q in QUESTIONS)


class FactOut(Schema):
    value: float | None
    source: str


class OverrideIn(Schema):
    value: float
    reason: str = Field(..., description="Hvorfor den beregnede værdi ikke passer (påkrævet).")


class OverrideOut(Schema):
    value: float
    reason: str


class AssessmentOut(Schema):
    id: int
    version: int
    title: str
    status: str
    answers: dict[str, float]
    facts: dict[str, FactOut]
    overrides: dict[str, OverrideOut]
    values: dict[str, float | None] = Field(
        ..., description="The value of each fact the engine gets (override, computed, answer)."
    )
    knowledge_version: str
    completed_at: dt.datetime | None
    recommended: str | None
    chosen_option: str
    chosen_at: dt.datetime | None
    chosen_by_id: int | None
    decision_note: str
    roadmap_ids: list[int]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_values(obj: Assessment) -> dict[str, float | None]:
        return results.effective_values(obj)

    @staticmethod
    def resolve_recommended(obj: Assessment) -> str | None:
        return obj.result.get("recommended") if obj.result else None

    @staticmethod
    def resolve_roadmap_ids(obj: Assessment) -> list[int]:
        return sorted(r.pk for r in obj.roadmaps.all())


class AssessmentIn(Schema):
    title: str = ""
    copy_from_id: int | None = Field(
        None, description="Start from this version's answers (default: the newest version)."
    )


class AssessmentPatch(Schema):
    title: str | None = None
    answers: dict[str, float | None] | None = Field(
        None, description=f"Fact key → value (null clears). Keys: {KEYS}."
    )
    overrides: dict[str, OverrideIn | None] | None = Field(
        None, description="Computed fact key → {value, reason} (null removes the override)."
    )


class ChooseIn(Schema):
    option: str = Field(
        ...,
        description="standardisering, genbrug, sammenhaengende_processer or borgernaer_service",
    )
    note: str = ""


class ChooseOut(Schema):
    assessment: AssessmentOut
    roadmap_id: int


def _queryset(organization: Organization) -> QuerySet[Assessment]:
    return selectors.assessment_list(organization=organization).prefetch_related("roadmaps")


ASSESSMENTS = ApiResource(
    queryset=_queryset, permission="strategy.view", filters=ASSESSMENT_FILTERS, model=Assessment
)
ASSESSMENT_WRITES = Writable(
    ASSESSMENTS,
    permission="strategy.change",
    get=lambda *, organization, pk: ASSESSMENTS.one(organization, pk),
    kwarg="assessment",
    refs={},
)


ASSESSMENT_API = Crud(
    router, "assessments", "assessment", ASSESSMENT_WRITES, AssessmentOut, module=__name__
)
ASSESSMENT_API.add_list("Strategy assessments (versions), newest first")


@ASSESSMENT_API.on_collection(
    "post", status=201, summary="Create a new draft version (strategy.change)"
)
def assessment_create(
    request: HttpRequest, org_id: int, payload: AssessmentIn
) -> tuple[int, Assessment]:
    org = member_organization(request, org_id, "strategy.change")
    copy_from = None
    if payload.copy_from_id is not None:
        copy_from = (
            selectors.assessment_list(organization=org).filter(pk=payload.copy_from_id).first()
        )
        if copy_from is None:
            raise HttpError(400, _("Vurderingen i copy_from_id findes ikke."))
    assessment = services.assessment_create(
        actor=request.user, organization=org, title=payload.title, copy_from=copy_from
    )
    return 201, ASSESSMENTS.one(org, assessment.pk)


ASSESSMENT_API.add_detail()
ASSESSMENT_API.add_update(
    services.assessment_update,
    AssessmentPatch,
    "Change a draft's title, answers and overrides (strategy.change)",
)


ASSESSMENT_API.action(
    "post",
    "/refresh-facts",
    "refresh",
    services.assessment_refresh_facts,
    "Compute a draft's portfolio facts again (strategy.change)",
)
ASSESSMENT_API.action(
    "post",
    "/complete",
    "complete",
    services.assessment_complete,
    "Rank the strategies and make the version read-only (strategy.change)",
)


@ASSESSMENT_API.on_item(
    "post",
    "/choose",
    response=ChooseOut,
    summary="Record the chosen strategy and generate its roadmap (strategy.decide)",
)
def assessment_choose(
    request: HttpRequest, org_id: int, assessment_id: int, payload: ChooseIn
) -> dict[str, Any]:
    org, assessment = ASSESSMENT_WRITES.target(request, org_id, assessment_id, "strategy.decide")
    roadmap = services.assessment_choose(
        actor=request.user, assessment=assessment, option=payload.option, note=payload.note
    )
    return {"assessment": ASSESSMENTS.one(org, assessment.pk), "roadmap_id": roadmap.pk}


@ASSESSMENT_API.on_item(
    "get",
    "/result",
    response=dict[str, Any],
    openapi_extra={"responses": {409: error_doc("Vurderingen er ikke afsluttet endnu")}},
    summary=(
        "The ranking with scores, margin, clear winner, data coverage, preconditions, "
        "explanations and what would change it"
    ),
)
def assessment_result(request: HttpRequest, org_id: int, assessment_id: int) -> dict[str, Any]:
    assessment = ASSESSMENTS.detail(request, org_id, assessment_id)
    if assessment.status != AssessmentStatus.COMPLETED:
        raise HttpError(409, _("Vurderingen er ikke afsluttet og har intet resultat endnu."))
    return dict(assessment.result)
