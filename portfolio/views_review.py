"""Superuser pages for reviewing proposals to the shared catalog (/katalog/forslag/)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.views import SuperuserRequired, add_validation_error
from portfolio import services_review as review
from portfolio.models import CatalogSystem


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Bemærkning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Frivilligt. Gemmes i revisionsloggen."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Vises i den foreslående organisations revisionslog. "
            "Skriv f.eks., at systemet allerede findes i det fælles katalog."
        ),
    )
    duplicate_of = forms.ModelChoiceField(
        label=gettext_lazy("Findes allerede som"),
        queryset=CatalogSystem.objects.none(),
        required=False,
        empty_label=gettext_lazy("(ingen)"),
    )

    def __init__(self, *args: Any, duplicates: list[CatalogSystem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["duplicate_of"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = CatalogSystem.objects.filter(pk__in=[s.pk for s in duplicates])
        if not duplicates:
            del self.fields["duplicate_of"]


def _proposal(pk: int) -> review.Proposal:
    try:
        return review.proposal_get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


class ProposalListView(SuperuserRequired, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "portfolio/review_list.html",
            {
                "title": _("Forslag til det fælles katalog"),
                "proposals": review.proposal_list(),
                "history": review.review_history(),
            },
        )


class ProposalDetailView(SuperuserRequired, View):
    def render_page(
        self,
        proposal: review.Proposal,
        approve_form: ApproveForm | None = None,
        reject_form: RejectForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        duplicates = proposal.global_duplicates
        return render(
            self.request,
            "portfolio/review_detail.html",
            {
                "title": _("Forslag: %(name)s") % {"name": proposal.system},
                "proposal": proposal,
                "object": proposal.system,
                "decisions": review.review_decisions(system=proposal.system),
                "approve_form": approve_form or ApproveForm(),
                "reject_form": reject_form or RejectForm(duplicates=duplicates),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(_proposal(pk))


class ProposalApproveView(ProposalDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = _proposal(pk)
        form = ApproveForm(request.POST)
        if form.is_valid():
            try:
                system = review.proposal_approve(
                    actor=request.user, system=proposal.system, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("»%(name)s« er optaget i det fælles katalog.") % {"name": system},
                )
                return HttpResponseRedirect(reverse("catalog_review:list"))
        return self.render_page(proposal, approve_form=form, status=400)


class ProposalRejectView(ProposalDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = _proposal(pk)
        form = RejectForm(request.POST, duplicates=proposal.global_duplicates)
        if form.is_valid():
            try:
                system = review.proposal_reject(
                    actor=request.user,
                    system=proposal.system,
                    reason=form.cleaned_data["reason"],
                    duplicate_of=form.cleaned_data.get("duplicate_of"),
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Forslaget »%(name)s« er afvist.") % {"name": system})
                return HttpResponseRedirect(reverse("catalog_review:list"))
        return self.render_page(proposal, reject_form=form, status=400)
