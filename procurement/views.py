"""The request page's panel, its POST buttons, the kravbilag and the lead-time page.

The list, create, edit, delete and history pages come from the resource
(:data:`procurement.resources.REQUESTS`); this module adds what is particular to the
process: questions and show stoppers, who waits for whom, the stage clock, reuse
candidates, the moves the user may take, conditions and requirements.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from businesscases.models import BusinessCase
from core.charts import bar_chart
from core.permissions import has_perm
from core.views import ObjectActionView, OrgView
from core.workflow import records
from knowledge.procurement import STAGES, procurement_knowledge
from procurement import attachments, forms, leadtime, reuse, selectors, services
from procurement import choices as c
from procurement.kravbilag import kravbilag_docx
from procurement.models import ProcurementRequest
from procurement.questions import OPEN, STOPPER, asked, open_by_addressee, stages_up_to
from procurement.workflow import REQUEST_WORKFLOW, TRANSITION_LABELS, is_large, large_amount

FORWARD = ("clarify", "to_kontrolorgan", "to_decision", "decide", "implement", "go_live")
"""The moves that take a request on towards operation; the others end it."""

PURCHASE_PATH = (
    c.Stage.IDE,
    c.Stage.AFKLARING,
    c.Stage.KONTROLORGAN,
    c.Stage.BESLUTNING,
    c.Stage.ANSKAFFELSE,
    c.Stage.IMPLEMENTERING,
    c.Stage.I_DRIFT,
)


def stage_steps(request: ProcurementRequest, visited: set[str]) -> list[dict[str, Any]]:
    """The stage bar: the purchase path with each stage done, skipped, current or to come.
    A request ended without a purchase shows the path up to where it ended, then the end."""
    path: list[str] = list(PURCHASE_PATH)
    if request.stage not in path:
        reached = [s for s in path if s in visited]
        path = [*path[: path.index(reached[-1]) + 1], request.stage] if reached else [request.stage]
    current = path.index(request.stage)
    steps = []
    for i, stage in enumerate(path):
        if i == current:
            state = "current"
        elif i < current:
            state = "done" if stage in visited else "skipped"
        else:
            state = "todo"
        steps.append({"key": stage, "label": c.Stage(stage).label, "state": state})
    return steps


def question_groups(request: ProcurementRequest, items: list[Any]) -> list[dict[str, Any]]:
    """The questions by stage: the stage the request is in (or, for an idea, the one it goes
    to next) first and open, then the others in process order; a group with an open show
    stopper is open too."""
    stage = request.stage
    focus = c.Stage.AFKLARING if stage == c.Stage.IDE else stage
    earlier = set(stages_up_to(stage))
    groups = []
    for key in STAGES:
        rows = [item for item in items if item.question.stage == key]
        if not rows:
            continue
        blocking = sum(1 for item in rows if item.blocks and key in earlier)
        groups.append(
            {
                "key": key,
                "label": c.Stage(key).label,
                "rows": rows,
                "answered": sum(1 for item in rows if item.answer is not None),
                "open": sum(1 for item in rows if item.status in (OPEN, STOPPER)),
                "stoppers": sum(1 for item in rows if item.status == STOPPER),
                "blocking": blocking,
                "focus": key == focus,
                "expanded": (key == focus or blocking > 0) and not request.ended,
            }
        )
    groups.sort(key=lambda g: not g["focus"])
    return groups


def _large_notice(request: ProcurementRequest, large: bool, visited: set[str]) -> str:
    """What a large request still needs before its decision ("" when nothing)."""
    if not large or request.stage not in c.BEFORE_DECISION:
        return ""
    if c.Stage.KONTROLORGAN not in visited:
        return "kontrolorgan"
    return "" if request.business_case_id else "business_case"


def request_panel(view: Any, request: ProcurementRequest) -> dict[str, Any]:
    """What the request page shows besides its fields, in the order a user needs it: where
    the request is and who it waits for, the next moves and what blocks them, reuse
    candidates, decision and conditions, the questions (the current stage's first), the
    requirements, then the facts and the history of moves."""
    user, org = view.request.user, view.organization
    answers = request.answers.select_related("answered_by", "overridden_by")
    items = asked(request, {a.question_key: a for a in answers})
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
    history = list(records(REQUEST_WORKFLOW, request).select_related("actor").order_by("at", "id"))
    clock = leadtime.clock(
        request.created_at,
        [(r.from_state, r.to_state, r.at) for r in history],
        request.ended,
        timezone.now(),
    )
    visited = {c.Stage.IDE.value, *clock.in_stage, *clock.reached}
    channels = dict(c.Channel.choices)
    stages = dict(c.Stage.choices)
    blockers = [
        item for item in items if item.question.stage in stages_up_to(request.stage) and item.blocks
    ]
    large = is_large(request)
    return {
        "stage_steps": stage_steps(request, visited),
        "days_in_stage": (timezone.now() - request.stage_since).total_seconds() / leadtime.DAY,
        "decision_bodies": c.DecisionBody.choices,
        "channel_labels": [str(channels[x]) for x in request.channels if x in channels],
        "question_groups": question_groups(request, items),
        "waiting": [
            (c.Addressee(a).label, rows)
            for a, rows in open_by_addressee(items, request.stage).items()
        ],
        "blockers": blockers,
        "clock": leadtime.stage_days(clock),
        "history": [
            {
                "at": r.at,
                "actor": (r.actor.get_full_name() if r.actor else "") or r.actor_label,
                "from": stages.get(r.from_state, r.from_state),
                "to": stages.get(r.to_state, r.to_state),
                "label": TRANSITION_LABELS.get(r.transition, r.transition),
                "why": r.fields.get("reason")
                or r.fields.get("note")
                or r.fields.get("decision_text")
                or "",
            }
            for r in history
        ],
        "candidates": reuse.candidates(request) if request.stage in c.BEFORE_DECISION else [],
        "forward_moves": [(n, label) for n, label in moves if n in FORWARD],
        "end_moves": [(n, label) for n, label in moves if n not in FORWARD],
        "conditions": list(request.conditions.select_related("owner")),
        "show_decision": bool(request.decision_body)
        or request.stage in (c.Stage.BESLUTNING, c.Stage.ANSKAFFELSE, c.Stage.IMPLEMENTERING),
        "requirements": [
            (r.key, r.title.to_text().get(language), r.key in request.requirements)
            for r in requirements
        ],
        "is_large": large,
        "large_notice": _large_notice(request, large, visited),
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


class QuestionAction(RequestAction):
    """An answer or an override: back to the question on the long page."""

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return f"{obj.get_absolute_url()}#q-{quote(self.request.POST.get('question_key', ''))}"


def _answer_shown(value: str, note: str) -> str:
    """An answer as the conflict page shows it: "Nej – uddybning" ("—" unanswered)."""
    text = str(dict(c.AnswerValue.choices).get(value, value)) if value else "—"
    return f"{text} – {note.strip()}" if note.strip() else text


class AnswerView(QuestionAction):
    """One answer, saved against the request's version (the page shows the request and all
    its answers): a save after someone else's shows the conflict page."""

    versioned = True

    def act(self, obj: ProcurementRequest) -> str:
        form = self.bound(forms.AnswerForm)
        services.answer_set(actor=self.request.user, request=obj, **form.cleaned_data)
        return _("Svaret er gemt.")

    def conflict_rows(self, current: ProcurementRequest) -> list[tuple[Any, str, str]]:
        key = self.request.POST.get("question_key", "")
        item = next((q for q in asked(current) if q.question.key == key), None)
        if item is None:
            return []
        saved = item.answer
        mine = _answer_shown(self.request.POST.get("value", ""), self.request.POST.get("note", ""))
        theirs = _answer_shown(saved.value, saved.note) if saved else "—"
        return [(item.question.text, mine, theirs)] if mine != theirs else []


