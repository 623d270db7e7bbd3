"""Forms of the strategy screens: the wizard steps, creating, choosing and comparing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from advisor.models import Assessment
from advisor.questions import NUMBER, SCALE, SHARE, Question, Step, questions_in
from advisor.results import display, model_specs
from core.forms import AmountField
from organizations.forms import OrgForm

REASON_MAX = 1000


def language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


class AssessmentCreateForm(OrgForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Fx »Strategivurdering 2026«. Tom: Styrbar foreslår en titel med årstallet."),
    )


def _field(item: Question, lang: str, label: str) -> forms.Field:
    help_text = item.help.get(lang)
    if item.kind == SCALE:
        low = item.low.get(lang) if item.low else ""
        high = item.high.get(lang) if item.high else ""
        choices: list[tuple[str, Any]] = [("", _("Ved ikke"))]
        for n in range(1, 6):
            text = str(n)
            if n == 1 and low:
                text = f"1 – {low}"
            elif n == 5 and high:
                text = f"5 – {high}"
            choices.append((str(n), text))
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            choices=choices,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
    if item.kind == SHARE:
        return AmountField(
            label=label,
            help_text=help_text,
            required=False,
            decimal_places=1,
            max_digits=4,
            validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        )
    minimum, maximum = item.bounds()
    validators: list[Any] = [MinValueValidator(Decimal(str(minimum)))]
    if maximum is not None:
        validators.append(MaxValueValidator(Decimal(str(maximum))))
    return AmountField(
        label=label,
        help_text=help_text,
        required=False,
        decimal_places=2,
        max_digits=14,
        validators=validators,
    )


def _to_field(item: Question, value: float | None) -> Any:
    """A stored value as the field shows it (shares as percent)."""
    if value is None:
        return None
    if item.kind == SCALE:
        return str(int(value))
    if item.kind == SHARE:
        return (Decimal(str(value)) * 100).quantize(Decimal("0.1"))
    return Decimal(str(value)).quantize(Decimal(1) / (Decimal(10) ** item.decimals))


def _from_field(item: Question, value: Any) -> float | None:
    if value is None or value == "":
        return None
    if item.kind == SHARE:
        return float(Decimal(value) / 100)
    return float(value)


@dataclass
class QuestionRow:
    """One question in the wizard: an answer field, or a computed value with override."""

    question: Question
    label: str
    help: str
    unit: str
    computed: bool
    computed_display: str
    source: str
    field: Any = None
    override: Any = None
    reason: Any = None
    beyond_scale: str = ""

    @property
    def is_scale(self) -> bool:
        return self.question.kind == SCALE

    @property
    def percent(self) -> bool:
        return self.question.kind == SHARE


def _beyond(spec: Any, value: float | None, lang: str) -> str:
    """The model's scale when a computed value lies outside it (it counts as the end)."""
    if spec is None or value is None or spec.minimum <= value <= spec.maximum:
        return ""
    return f"{display(spec, spec.minimum, lang)}-{display(spec, spec.maximum, lang)}"


class AssessmentStepForm(forms.Form):
    """The questions of one wizard step for a draft assessment.

    A fact the portfolio computed gets ``<key>__override`` and ``<key>__reason`` (the
    override needs a reason); any other fact gets ``<key>``.
    """

    def __init__(self, *args: Any, assessment: Assessment, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.step = step
        lang = language()
        self.rows: list[QuestionRow] = []
        specs = model_specs()
        if step.key == "oekonomi":
            self.fields["title"] = forms.CharField(
                label=_("Titel"), max_length=200, initial=assessment.title
            )
        for item in questions_in(step.key):
            fact = assessment.facts.get(item.key) or {}
            computed = fact.get("value")
            label = item.label.get(lang)
            row = QuestionRow(
                question=item,
                label=label,
                help=item.help.get(lang),
                unit="%" if item.kind == SHARE else (item.unit.get(lang) if item.unit else ""),
                computed=computed is not None,
                computed_display=display(specs.get(item.key), computed, lang),
                source=str(fact.get("source", "")),
                beyond_scale=_beyond(specs.get(item.key), computed, lang),
            )
            if computed is not None:
                override = assessment.overrides.get(item.key) or {}
                field = _field(item, lang, str(_("Overstyret værdi")))
                field.help_text = ""
                field.initial = _to_field(item, override.get("value"))
                self.fields[f"{item.key}__override"] = field
                self.fields[f"{item.key}__reason"] = forms.CharField(
                    label=_("Begrundelse for at overstyre"),
                    required=False,
                    max_length=REASON_MAX,
                    initial=override.get("reason", ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                row.override = self[f"{item.key}__override"]
                row.reason = self[f"{item.key}__reason"]
            else:
                field = _field(item, lang, label)
                field.initial = _to_field(item, assessment.answers.get(item.key))
                self.fields[item.key] = field
                row.field = self[item.key]
            self.rows.append(row)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in self.rows:
            if not row.computed:
                continue
            key = row.question.key
            value = data.get(f"{key}__override")
            reason = (data.get(f"{key}__reason") or "").strip()
            if value not in (None, "") and not reason:
                self.add_error(
                    f"{key}__reason",
                    _("Skriv en begrundelse for at overstyre den beregnede værdi."),
                )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """``title``, ``answers`` and ``overrides`` for ``assessment_update``."""
        data = self.cleaned_data
        answers: dict[str, float | None] = {}
        overrides: dict[str, dict[str, Any] | None] = {}
        for row in self.rows:
            item = row.question
            if row.computed:
                value = _from_field(item, data.get(f"{item.key}__override"))
                reason = (data.get(f"{item.key}__reason") or "").strip()
                overrides[item.key] = None if value is None else {"value": value, "reason": reason}
            else:
                answers[item.key] = _from_field(item, data.get(item.key))
        kwargs: dict[str, Any] = {"answers": answers, "overrides": overrides}
        if "title" in self.fields:
            kwargs["title"] = data.get("title", "")
        return kwargs


class ChooseForm(forms.Form):
    option = forms.ChoiceField(label=_("Strategi"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Begrundelse for valget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skrives i revisionsloggen og vises på vurderingen."),
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = language()
        choices = []
        for option in assessment.result.get("strategies", []):
            score = f"{option['score'] * 100:.0f}"
            choices.append(
                (
                    option["key"],
                    f"{option['label'][lang]} ({_('score')} {score})",
                )
            )
        field = self.fields["option"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.initial = assessment.result.get("recommended")


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(label=_("Første vurdering"), queryset=Assessment.objects.none())
    b = forms.ModelChoiceField(label=_("Anden vurdering"), queryset=Assessment.objects.none())

    def __init__(self, *args: Any, assessments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = assessments
            field.label_from_instance = lambda obj: f"v{obj.version} – {obj.title}"  # type: ignore[method-assign]


__all__ = [
    "NUMBER",
    "AssessmentCreateForm",
    "AssessmentStepForm",
    "ChooseForm",
    "CompareForm",
    "QuestionRow",
]
