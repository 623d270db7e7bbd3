"""The user's notifications in the current organization: the list, marking read and the
e-mail setting. Every page needs only membership (``notifications.view``); a
notification of another user or organization is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.views import OrgView, add_validation_error
from notifications import selectors, services
from notifications.forms import SettingForm

PAGE_SIZE = 25


class NotificationListView(OrgView):
    """Mine, unread first, 25 a page."""

    permission = "notifications.view"
    title = gettext_lazy("Notifikationer")

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = selectors.notification_list(user=request.user, organization=self.organization)
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        unread = selectors.unread_count(user=request.user, organization=self.organization)
        return render(
            request,
            "notifications/list.html",
            self.base_context(page_obj=page, unread=unread, querystring=""),
        )


class NotificationReadView(OrgView):
    """Mark one read; with ``open`` go on to what it is about."""

    permission = "notifications.view"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = selectors.notification_get(
            user=request.user, organization=self.organization, pk=pk
        )
        services.notification_mark_read(user=request.user, notification=notification)
        link = notification.link
        if (
            request.POST.get("open")
            and link
            and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()})
        ):
            return HttpResponseRedirect(link)
        return HttpResponseRedirect(reverse("notifications:list"))


class NotificationReadAllView(OrgView):
    permission = "notifications.view"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.notification_mark_all_read(
            user=request.user, organization=self.organization
        )
        if count:
            messages.success(
                request,
                ngettext(
                    "%(n)s notifikation er markeret som læst.",
                    "%(n)s notifikationer er markeret som læst.",
                    count,
                )
                % {"n": count},
            )
        return HttpResponseRedirect(reverse("notifications:list"))


class NotificationSettingsView(OrgView):
    """E-mail straight away, once a day or never, and the language."""

    permission = "notifications.view"
    title = gettext_lazy("Indstillinger for notifikationer")

    def _render(self, form: SettingForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "notifications/settings.html",
            self.base_context(form=form, email=getattr(self.request.user, "email", "")),
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        setting = services.setting_for(request.user)
        language = setting.language
        if setting._state.adding and getattr(request, "LANGUAGE_CODE", "") in ("da", "en"):
            language = request.LANGUAGE_CODE  # nothing chosen yet: the language in use
        return self._render(
            SettingForm(initial={"delivery": setting.delivery, "language": language})
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SettingForm(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            services.setting_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
            return self._render(form, status=400)
        messages.success(request, _("Dine indstillinger for notifikationer er gemt."))
        return HttpResponseRedirect(reverse("notifications:settings"))


class OverdueView(OrgView):
    """Everything overdue in the organization, by kind and by owner, with filters
    (``kind``, ``owner``, ``within`` days ahead); administrators also see the latest runs
    of the daily reminders (their own organization's counts)."""

    permission = "notifications.view"
    title = gettext_lazy("Forfalden")

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.utils import timezone

        from notifications.overdue import overdue, parse_within
        from notifications.reminders import runs_for

        status = 200
        try:
            within = parse_within(request.GET.get("within"))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            within, status = 0, 400
        owner = request.GET.get("owner")
        result = overdue(
            organization=self.organization,
            today=timezone.localdate(),
            within=within,
            kind=request.GET.get("kind", ""),
            owner=owner if owner is not None and "owner" in request.GET else None,
        )
        runs = runs_for(self.organization) if self.can("membership.view") else None
        return render(
            request,
            "notifications/overdue.html",
            self.base_context(
                result=result,
                rows=[
                    {
                        "item": item,
                        "late": -item.days_left(result.today),
                        "left": item.days_left(result.today),
                    }
                    for item in result.items
                ],
                kind=request.GET.get("kind", ""),
                owner=owner,
                within=within,
                runs=runs,
            ),
            status=status,
        )
