"""Declarative, organization-scoped views that every app reuses.

A view names its selector (organization -> queryset), the permission it needs, and for
lists a FilterSpec and columns. One helper (``is_partial``) decides when an htmx request
gets only the table.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_stubs_ext import StrOrPromise

from core.filters import FilterSpec
from core.models import AuditEvent
from core.permissions import has_perm


def is_partial(request: HttpRequest, target: str) -> bool:
    """True when htmx asks for just the element ``target`` (not a boosted full page)."""
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and htmx.target == target


@dataclass(frozen=True)
class Column:
    name: str
    label: StrOrPromise
    accessor: str | None = None  # dotted attribute path; defaults to name
    sort: str | None = None  # sort key in the FilterSpec
    link: bool = False  # link the cell to the object's detail page

    def value(self, obj: Any) -> Any:
        value = obj
        for part in (self.accessor or self.name).split("."):
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part, None)
            if value is None:
                return ""
            if callable(value) and not isinstance(value, models.Manager):
                value = value()
        return value


class OrgView(LoginRequiredMixin, View):
    """Needs a signed-in member of the current organization with ``permission``."""

    permission: str = ""
    title: StrOrPromise = ""

    @property
    def organization(self) -> Any:
        return self.request.organization  # type: ignore[attr-defined]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.organization is None:  # type: ignore[attr-defined]
            return render(request, "core/no_organization.html", status=403)
        if self.permission and not has_perm(request.user, self.organization, self.permission):
            raise PermissionDenied(self.permission)
        return super().dispatch(request, *args, **kwargs)

    def can(self, perm: str, obj: Any = None) -> bool:
        return has_perm(self.request.user, self.organization, perm, obj)

    def base_context(self, **extra: Any) -> dict[str, Any]:
        return {"title": self.title, "view": self, **extra}


class ObjectListView(OrgView):
    """Filterable, sortable, paginated list; htmx requests for #object-table get the table."""

    selector: Callable[..., models.QuerySet[Any]]
    filterset: FilterSpec = FilterSpec()
    columns: tuple[Column, ...] = ()
    paginate_by = 25
    template_name = "core/object_list.html"
    partial_template_name = "core/partials/object_table.html"
    create_url_name: str | None = None
    change_permission: str | None = None
    filter_form_class: type[BaseForm] | None = None

    def get_queryset(self) -> models.QuerySet[Any]:
        return self.selector(organization=self.organization)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        error = ""
        try:
            queryset = self.filterset.apply(self.get_queryset(), request.GET)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            queryset = self.get_queryset().none()
        paginator = Paginator(queryset, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        rows = [(obj, [column.value(obj) for column in self.columns]) for obj in page.object_list]
        params = request.GET.copy()
        params.pop("page", None)
        sort = request.GET.get("sort", self.filterset.default_ordering)
        context = self.base_context(
            page_obj=page,
            rows=rows,
            columns=self.columns,
            sort=sort,
            query=request.GET.get("q", ""),
            querystring=params.urlencode(),
            filter_error=error,
            filter_form=self.filter_form_class(request.GET) if self.filter_form_class else None,
            create_url=(
                reverse(self.create_url_name)
                if self.create_url_name
                and self.change_permission
                and self.can(self.change_permission)
                else None
            ),
        )
        template = (
            self.partial_template_name
            if is_partial(request, "object-table")
            else self.template_name
        )
        return render(request, template, context, status=400 if error else 200)


class ObjectMixin:
    selector_get: Callable[..., Any]
    object: Any

    def get_object(self) -> Any:
        view: Any = self
        return self.selector_get(organization=view.organization, pk=view.kwargs["pk"])


class ObjectDetailView(ObjectMixin, OrgView):
    template_name = ""
    change_permission: str | None = None

    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        return self.base_context(
            object=self.object,
            can_change=bool(self.change_permission)
            and self.can(str(self.change_permission), self.object),
            **extra,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return render(request, self.template_name, self.get_context_data())


class ObjectFormView(OrgView, ABC):
    """Create (no pk) or edit (pk) through a service; ValidationErrors land on the form."""

    form_class: type[BaseForm]
    template_name = "core/object_form.html"
    success_message: StrOrPromise = ""

    def get_object(self) -> Any:
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"organization": self.organization}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {}

    @abstractmethod
    def save(self, form: BaseForm, obj: Any) -> Any:
        """Call the app's service with the cleaned data; return the saved object."""

    def get_success_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())

    def render_form(self, form: BaseForm, obj: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.base_context(form=form, object=obj),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.form_class(initial=self.get_initial(obj), **self.get_form_kwargs())
        return self.render_form(form, obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.form_class(
            request.POST, initial=self.get_initial(obj), **self.get_form_kwargs()
        )
        if form.is_valid():
            try:
                saved = self.save(form, obj)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return HttpResponseRedirect(self.get_success_url(saved))
        return self.render_form(form, obj, status=400)


def add_validation_error(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ObjectDeleteView(ObjectMixin, OrgView, ABC):
    template_name = "core/object_confirm_delete.html"
    success_url_name = ""

    @abstractmethod
    def perform_delete(self, obj: Any) -> None:
        """Call the app's delete service."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, self.template_name, self.base_context(object=self.get_object()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            self.perform_delete(obj)
        except ValidationError as exc:
            return render(
                request,
                self.template_name,
                self.base_context(object=obj, error=" ".join(exc.messages)),
                status=400,
            )
        messages.success(request, _("%(object)s er slettet.") % {"object": obj})
        return redirect(self.success_url_name)


class ObjectHistoryView(ObjectMixin, OrgView):
    """The object's audit events, newest first."""

    template_name = "core/object_history.html"
    paginate_by = 50

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from django.contrib.contenttypes.models import ContentType

        obj = self.get_object()
        events = AuditEvent.objects.filter(
            organization=self.organization,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
        ).select_related("actor")
        page = Paginator(events, self.paginate_by).get_page(request.GET.get("page"))
        context = self.base_context(object=obj, page_obj=page, querystring="")
        return render(request, self.template_name, context)
