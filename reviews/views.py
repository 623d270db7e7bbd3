"""The review page where a review is held (checklist by section, findings → actions), the
governance plan's and the action's panels, their POST buttons, and the schedule of
usages due for review.

List, create, edit, delete and history pages come from the resources
(:mod:`reviews.resources`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import Conflict
from core.permissions import has_perm
from core.views import ObjectActionView, OrgView, save_expecting
from core.workflow import records
from reviews import choices as c
from reviews import forms, selectors, services
from reviews.schedule import overrides, rules, schedule_list, scheduled
from reviews.workflow import REVIEW_WORKFLOW


def review_panel(view: Any, review: Any) -> dict[str, Any]:
    org = view.organization
    can = has_perm(view.request.user, org, "reviews.change", review)
    planned = review.status == c.ReviewStatus.PLANNED
    return {
        "answers_form": forms.AnswersForm(review=review),
        "findings": review.findings.select_related("owner").order_by("pk"),
        "participants": list(review.participants.all()),
        "can_hold": can and planned,
        "complete_form": forms.CompleteForm(
            initial={
                "held_date": review.held_date or timezone.localdate(),
                "summary": review.summary,
            }
        ),
        "cancel_form": forms.CancelForm(),
        "unanswered": len(review.unanswered()),
        "moves": records(REVIEW_WORKFLOW, review).select_related("actor"),
    }


def plan_panel(view: Any, plan: Any) -> dict[str, Any]:
    from reviews.schedule import plan_test_due_on

    return {
        "next_test": plan_test_due_on(plan),
        "tested_form": forms.TestedForm(initial={"tested_on": timezone.localdate()}),
        "today": timezone.localdate(),
    }


def finding_panel(view: Any, finding: Any) -> dict[str, Any]:
    return {
        "close_form": forms.CloseForm(),
        "can_close": finding.status == c.ActionStatus.OPEN
        and has_perm(view.request.user, view.organization, "finding.close", finding),
    }


class _Action(ObjectActionView):
    permission = "reviews.view"  # the services check the real permission

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


class ReviewAction(_Action):
    selector_get = staticmethod(selectors.review_get)


class AnswersView(ReviewAction):
    """The checklist answers, versioned per item so that two people can hold a review
    together without losing a change.

    The form carries the review's version (``_version``) and each item's answer as opened
    (``<key>__opened``); only the items the user changed are saved. If nobody has saved
    the review since the user last saw it, they are saved at once (the version is compared
    again under the review's lock, :func:`core.views.save_expecting`). Otherwise they are
    compared item by item under the lock: answers to other items stay as the colleague
    left them, and an item the colleague answered differently meanwhile stops the save
    with the conflict page (both answers). Its "save mine anyway" re-sends the form with
    the review's current version: the user has now seen the colleague's answers."""

    def act(self, obj: Any) -> str:
        form = self.bound(forms.AnswersForm, review=obj)
        changes = form.changes()

        def save(opened: dict[str, str] | None = None) -> Any:
            return services.review_answer(
                actor=self.request.user, review=obj, answers=changes, opened=opened
            )

        try:
            save_expecting(self.request, obj, save)
        except Conflict:  # saved by someone else since: item by item (Conflict on a clash)
            save(form.opened())
        return _("Svarene er gemt.")

    def conflict_rows(self, current: Any) -> list[tuple[Any, str, str]]:
        form = forms.AnswersForm(self.request.POST, review=current)
        return form.conflict_rows() if form.is_valid() else []

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return f"{obj.get_absolute_url()}#tjekliste"


class CompleteView(ReviewAction):
    def act(self, obj: Any) -> str:
        form = self.bound(forms.CompleteForm)
        services.review_complete(actor=self.request.user, review=obj, **form.cleaned_data)
        return _("Gennemgangen er afsluttet, og systemets oplysninger er opdateret.")


class CancelView(ReviewAction):
    def act(self, obj: Any) -> str:
        form = self.bound(forms.CancelForm)
        services.review_cancel(actor=self.request.user, review=obj, **form.cleaned_data)
        return _("Gennemgangen er aflyst.")


class FindingCloseView(_Action):
    selector_get = staticmethod(selectors.finding_get)

    def act(self, obj: Any) -> str:
        form = self.bound(forms.CloseForm)
        services.finding_close(actor=self.request.user, finding=obj, **form.cleaned_data)
        return _("Handlingen er lukket.")


class PlanTestedView(_Action):
    selector_get = staticmethod(selectors.plan_get)

    def act(self, obj: Any) -> str:
        form = self.bound(forms.TestedForm)
        services.plan_tested(actor=self.request.user, plan=obj, **form.cleaned_data)
        return _("Testen er registreret.")


class ScheduleView(OrgView):
    """The usages in operation with their cadence and next review, due ones first."""

    permission = "reviews.view"
    title = gettext_lazy("Gennemgangsplan")

    def get(self, request: HttpRequest) -> HttpResponse:
        from reviews.schedule import due_filter

        org = self.organization
        own = overrides([org.pk]).get(org.pk)
        queryset = schedule_list(organization=org)
        due = request.GET.get("due", "")
        error = ""
        if due:
            if due in c.Due.values:
                queryset = queryset.filter(due_filter(due, timezone.localdate(), own))
            else:
                error = _("Ugyldig værdi for filteret %(name)s.") % {"name": "due"}
                queryset = queryset.none()
        rows = sorted(scheduled(queryset[:400], own), key=lambda u: (u.next_review, u.name))
        return render(
            request,
            "reviews/schedule.html",
            {
                "title": self.title,
                "rows": rows,
                "today": timezone.localdate(),
                "due_choices": c.Due.choices,
                "rules": rules(own),
                "filter_error": error,
                "can_plan": has_perm(request.user, org, "reviews.change"),
            },
            status=400 if error else 200,
        )
