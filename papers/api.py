"""Decision papers under /api/v1/organizations/{org_id}/decision-papers.

* ``GET …/decision-papers`` lists the organization's papers (``q``, ``sort``,
  ``changed_since``, ``limit`` ≤ 100, ``offset``; envelope ``{"items", "count"}``).
* ``POST …/decision-papers`` generates a paper from ids of the organization's own
  assessment, business case and roadmap (at least one). An id of another organization is
  a 400 naming the field. Empty ``title`` / ``proposed_decision`` / ``authority`` /
  ``consultation`` get Styrbar's proposal. Sources that do not belong to one proposal
  (``papers.coherence``) are a 400 naming the field; warnings are in ``inputs.coherence``.
* ``GET …/decision-papers/{paper_id}`` gives the paper with the exact ``inputs`` its
  documents were rendered from and the SHA-256 of each document.
* ``GET …/decision-papers/{paper_id}/docx`` and ``…/pdf`` download the stored documents.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from advisor.choices import AssessmentStatus
from core.api import binary_response
from core.api.resources import ApiResource
from core.api.routes import Crud
from core.api.tenancy import member_organization
from papers import docx_render, pdf_render, selectors, services
from papers.choices import Authority, Consultation
from papers.filters import PAPER_FILTERS
from papers.models import DecisionPaper
from papers.views import document_response

router = Router(tags=["papers"])


class PaperIn(Schema):
    title: str = Field("", max_length=200, description="Tom: Styrbar foreslår en titel.")
    assessment_id: int | None = Field(None, description="En afsluttet strategivurdering.")
    business_case_id: int | None = None
    roadmap_id: int | None = None
    proposed_decision: str = Field(
        "", description='"Det indstilles, at …"; tom: Styrbar skriver forslaget.'
    )
    authority: Authority | Literal[""] = Field(
        "", description="Hvem der træffer beslutningen; tom: Styrbars forslag."
    )
    authority_basis: str = Field(
        "", description="Reglen, kompetencen bygger på; tom: Styrbars begrundelse."
    )
    consultation: Consultation | Literal[""] = Field(
        "", description="Høring og MED; tom: Styrbars forslag."
    )
    consultation_note: str = ""
    financing: str = Field("", description="Hvordan udgiften dækkes.")


class PaperOut(Schema):
    id: int
    title: str
    assessment_id: int | None
    business_case_id: int | None
    roadmap_id: int | None
    proposed_decision: str
    authority: str
    authority_basis: str
    consultation: str
    consultation_note: str
    financing: str
    docx_sha256: str
    pdf_sha256: str
    created_by_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class PaperDetailOut(PaperOut):
    inputs: dict[str, Any] = Field(
        description="Alt, dokumenterne er genereret ud fra (beløb som decimaltekst i kr.)."
    )


PAPERS = ApiResource(
    queryset=selectors.paper_list,
    permission="paper.view",
    filters=PAPER_FILTERS,
    model=DecisionPaper,
)
PAPER_API = Crud(router, "decision-papers", "paper", PAPERS, PaperOut, module=__name__)
PAPER_API.add_list("Decision papers")


@PAPER_API.on_collection(
    "post",
    status=201,
    response=PaperDetailOut,
    summary="Generate a decision paper (DOCX and PDF) from an assessment, a case and a roadmap",
)
def paper_create(request: HttpRequest, org_id: int, payload: PaperIn) -> tuple[int, Any]:
    org = member_organization(request, org_id, "paper.create")
    data = payload.dict()
    sources: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field, queryset in (
        ("assessment", selectors.assessment_list(organization=org)),
        ("business_case", selectors.case_choices(organization=org)),
        ("roadmap", selectors.roadmap_choices(organization=org)),
    ):
        pk = data.get(f"{field}_id")
        sources[field] = selectors.source_get(queryset, pk) if pk is not None else None
        if pk is not None and sources[field] is None:
            errors[f"{field}_id"] = [_("Findes ikke i organisationen.")]
    draft = sources["assessment"]
    if draft is not None and draft.status != AssessmentStatus.COMPLETED:
        errors["assessment_id"] = [_("Strategivurderingen er ikke afsluttet endnu.")]
    if errors:
        raise ValidationError(errors)
    try:
        paper = _create(request, org, data, sources)
    except ValidationError as exc:
        # The service names the model's fields; the API's are the ids.
        if hasattr(exc, "error_dict"):
            raise ValidationError(
                {API_FIELDS.get(k, k): v for k, v in exc.error_dict.items()}
            ) from exc
        raise
    return 201, selectors.paper_get(organization=org, pk=paper.pk)


API_FIELDS = {name: f"{name}_id" for name in ("assessment", "business_case", "roadmap")}


def _create(request: HttpRequest, org: Any, data: dict[str, Any], sources: dict[str, Any]) -> Any:
    return services.paper_create(
        actor=request.user,
        organization=org,
        title=data["title"],
        proposed_decision=data["proposed_decision"],
        authority=str(data["authority"]),
        authority_basis=data["authority_basis"],
        consultation=str(data["consultation"]),
        consultation_note=data["consultation_note"],
        financing=data["financing"],
        **sources,
    )


@PAPER_API.on_item("get", response=PaperDetailOut, summary="One decision paper")
def paper_detail(request: HttpRequest, org_id: int, paper_id: int) -> DecisionPaper:
    org = member_organization(request, org_id, "paper.view")
    return selectors.paper_get(organization=org, pk=paper_id)


def _download(request: HttpRequest, org_id: int, paper_id: int, kind: str) -> HttpResponse:
    org = member_organization(request, org_id, "paper.view")
    paper = selectors.paper_get_with_documents(organization=org, pk=paper_id)
    return document_response(paper, kind)


@router.get(
    f"{PAPER_API.item_path}/docx",
    summary="Download the DOCX",
    openapi_extra=binary_response(
        docx_render.CONTENT_TYPE, "Det gemte dokument som vedhæftet fil."
    ),
)
def paper_docx(request: HttpRequest, org_id: int, paper_id: int) -> HttpResponse:
    return _download(request, org_id, paper_id, "docx")


@router.get(
    f"{PAPER_API.item_path}/pdf",
    summary="Download the PDF",
    openapi_extra=binary_response(pdf_render.CONTENT_TYPE, "Det gemte dokument som vedhæftet fil."),
)
def paper_pdf(request: HttpRequest, org_id: int, paper_id: int) -> HttpResponse:
    return _download(request, org_id, paper_id, "pdf")
