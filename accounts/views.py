from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts import services
from accounts.forms import ApiTokenForm, LoginForm
from accounts.models import ApiToken


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from core.registry import registry

        providers = registry.call("login_providers") if registry.hooked("login_providers") else []
        return super().get_context_data(sso_providers=providers, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.login_succeeded(user=form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class TokenListView(LoginRequiredMixin, View):
    """The user's own API tokens: create (the raw value is shown once) and revoke."""

    def render_page(
        self, request: HttpRequest, form: ApiTokenForm, new_token: str = "", status: int = 200
    ) -> HttpResponse:
        tokens = ApiToken.objects.filter(user_id=request.user.pk or 0)
        return render(
            request,
            "accounts/tokens.html",
            {"title": _("API-nøgler"), "form": form, "tokens": tokens, "new_token": new_token},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, ApiTokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        expires = form.cleaned_data["expires_at"]
        expires_at = (
            timezone.make_aware(dt.datetime.combine(expires, dt.time.max.replace(microsecond=0)))
            if expires
            else None
        )
        _token, raw = services.api_token_create(
            actor=request.user,
            user=request.user,
            name=form.cleaned_data["name"],
            expires_at=expires_at,
        )
        return self.render_page(request, ApiTokenForm(), new_token=raw)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("API-nøglen %(name)s er tilbagekaldt.") % {"name": token.name})
        return redirect("accounts:tokens")
