"""Roadmap screens: list, create from a strategy, detail with milestones and gates,
milestone and gate editing, gate decisions, history and the timeline (Gantt)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import knowledge
from core.concurrency import version
from core.models import AuditEvent
from core.views import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViews,
    ServiceFormView,
)
from roadmaps import forms, selectors, services
from roadmaps.choices import GateDecision, MilestoneStatus
from roadmaps.filters import ROADMAP_FILTERS
from roadmaps.models import Gate, Milestone, Roadmap

L = gettext_lazy


def decision_path_text() -> str:
    from django.utils.translation import get_language

    text = knowledge.load().roadmaps.decision_path.text
    return str(text.en if (get_language() or "da").startswith("en") else text.da)


# Roadmaps ------------------------------------------------------------------------------


class RoadmapAccess(ObjectViews):
    """Everything in a roadmap (the roadmap, its milestones and gates) is read with
    ``roadmap.view`` and changed with ``roadmap.change``."""

    view_permission, change_permission = "roadmap.view", "roadmap.change"


class RoadmapViews(RoadmapAccess):
    selector_get = staticmethod(selectors.roadmap_get)
    object_arg = "roadmap"
    url_stem = "roadmaps:roadmap"


class RoadmapListView(RoadmapViews, ObjectListView):
    title = L("Roadmaps")
    selector = staticmethod(selectors.roadmap_list)
    filterset = ROADMAP_FILTERS
    export_name = "roadmaps"
    template_name = "roadmaps/roadmap_list.html"
    shared_table = True
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("strategy", L("Strategi")),
        Column("start_date", L("Start"), sort="start"),
        Column("status", L("Status"), sort="status"),
        Column("progress", L("Gennemførte milepæle")),
        Column("overdue_count", L("Forsinkede milepæle")),
    )

    def base_context(self, **extra: Any) -> dict[str, Any]:
        return super().base_context(strategies=forms.strategy_choices(), **extra)


class RoadmapDetailView(RoadmapViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        roadmap = self.object
        milestones = list(selectors.milestone_list(organization=self.organization, roadmap=roadmap))
        gates = list(selectors.gate_list(organization=self.organization, roadmap=roadmap))
        for milestone in milestones:
            done = set(milestone.deliverables_done)
            milestone.checklist = [(d, d in done) for d in milestone.deliverables]  # type: ignore[attr-defined]
            milestone.version = version(milestone)  # type: ignore[attr-defined]
            milestone.blocking = [  # type: ignore[attr-defined]
                g for g in milestone.gates.all() if g.decision != GateDecision.APPROVED
            ]
        return super().get_context_data(
            milestones=milestones,
            gates=gates,
            done_count=sum(m.status == MilestoneStatus.DONE for m in milestones),
            overdue_count=sum(m.is_overdue for m in milestones),
            decision_path=decision_path_text(),
            can_decide=self.can("gate.decide"),
            today=timezone.localdate(),
            **extra,
        )


class RoadmapCreateView(RoadmapViews, ServiceFormView):
    title = L("Ny roadmap fra en strategi")
    form_class = forms.RoadmapCreateForm
    create_service = staticmethod(services.roadmap_create_from_strategy)
    success_message = L("Roadmappen er oprettet ud fra strategiens skabelon.")

    def get_initial(self, obj: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {"start_date": timezone.localdate()}
        strategy = self.request.GET.get("strategi")
        if strategy:
            initial["strategy"] = strategy
        return initial


class RoadmapEditView(RoadmapViews, ServiceFormView):
    title = L("Redigér roadmap")
    form_class = forms.RoadmapForm
    update_service = staticmethod(services.roadmap_update)
    success_message = L("Roadmappen er gemt.")


class RoadmapDeleteView(RoadmapViews, ObjectDeleteView):
    title = L("Slet roadmap")
    delete_service = staticmethod(services.roadmap_delete)


class RoadmapHistoryView(RoadmapViews, ObjectHistoryView):
    """Events of the roadmap and of its milestones and gates, newest first."""

    template_name = "roadmaps/roadmap_history.html"

    def events(self, roadmap: Roadmap) -> QuerySet[AuditEvent]:
        types = ContentType.objects.get_for_models(Roadmap, Milestone, Gate)
        milestone_ids = [str(i) for i in roadmap.milestones.values_list("pk", flat=True)]
        gate_ids = [str(i) for i in roadmap.gates.values_list("pk", flat=True)]
        return AuditEvent.objects.filter(
            Q(content_type=types[Roadmap], object_id=str(roadmap.pk))
            | Q(content_type=types[Milestone], object_id__in=milestone_ids)
            | Q(content_type=types[Gate], object_id__in=gate_ids),
            organization=self.organization,
        ).select_related("actor", "content_type")


# Timeline ------------------------------------------------------------------------------

STATUS_COLOURS = {
    MilestoneStatus.PLANNED: "#6a6a6a",
    MilestoneStatus.IN_PROGRESS: "#0059b3",
    MilestoneStatus.DONE: "#358000",
    "overdue": "#b3003b",
}
DECISION_COLOURS = {
    GateDecision.PENDING: "#a33c00",
    GateDecision.POSTPONED: "#a33c00",
    GateDecision.APPROVED: "#358000",
    GateDecision.REJECTED: "#b3003b",
}


def _day(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def timeline_spec(milestones: list[Milestone], gates: list[Gate], today: dt.date) -> dict[str, Any]:
    """The JSON the timeline script draws: one bar per milestone, a marker per gate (on
    the row of the first milestone waiting for it), and today's date."""
    rows = []
    for index, m in enumerate(milestones):
        key = "overdue" if m.is_overdue else m.status
        rows.append(
            {
                "index": index,
                "label": f"{m.order}. {m.title}",
                "start": (m.start_date or m.due_date or today).isoformat(),
                "end": (m.due_date or m.start_date or today).isoformat(),
                "status": str(_("Forsinket")) if m.is_overdue else m.get_status_display(),
                "colour": STATUS_COLOURS[key],
                "startText": _day(m.start_date),
                "endText": _day(m.due_date),
            }
        )
    row_of = {m.pk: index for index, m in enumerate(milestones)}
    markers = []
    for gate in gates:
        linked = [row_of[m.pk] for m in gate.milestones.all() if m.pk in row_of]
        when = gate.decided_on or gate.planned_date
        if when is None or not linked:
            continue
        markers.append(
            {
                "row": linked[0],
                "date": when.isoformat(),
                "label": str(gate),
                "decision": gate.get_decision_display(),
                "colour": DECISION_COLOURS[GateDecision(gate.decision)],
                "dateText": _day(when),
            }
        )
    return {
        "type": "timeline",
        "rows": rows,
        "markers": markers,
        "today": today.isoformat(),
        "todayText": str(_("I dag")),
        "gateText": str(_("Beslutningspunkt")),
    }


