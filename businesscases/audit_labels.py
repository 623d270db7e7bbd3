"""Labels of the keys in a business case's template inputs (a JSON field), for the audit
trail: the template forms' own field labels and the knowledge base's assumption labels."""

from __future__ import annotations

import functools
from typing import Any

from django.utils.translation import get_language, gettext_lazy

# Keys of the stored inputs that are no form field.
EXTRA = {
    "assumptions": gettext_lazy("antagelser"),
    "services": gettext_lazy("ydelser"),
    "processes": gettext_lazy("processer"),
    "members": gettext_lazy("medlemmer"),
    "prices": gettext_lazy("priser"),
    "value": gettext_lazy("værdi"),
    "source": gettext_lazy("kilde"),
    "default": gettext_lazy("standardværdi"),
    "default_source": gettext_lazy("kilde til standardværdien"),
    "flags": gettext_lazy("advarsler"),
    "organization_id": gettext_lazy("kommune (nummer i Styrbar)"),
}


@functools.cache
def _form_labels() -> dict[str, Any]:
    from businesscases import forms

    labels: dict[str, Any] = {}
    for form in (
        forms.ChannelShiftForm,
        forms.SharedOperationsForm,
        forms.ProcurementForm,
        forms.ReuseForm,
        forms.ProcessesForm,
        forms.ServiceRowForm,
        forms.ProcessRowForm,
        forms.MemberRowForm,
    ):
        for name, field in form.base_fields.items():
            if field.label:
                labels.setdefault(name, field.label)
    return labels


def key_labels() -> dict[str, Any]:
    from knowledge import load

    english = (get_language() or "da").startswith("en")
    assumptions = {
        key: (label.en if english else label.da)
        for key, label in load().template_defaults.labels.items()
    }
    from businesscases.forms import SharedOperationsForm

    split = dict(SharedOperationsForm.base_fields["split"].choices)  # type: ignore[attr-defined]
    strategies = {
        option.key: (option.name.en if english else option.name.da)
        for option in load().strategies.options
    }
    return {**assumptions, **_form_labels(), **EXTRA, **split, **strategies}
