"""Forms of the portfolio screens. Choice fields only offer the organization's own objects
(and the shared catalog, vendors and KLE)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q, URLField
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField
from organizations.forms import OrgForm
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio import selectors
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    DataObject,
    DataProcessingRegistration,
    Integration,
    KleSubject,
    SystemUsage,
    Vendor,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formfield(field: Any, **kwargs: Any) -> Any:
    """Model field → form field; web addresses typed without a scheme get https://."""
    if isinstance(field, URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrgMeta:
    """Base Meta of the portfolio's ModelForms."""

    formfield_callback = staticmethod(_formfield)


class OrgModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """ModelForm whose relation fields are limited to what the organization may pick."""

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)
        units = OrganizationUnit.objects.filter(organization=organization)
        limits = {
            OrganizationUnit: units,
            SystemUsage: SystemUsage.objects.filter(organization=organization).select_related(
                "catalog_system"
            ),
            Contract: Contract.objects.filter(organization=organization),
            DataObject: DataObject.objects.filter(organization=organization),
            BusinessProcess: BusinessProcess.objects.filter(organization=organization),
            CatalogSystem: selectors.catalog_list(organization=organization),
            KleSubject: KleSubject.objects.filter(level=c.KleLevel.EMNE),
        }
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                model = field.queryset.model
                if model in limits:
                    field.queryset = limits[model]
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE
            if isinstance(field.widget, forms.SelectMultiple):
                field.widget.attrs.setdefault("size", 8)


class VendorForm(OrgModelForm):
    class Meta(OrgMeta):
        model = Vendor
        fields = ["name", "cvr", "contact_name", "contact_email", "website"]


class CatalogSystemForm(OrgModelForm):
    propose = forms.BooleanField(
        label=_("Foreslå til det fælles katalog"),
        required=False,
        help_text=_(
            "Markerer systemet som forslag til det fælles katalog. Indtil det er optaget, "
            "er det kun synligt for jer."
        ),
    )

    class Meta(OrgMeta):
        model = CatalogSystem
        fields = [
            "name",
            "former_names",
            "description",
            "vendor",
            "business_type",
            "kle_subjects",
            "recommended_archive_duty",
            "parent",
        ]


