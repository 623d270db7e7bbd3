"""The form that generates a decision paper. Its choices are the organization's own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import OrgForm
from organizations.models import Organization
from papers import selectors
from papers.choices import Authority, Consultation


class _Choice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        status = obj.get_status_display() if hasattr(obj, "get_status_display") else ""
        return f"{obj} ({status})" if status else str(obj)


class PaperForm(OrgForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "input-width-xl"}),
        required=False,
        help_text=_("Tom: Styrbar foreslår en titel ud fra strategien eller business casen."),
    )
    assessment = _Choice(
        label=_("Strategivurdering"),
        queryset=None,
        required=False,
        empty_label=_("Ingen"),
        help_text=_("Kun afsluttede vurderinger kan bruges."),
    )
    business_case = _Choice(
        label=_("Business case"), queryset=None, required=False, empty_label=_("Ingen")
    )
    roadmap = _Choice(label=_("Roadmap"), queryset=None, required=False, empty_label=_("Ingen"))
    proposed_decision = forms.CharField(
        label=_("Det indstilles, at …"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "input-width-xl"}),
        help_text=_(
            "Den foreslåede beslutning; ét punkt pr. linje. Tom: Styrbar skriver forslaget ud "
            "fra den valgte strategi, business casen og roadmappen."
        ),
    )

    authority = forms.ChoiceField(
        label=_("Beslutningskompetence"),
        choices=[("", _("Styrbars forslag")), *Authority.choices],
        required=False,
        help_text=_(
            "Hvem træffer den endelige beslutning? Styrbar foreslår ud fra beløb og sagens art "
            "(kommunestyrelsesloven); ret det, hvis kommunens styrelsesvedtægt siger andet."
        ),
    )
    authority_basis = forms.CharField(
        label=_("Grundlag for beslutningskompetencen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "input-width-xl"}),
        help_text=_("Reglen, kompetencen følger af. Tom: Styrbars begrundelse."),
    )
    consultation = forms.ChoiceField(
        label=_("Høring og MED"),
        choices=[("", _("Styrbars forslag")), *Consultation.choices],
        required=False,
    )
    consultation_note = forms.CharField(
        label=_("Høring og MED: bemærkning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "input-width-xl"}),
        help_text=_(
            "Hvilket MED-udvalg eller hvilke høringsparter, hvornår, og hvad de sagde. Skriv "
            "det her, når høringen er sket, og sæt status til »Gennemført«."
        ),
    )
    financing = forms.CharField(
        label=_("Finansiering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "input-width-xl"}),
        help_text=_("Hvordan udgiften dækkes (en tillægsbevilling skal angive det)."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        fields: Any = self.fields
        fields["assessment"].queryset = selectors.assessment_choices(organization=organization)
        fields["business_case"].queryset = selectors.case_choices(organization=organization)
        fields["roadmap"].queryset = selectors.roadmap_choices(organization=organization)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("assessment") or data.get("business_case") or data.get("roadmap")):
            raise forms.ValidationError(
                _("Vælg mindst én strategivurdering, business case eller roadmap.")
            )
        return data
