"""Forms of the business-case screens. They only parse and shape input; every rule lives
in ``businesscases.services``."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from businesscases.choices import BudgetReduction, CaseStatus, CaseTemplate, LineKind
from businesscases.models import BusinessCase, CaseLine, CaseRisk
from businesscases.validation import LINK_FIELDS, RISK_FIELDS, SETTINGS_FIELDS
from core.forms import AmountField, parse_danish_decimal
from engine.business_case import MAX_HORIZON, MIN_HORIZON
from engine.case_templates import SplitKey
from knowledge import load, template_defaults
from organizations.choices import OrganizationKind
from organizations.forms import OrgForm
from organizations.models import Organization

PERCENT_UNITS = {"andel", "sandsynlighed"}
"""Knowledge units entered as percentages in the forms (stored as shares 0–1)."""


class PercentField(AmountField):
    """A share typed as a percentage ("3,5" for 3.5 %); cleans to the share (0.035)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format((value * 100).normalize(), "f")
        return value

    def clean(self, value: Any) -> Any:
        number = super().clean(value)
        return None if number is None else number / 100


class WholeNumberField(forms.IntegerField):
    """A whole number typed the Danish way ("10.000") or plainly ("10000")."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = parse_danish_decimal(value)
        return super().to_python(value)


def percent_text(value: Any, places: int | None = None) -> str:
    """A stored share as a Danish percentage without trailing zeros, optionally rounded.

    >>> percent_text("0.352"), percent_text("0.352731", 1), percent_text("1")
    ('35,2', '35,3', '100')
    """
    number = Decimal(str(value)) * 100
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return format(number.normalize(), "f").replace(".", ",")


def organization_assessments(organization: Organization) -> QuerySet[Any]:
    from advisor.models import Assessment

    return Assessment.objects.filter(organization=organization).order_by("-version")


def organization_milestones(organization: Organization) -> QuerySet[Any]:
    from roadmaps.models import Milestone

    return (
        Milestone.objects.filter(roadmap__organization=organization)
        .select_related("roadmap")
        .order_by("roadmap", "order")
    )


class _LinkFields(OrgForm):
    assessment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Strategivurdering"),
        help_text=_("Den strategivurdering, casen bygger på (valgfri)."),
    )
    milestone: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Milepæl i roadmap"),
        help_text=_("Milepælen, hvor business casen er en leverance (valgfri)."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["assessment"].queryset = organization_assessments(organization)  # type: ignore[attr-defined]
        self.fields["milestone"].queryset = organization_milestones(organization)  # type: ignore[attr-defined]
        self.fields["milestone"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m.roadmap}: {m.title}"
        )


def _horizon_choices() -> list[tuple[int, str]]:
    return [(n, str(n)) for n in range(MIN_HORIZON, MAX_HORIZON + 1)]


class CaseSettingsForm(_LinkFields):
    """The case's settings. A submitted or decided case only edits its links."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_year = forms.IntegerField(
        label=_("Første år"),
        min_value=2000,
        max_value=2100,
        help_text=_("Kalenderåret, casen starter (år 1)."),
    )
    horizon = forms.TypedChoiceField(
        label=_("Horisont (år)"),
        coerce=int,
        choices=_horizon_choices,
        help_text=_("Statens model regner over 3–10 år; 5 år er det almindelige."),
    )
    rate = PercentField(
        label=_("Diskonteringsrente (%)"),
        min_value=Decimal(0),
        max_value=Decimal(20),
        help_text=_("Finansministeriets kalkulationsrente er 3,5 % (real)."),
    )
    iterations = WholeNumberField(
        label=_("Antal simuleringer"),
        min_value=1_000,
        max_value=100_000,
        help_text=_("Monte Carlo-simuleringer af nutidsværdien (1.000–100.000)."),
    )
    seed = WholeNumberField(
        label=_("Startværdi for simuleringen"),
        min_value=0,
        max_value=2_147_483_647,
        help_text=_("Samme startværdi giver samme resultat, så tallene kan genskabes."),
    )
    coverage = PercentField(
        label=_("Risikopuljens dækning (%)"),
        min_value=Decimal(50),
        max_value=Decimal(99),
        help_text=_("Puljen dækker de samlede risikoomkostninger med denne sandsynlighed."),
    )

    budget_reduction = forms.ChoiceField(
        label=_("Budgetreduktion"),
        choices=BudgetReduction.choices,
        help_text=_(
            "Foreslås de økonomiske gevinster i budgettet taget ud af budgettet? "
            "Beslutningsoplægget siger det, så udvalget ved, om det beslutter en besparelse."
        ),
    )

    field_order = list(SETTINGS_FIELDS)

    def __init__(
        self, *args: Any, organization: Organization, locked: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        if locked:
            for name in list(self.fields):
                if name not in LINK_FIELDS:
                    del self.fields[name]

    @staticmethod
    def initial_for(case: BusinessCase) -> dict[str, Any]:
        return model_to_dict(case, fields=SETTINGS_FIELDS)


class CaseFilterForm(forms.Form):
    """The list's filters (the same parameters as the API)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *CaseStatus.choices]
    )
    template = forms.ChoiceField(
        label=_("Skabelon"),
        required=False,
        choices=[("", _("Alle")), *CaseTemplate.choices],
    )


# --- create from a template ------------------------------------------------------------


class CaseStartForm(_LinkFields):
    """What every new case needs; the template forms add their inputs."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_year = forms.IntegerField(
        label=_("Første år"), min_value=2000, max_value=2100, help_text=_("Kalenderåret for år 1.")
    )
    horizon = forms.TypedChoiceField(
        label=_("Horisont (år)"), coerce=int, choices=_horizon_choices, initial=5
    )

    field_order = ["name", "description", "start_year", "horizon"]
    input_fields: tuple[str, ...] = ()
    """Fields passed to the template as its inputs."""

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("start_year", dt.date.today().year + 1)
        kwargs["initial"].setdefault("horizon", 5)
        super().__init__(*args, organization=organization, **kwargs)
        if "bearer" in self.fields:
            self.fields["bearer"].initial = str(organization)

    def case_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            k: data.get(k)
            for k in ("name", "description", "start_year", "horizon", "assessment", "milestone")
        }

    def inputs(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.input_fields}


