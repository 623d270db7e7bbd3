from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from core.concurrency import VERSION_FIELD, Conflict, version
from core.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViews,
    OrgView,
    ServiceFormView,
    SuperuserRequired,
    add_validation_error,
    conflict_rows,
    render_conflict,
    save_expecting,
)
from organizations import forms, selectors, services
from organizations.filters import MEMBERSHIP_FILTERS, UNIT_FILTERS
from organizations.middleware import SESSION_KEY
from organizations.models import Membership, Organization

# Organization -------------------------------------------------------------------------


@require_POST
def switch_organization(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    try:
        org_id = int(request.POST.get("organization", ""))
    except ValueError as exc:
        raise Http404 from exc
    org = selectors.organization_get_for_user(user=request.user, pk=org_id)
    request.session[SESSION_KEY] = org.pk
    messages.info(request, _("Du arbejder nu i %(org)s.") % {"org": org})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("organizations:dashboard")
    return redirect(target)


class OrganizationProfileView(OrgView):
    permission = "organization.view"
    title = gettext_lazy("Organisationsprofil")

    def get(self, request: HttpRequest) -> HttpResponse:
        org = self.organization
        return render(
            request,
            "organizations/profile.html",
            self.base_context(
                object=org,
                members=org.members.all(),
                communities=org.communities.all(),
                can_change=self.can("organization.change"),
            ),
        )


class OrganizationProfileEditView(ServiceFormView):
    permission = "organization.change"
    title = gettext_lazy("Redigér organisationsprofil")
    form_class = forms.OrganizationProfileForm
    success_message = gettext_lazy("Profilen er gemt.")
    success_url_name = "organizations:profile"

    def get_object(self) -> Organization:
        org: Organization = self.organization
        return org

    def save(self, form: BaseForm, obj: Organization) -> Organization:
        data: dict[str, Any] = {
            k: ("" if v is None and k != "population" else v) for k, v in form.cleaned_data.items()
        }
        return services.organization_update(actor=self.request.user, organization=obj, **data)


# Units --------------------------------------------------------------------------------


class UnitViews(ObjectViews):
    selector_get = staticmethod(selectors.unit_get)
    object_arg = "unit"
    view_permission, change_permission = "unit.view", "unit.change"
    url_stem = "organizations:unit"


class UnitTreeView(UnitViews):
    title = gettext_lazy("Organisationsenheder")

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "organizations/unit_tree.html",
            self.base_context(
                tree=selectors.unit_tree(organization=self.organization),
                can_change=self.can("unit.change"),
            ),
        )


class UnitListView(UnitViews, ObjectListView):
    title = gettext_lazy("Enheder (liste)")
    selector = staticmethod(selectors.unit_list)
    filterset = UNIT_FILTERS
    columns = (
        Column("name", gettext_lazy("Navn"), sort="name", link=True),
        Column("kind", gettext_lazy("Type"), sort="kind"),
        Column("parent", gettext_lazy("Overordnet enhed"), accessor="parent.name", sort="parent"),
        Column("local_id", gettext_lazy("Lokalt id"), sort="local_id"),
        Column("ean", gettext_lazy("EAN-nummer")),
    )


