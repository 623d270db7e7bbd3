"""The request page's panel, its POST buttons, the kravbilag and the lead-time page.

The list, create, edit, delete and history pages come from the resource
(:data:`procurement.resources.REQUESTS`); this module adds what is particular to the
process: questions and show stoppers, who waits for whom, the stage clock, reuse
candidates, the moves the user may take, conditions and requirements.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from businesscases.models import BusinessCase
from core.charts import bar_chart
from core.permissions import has_perm
from core.views import ObjectActionView, OrgView
from knowledge.procurement import procurement_knowledge
from procurement import attachments, forms, leadtime, reuse, selectors, services
from procurement import choices as c
from procurement.kravbilag import kravbilag_docx
from procurement.models import ProcurementRequest
from procurement.questions import asked, open_by_addressee
from procurement.workflow import REQUEST_WORKFLOW, TRANSITION_LABELS, is_large, large_amount


def request_panel(view: Any, request: ProcurementRequest) -> dict[str, Any]:
    """What the request page shows besides its fields."""
    user, org = view.request.user, view.organization
    items = asked(request)
    by_stage: dict[str, list[Any]] = {}
    for item in items:
        by_stage.setdefault(item.question.stage, []).append(item)
    can_run = has_perm(user, org, "procurement.run", request)
    own = request.submitted_by_id == user.pk
    moves = [
        (t.name, TRANSITION_LABELS[t.name])
        for t in REQUEST_WORKFLOW.allowed(request.stage)
        if can_run or (t.name == "withdraw" and own)
    ]
    strategy = request.strategy
    requirements = procurement_knowledge().requirements_for(strategy)
    language = "en" if getattr(view.request, "LANGUAGE_CODE", "da") == "en" else "da"
    path = [s for s in c.Stage if s not in c.ENDED_STAGES or s == c.Stage.I_DRIFT]
    if request.stage not in path:
        path.append(c.Stage(request.stage))
    channels = dict(c.Channel.choices)
    return {
        "stage_steps": [(s.value, s.label) for s in path],
        "decision_bodies": c.DecisionBody.choices,
        "channel_labels": [str(channels[x]) for x in request.channels if x in channels],
        "questions_by_stage": [(c.Stage(s).label, rows) for s, rows in by_stage.items()],
        "waiting": [
            (c.Addressee(a).label, rows)
            for a, rows in open_by_addressee(items, request.stage).items()
        ],
        "clock": leadtime.stage_days(leadtime.request_clock(request)),
        "candidates": reuse.candidates(request) if request.stage in c.BEFORE_DECISION else [],
        "moves": moves,
        "conditions": list(request.conditions.select_related("owner")),
        "requirements": [
            (r.key, r.title.to_text().get(language), r.key in request.requirements)
            for r in requirements
        ],
        "is_large": is_large(request),
        "max_upload_mb": round(attachments.max_bytes() / 1024 / 1024),
        "large_amount": large_amount(),
        "can_run": can_run,
        "can_answer": has_perm(user, org, "procurement.change", request) and not request.ended,
        "can_override": has_perm(user, org, "procurement.override", request),
        "answer_values": c.AnswerValue.choices,
        "move_form": forms.MoveForm(organization=org),
        "attachments": list(request.attachments.select_related("uploaded_by")),
        "cases": list(
            BusinessCase.objects.filter(organization=org).order_by("name").only("pk", "name")
        ),
        "condition_form": forms.ConditionForm(organization=org),
        "strategy_label": dict(forms.strategy_choices()).get(strategy, strategy)
        or _("Ingen valgt"),
    }


class RequestAction(ObjectActionView):
    permission = "procurement.view"
    selector_get = staticmethod(selectors.request_get)

    def get_success_message(self, obj: Any, outcome: Any) -> str:
        return str(outcome)

    def bound(self, form_class: type, **kwargs: Any) -> Any:
        form = form_class(self.request.POST, **kwargs)
        if not form.is_valid():
            raise ValidationError(
                [
                    f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ")
                    for f, errors in form.errors.items()
                    for e in errors
                ]
            )
        return form


class RequestMoveView(RequestAction):
    def act(self, obj: ProcurementRequest) -> str:
        form = self.bound(forms.MoveForm, organization=self.organization)
        name = form.cleaned_data["transition"]
        moved = services.request_move(
            actor=self.request.user, request=obj, transition_name=name, **form.transition_fields()
        )
        return _("Anmodningen er nu i fasen »%(stage)s«.") % {"stage": moved.get_stage_display()}


class AnswerView(RequestAction):
    def act(self, obj: ProcurementRequest) -> str:
        form = self.bound(forms.AnswerForm)
        services.answer_set(actor=self.request.user, request=obj, **form.cleaned_data)
        return _("Svaret er gemt.")


class OverrideView(RequestAction):
    def act(self, obj: ProcurementRequest) -> str:
        form = self.bound(forms.OverrideForm)
        services.answer_override(actor=self.request.user, request=obj, **form.cleaned_data)
        return _("Stopklodsen er tilsidesat med begrundelse.")


class ConditionAddView(RequestAction):
    def act(self, obj: ProcurementRequest) -> str:
        form = self.bound(forms.ConditionForm, organization=self.organization)
        services.condition_add(actor=self.request.user, request=obj, **form.cleaned_data)
        return _("Vilkåret er tilføjet.")


class ConditionDoneView(ObjectActionView):
    permission = "procurement.view"
    selector_get = staticmethod(selectors.condition_get)

    def get_success_message(self, obj: Any, outcome: Any) -> str:
        return str(outcome)

    def act(self, obj: Any) -> str:
        services.condition_done(actor=self.request.user, condition=obj)
        return _("Vilkåret er markeret som opfyldt.")

    def get_error_url(self, obj: Any) -> str:
        return f"{obj.request.get_absolute_url()}#vilkaar"

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return self.get_error_url(obj)


class RequirementsView(RequestAction):
    def act(self, obj: ProcurementRequest) -> str:
        services.requirements_set(
            actor=self.request.user, request=obj, keys=self.request.POST.getlist("requirement")
        )
        return _("Kravene er gemt.")


class KravbilagView(OrgView):
    """The chosen requirements as a DOCX annex for the tender."""

    permission = "procurement.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.request_get(organization=self.organization, pk=pk)
        data = kravbilag_docx(obj, language=getattr(request, "LANGUAGE_CODE", "da"))
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="kravbilag-{obj.pk}.docx"'
        return response


class LeadTimeView(OrgView):
    """Lead times of the process with a chart and tables of the same numbers."""

    permission = "procurement.view"
    title = gettext_lazy("Gennemløbstid for anskaffelser")

    def get(self, request: HttpRequest) -> HttpResponse:
        result = leadtime.analysis(self.organization)
        labels = dict(c.Stage.choices)
        stages = [{"stage": str(labels[s]), **v} for s, v in result["stages"].items()]
        milestone_labels = {
            "beslutning": _("Fra idé til beslutning"),
            "kontrakt": _("Fra idé til kontrakt"),
            "i_drift": _("Fra idé til drift"),
        }
        milestones = [
            {
                "milestone": str(milestone_labels[k]),
                **{x: v[x] for x in ("count", "median_days", "p90_days")},
            }
            for k, v in result["milestones"].items()
        ]
        quarters = sorted({q for v in result["milestones"].values() for q in v["by_quarter"]})
        decision = result["milestones"]["beslutning"]
        chart = bar_chart(
            [s["stage"] for s in stages],
            [
                (_("Median (dage)"), [s["median_days"] or 0 for s in stages]),
                (_("P90 (dage)"), [s["p90_days"] or 0 for s in stages]),
            ],
            unit=_("dage"),
        )
        by_quarter = [
            {
                "quarter": q,
                **decision["by_quarter"].get(
                    q, {"count": 0, "median_days": None, "p90_days": None}
                ),
            }
            for q in quarters
        ]
        by_unit = [{"unit": u, **v} for u, v in decision["by_unit"].items()]
        questions = {q.key: q.text.da for q in procurement_knowledge().questions}
        stoppers = [
            {**row, "text": questions.get(row["question"], row["question"])}
            for row in result["show_stoppers"]
        ]
        return render(
            request,
            "procurement/leadtime.html",
            self.base_context(
                result=result,
                stages=stages,
                milestones=milestones,
                by_quarter=by_quarter,
                by_unit=by_unit,
                stoppers=stoppers,
                charts={"chart-stages": chart},
            ),
        )
