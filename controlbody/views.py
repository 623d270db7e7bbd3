"""The kontrolorgan's pages: the body, a meeting's agenda and minutes, the conditions.

The meetings' list, create, edit, delete and history pages come from the resource
(:data:`controlbody.resources.MEETINGS`); this module adds the body page, the meeting
page's panel and its POST buttons (generate, order, edit, decide, hold, approve), the
minutes' files and the conditions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from controlbody import casepapers, forms, minutes, selectors, services
from controlbody import choices as c
from controlbody.filters import CONDITION_FILTERS
from controlbody.models import Meeting, open_conditions_q
from controlbody.workflow import MEETING_LABELS, MEETING_WORKFLOW
from core.concurrency import VERSION_FIELD, Conflict, version
from core.views import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    OrgView,
    add_validation_error,
    conflict_rows,
    render_conflict,
    save_expecting,
)

RUN, VIEW = "controlbody.run", "controlbody.view"


class BodyView(OrgView):
    permission = VIEW
    title = gettext_lazy("Kontrolorgan")

    def get(self, request: HttpRequest) -> HttpResponse:
        org = self.organization
        body = selectors.body_for(organization=org)
        meetings = list(selectors.meeting_list(organization=org).order_by("-date")[:10])
        today = timezone.localdate()
        open_count = overdue_count = 0
        if body is not None:
            conditions = selectors.condition_list(organization=org).filter(open_conditions_q())
            open_count = conditions.count()
            overdue_count = conditions.filter(due_date__lt=today).count()
        members = list(body.members.select_related("user")) if body else []
        return render(
            request,
            "controlbody/body.html",
            self.base_context(
                body=body,
                members=members,
                upcoming=[m for m in meetings if m.date >= today],
                past=[m for m in meetings if m.date < today],
                open_count=open_count,
                overdue_count=overdue_count,
                can_run=self.can(RUN),
            ),
        )


class BodyEditView(OrgView):
    permission = RUN
    title = gettext_lazy("Rediger kontrolorganet")

    def _form(self, data: Any = None) -> forms.BodyForm:
        return forms.BodyForm(data, initial=self._initial(), organization=self.organization)

    def _initial(self) -> dict[str, Any]:
        """The kontrolorgan's values as the form starts from them."""
        body = selectors.body_for(organization=self.organization)
        initial: dict[str, Any] = {}
        if body is not None:
            roles = {m.role: m.user for m in body.members.select_related("user")}
            initial = {
                "name": body.name,
                "mandate": body.mandate,
                "established_by": body.established_by_id,
                "chair": roles.get(c.MemberRole.CHAIR),
                "secretary": roles.get(c.MemberRole.SECRETARY),
                "others": [m.user for m in body.members.all() if m.role == c.MemberRole.MEMBER],
            }
        return initial

    def _page(self, form: forms.BodyForm, status: int = 200) -> HttpResponse:
        body = selectors.body_for(organization=self.organization)
        # The version the form was opened with (kept after an invalid POST).
        opened = (self.request.POST.get(VERSION_FIELD) or version(body)) if body else None
        context = self.base_context(form=form, version=opened)
        return render(self.request, "controlbody/body_form.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(self._form())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            body = selectors.body_for(organization=self.organization)
            try:
                save_expecting(
                    request,
                    body,
                    lambda: services.body_save(
                        actor=request.user,
                        organization=self.organization,
                        name=form.cleaned_data["name"],
                        mandate=form.cleaned_data["mandate"],
                        established_by=form.cleaned_data["established_by"],
                        members=form.member_rows(),
                    ),
                )
            except Conflict:
                current = selectors.body_for(organization=self.organization)
                rows = conflict_rows(form, current, saved=self._initial())
                return render_conflict(request, current, rows, back_url=reverse("controlbody:body"))
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Kontrolorganet er gemt."))
                return HttpResponseRedirect(reverse("controlbody:body"))
        return self._page(form, status=400)


def meeting_panel(view: Any, meeting: Meeting) -> dict[str, Any]:
    """The meeting page's agenda, decisions, conditions and moves."""
    org = view.organization
    items = list(
        meeting.items.select_related("request", "decided_by").prefetch_related("conditions__owner")
    )
    can_run = view.can(RUN, meeting)
    open_papers = view.request.GET.get("papirer")
    for item in items:
        item.papers = casepapers.papers_for(item) if str(item.pk) == open_papers else None  # type: ignore[attr-defined]
    return {
        "items": items,
        "can_run": can_run,
        "editable": can_run and meeting.status == c.MeetingStatus.PLANNED,
        "deciding": can_run and meeting.status != c.MeetingStatus.APPROVED,
        "moves": [
            (t.name, MEETING_LABELS[t.name]) for t in MEETING_WORKFLOW.allowed(meeting.status)
        ]
        if can_run
        else [],
        "decision_form": forms.DecisionForm(organization=org),
        "item_form": forms.ItemForm(),
        "participants": list(meeting.participants.all()),
        "undecided": sum(1 for i in items if not i.decision),
    }


class MeetingAction(ObjectActionView):
    permission = VIEW
    selector_get = staticmethod(selectors.meeting_get)

    def get_success_message(self, obj: Any, outcome: Any) -> str:
        return str(outcome)


class GenerateView(MeetingAction):
    def act(self, obj: Meeting) -> str:
        new = services.agenda_generate(actor=self.request.user, meeting=obj)
        if not new:
            return _("Dagsordenen er opdateret: intet nyt at tilføje.")
        return _("Dagsordenen er opdateret: %(n)s nye punkter.") % {"n": len(new)}


class MeetingMoveView(MeetingAction):
    def act(self, obj: Meeting) -> str:
        name = self.request.POST.get("transition", "")
        moved = services.meeting_move(actor=self.request.user, meeting=obj, transition_name=name)
        return _("Mødet er nu: %(status)s.") % {"status": moved.get_status_display()}


class ItemAddView(MeetingAction):
    def act(self, obj: Meeting) -> str:
        form = forms.ItemForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Skriv punktets overskrift."))
        services.item_add(actor=self.request.user, meeting=obj, **form.cleaned_data)
        return _("Punktet er tilføjet.")


class ItemAction(ObjectActionView):
    permission = VIEW
    selector_get = staticmethod(selectors.item_get)

    def get_success_message(self, obj: Any, outcome: Any) -> str:
        return str(outcome)

    def get_error_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())


