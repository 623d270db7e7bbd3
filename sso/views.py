"""SSO pages: the public sign-in steps (start, OpenID Connect callback), the logout that
also ends the provider's session, the superusers' provider pages and the organization
administrator's role mapping and local-login switch."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from core.concurrency import VERSION_FIELD, Conflict, version
from core.views import (
    OrgView,
    SuperuserRequired,
    add_validation_error,
    conflict_rows,
    render_conflict,
    save_expecting,
)
from sso import forms, oidc, saml, services
from sso.choices import Protocol
from sso.models import IdentityProvider, RoleMapping

SESSION_PROVIDER = "styrbar_sso_provider"
SESSION_ID_TOKEN = "styrbar_sso_id_token"  # noqa: S105 - a session key, not a secret
SESSION_NEXT = "styrbar_sso_next"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _active_provider(slug: str) -> IdentityProvider:
    return get_object_or_404(IdentityProvider, slug=slug, is_active=True)


def refused(
    request: HttpRequest,
    provider: IdentityProvider | None,
    error: services.SsoRefused,
    slug: str = "",
) -> HttpResponse:
    """The refusal page (400) with its Danish reason, after recording the audit event."""
    services.refusal_recorded(provider=provider, reason=error.reason, detail=str(error), slug=slug)
    return render(
        request,
        "sso/refused.html",
        {"title": _("Login afvist"), "message": error.message, "provider": provider},
        status=400,
    )


def complete_login(
    request: HttpRequest,
    provider: IdentityProvider,
    assertion: services.Assertion,
    id_token: str = "",
) -> HttpResponse:
    """Provision the user, sign them in and go on to where they were going."""
    next_url = request.session.pop(SESSION_NEXT, "")
    try:
        user = services.sso_login(provider=provider, assertion=assertion)
    except services.SsoRefused as error:
        return refused(request, provider, error)
    login(request, user, backend=BACKEND)
    request.session[SESSION_PROVIDER] = provider.pk
    if id_token:
        request.session[SESSION_ID_TOKEN] = id_token
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("organizations:dashboard")
    return HttpResponseRedirect(next_url)


class SsoLoginView(View):
    """Start signing in through a provider (public)."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = _active_provider(slug)
        request.session[SESSION_NEXT] = request.GET.get("next", "")
        try:
            if provider.protocol == Protocol.SAML:
                return saml.start(request, provider)
            callback = request.build_absolute_uri(reverse("sso:oidc_callback", args=[slug]))
            return oidc.start(request, provider, callback)
        except services.SsoRefused as error:
            return refused(request, provider, error)


class OidcCallbackView(View):
    """The provider's redirect back with the authorization code (public)."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = IdentityProvider.objects.filter(slug=slug, is_active=True).first()
        if provider is None or provider.protocol != Protocol.OIDC:
            error = services.SsoRefused("unknown_provider", _("Identitetsudbyderen findes ikke."))
            return refused(request, None, error, slug=slug[:50])
        try:
            assertion, id_token = oidc.finish(request, provider)
        except services.SsoRefused as error:
            return refused(request, provider, error)
        return complete_login(request, provider, assertion, id_token)


@method_decorator(csrf_exempt, name="dispatch")
class SamlAcsView(View):
    """The identity provider's POST back with the SAML response (public; the response's
    signature, audience, lifetime and InResponseTo stand in for the CSRF token)."""

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = IdentityProvider.objects.filter(slug=slug, is_active=True).first()
        if provider is None or provider.protocol != Protocol.SAML:
            error = services.SsoRefused("unknown_provider", _("Identitetsudbyderen findes ikke."))
            return refused(request, None, error, slug=slug[:50])
        try:
            assertion = saml.finish(request, provider)
        except services.SsoRefused as error:
            return refused(request, provider, error)
        return complete_login(request, provider, assertion)


class SamlMetadataView(View):
    """Styrbar's service-provider metadata for the provider (public, for import there)."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = get_object_or_404(
            IdentityProvider, slug=slug, is_active=True, protocol=Protocol.SAML
        )
        return HttpResponse(
            saml.sp_metadata(request, provider), content_type="application/samlmetadata+xml"
        )


