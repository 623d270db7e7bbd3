from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from controlbody import choices as c
from controlbody.models import Meeting
from roadmaps.models import Milestone


class DateInput(forms.DateInput):
    """The browser's date picker (it sends ISO dates; it shows them in the user's locale)."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def members(organization: Any) -> Any:
    return (
        get_user_model()
        .objects.filter(memberships__organization=organization, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class UserChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class UsersChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200, initial="Kontrolorgan")
    mandate = forms.CharField(
        label=_("Kommissorium"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    established_by = forms.ModelChoiceField(
        label=_("Etableret ved milepæl"), queryset=Milestone.objects.none(), required=False
    )
    chair = UserChoice(label=_("Formand"), queryset=None, required=False)
    secretary = UserChoice(label=_("Sekretær"), queryset=None, required=False)
    others = UsersChoice(
        label=_("Øvrige medlemmer"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = members(organization)
        for name in ("chair", "secretary", "others"):
            self.fields[name].queryset = users  # type: ignore[attr-defined]
        self.fields["established_by"].queryset = Milestone.objects.filter(  # type: ignore[attr-defined]
            roadmap__organization=organization
        ).select_related("roadmap")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chair, secretary = data.get("chair"), data.get("secretary")
        if chair is not None and chair == secretary:
            raise forms.ValidationError(_("Formand og sekretær skal være to forskellige personer."))
        return data

    def member_rows(self) -> list[tuple[Any, str]]:
        data = self.cleaned_data
        rows: list[tuple[Any, str]] = []
        if data.get("chair") is not None:
            rows.append((data["chair"], c.MemberRole.CHAIR))
        if data.get("secretary") is not None:
            rows.append((data["secretary"], c.MemberRole.SECRETARY))
        taken = {u.pk for u, _r in rows}
        rows += [(u, c.MemberRole.MEMBER) for u in data.get("others") or [] if u.pk not in taken]
        return rows


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Meeting
        fields = ["title", "date", "start_time", "place", "participants", "guests"]
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "participants": forms.CheckboxSelectMultiple,
            "guests": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        field.queryset = members(organization)  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.get_full_name() or u.get_username()  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Overskrift"), max_length=300)
    description = forms.CharField(
        label=_("Sagsfremstilling"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


CONDITION_ROWS = 3


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslutning"), choices=[x for x in c.Decision.choices if x[0]]
    )
    reasoning = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = members(organization)
        for n in range(1, CONDITION_ROWS + 1):
            self.fields[f"c{n}_text"] = forms.CharField(
                label=_("Vilkår %(n)s") % {"n": n}, required=False, max_length=2000
            )
            self.fields[f"c{n}_owner"] = UserChoice(
                label=_("Ansvarlig (bruger)"), queryset=users, required=False
            )
            self.fields[f"c{n}_owner_name"] = forms.CharField(
                label=_("eller ansvarlig (navn)"), required=False, max_length=200
            )
            self.fields[f"c{n}_due_date"] = forms.DateField(
                label=_("Frist"), required=False, widget=DateInput()
            )

    def condition_rows(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        return [
            {
                "text": d.get(f"c{n}_text") or "",
                "owner": d.get(f"c{n}_owner"),
                "owner_name": d.get(f"c{n}_owner_name") or "",
                "due_date": d.get(f"c{n}_due_date"),
            }
            for n in range(1, CONDITION_ROWS + 1)
        ]


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Lukkes som"),
        choices=[
            (c.ConditionStatus.MET, c.ConditionStatus.MET.label),
            (c.ConditionStatus.LAPSED, c.ConditionStatus.LAPSED.label),
        ],
        widget=forms.RadioSelect,
    )
    closed_on = forms.DateField(label=_("Dato"), required=False, widget=DateInput())
    closing_note = forms.CharField(
        label=_("Bemærkning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConditionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *c.ConditionStatus.choices], required=False
    )
    overdue = forms.ChoiceField(
        label=_("Forfalden"),
        choices=[("", _("Alle")), ("true", _("Ja")), ("false", _("Nej"))],
        required=False,
    )
