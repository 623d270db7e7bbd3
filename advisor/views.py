"""Strategy screens: assessments, the wizard, the result, comparison and the choice."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, QuerySet, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import knowledge
from advisor import forms, results, selectors, services
from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from advisor.questions import STEPS, Step
from core.charts import bar_chart
from core.concurrency import VERSION_FIELD, Conflict, version
from core.views import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViews,
    OrgView,
    ServiceFormView,
    add_validation_error,
    conflict_rows,
    render_conflict,
    save_expecting,
)
from engine.strategy import OptionKind

L = gettext_lazy


def _option_labels(language: str) -> dict[str, str]:
    return {o.key: getattr(o.name, language) for o in knowledge.load().strategies.options}


def _step(key: str) -> tuple[int, Step]:
    for index, step in enumerate(STEPS):
        if step.key == key:
            return index, step
    raise Http404


class AssessmentViews(ObjectViews):
    selector_get = staticmethod(selectors.assessment_get)
    view_permission, change_permission = "strategy.view", "strategy.change"
    url_stem = "advisor:assessment"


class AssessmentListView(AssessmentViews, ObjectListView):
    title = L("Strategivurderinger")
    selector = staticmethod(selectors.assessment_list)
    template_name = "advisor/assessment_list.html"
    columns = (
        Column("title", L("Titel"), link=True),
        Column("version", L("Version")),
        Column("status", L("Status")),
        Column("completed_at", L("Afsluttet")),
        Column("recommended_label", L("Anbefalet strategi")),
        Column("chosen_label", L("Valgt strategi")),
    )

    def get_queryset(self) -> QuerySet[Assessment]:
        labels = _option_labels(forms.language())

        def label_of(field: Any) -> Case:
            return Case(
                *[When(**{field: key}, then=Value(label)) for key, label in labels.items()],
                default=Value(""),
                output_field=CharField(),
            )

        return (
            selectors.assessment_list(organization=self.organization)
            .annotate(recommended_key=Cast(KT("result__recommended"), output_field=CharField()))
            .annotate(
                recommended_label=label_of("recommended_key"),
                chosen_label=label_of("chosen_option"),
            )
        )


class AssessmentCreateView(AssessmentViews, ServiceFormView):
    title = L("Ny strategivurdering")
    template_name = "advisor/assessment_create.html"
    form_class = forms.AssessmentCreateForm
    create_service = staticmethod(services.assessment_create)

    def render_form(self, form: BaseForm, obj: Any, status: int = 200) -> HttpResponse:
        latest = selectors.assessment_latest(organization=self.organization)
        context = self.base_context(form=form, latest=latest)
        return render(self.request, self.template_name, context, status=status)

    def get_success_message(self, obj: Assessment) -> str:
        return _("Version %(v)s er oprettet.") % {"v": obj.version}

    def get_success_url(self, obj: Assessment) -> str:
        return _step_url(obj, STEPS[0].key)


def _step_url(assessment: Assessment, step: str) -> str:
    return reverse("advisor:assessment_step", kwargs={"pk": assessment.pk, "step": step})


class AssessmentDetailView(AssessmentViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        assessment: Assessment = self.object
        lang = forms.language()
        rows = results.fact_rows(assessment, lang)
        groups = [(step, [r for r in rows if r.step == step.key]) for step in STEPS]
        draft = assessment.status == AssessmentStatus.DRAFT
        return super().get_context_data(
            title=str(assessment),
            groups=groups,
            draft=draft,
            steps=STEPS,
            first_step=_step_url(assessment, STEPS[0].key),
            missing=sum(1 for r in rows if r.origin == results.MISSING),
            labels=_option_labels(lang),
            roadmaps=list(assessment.roadmaps.all()),
            can_decide=self.can("strategy.decide"),
            **extra,
        )


class AssessmentStepView(OrgView):
    """One step of the wizard: GET shows the questions, POST saves them (draft only)."""

    permission = "strategy.change"
    template_name = "advisor/assessment_step.html"

    def setup_objects(self) -> tuple[Assessment, int, Step]:
        assessment = selectors.assessment_get(organization=self.organization, pk=self.kwargs["pk"])
        index, step = _step(self.kwargs["step"])
        return assessment, index, step

    def render_form(
        self, assessment: Assessment, index: int, step: Step, form: Any, status: int = 200
    ) -> HttpResponse:
        lang = forms.language()
        context = self.base_context(
            title=step.title.get(lang),
            object=assessment,
            form=form,
            step=step,
            intro=step.intro.get(lang),
            index=index + 1,
            steps=[(s, s.title.get(lang), _step_url(assessment, s.key)) for s in STEPS],
            previous=_step_url(assessment, STEPS[index - 1].key) if index > 0 else "",
            last=index == len(STEPS) - 1,
            # The version the answers were opened with (kept after an invalid POST).
            version=self.request.POST.get(VERSION_FIELD) or version(assessment),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        assessment, index, current = self.setup_objects()
        if assessment.status != AssessmentStatus.DRAFT:
            messages.info(request, _("Vurderingen er afsluttet; opret en ny version for at ændre."))
            return HttpResponseRedirect(assessment.get_absolute_url())
        form = forms.AssessmentStepForm(assessment=assessment, step=current)
        return self.render_form(assessment, index, current, form)

    def post(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        assessment, index, current = self.setup_objects()
        form = forms.AssessmentStepForm(request.POST, assessment=assessment, step=current)
        if form.is_valid():
            try:
                save_expecting(
                    request,
                    assessment,
                    lambda: services.assessment_update(
                        actor=request.user, assessment=assessment, **form.service_kwargs()
                    ),
                )
            except Conflict:
                saved_now = self.setup_objects()[0]
                fresh = forms.AssessmentStepForm(assessment=saved_now, step=current)
                saved = {name: field.initial for name, field in fresh.fields.items()}
                for row in form.rows:  # "Overstyret værdi" says which question it is
                    for name in (f"{row.question.key}__override", f"{row.question.key}__reason"):
                        if name in form.fields:
                            field = form.fields[name]
                            field.label = f"{row.label}: {field.label}"
                return render_conflict(
                    request,
                    saved_now,
                    conflict_rows(form, saved_now, saved),
                    back_url=_step_url(saved_now, current.key),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for key, errors in exc.error_dict.items():
                        target = f"{key}__override" if f"{key}__override" in form.fields else key
                        form.add_error(target if target in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("Svarene er gemt."))
                if "next" in request.POST and index + 1 < len(STEPS):
                    return HttpResponseRedirect(_step_url(assessment, STEPS[index + 1].key))
                if "previous" in request.POST and index > 0:
                    return HttpResponseRedirect(_step_url(assessment, STEPS[index - 1].key))
                if "stay" in request.POST:
                    return HttpResponseRedirect(_step_url(assessment, current.key))
                return HttpResponseRedirect(assessment.get_absolute_url())
        return self.render_form(assessment, index, current, form, status=400)


class _AssessmentAction(AssessmentViews, ObjectActionView):
    """POST-only action on one assessment through a service; errors become messages."""


class AssessmentRefreshView(_AssessmentAction):
    success_message = L("Fakta fra porteføljen er beregnet igen.")

    def act(self, obj: Assessment) -> Any:
        return services.assessment_refresh_facts(actor=self.request.user, assessment=obj)


class AssessmentCompleteView(_AssessmentAction):
    success_message = L("Vurderingen er afsluttet. Her er resultatet.")

    def act(self, obj: Assessment) -> Any:
        return services.assessment_complete(actor=self.request.user, assessment=obj)

    def get_success_url(self, obj: Assessment, outcome: Any) -> str:
        return reverse("advisor:assessment_result", kwargs={"pk": obj.pk})


class AssessmentCopyView(_AssessmentAction):
    success_message = L("En ny version er oprettet med svarene fra den gamle.")

    def act(self, obj: Assessment) -> Any:
        return services.assessment_create(
            actor=self.request.user,
            organization=self.organization,
            title=obj.title,
            copy_from=obj,
        )

    def get_success_url(self, obj: Assessment, outcome: Any) -> str:
        return _step_url(outcome, STEPS[0].key)


def result_chart(result: dict[str, Any], language: str) -> dict[str, Any]:
    """Bars of the strategies' scores and priors (points out of 100), best first."""
    strategies = result.get("strategies", [])
    return bar_chart(
        [o["label"][language] for o in strategies],
        [
            (_("Score"), [round(o["score"] * 100) for o in strategies]),
            (_("Forhåndsvurdering"), [round(o["prior"] * 100) for o in strategies]),
        ],
        unit=_("point"),
    )