class SsoLogoutView(View):
    """Sign out here and, where the provider offers it, at the provider (RP-initiated)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        provider_id = request.session.get(SESSION_PROVIDER)
        id_token = request.session.get(SESSION_ID_TOKEN, "")
        provider = IdentityProvider.objects.filter(pk=provider_id or 0).first()
        logout(request)
        target = None
        back = request.build_absolute_uri(reverse("accounts:login"))
        if provider is not None and provider.protocol == Protocol.OIDC:
            target = oidc.logout_url(provider, id_token, back)
        return HttpResponseRedirect(target or reverse("accounts:login"))


# Superusers: the providers --------------------------------------------------------------


class ProviderListView(SuperuserRequired, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        providers = IdentityProvider.objects.prefetch_related("organizations")
        return render(
            request,
            "sso/provider_list.html",
            {"title": _("Identitetsudbydere"), "providers": providers},
        )


class ProviderFormView(SuperuserRequired, View):
    def get_object(self) -> IdentityProvider | None:
        pk = self.kwargs.get("pk")
        return get_object_or_404(IdentityProvider, pk=pk) if pk else None

    def render_form(
        self, form: BaseForm, obj: IdentityProvider | None, status: int = 200
    ) -> HttpResponse:
        title = _("Redigér identitetsudbyder") if obj else _("Opret identitetsudbyder")
        # An edit carries the version it was opened with (kept after an invalid POST).
        opened = (self.request.POST.get(VERSION_FIELD) or version(obj)) if obj else None
        return render(
            self.request,
            "sso/provider_form.html",
            {"title": title, "form": form, "object": obj, "version": opened},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        return self.render_form(forms.ProviderForm(instance=self.get_object()), self.get_object())

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object()
        # The form edits a copy: a ModelForm writes the posted values into its instance,
        # and the service then found nothing changed on obj (the edit was lost).
        copy = IdentityProvider.objects.get(pk=obj.pk) if obj is not None else None
        form = forms.ProviderForm(request.POST, instance=copy)
        if form.is_valid():
            data = dict(form.cleaned_data)
            organizations = list(data.pop("organizations"))
            try:
                provider = save_expecting(
                    request,
                    obj,
                    lambda: services.provider_save(
                        actor=request.user, provider=obj, organizations=organizations, **data
                    ),
                )
            except Conflict:
                current = self.get_object()
                return render_conflict(
                    request,
                    current,
                    conflict_rows(form, current),
                    back_url=reverse("sso:provider_list"),
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("%(name)s er gemt.") % {"name": provider})
                return redirect("sso:provider_list")
        return self.render_form(form, obj, status=400)


# The organization's administrator: role mapping and local login ---------------------------


class SsoSettingsView(OrgView):
    """The role mappings (each added or deleted on its own) and the login policy, whose
    form carries the policy's version: a policy saved by someone else after the page was
    opened gives the conflict page instead of being overwritten."""

    permission = "sso.manage"
    title = gettext_lazy("Single sign-on")

    def render_page(
        self, mapping_form: BaseForm, policy_form: BaseForm, status: int = 200
    ) -> HttpResponse:
        org = self.organization
        # The policy's version the form was opened with (kept after an invalid POST); a
        # policy not saved yet has the version of the default one.
        policy = services.login_policy_get(organization=org)
        opened = self.request.POST.get("action") == "policy" and self.request.POST.get(
            VERSION_FIELD
        )
        return render(
            self.request,
            "sso/settings.html",
            self.base_context(
                providers=org.identity_providers.filter(is_active=True),
                mappings=RoleMapping.objects.filter(organization=org).select_related("provider"),
                mapping_form=mapping_form,
                policy_form=policy_form,
                policy_version=opened or version(policy),
            ),
            status=status,
        )

    def forms(self, data: Any = None) -> tuple[BaseForm, BaseForm]:
        policy = services.login_policy_get(organization=self.organization)
        action = (data or {}).get("action")
        return (
            forms.RoleMappingForm(
                data if action == "mapping" else None, organization=self.organization
            ),
            forms.LoginPolicyForm(
                data if action == "policy" else None,
                initial={"local_login_enabled": policy.local_login_enabled},
            ),
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(*self.forms())

    def post(self, request: HttpRequest) -> HttpResponse:
        mapping_form, policy_form = self.forms(request.POST)
        action = request.POST.get("action")
        form = mapping_form if action == "mapping" else policy_form
        if action in {"mapping", "policy"} and form.is_valid():
            try:
                if action == "mapping":
                    services.role_mapping_create(
                        actor=request.user, organization=self.organization, **form.cleaned_data
                    )
                    messages.success(request, _("Rolletilknytningen er gemt."))
                else:
                    save_expecting(
                        request,
                        services.login_policy_get(organization=self.organization),
                        lambda: services.login_policy_set(
                            actor=request.user,
                            organization=self.organization,
                            local_login_enabled=form.cleaned_data["local_login_enabled"],
                        ),
                    )
                    messages.success(request, _("Loginpolitikken er gemt."))
            except Conflict:
                current = services.login_policy_get(organization=self.organization)
                rows = conflict_rows(form, current)
                return render_conflict(request, current, rows, back_url=reverse("sso:settings"))
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                return redirect("sso:settings")
        elif action not in {"mapping", "policy"}:
            messages.error(request, _("Ukendt handling."))
        return self.render_page(mapping_form, policy_form, status=400)


class RoleMappingDeleteView(OrgView):
    permission = "sso.manage"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mapping = get_object_or_404(RoleMapping, pk=pk, organization=self.organization)
        services.role_mapping_delete(actor=request.user, mapping=mapping)
        messages.success(request, _("Rolletilknytningen er slettet."))
        return redirect("sso:settings")
