from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from sharing.choices import Category
from sharing.models import ServiceMeasure, SharedService
from sharing.selectors import community_members, partner_list, service_list


class GrantForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("Del med"),
        queryset=Organization.objects.none(),
        help_text=_("Et fællesskab, kommunen er medlem af, eller et andet medlem af det."),
        error_messages={
            "required": _("Vælg hvem der skal kunne læse med."),
            "invalid_choice": _(
                "Der kan kun deles med et fællesskab, organisationen er medlem af, "
                "eller med et andet medlem af det."
            ),
        },
    )
    categories = forms.MultipleChoiceField(
        label=_("Hvad deles"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Intet deles, før det er valgt her. Delingen kan tilbagekaldes når som helst."),
        error_messages={
            "required": _("Vælg mindst én kategori at dele."),
            "invalid_choice": _("Ukendt kategori: %(value)s."),
        },
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["recipient"]
        field.queryset = partner_list(organization=organization)


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SharedService
        fields = ["name", "description", "yearly_price", "allocation_key"]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)


class MeasureForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ServiceMeasure
        fields = ["service", "member", "year", "quantity"]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["service"].queryset = service_list(organization=organization)
        fields["member"].queryset = community_members(organization=organization)

    def validate_unique(self) -> None:
        """The service validates (the organization is set there)."""