class AssessmentResultView(AssessmentViews, ObjectDetailView):
    template_name = "advisor/assessment_result.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object.status != AssessmentStatus.COMPLETED or not self.object.result:
            messages.info(request, _("Vurderingen har endnu intet resultat. Afslut den først."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return render(request, self.template_name, self.get_context_data())

    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        assessment: Assessment = self.object
        lang = forms.language()
        result = assessment.result
        labels = _option_labels(lang)
        return super().get_context_data(
            title=_("Resultat: %(title)s") % {"title": assessment},
            result=result,
            lang=lang,
            recommended_label=labels.get(result.get("recommended", ""), ""),
            prior_label=labels.get(result.get("prior_recommended", ""), ""),
            chosen_label=labels.get(assessment.chosen_option, ""),
            charts={"chart-scores": result_chart(result, lang)},
            roadmaps=list(assessment.roadmaps.all()),
            can_decide=self.can("strategy.decide") and not assessment.chosen_option,
            can_copy=self.can("strategy.change"),
            **extra,
        )


class AssessmentChooseView(OrgView):
    """Choose the strategy on a completed assessment; its roadmap is generated."""

    permission = "strategy.decide"
    template_name = "advisor/assessment_choose.html"

    def assessment(self) -> Assessment:
        assessment = selectors.assessment_get(organization=self.organization, pk=self.kwargs["pk"])
        return assessment

    def render_form(self, assessment: Assessment, form: Any, status: int = 200) -> HttpResponse:
        context = self.base_context(
            title=_("Vælg strategi"),
            object=assessment,
            form=form,
            recommended=_option_labels(forms.language()).get(
                assessment.result.get("recommended", ""), ""
            ),
        )
        return render(self.request, self.template_name, context, status=status)

    def _closed(self, assessment: Assessment) -> HttpResponse | None:
        if assessment.status != AssessmentStatus.COMPLETED:
            messages.info(self.request, _("Afslut vurderingen, før der vælges en strategi."))
            return HttpResponseRedirect(assessment.get_absolute_url())
        if assessment.chosen_option:
            messages.info(self.request, _("Der er allerede valgt en strategi i denne version."))
            return HttpResponseRedirect(
                reverse("advisor:assessment_result", kwargs={"pk": assessment.pk})
            )
        return None

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = self.assessment()
        closed = self._closed(assessment)
        if closed is not None:
            return closed
        return self.render_form(assessment, forms.ChooseForm(assessment=assessment))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = self.assessment()
        closed = self._closed(assessment)
        if closed is not None:
            return closed
        form = forms.ChooseForm(request.POST, assessment=assessment)
        if form.is_valid():
            try:
                roadmap = services.assessment_choose(
                    actor=request.user,
                    assessment=assessment,
                    option=form.cleaned_data["option"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Strategien er valgt, og dens roadmap er oprettet: %(name)s.")
                    % {"name": roadmap.name},
                )
                return HttpResponseRedirect(
                    reverse("roadmaps:roadmap_detail", kwargs={"pk": roadmap.pk})
                )
        return self.render_form(assessment, form, status=400)


def _verdict(option: dict[str, Any] | None, threshold: float) -> str:
    if option is None:
        return _("ikke afsluttet")
    return _("anbefales") if option["score"] >= threshold else _("anbefales ikke")


def _compare_rows(a: Assessment, b: Assessment, language: str) -> dict[str, Any]:
    """Facts side by side, and per option the scores, the change and the rank move."""
    facts_a = {r.key: r for r in results.fact_rows(a, language)}
    facts_b = {r.key: r for r in results.fact_rows(b, language)}
    fact_rows = [(row, facts_b[key]) for key, row in facts_a.items() if key in facts_b]
    options_a = {o["key"]: o for o in a.result.get("strategies", []) + a.result.get("others", [])}
    options_b = {o["key"]: o for o in b.result.get("strategies", []) + b.result.get("others", [])}
    labels = _option_labels(language)
    option_rows = []
    for option in knowledge.load().strategies.options:
        oa, ob = options_a.get(option.key), options_b.get(option.key)
        delta = round((ob["score"] - oa["score"]) * 100) if oa and ob else None
        if option.kind == OptionKind.STRATEGY:
            if oa and ob:
                change = f"{oa['rank']} → {ob['rank']}"
                if ob["rank"] < oa["rank"]:
                    change += " (" + _("op") + ")"
                elif ob["rank"] > oa["rank"]:
                    change += " (" + _("ned") + ")"
            else:
                change = _("ikke afsluttet")
        else:
            threshold_a = a.result.get("recommend_threshold", 0.5)
            threshold_b = b.result.get("recommend_threshold", 0.5)
            change = f"{_verdict(oa, threshold_a)} → {_verdict(ob, threshold_b)}"
        option_rows.append(
            {
                "key": option.key,
                "label": labels[option.key],
                "a": oa,
                "b": ob,
                "delta": delta,
                "change": change,
            }
        )
    return {
        "fact_rows": fact_rows,
        "option_rows": option_rows,
        "recommended_a": labels.get(a.result.get("recommended", ""), ""),
        "recommended_b": labels.get(b.result.get("recommended", ""), ""),
    }


class AssessmentCompareView(OrgView):
    """Two assessments side by side: answers and facts, scores and rank changes."""

    permission = "strategy.view"
    title = L("Sammenlign vurderinger")
    template_name = "advisor/assessment_compare.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        assessments = selectors.assessment_list(organization=self.organization)
        data: Any = None
        if request.GET.get("a") or request.GET.get("b"):
            data = request.GET
        else:  # default: the two newest completed versions (else the two newest)
            pair = list(assessments.filter(status=AssessmentStatus.COMPLETED)[:2])
            if len(pair) < 2:
                pair = list(assessments[:2])
            if len(pair) == 2:
                data = {"a": pair[1].pk, "b": pair[0].pk}
        form = forms.CompareForm(data, assessments=assessments)
        context = self.base_context(form=form, count=assessments.count())
        status = 200
        if form.is_bound:
            if form.is_valid():
                a, b = form.cleaned_data["a"], form.cleaned_data["b"]
                lang = forms.language()
                context.update(a=a, b=b, **_compare_rows(a, b, lang))
            else:
                status = 400
        return render(request, self.template_name, context, status=status)


class AssessmentHistoryView(AssessmentViews, ObjectHistoryView):
    pass