_BEARER_HELP = _("Enheden eller organisationen, der bærer omkostningerne og får gevinsterne.")


class ChannelShiftForm(CaseStartForm):
    bearer = forms.CharField(label=_("Bæres af"), max_length=200, help_text=_BEARER_HELP)
    input_fields = ("bearer",)


class SharedOperationsForm(CaseStartForm):
    split = forms.ChoiceField(
        label=_("Fordelingsnøgle for fælles omkostninger"),
        choices=[
            (SplitKey.OPERATIONS_COST, _("Efter driftsudgift")),
            (SplitKey.STAFF, _("Efter it-medarbejdere")),
            (SplitKey.EQUAL, _("Lige store andele")),
        ],
        initial=SplitKey.OPERATIONS_COST,
    )
    input_fields = ("split",)


class ProcurementForm(CaseStartForm):
    bearer = forms.CharField(label=_("Bæres af"), max_length=200, help_text=_BEARER_HELP)
    central_it_spend = AmountField(
        label=_("Årligt it-forbrug under central styring (kr.)"), min_value=Decimal(0)
    )
    purchases_per_year = AmountField(
        label=_("It-indkøb pr. år gennem processen"), min_value=Decimal(0)
    )
    input_fields = ("bearer", "central_it_spend", "purchases_per_year")


class ReuseForm(CaseStartForm):
    bearer = forms.CharField(label=_("Bæres af"), max_length=200, help_text=_BEARER_HELP)
    avoided_purchases_per_year = AmountField(
        label=_("Nye systemer pr. år, som en eksisterende løsning kan erstatte"),
        min_value=Decimal(0),
    )
    input_fields = ("bearer", "avoided_purchases_per_year")


class ProcessesForm(CaseStartForm):
    bearer = forms.CharField(label=_("Bæres af"), max_length=200, help_text=_BEARER_HELP)
    integrations = AmountField(label=_("Integrationer, der skal etableres"), min_value=Decimal(0))
    input_fields = ("bearer", "integrations")


class _InputRowForm(forms.Form):
    """One row of a template's input table: a row with its ``key`` filled in needs every
    field in ``needs``; an empty row is skipped."""

    key = "name"
    needs: tuple[str, ...] = ()
    incomplete: Any = ""

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get(self.key) and any(data.get(name) is None for name in self.needs):
            raise ValidationError(self.incomplete)
        return data


