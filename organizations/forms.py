from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.choices import OrganizationKind, Role, UnitKind
from organizations.models import Organization, OrganizationUnit


class OrgForm(forms.Form):
    """Base for forms in one organization: choice fields see only its objects (the unit
    fields named in ``unit_fields`` only its units)."""

    unit_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)
        for name in self.unit_fields:
            limit_units(self, name)


def limit_units(form: OrgForm, name: str) -> None:
    """Only the form's organization's units can be chosen."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = OrganizationUnit.objects.filter(organization=form.organization)


def unit_choice_field(
    required: bool = False, label: Any = None, empty_label: Any = None
) -> forms.ModelChoiceField[OrganizationUnit]:
    return forms.ModelChoiceField(
        queryset=OrganizationUnit.objects.none(),
        required=required,
        label=label or _("Overordnet enhed"),
        empty_label=empty_label or _("(ingen – øverste niveau)"),
    )


class UnitForm(OrgForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=UnitKind.choices)
    parent = unit_choice_field()
    local_id = forms.CharField(
        label=_("Lokalt id"),
        max_length=50,
        required=False,
        help_text=_("Fx enhedens nummer i lønsystemet."),
    )
    ean = forms.CharField(
        label=_("EAN-nummer"),
        max_length=13,
        required=False,
        help_text=_("13 cifre, bruges til e-fakturaer."),
    )

    unit_fields = ("parent",)


class UnitMoveForm(OrgForm):
    parent = unit_choice_field(label=_("Ny overordnet enhed"))

    unit_fields = ("parent",)


class MembershipEditForm(OrgForm):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    unit = unit_choice_field(label=_("Enhed"), empty_label=_("(ingen)"))

    unit_fields = ("unit",)


class MembershipCreateForm(MembershipEditForm):
    username = forms.CharField(
        label=_("Brugernavn"),
        max_length=150,
        help_text=_(
            "Findes brugeren ikke, oprettes den med en tilfældig adgangskode; "
            "brugeren vælger selv en via 'Glemt adgangskode' (kræver e-mailadresse)."
        ),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    field_order = ["username", "email", "role", "unit"]


class OrganizationProfileForm(OrgForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    cvr = forms.RegexField(
        label=_("CVR-nummer"),
        regex=r"^\d{8}$",
        required=False,
        error_messages={"invalid": _("Et CVR-nummer består af 8 cifre.")},
    )
    population = forms.IntegerField(label=_("Indbyggere"), min_value=0, required=False)
    website = forms.URLField(label=_("Websted"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(label=_("Kontakt-e-mail"), required=False)


class OrganizationAdminForm(forms.Form):
    """Superusers: create or edit any organization."""

    kind = forms.ChoiceField(label=_("Type"), choices=OrganizationKind.choices)
    name = forms.CharField(label=_("Navn"), max_length=200)
    kommunekode = forms.IntegerField(
        label=_("Kommunekode"), required=False, min_value=101, max_value=999
    )
    cvr = forms.RegexField(label=_("CVR-nummer"), regex=r"^\d{8}$", required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Medlemsorganisationer"),
        queryset=Organization.objects.all(),
        required=False,
        help_text=_("Kun for driftsfællesskaber og interessefællesskaber."),
    )
    is_active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)
    administrator = forms.CharField(
        label=_("Tilføj administrator (brugernavn)"),
        max_length=150,
        required=False,
        help_text=_("Oprettes, hvis brugeren ikke findes. Brugeren vælger selv adgangskode."),
    )
    administrator_email = forms.EmailField(label=_("Administratorens e-mail"), required=False)

    def __init__(self, *args: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Bruger"), required=False)
    type = forms.ChoiceField(label=_("Objekttype"), required=False)
    action = forms.ChoiceField(label=_("Handling"), required=False)
    date_from = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.contrib.contenttypes.models import ContentType

        from core.choices import AuditAction
        from core.registry import registry

        super().__init__(*args, **kwargs)
        org_actions = [
            (value, label)
            for value, label in AuditAction.choices
            if value in {"create", "update", "delete", "locked_out"}
        ]
        self.fields["action"].choices = [("", _("Alle")), *org_actions]  # type: ignore[attr-defined]
        types = ContentType.objects.filter(app_label__in=registry.audited_app_labels())
        type_choices = sorted(
            (
                (ct.model, str(model._meta.verbose_name).capitalize())
                for ct in types
                if (model := ct.model_class()) is not None
            ),
            key=lambda c: c[1],
        )
        self.fields["type"].choices = [("", _("Alle")), *type_choices]  # type: ignore[attr-defined]