class ItemMoveView(ItemAction):
    """Up or down one place (buttons, so ordering works from the keyboard), or to a
    given position."""

    def act(self, obj: Any) -> str:
        direction = self.request.POST.get("direction", "")
        steps = {"up": -1, "down": 1}
        if direction in steps:
            to = obj.position + steps[direction]
        else:
            try:
                to = int(self.request.POST.get("position", ""))
            except ValueError as exc:
                raise ValidationError(_("Angiv en placering som et tal.")) from exc
        services.item_move(actor=self.request.user, item=obj, to=to)
        return _("Punktet »%(title)s« er flyttet.") % {"title": obj.title}


class ItemDeleteView(ItemAction):
    def act(self, obj: Any) -> str:
        services.item_delete(actor=self.request.user, item=obj)
        return _("Punktet er fjernet fra dagsordenen.")

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return str(obj.meeting.get_absolute_url())


class ItemDecideView(ItemAction):
    def act(self, obj: Any) -> str:
        form = forms.DecisionForm(self.request.POST, organization=self.organization)
        if not form.is_valid():
            raise ValidationError(
                [
                    f"{form.fields[f].label}: {e}" if f in form.fields else str(e)
                    for f, errs in form.errors.items()
                    for e in errs
                ]
            )
        item = services.item_decide(
            actor=self.request.user,
            item=obj,
            decision=form.cleaned_data["decision"],
            reasoning=form.cleaned_data["reasoning"],
            conditions=form.condition_rows(),
        )
        return _("Beslutningen er registreret: %(decision)s.") % {
            "decision": item.get_decision_display()
        }


class ItemEditView(ObjectFormView):
    permission = RUN
    selector_get = staticmethod(selectors.item_get)
    form_class = forms.ItemForm
    title = gettext_lazy("Rediger punkt")

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {"title": obj.title, "description": obj.description}

    def save(self, form: Any, obj: Any) -> Any:
        return services.item_update(actor=self.request.user, item=obj, **form.cleaned_data)


class MinutesFileView(OrgView):
    permission = VIEW
    fmt = "docx"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = selectors.meeting_get(organization=self.organization, pk=pk)
        docx, pdf, approved = minutes.files(meeting)
        data, kind = (docx, minutes.DOCX_TYPE) if self.fmt == "docx" else (pdf, minutes.PDF_TYPE)
        response = HttpResponse(data, content_type=kind)
        stem = "referat" if approved else "referat-udkast"
        response["Content-Disposition"] = (
            f'attachment; filename="{stem}-{meeting.date.isoformat()}.{self.fmt}"'
        )
        return response


class ConditionListView(ObjectListView):
    permission = VIEW
    title = gettext_lazy("Vilkår fra kontrolorganet")
    selector = staticmethod(selectors.condition_list)
    filterset = CONDITION_FILTERS
    filter_form_class = forms.ConditionFilterForm
    columns = (
        Column("text", gettext_lazy("Vilkår"), link=True),
        Column("owner_label", gettext_lazy("Ansvarlig")),
        Column("due_date", gettext_lazy("Frist"), sort="due"),
        Column("status_label", gettext_lazy("Status"), sort="status"),
        Column("overdue", gettext_lazy("Forfalden")),
    )
    create_url_name = ""
    export_name = "vilkaar"


class ConditionDetailView(ObjectDetailView):
    permission = VIEW
    change_permission = RUN
    selector_get = staticmethod(selectors.condition_get)
    template_name = "controlbody/condition_detail.html"

    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=str(self.object),
            status_label=dict(c.ConditionStatus.choices)[self.object.effective_status],
            close_form=forms.CloseForm(),
            **extra,
        )


class ConditionCloseView(ObjectActionView):
    permission = VIEW
    selector_get = staticmethod(selectors.condition_get)

    def act(self, obj: Any) -> Any:
        form = forms.CloseForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Vælg om vilkåret er opfyldt eller bortfaldet."))
        return services.condition_close(actor=self.request.user, condition=obj, **form.cleaned_data)

    def get_success_message(self, obj: Any, outcome: Any) -> str:
        return _("Vilkåret er lukket: %(status)s.") % {"status": outcome.get_status_display()}