class ServiceRowForm(_InputRowForm):
    name = forms.CharField(label=_("Ydelse"), max_length=150, required=False)
    in_person = AmountField(
        label=_("Personlige henvendelser pr. år"), min_value=Decimal(0), required=False
    )
    digital = AmountField(
        label=_("Digitale henvendelser pr. år"), min_value=Decimal(0), required=False
    )
    needs = ("in_person", "digital")
    incomplete = _("Angiv begge antal henvendelser for ydelsen.")


class ProcessRowForm(_InputRowForm):
    name = forms.CharField(label=_("Proces"), max_length=150, required=False)
    cases_per_year = AmountField(label=_("Sager pr. år"), min_value=Decimal(0), required=False)
    minutes_saved_per_case = AmountField(
        label=_("Minutter sparet pr. sag"), min_value=Decimal(0), required=False
    )
    needs = ("cases_per_year", "minutes_saved_per_case")
    incomplete = _("Angiv antal sager og sparede minutter for processen.")


def member_organizations() -> QuerySet[Organization]:
    """Municipalities that can be members of a driftsfællesskab (their names are public;
    the figures about them are typed in by the user)."""
    return Organization.objects.filter(is_active=True, kind=OrganizationKind.KOMMUNE).order_by(
        "name"
    )


class MemberRowForm(_InputRowForm):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Kommune"), required=False
    )
    operations_cost = AmountField(
        label=_("Årlig it-driftsudgift (kr.)"), min_value=Decimal(0), required=False
    )
    it_staff_fte = AmountField(
        label=_("It-medarbejdere (årsværk)"), min_value=Decimal(0), required=False
    )
    data_centres = forms.IntegerField(
        label=_("Datacentre og serverrum"), min_value=0, max_value=100, required=False
    )

    key = "organization"
    needs = ("operations_cost", "it_staff_fte", "data_centres")
    incomplete = _("Angiv driftsudgift, medarbejdere og datacentre for medlemmet.")

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["organization"].queryset = member_organizations()  # type: ignore[attr-defined]


def member_initial(organization: Organization) -> list[dict[str, Any]]:
    """The case's own municipality first, then the members of its communities."""
    members = [organization]
    for community in organization.communities.filter(is_active=True):
        members += [m for m in community.members.all() if m not in members]
    if organization.is_community:
        members = list(organization.members.all()) or members
    return [{"organization": m.pk} for m in members if m.kind == OrganizationKind.KOMMUNE]


class TemplateSpec:
    """How the create screen of one template is put together."""

    def __init__(
        self,
        form: type[CaseStartForm],
        rows: str = "",
        row_form: type[forms.Form] | None = None,
        extra: int = 3,
        rows_label: Any = "",
    ) -> None:
        self.form = form
        self.rows = rows
        self.row_form = row_form
        self.extra = extra
        self.rows_label = rows_label


TEMPLATE_SPECS: dict[str, TemplateSpec] = {
    "blank": TemplateSpec(CaseStartForm),
    "channel_shift": TemplateSpec(
        ChannelShiftForm, "services", ServiceRowForm, 3, _("Ydelser, der flyttes til selvbetjening")
    ),
    "shared_operations": TemplateSpec(
        SharedOperationsForm, "members", MemberRowForm, 4, _("Medlemmer af driftsfællesskabet")
    ),
    "standardised_procurement": TemplateSpec(ProcurementForm),
    "reuse": TemplateSpec(ReuseForm),
    "coherent_processes": TemplateSpec(
        ProcessesForm, "processes", ProcessRowForm, 3, _("Processer, hvor data indsamles én gang")
    ),
}


def _field_name(key: str) -> str:
    return "a__" + key.replace(".", "__")


