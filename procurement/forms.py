"""The guided request form and the small forms of the request page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField
from knowledge.loader import load
from portfolio.forms import OrgMeta, OrgModelForm
from portfolio.models import CatalogSystem, Contract, SystemUsage
from portfolio.selectors import catalog_list
from procurement import choices as c
from procurement.models import REQUEST_FIELDS, LocalQuestion, ProcurementRequest
from procurement.workflow import large_amount


def strategy_choices() -> list[tuple[str, Any]]:
    return [("", _("Kommunens valgte strategi"))] + [
        (o.key, o.name.da) for o in load().strategies.options
    ]


def members(organization: Any) -> Any:
    return (
        get_user_model()
        .objects.filter(memberships__organization=organization)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A member by name (the username only when the name is empty)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class CheckboxList(forms.CheckboxSelectMultiple):
    """DKFDS checkboxes, one per choice, in a group named after the field.

    The generic field template labels the field with a ``<label>`` that points at no input
    (a group of checkboxes has none), so the group carries the field's label itself
    (``aria-label``) and its hint; the ``form-input`` class the template adds to every
    widget is dropped (it draws a checkbox as a text box).
    """

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        group = {**self.attrs, **(attrs or {})}
        options = [
            option
            for _group, choices, _index in self.optgroups(name, self.format_value(value))
            for option in choices
        ]
        base = group.get("id", f"id_{name}")
        return render_to_string(
            "procurement/_checkboxes.html",
            {
                "name": name,
                "id": base,
                "options": [
                    {
                        "id": f"{base}_{i}",
                        "value": o["value"],
                        "label": o["label"],
                        "checked": o["selected"],
                    }
                    for i, o in enumerate(options)
                ],
                "label": group.get("aria-label", ""),
                "describedby": group.get("aria-describedby", ""),
            },
        )


class RequestForm(OrgModelForm):
    """Short and in the order a person thinks: the need, who, how much, when."""

    channels = forms.MultipleChoiceField(
        label=_("Kanaler"),
        choices=c.Channel.choices,
        required=False,
        widget=CheckboxList,
        help_text=_("Hvordan borgere eller virksomheder møder løsningen. Vælg alle, der passer."),
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

    def section_fields(self) -> list[tuple[Any, list[Any]]]:
        """(legend, bound fields) per section, every visible field exactly once."""
        shown = {name for _legend, names in self.sections for name in names}
        rest = [name for name in self.fields if name not in shown]
        sections = [*self.sections, *([(_("Øvrigt"), tuple(rest))] if rest else [])]
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in sections
        ]

    class Meta(OrgMeta):
        model = ProcurementRequest
        fields = list(REQUEST_FIELDS)
        widgets = {"problem": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"responsible": MemberChoiceField}
        help_texts = {
            "title": _("Et kort navn på behovet, f.eks. »Booking af mødelokaler«."),
            "problem": _("Skriv med almindelige ord, hvad der ikke virker i dag."),
            "business_process": _("Den proces, løsningen skal støtte, hvis den er beskrevet."),
            "kle_subjects": _(
                "Bruges til at finde løsninger, kommunen allerede har. Hold Ctrl nede "
                "(Cmd på Mac) for at vælge flere."
            ),
            "users_count": _("Et skøn er nok."),
            "wanted_date": _("Hvornår løsningen helst skal være i drift."),
            "responsible": _("Personen i forvaltningen, som spørgsmålene stilles til."),
            "responsible_name": _("Kun hvis den ansvarlige ikke er bruger i Styrbar."),
        }

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        fields: Any = self.fields
        fields["strategy"].choices = strategy_choices()
        fields["strategy"].help_text = _(
            "Bestemmer, hvilke spørgsmål og krav der følger med. Lad den stå, medmindre "
            "indkøberen har bedt om en anden."
        )
        fields["responsible"].queryset = members(organization)
        amount = f"{large_amount():,.0f}".replace(",", ".")
        fields["budget_yearly"].help_text = _(
            "Skøn i hele kroner. Engangsudgift plus fem års drift på %(amount)s kr. eller "
            "mere er en stor anskaffelse, der skal forbi kontrolorganet og have en business case."
        ) % {"amount": amount}
        fields["channels"].widget.attrs["aria-label"] = fields["channels"].label


class RequestFilterForm(forms.Form):
    """The list's filters (the same parameters as the API)."""

    stage = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("Alle")), *c.Stage.choices]
    )
    overdue = forms.ChoiceField(
        label=_("Ønsket dato overskredet"),
        required=False,
        choices=[("", _("Alle")), ("ja", _("Ja")), ("nej", _("Nej"))],
    )


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
    owner: forms.ModelChoiceField[Any] = MemberChoiceField(
        label=_("Ansvarlig"), queryset=None, required=False
    )
    owner_name = forms.CharField(
        label=_("Ansvarlig (navn)"),
        required=False,
        max_length=200,
        help_text=_("Kun hvis den ansvarlige ikke er bruger i Styrbar."),
    )
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
        widget=CheckboxList(attrs={"aria-label": _("Strategier")}),
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