class RoadmapTimelineView(RoadmapViews, ObjectDetailView):
    template_name = "roadmaps/roadmap_timeline.html"

    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        roadmap = self.object
        today = timezone.localdate()
        milestones = list(selectors.milestone_list(organization=self.organization, roadmap=roadmap))
        gates = list(selectors.gate_list(organization=self.organization, roadmap=roadmap))
        legend = [
            (str(label), STATUS_COLOURS[MilestoneStatus(value)], "bar")
            for value, label in MilestoneStatus.choices
        ]
        legend.append((_("Forsinket"), STATUS_COLOURS["overdue"], "bar"))
        legend += [
            (_("Beslutning: godkendt"), DECISION_COLOURS[GateDecision.APPROVED], "diamond"),
            (
                _("Beslutning: afventer eller udsat"),
                DECISION_COLOURS[GateDecision.PENDING],
                "diamond",
            ),
            (_("Beslutning: afvist"), DECISION_COLOURS[GateDecision.REJECTED], "diamond"),
        ]
        return super().get_context_data(
            milestones=milestones,
            gates=gates,
            today=today,
            legend=legend,
            charts={"chart-timeline": timeline_spec(milestones, gates, today)},
            **extra,
        )


# Milestones ----------------------------------------------------------------------------


class RoadmapChildFormView(RoadmapAccess, ServiceFormView):
    """Create (no ``update_service``; URL pk = roadmap) or edit (URL pk = the child) a
    milestone or gate."""

    template_name = "roadmaps/form.html"

    def roadmap(self, obj: Any) -> Roadmap:
        if obj is not None:
            return obj.roadmap  # type: ignore[no-any-return]
        if not hasattr(self, "_roadmap"):
            self._roadmap = selectors.roadmap_get(
                organization=self.organization, pk=self.kwargs["pk"]
            )
        return self._roadmap

    def get_object(self) -> Any:
        return None if self.update_service is None else super().get_object()

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().get_form_kwargs(obj), "roadmap": self.roadmap(obj)}

    def create_kwargs(self) -> dict[str, Any]:
        return {"roadmap": self.roadmap(None)}

    def render_form(self, form: BaseForm, obj: Any, status: int = 200) -> HttpResponse:
        context = self.base_context(
            form=form, object=obj, roadmap=self.roadmap(obj), version=self.form_version(obj)
        )
        return render(self.request, self.template_name, context, status=status)

    def get_success_url(self, obj: Any) -> str:
        anchor = "milepael" if isinstance(obj, Milestone) else "beslutning"
        return f"{obj.roadmap.get_absolute_url()}#{anchor}-{obj.pk}"


class MilestoneViews(RoadmapAccess):
    selector_get = staticmethod(selectors.milestone_get)
    object_arg = "milestone"


class MilestoneCreateView(MilestoneViews, RoadmapChildFormView):
    form_class = forms.MilestoneForm
    title = L("Ny milepæl")
    create_service = staticmethod(services.milestone_create)
    success_message = L("Milepælen er tilføjet.")