class CatalogSystemEditForm(CatalogSystemForm):
    class Meta(CatalogSystemForm.Meta):
        fields = [*CatalogSystemForm.Meta.fields, "deactivated"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["propose"]


class TakeIntoUseForm(OrgModelForm):
    class Meta(OrgMeta):
        model = SystemUsage
        fields = [
            "local_name",
            "local_id",
            "version",
            "lifecycle",
            "valid_from",
            "responsible_unit",
        ]


USAGE_GENERAL = [
    "catalog_system",
    "local_name",
    "local_id",
    "version",
    "lifecycle",
    "valid_from",
    "valid_to",
    "responsible_unit",
    "using_units",
    "user_count",
    "hosting",
    "criticality",
    "business_critical",
    "socially_critical",
    "time_disposition",
    "functional_fit",
    "technical_fit",
    "notes",
]
USAGE_GDPR = [
    "data_sensitivity",
    "gdpr_purpose",
    "risk_assessment_done",
    "risk_assessment_date",
    "risk_level",
    "dpia_done",
    "dpia_date",
    "archive_duty",
    "archive_notes",
    "kle_additions",
    "kle_removals",
]
USAGE_PLATFORMS = [
    "supports_browsers",
    "supports_ios",
    "supports_android",
    "supports_windows",
    "supports_macos",
    "accessibility_statement_url",
    "wcag_status",
    "wcag_date",
]


class UsageForm(OrgModelForm):
    class Meta(OrgMeta):
        model = SystemUsage
        fields = USAGE_GENERAL + USAGE_GDPR + USAGE_PLATFORMS

    sections = (
        (_("Generelt"), USAGE_GENERAL),
        (_("GDPR, sikkerhed og arkiv"), USAGE_GDPR),
        (_("Platforme og tilgængelighed"), USAGE_PLATFORMS),
    )

    def grouped(self) -> list[tuple[Any, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in self.sections]


def _members(organization: Organization) -> Any:
    """The organization's members, by username (the users a form may pick)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__organization=organization)
        .distinct()
        .order_by("username")
    )


class UsageBulkForm(forms.Form):
    lifecycle = forms.ChoiceField(
        label=_("Ny livscyklus"),
        required=False,
        choices=[("", _("(uændret)")), *c.Lifecycle.choices],
    )
    time_disposition = forms.ChoiceField(
        label=_("Ny TIME-disposition"),
        required=False,
        choices=[("keep", _("(uændret)")), *c.TimeDisposition.choices],
    )
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ny systemejer"), required=False, queryset=None, empty_label=_("(uændret)")
    )
    usages: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _members(organization)  # type: ignore[attr-defined]
        self.fields["usages"].queryset = SystemUsage.objects.filter(organization=organization)  # type: ignore[attr-defined]


class ContractForm(OrgModelForm):
    class Meta(OrgMeta):
        model = Contract
        fields = [
            "number",
            "name",
            "vendor",
            "usages",
            "contract_type",
            "procurement_form",
            "start_date",
            "end_date",
            "irrevocable_until",
            "notice_months",
            "notice_runs_to",
            "options_offered",
            "options_used",
            "option_months",
            "terminated",
            "terminated_date",
            "dpa_required",
            "dpa_concluded",
            "dpa_date",
            "dpa_supervision_months",
            "dpa_next_supervision",
            "parent",
            "responsible_unit",
            "notes",
        ]


class IntegrationForm(OrgModelForm):
    class Meta(OrgMeta):
        model = Integration
        fields = [
            "source",
            "target",
            "target_component",
            "interface_name",
            "technology",
            "data_objects",
            "frequency",
            "direction",
            "status",
            "contract",
            "description",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_component"].queryset = CatalogSystem.objects.filter(  # type: ignore[attr-defined]
            Q(scope=c.Scope.GLOBAL) | Q(owner_organization=self.organization),
            business_type=c.BusinessType.FAELLESKOMMUNAL,
        )
        self.fields["target"].help_text = _(
            "Udfyld enten 'til system' eller 'til fælles komponent'."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("target")) == bool(data.get("target_component")):
            raise forms.ValidationError(
                _("Vælg præcis ét mål: et system i anvendelse eller en fælles komponent.")
            )
        return data


class ProcessForm(OrgModelForm):
    class Meta(OrgMeta):
        model = BusinessProcess
        fields = ["name", "parent", "owner_unit", "kle_subject", "description"]


class RowForm(OrgForm):
    """A row of a child formset; rows see the organization like the other forms."""


class CostLineForm(RowForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Art"), choices=c.CostKind.choices)
    amount = AmountField(label=_("Beløb (kr.)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PaymentForm(RowForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    stream = forms.ChoiceField(label=_("Betalingsstrøm"), choices=c.PaymentStream.choices)
    amount = AmountField(label=_("Beløb (kr.)"))


class PersonRowForm(RowForm):
    """A row that gives someone a role (named by ``role_field``, which comes first): a
    member of the organization or else a person's name."""

    role_field: ClassVar[str]

    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Bruger"), queryset=None, required=False
    )
    person_name = forms.CharField(label=_("Eller navn"), max_length=200, required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.order_fields([self.role_field])
        self.fields["user"].queryset = _members(organization)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get(self.role_field) and not data.get("user") and not data.get("person_name"):
            raise forms.ValidationError(_("Angiv en bruger eller et navn."))
        return data


class RoleForm(PersonRowForm):
    role_type: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Rolle"), queryset=None)
    email = forms.EmailField(label=_("E-mail"), required=False)

    role_field = "role_type"

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["role_type"].queryset = selectors.role_types(organization=organization)  # type: ignore[attr-defined]


class StepForm(RowForm):
    name = forms.CharField(label=_("Trin"), max_length=200)
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Udføres af"), queryset=None, required=False
    )
    usages: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Systemer"), queryset=None, required=False
    )
    collects: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Indsamler data"), queryset=None, required=False
    )
    reads: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Læser data"), queryset=None, required=False
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["unit"].queryset = OrganizationUnit.objects.filter(organization=organization)  # type: ignore[attr-defined]
        self.fields["usages"].queryset = selectors.usage_list(organization=organization)  # type: ignore[attr-defined]
        objects = DataObject.objects.filter(organization=organization)
        self.fields["collects"].queryset = objects  # type: ignore[attr-defined]
        self.fields["reads"].queryset = objects  # type: ignore[attr-defined]
        for name in ("usages", "collects", "reads"):
            self.fields[name].widget.attrs["size"] = 5


class ReferenceForm(RowForm):
    """An external reference of a usage (a link to documentation, a KITOS page, …)."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    url = forms.URLField(label=_("Adresse"), max_length=200, assume_scheme="https")


class ContractRoleForm(PersonRowForm):
    kind = forms.ChoiceField(label=_("Rolle"), choices=c.ContractRoleKind.choices)

    role_field = "kind"


class DataObjectForm(OrgModelForm):
    class Meta(OrgMeta):
        model = DataObject
        fields = ["name", "description", "personal_data"]


class DprForm(OrgModelForm):
    class Meta(OrgMeta):
        model = DataProcessingRegistration
        fields = [
            "name",
            "agreement_concluded",
            "agreement_date",
            "data_processors",
            "sub_data_processors",
            "transfer_to_third_countries",
            "third_countries",
            "transfer_basis",
            "usages",
            "contracts",
            "oversight_interval_months",
            "oversight_options",
            "latest_oversight",
            "oversight_completed",
            "responsible_unit",
            "notes",
        ]
        help_texts = {
            "oversight_interval_months": _(
                "Fx 6 (halvårligt), 12 (årligt) eller 24 (hvert andet år). Næste tilsyn "
                "beregnes som seneste tilsyn plus intervallet."
            ),
            "third_countries": _("Lande uden for EU/EØS uden tilstrækkeligt beskyttelsesniveau."),
        }
