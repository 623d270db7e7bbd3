from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications import choices as c


class SettingForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("E-mail om notifikationer"),
        choices=c.Delivery.choices,
        help_text=_("Den samlede e-mail sendes én gang om dagen med alt, du ikke har læst endnu."),
    )
    language = forms.ChoiceField(
        label=_("Sprog i notifikationer og e-mails"), choices=c.Language.choices
    )
