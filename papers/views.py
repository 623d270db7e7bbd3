"""Decision paper screens: list, generate, detail with the inputs, downloads, regeneration
check and history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from core.views import (
    Column,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViews,
    ServiceFormView,
)
from papers import coherence, docx_render, forms, pdf_render, selectors, services
from papers.filters import PAPER_FILTERS
from papers.models import DecisionPaper

L = gettext_lazy


class PaperViews(ObjectViews):
    selector_get = staticmethod(selectors.paper_get)
    view_permission, change_permission = "paper.view", "paper.create"
    url_stem = "papers:paper"


class PaperListView(PaperViews, ObjectListView):
    title = L("Beslutningsoplæg")
    selector = staticmethod(selectors.paper_list)
    filterset = PAPER_FILTERS
    columns = (
        Column("title", L("Titel"), sort="title", link=True),
        Column("assessment", L("Strategivurdering"), accessor="assessment.title"),
        Column("business_case", L("Business case"), accessor="business_case.name"),
        Column("roadmap", L("Roadmap"), accessor="roadmap.name"),
        Column("created_at", L("Genereret"), sort="created"),
        Column("created_by", L("Genereret af"), accessor="created_by.get_full_name"),
    )


SOURCES = ("assessment", "business_case", "roadmap")


class PaperCreateView(PaperViews, ServiceFormView):
    """Generate a paper. GET prefills the newest completed assessment, the most advanced
    business case and the newest roadmap, a title and the proposed decision; the
    "Foreslå" button posts the chosen sources back to redo the prefill for them."""

    title = L("Nyt beslutningsoplæg")
    form_class = forms.PaperForm
    template_name = "papers/paper_form.html"
    create_service = staticmethod(services.paper_create)
    success_message = L("Beslutningsoplægget er genereret.")

    def _sources(self, chosen: Any = None) -> tuple[Any, Any, Any]:
        """The sources to prefill: those in ``chosen`` (the "Foreslå" button's POST, only
        the organization's own are found), else the newest of each kind."""
        org = self.organization
        querysets = (
            selectors.assessment_choices(organization=org),
            selectors.case_choices(organization=org),
            selectors.roadmap_choices(organization=org),
        )
        if chosen is not None:
            found = [
                selectors.source_get(qs, chosen.get(name)) if chosen.get(name) else None
                for name, qs in zip(SOURCES, querysets, strict=True)
            ]
        else:
            found = [qs.first() for qs in querysets]
        return found[0], found[1], found[2]

    def prefill(self, chosen: Any = None) -> dict[str, Any]:
        assessment, case, roadmap = self._sources(chosen)
        sources = {"assessment": assessment, "business_case": case, "roadmap": roadmap}
        initial: dict[str, Any] = {k: v.pk for k, v in sources.items() if v is not None}
        if initial:
            initial["title"] = services.default_title(**sources)
            initial["proposed_decision"] = services.default_proposed_decision(**sources)
            proposal = services.proposal(**sources)
            initial.update(
                authority=proposal.authority,
                authority_basis=proposal.authority_basis,
                consultation=proposal.consultation,
                consultation_note=proposal.consultation_note,
            )
        self.checked = self.check(sources, initial.get("proposed_decision", ""))
        return initial

    def check(self, sources: dict[str, Any], proposed: str) -> Any:
        """The consistency check of the chosen sources, shown above the form."""
        if not any(sources.values()):
            return None
        return coherence.check(
            organization=self.organization, proposed_decision=proposed, **sources
        )

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return self.prefill() if self.request.method == "GET" else {}

    def render_form(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        checked = getattr(self, "checked", None)
        if checked is None and form.is_bound:
            # From the posted ids: a refused field is no longer in the cleaned data.
            found = self._sources(self.request.POST)
            sources = dict(zip(SOURCES, found, strict=True))
            checked = self.check(sources, self.request.POST.get("proposed_decision", ""))
        return render(
            self.request,
            self.template_name,
            self.base_context(form=form, object=obj, version=None, coherence=checked),
            status=status,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("foreslaa"):
            initial = self.prefill(request.POST)
            form = self.form_class(initial=initial, **self.get_form_kwargs(None))
            return self.render_form(form, None)
        return super().post(request, *args, **kwargs)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def inputs_summary(inputs: dict[str, Any]) -> dict[str, Any]:
    """The key facts of a paper's inputs for its page (dates as dates, money as Decimal)."""
    case = inputs.get("business_case")
    result = case["result"] if case else None
    roadmap = inputs.get("roadmap")
    assessment = inputs.get("assessment")
    strategy = inputs.get("strategy")
    return {
        "generated_at": dt.datetime.fromisoformat(inputs["generated_at"]),
        "author": inputs.get("author", ""),
        "demo": inputs["organization"]["is_demo"],
        "organization": inputs["organization"]["name"],
        "strategy": strategy["label"] if strategy else "",
        "assessment": (
            {
                "title": assessment["title"],
                "version": assessment["version"],
                "completed_on": _date(assessment["completed_on"]),
                "recommended": assessment["recommended"]["label"],
                "ranking": assessment["ranking"],
            }
            if assessment
            else None
        ),
        "case": (
            {
                "name": case["name"],
                "status": case["status_label"],
                "version": case["version"],
                "years": f"{result['years'][0]}–{result['years'][-1]}",
                "npv": Decimal(result["npv"]),
                "payback": result["payback"],
                "pool": Decimal(result["risk_pool"]["pool"]),
                "p10": Decimal(result["simulation"]["p10"]),
                "p50": Decimal(result["simulation"]["p50"]),
                "p90": Decimal(result["simulation"]["p90"]),
                "positive": Decimal(result["simulation"]["probability_positive"]) * 100,
                "lines": len(case["lines"]),
                "risks": len(case["risks"]),
            }
            if case and result
            else None
        ),
        "roadmap": (
            {
                "name": roadmap["name"],
                "milestones": len(roadmap["milestones"]),
                "gates": [
                    {**gate, "planned": _date(gate["planned_date"])} for gate in roadmap["gates"]
                ],
            }
            if roadmap
            else None
        ),
        "processes": [p["name"] for p in inputs["processes"]["items"]],
        "process_rule": inputs["processes"]["rule"],
    }


class PaperDetailView(PaperViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        paper: DecisionPaper = self.object
        return super().get_context_data(
            summary=inputs_summary(paper.inputs),
            decision_lines=[line for line in paper.proposed_decision.splitlines() if line.strip()],
            coherence_warnings=[
                item["text"]
                for item in (paper.inputs.get("coherence") or {}).get("items", [])
                if item.get("status") == "warning"
            ],
            **extra,
        )


class PaperVerifyView(PaperViews):
    """Render the stored inputs again and show that the hashes match the stored ones."""

    template_name = "papers/paper_verify.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        paper = self.get_object()
        check = services.paper_regenerate(paper=paper)
        return render(request, self.template_name, self.base_context(object=paper, check=check))


def filename(paper: DecisionPaper, extension: str) -> str:
    """An ASCII file name from the title: 'beslutningsoplaeg-12-kanalstrategi.docx'."""
    from django.utils.text import slugify

    title = paper.title.lower()
    for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        title = title.replace(danish, plain)
    slug = slugify(title)[:60].strip("-")
    return f"beslutningsoplaeg-{paper.pk}{'-' + slug if slug else ''}.{extension}"


def document_response(paper: DecisionPaper, kind: str) -> HttpResponse:
    """The stored DOCX or PDF as an attachment."""
    if kind == "docx":
        data, content_type = bytes(paper.docx), docx_render.CONTENT_TYPE
    else:
        data, content_type = bytes(paper.pdf), pdf_render.CONTENT_TYPE
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(paper, kind)}"'
    response["Content-Length"] = str(len(data))
    return response


class PaperDownloadView(PaperViews):
    selector_get = staticmethod(selectors.paper_get_with_documents)
    kind = "docx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return document_response(self.get_object(), self.kind)


class PaperHistoryView(PaperViews, ObjectHistoryView):
    pass
