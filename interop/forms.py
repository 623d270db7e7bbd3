"""Forms of the import wizard: upload, and the column mapping built from the file's headers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from interop.export import SHEETS_BY_KEY
from interop.jobs import ALL_SHEETS
from interop.tabular.mapping import ENTITIES, fields_for


def entity_choices(blank: Any) -> list[tuple[str, Any]]:
    return [("", blank)] + [(key, SHEETS_BY_KEY[key].title) for key in ENTITIES]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "CSV eller XLSX (leverandører, katalogsystemer, systemer, kontrakter, "
            "integrationer), KITOS-JSON, ArchiMate-XML (udvekslingsformat) eller KLE-XML."
        ),
    )
    entity = forms.ChoiceField(
        label=_("Indhold (kun CSV og XLSX)"),
        required=False,
        choices=entity_choices(_("Genkend ud fra kolonnerne")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from core.registry import registry

        super().__init__(*args, **kwargs)
        field: Any = self.fields["entity"]
        field.choices = [
            *entity_choices(_("Genkend ud fra kolonnerne")),
            *((entry.kind, entry.label) for entry in registry.import_kinds()),
        ]


class MappingForm(forms.Form):
    """Content, sheet and one select per column of the file."""

    entity = forms.ChoiceField(label=_("Filen indeholder"), choices=entity_choices(_("Vælg")))
    sheet = forms.ChoiceField(label=_("Ark"), required=False)
    save_as = forms.CharField(
        label=_("Gem kolonneopsætningen som"),
        required=False,
        max_length=100,
        help_text=_("Valgfrit navn, så opsætningen kan bruges igen ved næste upload."),
    )

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        entity: str,
        sheets: list[str],
        recognised: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        sheet_field: Any = self.fields["sheet"]
        sheet_field.choices = [(s, s) for s in sheets]
        if recognised > 1:
            label = _("Alle genkendte ark (%(n)s)") % {"n": recognised}
            sheet_field.choices = [(ALL_SHEETS, label), *sheet_field.choices]
        elif len(sheets) <= 1:
            sheet_field.widget = forms.HiddenInput()
        choices: list[tuple[str, Any]] = [("", _("– ignorér kolonnen –"))]
        if entity in ENTITIES:
            choices += [(spec.key, spec.label) for spec in fields_for(entity)]
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("(uden overskrift)"), choices=choices, required=False
            )

    def column_fields(self) -> list[Any]:
        return [self[f"col_{i}"] for i in range(len(self.headers))]

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"col_{i}", "") or "" for i in range(len(self.headers))]


class ValueMappingForm(forms.Form):
    """The value step: per choice or yes/no column each distinct value in the file, with
    the Styrbar value it is read as (exact, a synonym from the ordliste, or chosen here)."""

    cost_year = forms.IntegerField(
        label=_("År for årlige udgifter"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Filen har ingen kolonne med året; udgifterne bogføres på dette år."),
    )

    def __init__(
        self, *args: Any, columns: list[dict[str, Any]], entity: str, ask_year: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        from interop.jobs import allowed_values

        if not ask_year:
            del self.fields["cost_year"]
        self.columns = columns
        self.keys: dict[str, tuple[str, str]] = {}
        self.names: list[list[str]] = []
        for ci, column in enumerate(columns):
            choices: list[tuple[str, Any]] = [("", _("– ingen match (fejl) –"))]
            choices += allowed_values(entity, column["field"])
            names = []
            for vi, value in enumerate(column["values"]):
                name = f"v_{ci}_{vi}"
                self.fields[name] = forms.ChoiceField(
                    label=value["raw"],
                    choices=choices,
                    required=False,
                    initial=value["value"] or "",
                )
                self.keys[name] = (column["field"], value["raw"])
                names.append(name)
            self.names.append(names)

    def groups(self) -> list[tuple[dict[str, Any], list[tuple[Any, dict[str, Any]]]]]:
        """Per column: the column and its (bound field, value entry) pairs."""
        groups = []
        for column, names in zip(self.columns, self.names, strict=True):
            pairs = zip(names, column["values"], strict=True)
            groups.append((column, [(self[name], value) for name, value in pairs]))
        return groups

    def year_fields(self) -> list[Any]:
        return [self["cost_year"]] if "cost_year" in self.fields else []

    def value_mapping(self) -> dict[str, dict[str, str]]:
        mapping: dict[str, dict[str, str]] = {}
        for name, (key, raw) in self.keys.items():
            chosen = self.cleaned_data.get(name) or ""
            if chosen:
                mapping.setdefault(key, {})[raw] = chosen
        return mapping


class KitosConnectionForm(forms.Form):
    """The organization's KITOS connection (the live sync's settings)."""

    base_url = forms.URLField(
        label=_("KITOS' adresse"),
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("Fx https://kitos.dk"),
    )
    username = forms.CharField(
        label=_("KITOS-bruger"),
        max_length=254,
        help_text=_("E-mailadressen på den KITOS-bruger (med API-adgang), Styrbar logger ind som."),
    )
    password = forms.CharField(
        label=_("Adgangskode"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Gemmes krypteret og vises aldrig igen. Lad feltet stå tomt for at beholde den "
            "gemte adgangskode eller bruge serverens miljøvariabel KITOS_PASSWORD."
        ),
    )
    forget_password = forms.BooleanField(label=_("Slet den gemte adgangskode"), required=False)
    kitos_organization_uuid = forms.UUIDField(
        label=_("KITOS-organisationens UUID"),
        required=False,
        help_text=_("Tom: organisationen findes i KITOS ud fra sit CVR-nummer."),
    )
    nightly = forms.BooleanField(
        label=_("Synkronisér hver nat"),
        required=False,
        help_text=_(
            "Natlig kørsel sker som dig; den stopper med en fejl på importsiden, hvis du ikke "
            "længere er administrator."
        ),
    )


class KitosStartForm(forms.Form):
    dry_run = forms.BooleanField(label=_("Kun prøvekørsel (gem intet)"), required=False)
    full = forms.BooleanField(
        label=_("Hent alt fra KITOS, ikke kun ændringer siden sidste synkronisering"),
        required=False,
    )
