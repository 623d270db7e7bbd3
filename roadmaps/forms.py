"""Forms of the roadmap screens. Choices only offer the organization's own members,
assessments, and the roadmap's own milestones and gates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

import knowledge
from organizations.forms import OrgForm
from organizations.models import Organization
from roadmaps import selectors
from roadmaps.choices import GateDecision
from roadmaps.models import Gate, Milestone, Roadmap

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def strategy_choices() -> list[tuple[str, str]]:
    """The strategies (and the driftsfællesskab) that have a roadmap template."""
    kb = knowledge.load()
    lang = "en" if (get_language() or "da").startswith("en") else "da"
    return [
        (template.option, getattr(kb.option(template.option).name, lang))
        for template in kb.roadmaps.roadmaps
    ]


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class RoadmapCreateForm(forms.Form):
    strategy = forms.ChoiceField(
        label=_("Strategi"),
        help_text=_("Roadmappen bygges af strategiens skabelon i vidensbasen."),
    )
    start_date = forms.DateField(label=_("Startdato"), widget=DATE)
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        required=False,
        help_text=_("Tomt felt: strategiens navn."),
    )
    assessment = forms.ModelChoiceField(
        label=_("Strategivurdering"),
        queryset=Roadmap.objects.none(),
        required=False,
        help_text=_("Den vurdering, roadmappen bygger på (frivilligt)."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        from advisor.models import Assessment

        super().__init__(*args, **kwargs)
        self.fields["strategy"].choices = strategy_choices()  # type: ignore[attr-defined]
        self.fields["assessment"].queryset = Assessment.objects.filter(  # type: ignore[attr-defined]
            organization=organization
        ).order_by("-version")


class RoadmapForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Roadmap
        fields = ["name", "start_date", "status"]
        widgets = {"start_date": DATE}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].help_text = _(
            "Ændrer kun roadmappens startdato; milepælenes datoer rettes på hver milepæl."
        )


class DeliverablesField(forms.CharField):
    """One deliverable per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class MilestoneForm(forms.ModelForm):  # type: ignore[type-arg]
    deliverables = DeliverablesField(
        label=_("Leverancer"),
        required=False,
        help_text=_(
            "Én leverance pr. linje. En afkrydset leverance forbliver afkrydset, "
            "når teksten er uændret."
        ),
    )

    class Meta:
        model = Milestone
        fields = [
            "title",
            "description",
            "owner",
            "start_date",
            "due_date",
            "status",
            "deliverables",
            "gates",
        ]
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "gates": forms.CheckboxSelectMultiple,
        }
        field_classes = {"owner": UserChoiceField}

    def __init__(
        self, *args: Any, organization: Organization, roadmap: Roadmap, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.member_list(  # type: ignore[attr-defined]
            organization=organization
        )
        self.fields["gates"].queryset = Gate.objects.filter(  # type: ignore[attr-defined]
            roadmap=roadmap
        ).order_by("order")
        self.fields["gates"].help_text = _(
            "De beslutninger, milepælen venter på. Den kan ikke gennemføres, før de er godkendt."
        )


class GateForm(forms.ModelForm):  # type: ignore[type-arg]
    milestones = forms.ModelMultipleChoiceField(
        label=_("Milepæle, der venter på beslutningen"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Gate
        fields = ["body", "title", "planned_date", "note"]
        widgets = {"planned_date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self, *args: Any, organization: Organization, roadmap: Roadmap, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestones"].queryset = Milestone.objects.filter(  # type: ignore[attr-defined]
            roadmap=roadmap
        ).order_by("order")
        if self.instance.pk:
            self.initial["milestones"] = list(self.instance.milestones.values_list("pk", flat=True))


class GateDecisionForm(OrgForm):
    decision = forms.ChoiceField(
        label=_("Beslutning"),
        choices=[
            (GateDecision.APPROVED, GateDecision.APPROVED.label),
            (GateDecision.REJECTED, GateDecision.REJECTED.label),
            (GateDecision.POSTPONED, GateDecision.POSTPONED.label),
            (GateDecision.PENDING, _("Afventer (fjern en registreret beslutning)")),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Besluttet den"), widget=DATE, required=False)
    meeting_reference = forms.CharField(
        label=_("Mødereference"),
        max_length=200,
        required=False,
        help_text=_("Mødet og punktet på dagsordenen, f.eks. »ØU 14-04-2026, pkt. 7«."),
    )
    note = forms.CharField(
        label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeliverablesCheckForm(forms.Form):
    done = forms.MultipleChoiceField(
        label=_("Klarede leverancer"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, milestone: Milestone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = [(d, d) for d in milestone.deliverables]  # type: ignore[attr-defined]