class MilestoneEditView(MilestoneViews, RoadmapChildFormView):
    form_class = forms.MilestoneForm
    title = L("Redigér milepæl")
    update_service = staticmethod(services.milestone_update)
    success_message = L("Milepælen er gemt.")


class RoadmapChildDeleteView(ObjectDeleteView):
    """Delete a milestone or gate; back to its roadmap."""

    def get_success_url(self, obj: Any) -> str:
        return str(obj.roadmap.get_absolute_url())


class MilestoneDeleteView(MilestoneViews, RoadmapChildDeleteView):
    title = L("Slet milepæl")
    delete_service = staticmethod(services.milestone_delete)


class MilestoneActionView(MilestoneViews, ObjectActionView):
    """A POST button on the roadmap page; errors come back as a message on that page. ``act``
    returns the success message."""

    def get_success_message(self, obj: Milestone, outcome: str) -> str:
        return outcome

    def get_success_url(self, obj: Milestone, outcome: Any) -> str:
        return self.get_error_url(obj)

    def get_error_url(self, obj: Milestone) -> str:
        return f"{obj.roadmap.get_absolute_url()}#milepael-{obj.pk}"


class MilestoneCompleteView(MilestoneActionView):
    def act(self, milestone: Milestone) -> str:
        services.milestone_complete(actor=self.request.user, milestone=milestone)
        return _("»%(title)s« er markeret som gennemført.") % {"title": milestone.title}


class MilestoneMoveView(MilestoneActionView):
    def act(self, milestone: Milestone) -> str:
        direction = self.request.POST.get("direction", "")
        services.milestone_move(actor=self.request.user, milestone=milestone, direction=direction)
        return _("Rækkefølgen er gemt.")


class MilestoneDeliverablesView(MilestoneActionView):
    """The delivered ticks of a milestone. The form carries the milestone's version: ticks
    saved by someone else after the page was opened give the conflict page (both sets of
    ticks by name) instead of being overwritten."""

    versioned = True

    def conflict_rows(self, current: Milestone) -> list[tuple[Any, str, str]]:
        mine = _in_order(current, self.request.POST.getlist("done"))
        saved = _in_order(current, current.deliverables_done)
        return [(_("Klarede leverancer"), mine or "—", saved or "—")] if mine != saved else []

    def act(self, milestone: Milestone) -> str:
        form = forms.DeliverablesCheckForm(self.request.POST, milestone=milestone)
        if not form.is_valid():
            raise ValidationError(_("Vælg leverancer fra listen."))
        services.milestone_deliverables_check(
            actor=self.request.user, milestone=milestone, done=form.cleaned_data["done"]
        )
        return _("Leverancerne er gemt.")


def _in_order(milestone: Milestone, names: list[str]) -> str:
    """Deliverables as the conflict page shows them: by name, in the milestone's order."""
    return ", ".join(d for d in milestone.deliverables if d in names)


# Gates ---------------------------------------------------------------------------------


class GateViews(RoadmapAccess):
    selector_get = staticmethod(selectors.gate_get)
    object_arg = "gate"


class GateCreateView(GateViews, RoadmapChildFormView):
    form_class = forms.GateForm
    title = L("Nyt beslutningspunkt")
    create_service = staticmethod(services.gate_create)
    success_message = L("Beslutningspunktet er tilføjet.")


class GateEditView(GateViews, RoadmapChildFormView):
    form_class = forms.GateForm
    title = L("Redigér beslutningspunkt")
    update_service = staticmethod(services.gate_update)
    success_message = L("Beslutningspunktet er gemt.")


class GateDeleteView(GateViews, RoadmapChildDeleteView):
    title = L("Slet beslutningspunkt")
    delete_service = staticmethod(services.gate_delete)


class GateDecideView(GateViews, RoadmapChildFormView):
    permission = "gate.decide"
    title = L("Registrér beslutning")
    form_class = forms.GateDecisionForm
    template_name = "roadmaps/gate_decide.html"
    update_service = staticmethod(services.gate_decide)
    success_message = L("Beslutningen er registreret.")

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"organization": self.organization}

    def get_initial(self, obj: Gate) -> dict[str, Any]:
        if obj.decision == GateDecision.PENDING:
            return {"decision": GateDecision.APPROVED, "decided_on": timezone.localdate()}
        return {
            "decision": obj.decision,
            "decided_on": obj.decided_on,
            "meeting_reference": obj.meeting_reference,
            "note": obj.note,
        }

    def render_form(self, form: BaseForm, obj: Any, status: int = 200) -> HttpResponse:
        context = self.base_context(
            form=form,
            object=obj,
            roadmap=obj.roadmap,
            milestones=obj.milestones.order_by("order"),
            version=self.form_version(obj),
        )
        return render(self.request, self.template_name, context, status=status)
