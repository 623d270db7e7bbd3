"""Forms of the spend pages: a classification rule, a source's column mapping, the triage
of a candidate and the choice of a creditor's vendor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portfolio import choices as pc
from portfolio.models import Contract
from spend import choices as c
from spend.classify import parse_ranges
from spend.models import ClassificationRule, SpendSource
from spend.reader import FIELDS, fold_header


class RuleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ClassificationRule
        fields = [
            "name",
            "priority",
            "is_it",
            "category",
            "accounts",
            "vendor",
            "keywords",
            "active",
        ]

    def __init__(self, *args: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean_accounts(self) -> str:
        value = self.cleaned_data.get("accounts", "")
        parse_ranges(value)
        return str(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(k) for k in ("accounts", "vendor", "keywords")):
            raise ValidationError(_("Angiv mindst én artskonto, en kreditor eller et nøgleord."))
        return data


IGNORED_WORDS = ("", "-", "ignoreres", "bruges ikke", "ignore")


class MappingField(forms.CharField):
    """A column mapping as text, one column a line: ``Kolonneoverskrift = felt``, the field
    by its Danish name (or its key), ``ignoreres`` for a column that is not used. Cleans
    to the dict ``SpendSource.columns`` holds; a malformed line, an unknown field or a
    column named twice is an error naming the line."""

    widget = forms.Textarea(attrs={"rows": 12})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return "\n".join(
                f"{header} = {FIELDS[key] if key in FIELDS else _('ignoreres')}"
                for header, key in value.items()
            )
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, dict):
            return value
        text = super().to_python(value)
        by_name = {fold_header(label): key for key, label in FIELDS.items()}
        by_name.update({fold_header(key): key for key in FIELDS})
        ignored = {fold_header(str(word)) for word in (*IGNORED_WORDS, _("ignoreres"))}
        columns: dict[str, str] = {}
        lines: dict[str, int] = {}
        errors: list[str] = []
        for number, raw in enumerate(str(text).splitlines(), start=1):
            if not raw.strip():
                continue
            header, sep, target = raw.rpartition("=")
            header, target = header.strip(), target.strip()
            if not sep or not header:
                errors.append(
                    _("Linje %(n)s: skriv »kolonneoverskrift = felt«, fx »Bilagsdato = %(f)s«.")
                    % {"n": number, "f": FIELDS["posted"]}
                )
                continue
            if header in lines:
                errors.append(
                    _("Linje %(n)s: kolonnen »%(header)s« står allerede i linje %(first)s.")
                    % {"n": number, "header": header, "first": lines[header]}
                )
                continue
            folded = fold_header(target)
            if folded in ignored:
                key = ""
            elif folded in by_name:
                key = by_name[folded]
            else:
                errors.append(
                    _("Linje %(n)s: »%(target)s« er ikke et felt. Felterne er: %(fields)s.")
                    % {
                        "n": number,
                        "target": target[:40],
                        "fields": ", ".join(str(label) for label in FIELDS.values()),
                    }
                )
                continue
            lines[header] = number
            columns[header] = key
        if errors:
            raise ValidationError(errors)
        return columns


class SourceForm(forms.ModelForm):  # type: ignore[type-arg]
    columns = MappingField(
        label=_("Kolonner"),
        required=False,
        help_text=_(
            "Én kolonne pr. linje: overskriften, som den står i eksporten, et lighedstegn og "
            "feltet, den læses som (Bogføringsdato, Kreditor, Kreditornr., CVR-nr., Beløb, "
            "Art, Funktion, Omkostningssted, Tekst), eller »ignoreres«. Bogføringsdato, Beløb "
            "og mindst én af Kreditor, Kreditornr. og CVR-nr. skal være med."
        ),
    )

    class Meta:
        model = SpendSource
        fields = ["name", "columns"]

    def __init__(self, *args: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean_columns(self) -> dict[str, str]:
        from spend.sources import columns_problems

        columns = self.cleaned_data.get("columns") or {}
        problems = columns_problems(columns)
        if problems:
            raise ValidationError(problems)
        return dict(columns)


DECISIONS = {
    c.CandidateKind.NO_AGREEMENT: ("system", "anskaffelse", "kontrakt", "ikke_it"),
    c.CandidateKind.AFTER_EXPIRY: ("kontrakt", "accepteret", "ikke_it"),
    c.CandidateKind.OVER_AGREED: ("kontrakt", "accepteret", "ikke_it"),
}
DECISION_LABELS = {
    "system": _("Det er et system: opret det i porteføljen"),
    "anskaffelse": _("Købt uden om processen: opret anskaffelsen bagefter"),
    "kontrakt": _("Dækket af en kontrakt"),
    "ikke_it": _("Ikke it"),
    "accepteret": _("Afvigelsen er forklaret"),
}


class TriageForm(forms.Form):
    decision = forms.ChoiceField(label=_("Vurdering"), widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Systemets navn"),
        max_length=200,
        required=False,
        help_text=_("Kun når det er et system. Standard: kreditorens navn."),
    )
    business_type = forms.ChoiceField(
        label=_("Forretningstype"),
        choices=pc.BusinessType.choices,
        initial=pc.BusinessType.ANDET,
        required=False,
    )
    contract = forms.ModelChoiceField(
        label=_("Kontrakt"), queryset=Contract.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, candidate: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision: Any = self.fields["decision"]
        decision.choices = [(d, DECISION_LABELS[d]) for d in DECISIONS[candidate.kind]]
        contract: Any = self.fields["contract"]
        contract.queryset = Contract.objects.filter(organization=candidate.organization)
        self.fields["name"].initial = candidate.vendor.name

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        contract = data.get("contract")
        return {
            "name": data.get("name", ""),
            "business_type": data.get("business_type", ""),
            "contract": contract.pk if contract else None,
            "note": data.get("note", ""),
        }


YES_NO = [("", _("Alle")), ("ja", _("Ja")), ("nej", _("Nej"))]


class DateInput(forms.DateInput):
    input_type = "date"


class LineFilterForm(forms.Form):
    period_from = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("Til dato"), required=False, widget=DateInput())
    unit = forms.CharField(label=_("Omkostningssted"), required=False, max_length=100)
    it = forms.ChoiceField(label=_("Kun it-forbrug"), choices=YES_NO, required=False)


class CandidateFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Alle")), *c.CandidateKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Vurdering"), choices=[("", _("Alle")), *c.Triage.choices], required=False
    )


class VendorFilterForm(forms.Form):
    match = forms.ChoiceField(
        label=_("Match"), choices=[("", _("Alle")), *c.MatchHow.choices], required=False
    )


class VendorChoiceForm(forms.Form):
    """The vendor a person chooses for a creditor: one of the candidates, or none."""

    vendor = forms.ChoiceField(label=_("Leverandør i porteføljen"), required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["vendor"]
        field.choices = [("", _("Ingen af dem")), *choices]
