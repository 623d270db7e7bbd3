from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import services


class LoginForm(AuthenticationForm):
    """Django's login form with lock-out after repeated failures (audited)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Forkert brugernavn eller adgangskode."),
        "sso_only": _(
            "Din organisation har slået login med adgangskode fra. Log ind via single sign-on."
        ),
        "locked": _(
            "Kontoen er midlertidigt låst efter for mange mislykkede forsøg. "
            "Prøv igen om %(minutes)s minutter."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        if username and services.login_is_locked(username):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.login_failed(username=username)
            raise
        user = self.get_user()
        if user is not None and not services.local_login_allowed(user):
            services.local_login_refused(user=user)
            raise forms.ValidationError(self.error_messages["sso_only"], code="sso_only")
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Hvad bruges nøglen til? Fx 'Nattelig KITOS-synkronisering'."),
    )
    expires_at = forms.DateField(
        label=_("Udløber"),
        required=False,
        help_text=_("Tom betyder: udløber ikke."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_expires_at(self) -> Any:
        value = self.cleaned_data.get("expires_at")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Udløbsdatoen skal ligge i fremtiden."))
        return value