class UnitDetailView(UnitViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        memberships = (
            self.object.memberships.select_related("user") if self.can("membership.view") else None
        )
        return super().get_context_data(
            children=self.object.children.all(), memberships=memberships, **extra
        )


class UnitCreateView(UnitViews, ServiceFormView):
    title = gettext_lazy("Opret enhed")
    form_class = forms.UnitForm
    create_service = staticmethod(services.unit_create)
    success_message = gettext_lazy("Enheden er oprettet.")

    def get_initial(self, obj: Any) -> dict[str, Any]:
        parent = self.request.GET.get("parent")
        return {"parent": parent} if parent else {}


class UnitEditView(UnitViews, ServiceFormView):
    title = gettext_lazy("Redigér enhed")
    form_class = forms.UnitForm
    update_service = staticmethod(services.unit_update)
    success_message = gettext_lazy("Enheden er gemt.")


class UnitMoveView(UnitEditView):
    title = gettext_lazy("Flyt enhed")
    form_class = forms.UnitMoveForm  # type: ignore[assignment]
    update_service = staticmethod(services.unit_move)  # type: ignore[assignment]
    success_message = gettext_lazy("Enheden er flyttet.")


class UnitDeleteView(UnitViews, ObjectDeleteView):
    title = gettext_lazy("Slet enhed")
    success_url_name = "organizations:unit_tree"
    delete_service = staticmethod(services.unit_delete)


class UnitHistoryView(UnitViews, ObjectHistoryView):
    pass


# Memberships --------------------------------------------------------------------------


class MembershipViews(ObjectViews):
    """Memberships change together with their list: a saved or removed one leads there."""

    selector_get = staticmethod(selectors.membership_get)
    object_arg = "membership"
    view_permission, change_permission = "membership.view", "membership.change"
    url_stem = "organizations:membership"
    success_url_name = "organizations:membership_list"


class MembershipListView(MembershipViews, ObjectListView):
    title = gettext_lazy("Medlemskaber")
    selector = staticmethod(selectors.membership_list)
    filterset = MEMBERSHIP_FILTERS
    template_name = "organizations/membership_list.html"
    partial_template_name = "organizations/partials/membership_table.html"
    columns = (
        Column("user", gettext_lazy("Bruger"), accessor="user.username", sort="user"),
        Column("name", gettext_lazy("Navn"), accessor="user.get_full_name"),
        Column("email", gettext_lazy("E-mail"), accessor="user.email"),
        Column("role", gettext_lazy("Rolle"), sort="role"),
        Column("unit", gettext_lazy("Enhed"), accessor="unit.name", sort="unit"),
    )


class MembershipCreateView(MembershipViews, ObjectFormView):
    title = gettext_lazy("Tilføj medlem")
    form_class = forms.MembershipCreateForm
    success_message = gettext_lazy("Medlemskabet er oprettet.")

    def save(self, form: BaseForm, obj: Any) -> Membership:
        data = form.cleaned_data
        user = services.user_get_or_create(username=data["username"].strip(), email=data["email"])
        return services.membership_create(
            actor=self.request.user,
            organization=self.organization,
            user=user,
            role=data["role"],
            unit=data["unit"],
        )


class MembershipEditView(MembershipViews, ServiceFormView):
    title = gettext_lazy("Redigér medlemskab")
    form_class = forms.MembershipEditForm
    update_service = staticmethod(services.membership_update)
    success_message = gettext_lazy("Medlemskabet er gemt.")


class MembershipDeleteView(MembershipViews, ObjectDeleteView):
    title = gettext_lazy("Fjern medlemskab")
    delete_service = staticmethod(services.membership_delete)


# Superusers: all organizations --------------------------------------------------------


class OrganizationAdminListView(SuperuserRequired, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        query = request.GET.get("q", "").strip()
        organizations = Organization.objects.all()
        if query:
            organizations = organizations.filter(name__icontains=query)
        return render(
            request,
            "organizations/admin_list.html",
            {"title": _("Alle organisationer"), "organizations": organizations, "query": query},
        )


class OrganizationAdminFormView(SuperuserRequired, View):
    def get_object(self) -> Organization | None:
        pk = self.kwargs.get("pk")
        return get_object_or_404(Organization, pk=pk) if pk else None

    def render_form(
        self, form: BaseForm, obj: Organization | None, status: int = 200
    ) -> HttpResponse:
        title = _("Redigér organisation") if obj else _("Opret organisation")
        # An edit carries the version it was opened with (kept after an invalid POST).
        opened = (self.request.POST.get(VERSION_FIELD) or version(obj)) if obj else None
        return render(
            self.request,
            "core/object_form.html",
            {"title": title, "form": form, "object": obj, "version": opened},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object()
        initial = {}
        if obj:
            initial = {
                "kind": obj.kind,
                "name": obj.name,
                "kommunekode": obj.kommunekode,
                "cvr": obj.cvr,
                "members": list(obj.members.values_list("pk", flat=True)),
                "is_active": obj.is_active,
            }
        return self.render_form(forms.OrganizationAdminForm(initial=initial), obj)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object()
        form = forms.OrganizationAdminForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            members = list(data.pop("members"))
            admin_name = data.pop("administrator").strip()
            admin_email = data.pop("administrator_email")
            try:
                with transaction.atomic():
                    if obj is None:
                        obj = services.organization_create(
                            actor=request.user, members=members, **data
                        )
                    else:
                        edited = obj
                        obj = save_expecting(
                            request,
                            edited,
                            lambda: services.organization_update(
                                actor=request.user, organization=edited, members=members, **data
                            ),
                        )
                    if admin_name:
                        user = services.user_get_or_create(username=admin_name, email=admin_email)
                        services.membership_create(
                            actor=request.user, organization=obj, user=user, role="administrator"
                        )
            except Conflict:
                current = self.get_object()
                back = reverse("organizations:admin_list")
                return render_conflict(
                    request, current, conflict_rows(form, current), back_url=back
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("%(org)s er gemt.") % {"org": obj})
                return HttpResponseRedirect(reverse("organizations:admin_list"))
        return self.render_form(form, obj, status=400)