class AssumptionsForm(forms.Form):
    """The template's editable defaults from the knowledge base, each with its source."""

    def __init__(self, *args: Any, template: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kb = load()
        english = (get_language() or "da").startswith("en")
        self.keys: dict[str, str] = {}
        for key, assumption in template_defaults(template, kb).items():
            label = kb.template_defaults.labels[key]
            text = label.en if english else label.da
            name = _field_name(key)
            self.keys[name] = key
            hint = _("Standard: %(value)s. Kilde: %(source)s") % {
                "value": (
                    f"{percent_text(assumption.value)} %"
                    if label.unit in PERCENT_UNITS
                    else f"{assumption.value} {label.unit}".strip()
                ),
                "source": assumption.source,
            }
            field: forms.Field
            if label.unit in PERCENT_UNITS:
                field = PercentField(
                    label=f"{text} (%)",
                    min_value=Decimal(0),
                    help_text=hint,
                    initial=assumption.value,
                )
            else:
                unit = f" ({label.unit})" if label.unit else ""
                field = AmountField(
                    label=f"{text}{unit}",
                    min_value=Decimal(0),
                    help_text=hint,
                    initial=assumption.value,
                    decimal_places=4,
                )
            self.fields[name] = field

    def values(self) -> dict[str, Decimal]:
        return {
            self.keys[name]: value for name, value in self.cleaned_data.items() if value is not None
        }


# --- lines and risks -------------------------------------------------------------------


def _year_choices(case: BusinessCase) -> list[tuple[int, str]]:
    return [(i, str(case.start_year + i)) for i in range(case.horizon)]


def parse_phase_in(text: str) -> list[Decimal]:
    """ "50; 100; 100" (percentages, Danish decimals) -> [0.5, 1, 1].

    >>> parse_phase_in("35,5; 100")
    [Decimal('0.355'), Decimal('1')]
    >>> parse_phase_in("")
    []
    """
    values = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        try:
            values.append(Decimal(parse_danish_decimal(part.removesuffix("%"))) / 100)
        except InvalidOperation as exc:
            raise ValidationError(_("Indfasningen skal være tal adskilt af semikolon.")) from exc
    return values


class LineForm(forms.Form):
    """One line: three-point estimate, a range of years, kind and bearer."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Art"), choices=LineKind.choices)
    low = AmountField(label=_("Minimum"), required=False, min_value=Decimal(0))
    mode = AmountField(label=_("Mest sandsynlig"), required=False, min_value=Decimal(0))
    high = AmountField(label=_("Maksimum"), required=False, min_value=Decimal(0))
    first_year = forms.TypedChoiceField(label=_("Fra år"), coerce=int)
    last_year = forms.TypedChoiceField(label=_("Til og med år"), coerce=int)
    phase_in = forms.CharField(
        label=_("Indfasning pr. år (%)"),
        required=False,
        max_length=300,
        help_text=_("Fx 50; 100; 100 – ét tal pr. år. Tom betyder 100 % alle år."),
    )
    bearer = forms.CharField(
        label=_("Bæres af / tilfalder"),
        required=False,
        max_length=200,
    )
    unit_value = AmountField(
        label=_("Timepris (kr.)"),
        required=False,
        min_value=Decimal(0),
        help_text=_("Kun for effektiviseringsgevinster: beløbene er timer pr. år × timeprisen."),
    )
    score = forms.TypedChoiceField(
        label=_("Score (0–5)"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "–"), *[(n, str(n)) for n in range(6)]],
        help_text=_("Kun for ikke-økonomiske gevinster, som ikke indgår i nutidsværdien."),
    )
    source = forms.CharField(label=_("Kilde"), required=False, max_length=200)
    group = forms.CharField(
        label=_("Fælles antagelse"),
        required=False,
        max_length=60,
        help_text=_(
            "Linjer med samme fælles antagelse simuleres sammen: bygger flere linjer på samme "
            "skøn, svinger de i takt."
        ),
    )

    def __init__(self, *args: Any, case: BusinessCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["name"].widget.attrs["autofocus"] = True
        self.fields["bearer"].widget.attrs["list"] = "bearer-options"
        choices = _year_choices(case)
        self.fields["first_year"].choices = choices  # type: ignore[attr-defined]
        self.fields["last_year"].choices = choices  # type: ignore[attr-defined]
        if not self.is_bound and "first_year" not in self.initial:
            self.initial.update({"first_year": 0, "last_year": case.horizon - 1})

    @staticmethod
    def initial_for(line: CaseLine) -> dict[str, Any]:
        years = [int(y) for y in line.years] or [0]
        return {
            "name": line.name,
            "kind": line.kind,
            "low": line.low,
            "mode": line.mode,
            "high": line.high,
            "first_year": min(years),
            "last_year": max(years),
            "phase_in": "; ".join(percent_text(f) for f in line.factors or ()),
            "bearer": line.bearer,
            "unit_value": line.unit_value if line.kind == LineKind.EFFICIENCY else None,
            "score": line.score,
            "source": line.source,
            "group": line.group,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", _("Slutåret ligger før startåret."))
        if data.get("kind") != LineKind.NON_MONETARY:
            for name in ("low", "mode", "high"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Angiv et beløb."))
        try:
            data["factors"] = parse_phase_in(data.get("phase_in") or "")
        except ValidationError as exc:
            self.add_error("phase_in", exc)
        return data

    def service_data(self) -> dict[str, Any]:
        """The line as the services take it (years as indexes within the horizon)."""
        data = self.cleaned_data
        first, last = data["first_year"], data["last_year"]
        return {
            "name": data["name"],
            "kind": data["kind"],
            "low": data.get("low") or Decimal(0),
            "mode": data.get("mode") or Decimal(0),
            "high": data.get("high") or Decimal(0),
            "years": list(range(first, last + 1)),
            "factors": data.get("factors") or [],
            "bearer": data.get("bearer", ""),
            "unit_value": data.get("unit_value") or Decimal(1),
            "score": data.get("score"),
            "source": data.get("source", ""),
            "group": data.get("group", ""),
        }


class RiskForm(forms.Form):
    name = forms.CharField(label=_("Risiko"), max_length=200)
    probability = PercentField(
        label=_("Sandsynlighed (%)"), min_value=Decimal(0), max_value=Decimal(100)
    )
    low = AmountField(label=_("Konsekvens minimum (kr.)"), min_value=Decimal(0))
    mode = AmountField(label=_("Konsekvens mest sandsynlig (kr.)"), min_value=Decimal(0))
    high = AmountField(label=_("Konsekvens maksimum (kr.)"), min_value=Decimal(0))
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    bearer = forms.CharField(label=_("Bæres af"), required=False, max_length=200)

    def __init__(self, *args: Any, case: BusinessCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["name"].widget.attrs["autofocus"] = True
        self.fields["bearer"].widget.attrs["list"] = "bearer-options"
        self.fields["year"].choices = _year_choices(case)  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(risk: CaseRisk) -> dict[str, Any]:
        return model_to_dict(risk, fields=RISK_FIELDS)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# --- status and benefit realisation ----------------------------------------------------


def note_field(label: Any) -> forms.CharField:
    """An optional note of at most 1,000 characters that goes with a status change."""
    return forms.CharField(
        label=label, required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SubmitForm(forms.Form):
    note = note_field(_("Bemærkning til beslutningstagerne"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslutning"),
        choices=[(CaseStatus.APPROVED, _("Godkend")), (CaseStatus.REJECTED, _("Afvis"))],
        widget=forms.RadioSelect,
    )
    note = note_field(_("Begrundelse og mødereference"))


class ActualsForm(forms.Form):
    """Actual cost and benefit for each year of an approved case (blank = not recorded)."""

    def __init__(self, *args: Any, case: BusinessCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = [case.start_year + i for i in range(case.horizon)]
        recorded = {(a.year, a.kind): a for a in case.actuals.all()}
        for year in self.years:
            for kind, label in (
                ("cost", _("Faktiske omkostninger")),
                ("benefit", _("Faktiske gevinster")),
            ):
                actual = recorded.get((year, kind))
                self.fields[f"{kind}_{year}"] = AmountField(
                    label=f"{label} {year} (kr.)",
                    required=False,
                    min_value=Decimal(0),
                    initial=actual.amount if actual else None,
                )
            notes = [
                a.note for k in ("cost", "benefit") if (a := recorded.get((year, k))) and a.note
            ]
            self.fields[f"note_{year}"] = forms.CharField(
                label=_("Note %(year)s") % {"year": year},
                required=False,
                max_length=200,
                initial=notes[0] if notes else "",
            )

    def rows(self) -> list[tuple[int, Any, Any, Any]]:
        """(year, cost field, benefit field, note field) for the template."""
        return [
            (year, self[f"cost_{year}"], self[f"benefit_{year}"], self[f"note_{year}"])
            for year in self.years
        ]

    def actuals(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        out = []
        for year in self.years:
            for kind in ("cost", "benefit"):
                amount = data.get(f"{kind}_{year}")
                if amount is not None:
                    out.append(
                        {
                            "year": year,
                            "kind": kind,
                            "amount": amount,
                            "note": data.get(f"note_{year}", ""),
                        }
                    )
        return out
