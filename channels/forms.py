"""Forms of the communication plan, involvement, satisfaction and unit prices; every
choice of a related object is limited to the organization's own."""

from __future__ import annotations

from typing import Any

from django import forms

from businesscases.models import BusinessCase
from channels.models import CommunicationActivity, Involvement, Satisfaction, UnitCost
from core.forms import AmountField
from portfolio.models import SystemUsage
from roadmaps.models import Milestone

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _OrgForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        from channels.selectors import area_list

        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if model is Milestone:
                field.queryset = Milestone.objects.filter(  # type: ignore[attr-defined]
                    roadmap__organization=organization
                ).select_related("roadmap")
            elif model is BusinessCase:
                field.queryset = BusinessCase.objects.filter(organization=organization)  # type: ignore[attr-defined]
            elif model is SystemUsage:
                field.queryset = SystemUsage.objects.filter(  # type: ignore[attr-defined]
                    organization=organization
                ).select_related("catalog_system")
            else:
                field.queryset = area_list(organization=organization)  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """The service validates (the organization is set there)."""


class ActivityForm(_OrgForm):
    cost = AmountField(label=CommunicationActivity._meta.get_field("cost").verbose_name)

    class Meta:
        model = CommunicationActivity
        fields = [
            "name",
            "description",
            "audience",
            "channel",
            "date",
            "owner",
            "cost",
            "areas",
            "milestone",
            "business_case",
            "window_months",
        ]
        widgets = {"date": DATE, "areas": forms.CheckboxSelectMultiple}


class InvolvementForm(_OrgForm):
    class Meta:
        model = Involvement
        fields = [
            "name",
            "solution",
            "usage",
            "area",
            "kind",
            "held_on",
            "participants",
            "findings",
            "changes",
        ]
        widgets = {"held_on": DATE}


class SatisfactionForm(_OrgForm):
    class Meta:
        model = Satisfaction
        fields = ["area", "channel", "month", "satisfied_percent", "respondents", "method"]
        widgets = {"month": DATE}


class UnitCostForm(_OrgForm):
    in_person = AmountField(label=UnitCost._meta.get_field("in_person").verbose_name)
    digital = AmountField(label=UnitCost._meta.get_field("digital").verbose_name)

    class Meta:
        model = UnitCost
        fields = ["year", "in_person", "digital", "source"]
