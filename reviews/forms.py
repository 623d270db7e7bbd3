"""Forms of the solution reviews: plan a review, answer its checklist, close an action, and
the governance plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from knowledge.reviews import review_knowledge
from portfolio.forms import DATE, OrgMeta, OrgModelForm
from portfolio.models import SystemUsage
from reviews import choices as c
from reviews.models import CadenceOverride, Finding, GovernancePlan, SolutionReview
from reviews.services import answer_version


def members(organization: Any) -> Any:
    return (
        get_user_model()
        .objects.filter(memberships__organization=organization)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class MemberMultipleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class ReviewForm(OrgModelForm):
    class Meta(OrgMeta):
        model = SolutionReview
        fields = ["usage", "planned_date", "participants", "other_participants", "summary"]
        field_classes = {"participants": MemberMultipleField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "participants": _(
                "Kontrolorganets medlemmer og systemejeren. Tomt: systemets systemejere."
            ),
            "other_participants": _("Deltagere, der ikke er brugere i Styrbar."),
        }

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        fields: Any = self.fields
        fields["participants"].queryset = members(organization)
        fields["usage"].queryset = SystemUsage.objects.filter(
            organization=organization
        ).select_related("catalog_system")
        if self.instance.pk:
            fields["usage"].disabled = True


class FindingForm(OrgModelForm):
    class Meta(OrgMeta):
        model = Finding
        fields = ["review", "text", "owner", "owner_name", "due_date"]
        field_classes = {"owner": MemberChoiceField}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"owner_name": _("Kun hvis den ansvarlige ikke er bruger i Styrbar.")}

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        fields: Any = self.fields
        fields["owner"].queryset = members(organization)
        fields["review"].queryset = SolutionReview.objects.filter(
            organization=organization
        ).select_related("usage", "usage__catalog_system")
        if self.instance.pk:
            fields["review"].disabled = True


class PlanForm(OrgModelForm):
    class Meta(OrgMeta):
        model = GovernancePlan
        fields = [
            "usage",
            "update_windows",
            "test_procedure",
            "update_approver",
            "rollback",
            "user_communication",
            "update_cadence",
            "test_cadence",
            "responsible",
            "responsible_name",
            "last_tested",
            "notes",
        ]
        field_classes = {"responsible": MemberChoiceField}
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("update_windows", "test_procedure", "rollback", "user_communication")
        }
        help_texts = {
            "update_windows": _("Hvornår opdateringer må lægges på, f.eks. »tirsdag 18-22«."),
            "test_procedure": _("Hvad der testes efter en opdatering, og på hvilke platforme."),
            "rollback": _("Hvordan en fejlet opdatering rulles tilbage."),
            "test_cadence": _("Sidst testet plus testkadencen giver advarslen om forfalden test."),
            "responsible_name": _("Kun hvis den ansvarlige ikke er bruger i Styrbar."),
        }

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        fields: Any = self.fields
        fields["responsible"].queryset = members(organization)
        if self.instance.pk:
            fields["usage"].disabled = True


def rule_choices() -> list[tuple[str, str]]:
    english = (get_language() or "da").startswith("en")
    return [
        (r.key, f"{r.label.en if english else r.label.da} ({r.months} mdr.)")
        for r in review_knowledge().cadence.all_rules
    ]


class CadenceForm(OrgModelForm):
    rule_key = forms.ChoiceField(label=_("Regel"), choices=rule_choices)

    class Meta(OrgMeta):
        model = CadenceOverride
        fields = ["rule_key", "months"]


class AnswersForm(forms.Form):
    """One choice and one note per checklist item, grouped by section for the page."""

    def __init__(self, *args: Any, review: SolutionReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review
        english = (get_language() or "da").startswith("en")
        self.groups: list[tuple[str, list[tuple[Any, Any, Any, dict[str, Any]]]]] = []
        for item in review.checklist_items:
            key = item["key"]
            answer = review.answers.get(key) or {}
            question = item["question"]["en" if english else "da"]
            self.fields[f"{key}__value"] = forms.ChoiceField(
                label=question,
                choices=[("", _("Ikke besvaret")), *c.Answer.choices],
                required=False,
                initial=answer.get("value", ""),
                widget=forms.RadioSelect(attrs={"class": "form-radio"}),
            )
            self.fields[f"{key}__note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                initial=answer.get("note", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            # The answer as the form was opened (optimistic concurrency per item).
            self.fields[f"{key}__opened"] = forms.CharField(
                required=False,
                max_length=64,
                initial=answer_version(answer),
                widget=forms.HiddenInput,
            )
            title = item["section_title"]["en" if english else "da"]
            if not self.groups or self.groups[-1][0] != title:
                self.groups.append((title, []))
            self.groups[-1][1].append(
                (self[f"{key}__value"], self[f"{key}__note"], self[f"{key}__opened"], item)
            )

    def opened(self) -> dict[str, str]:
        """Item key -> the answer's version when the form was opened (hidden field
        ``<key>__opened``); an item without it counts as opened at its saved answer."""
        data = self.cleaned_data
        return {
            item["key"]: data.get(f"{item['key']}__opened")
            or answer_version(self.review.answers.get(item["key"]))
            for item in self.review.checklist_items
        }

    def changes(self) -> dict[str, dict[str, Any]]:
        """The items whose posted answer differs from the answer the form was opened with:
        only these are saved, so a stale form never undoes a colleague's other answers."""
        opened = self.opened()
        return {
            key: answer
            for key, answer in self.answers().items()
            if answer_version(answer) != opened[key]
        }

    def conflict_rows(self) -> list[tuple[str, str, str]]:
        """(question, the posted answer, the saved answer) of each item the user changed
        that someone else answered differently since the form was opened, each shown as
        "answer – note"."""
        labels = dict([("", _("Ikke besvaret")), *c.Answer.choices])

        def shown(answer: dict[str, Any] | None) -> str:
            value = (answer or {}).get("value") or ""
            text = str(labels.get(value, value))
            note = str((answer or {}).get("note") or "").strip()
            return f"{text} – {note}" if value and note else text

        opened = self.opened()
        rows = []
        for key, mine in self.changes().items():
            theirs = self.review.answers.get(key)
            if answer_version(theirs) not in (opened[key], answer_version(mine)):
                rows.append((str(self.fields[f"{key}__value"].label), shown(mine), shown(theirs)))
        return rows

    def answers(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            item["key"]: {
                "value": data.get(f"{item['key']}__value", ""),
                "note": data.get(f"{item['key']}__note", ""),
            }
            for item in self.review.checklist_items
        }


class CompleteForm(forms.Form):
    held_date = forms.DateField(label=_("Afholdt dato"), widget=DATE)
    summary = forms.CharField(
        label=_("Konklusion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Hvad er gjort"), widget=forms.Textarea(attrs={"rows": 2})
    )
    closed_on = forms.DateField(label=_("Lukket dato"), required=False, widget=DATE)


class TestedForm(forms.Form):
    tested_on = forms.DateField(label=_("Testet dato"), widget=DATE)
