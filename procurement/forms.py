"""The guided request form and the small forms of the request page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField
from knowledge.loader import load
from portfolio.forms import OrgMeta, OrgModelForm
from portfolio.models import CatalogSystem, Contract, SystemUsage
from portfolio.selectors import catalog_list
from procurement import choices as c
from procurement.models import REQUEST_FIELDS, LocalQuestion, ProcurementRequest


def strategy_choices() -> list[tuple[str, Any]]:
    return [("", _("Kommunens valgte strategi"))] + [
        (o.key, o.name.da) for o in load().strategies.options
    ]


def members(organization: Any) -> Any:
    return get_user_model().objects.filter(memberships__organization=organization).distinct()


class RequestForm(OrgModelForm):
    """Short and in the order a person thinks: the need, who, how much, when."""

    channels = forms.MultipleChoiceField(
        label=_("Kanaler"),
        choices=c.Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hvordan borgere eller virksomheder møder løsningen."),
    )
    budget_one_off = AmountField(label=_("Forventet engangsudgift (kr.)"), required=False)
    budget_yearly = AmountField(label=_("Forventet årlig udgift (kr.)"), required=False)
    strategy = forms.ChoiceField(label=_("Styringsstrategi"), required=False)

    sections = (
        (_("Behovet"), ("title", "problem", "business_process", "kle_subjects")),
        (_("Hvem"), ("unit", "users_count", "affected", "channels", "personal_data")),
        (
            _("Økonomi og tid"),
            ("budget_one_off", "budget_yearly", "wanted_date", "responsible", "responsible_name"),
        ),
        (_("Styring"), ("strategy",)),
    )

    class Meta(OrgMeta):
        model = ProcurementRequest
        fields = list(REQUEST_FIELDS)
        widgets = {"problem": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "problem": _("Skriv med almindelige ord, hvad der ikke virker i dag."),
            "kle_subjects": _("Bruges til at finde løsninger, kommunen allerede har."),
        }

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        fields: Any = self.fields
        fields["strategy"].choices = strategy_choices()
        fields["responsible"].queryset = members(organization)


class AnswerForm(forms.Form):
    question_key = forms.CharField(widget=forms.HiddenInput)
    value = forms.ChoiceField(label=_("Svar"), choices=c.AnswerValue.choices)
    note = forms.CharField(
        label=_("Uddybning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverrideForm(forms.Form):
    question_key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 2}))


class ConditionForm(forms.Form):
    text = forms.CharField(label=_("Vilkår"), widget=forms.Textarea(attrs={"rows": 2}))
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ansvarlig"), queryset=None, required=False
    )
    owner_name = forms.CharField(label=_("Ansvarlig (navn)"), required=False, max_length=200)
    due_date = forms.DateField(
        label=_("Frist"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members(organization)  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    """The fields any transition may need; the workflow says which it requires."""

    transition = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Begrundelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_body = forms.ChoiceField(
        label=_("Besluttende organ"), choices=[("", "—"), *c.DecisionBody.choices], required=False
    )
    decision_text = forms.CharField(
        label=_("Beslutning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_reference = forms.CharField(label=_("Mødereference"), required=False, max_length=200)
    decided_on = forms.DateField(
        label=_("Besluttet"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    usage = forms.ModelChoiceField(
        label=_("System i porteføljen"), queryset=SystemUsage.objects.none(), required=False
    )
    contract = forms.ModelChoiceField(
        label=_("Kontrakt"), queryset=Contract.objects.none(), required=False
    )
    catalog_system = forms.ModelChoiceField(
        label=_("Opret fra katalogsystem"), queryset=CatalogSystem.objects.none(), required=False
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["usage"].queryset = SystemUsage.objects.filter(
            organization=organization
        ).select_related("catalog_system")
        fields["contract"].queryset = Contract.objects.filter(organization=organization)
        fields["catalog_system"].queryset = catalog_list(organization=organization)

    def transition_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("transition")
        return {k: v for k, v in data.items() if v not in (None, "")}


class LocalQuestionForm(OrgModelForm):
    strategies = forms.MultipleChoiceField(
        label=_("Strategier"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen valgt: stilles under alle strategier."),
    )

    class Meta(OrgMeta):
        model = LocalQuestion
        fields = ["key", "text", "stage", "addressee", "stops", "strategies", "active"]

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        fields: Any = self.fields
        fields["strategies"].choices = strategy_choices()[1:]

    def validate_unique(self) -> None:
        """The service validates (the organization is set there)."""