class OverrideView(QuestionAction):
    def act(self, obj: ProcurementRequest) -> str:
        form = self.bound(forms.OverrideForm)
        services.answer_override(actor=self.request.user, request=obj, **form.cleaned_data)
        return _("Stopklodsen er tilsidesat med begrundelse.")


class ConditionAddView(RequestAction):
    def act(self, obj: ProcurementRequest) -> str:
        form = self.bound(forms.ConditionForm, organization=self.organization)
        services.condition_add(actor=self.request.user, request=obj, **form.cleaned_data)
        return _("Vilkåret er tilføjet.")

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return f"{obj.get_absolute_url()}#vilkaar"


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
    """The requirement checklist, saved against the request's version."""

    versioned = True

    def conflict_rows(self, current: ProcurementRequest) -> list[tuple[Any, str, str]]:
        language = (getattr(self.request, "LANGUAGE_CODE", "") or "da")[:2]
        titles = {
            r.key: r.title.to_text().get(language)
            for r in procurement_knowledge().requirements_for(current.strategy)
        }

        def shown(keys: list[str]) -> str:
            return ", ".join(titles[k] for k in titles if k in keys) or _("Ingen krav valgt.")

        mine = shown(self.request.POST.getlist("requirement"))
        theirs = shown(list(current.requirements))
        return [(_("Krav til udbuddet"), mine, theirs)] if mine != theirs else []

    def act(self, obj: ProcurementRequest) -> str:
        services.requirements_set(
            actor=self.request.user, request=obj, keys=self.request.POST.getlist("requirement")
        )
        return _("Kravene er gemt.")

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return f"{obj.get_absolute_url()}#krav"


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
        for row in result["slowest_open"]:
            row["stage_label"] = labels.get(row["stage"], row["stage"])
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
