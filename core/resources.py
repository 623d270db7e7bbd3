"""A governed entity described once: its pages, API, menu entry and access-test cases.

A :class:`Resource` names the model, its selectors (organization-scoped reads), filter
spec, list columns, form, services (audited writes), permissions, URL slug and labels.
From that it yields

* its URL patterns - list (with CSV/XLSX export of the current filter), detail, create,
  edit, delete and history pages - built on the generic views of :mod:`core.views`;
* its API router - ``GET/POST /organizations/{org_id}/<slug>`` and
  ``GET/PATCH/DELETE /organizations/{org_id}/<slug>/{id}`` with the ``{items, count}``
  envelope, ``limit`` <= 100, the filter spec's parameters, references by id
  (:class:`core.api.resources.Ref`) and the same 404-before-403 order as every other
  endpoint (:mod:`core.api.resources`);
* its menu entry and its audited type, through ``registry.resource(...)``;
* its access-test cases (:meth:`Resource.view_cases`, :meth:`Resource.api_cases`): every
  page and operation with the roles that may use it, derived from the permissions.

An app with nothing but plain resources needs no ``urls.py`` or ``api.py`` of its own:
registering the resource mounts its pages at ``/<url_prefix>`` (namespace ``namespace``)
and its router in the API. An app that also has hand-written pages includes
``resource.urlpatterns()`` in its own URLconf and passes ``mount_urls=False``.
``docs/architecture/overview.md`` has the checklist for adding a module.

No ``from __future__ import annotations`` here on purpose: the API functions are built at
run time and django-ninja reads their annotations as real types.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise
from ninja import Router, Schema
from ninja.orm import create_schema

from core.api import ORG
from core.api.resources import ApiResource, Ref, Writable
from core.api.routes import Crud
from core.filters import FilterSpec
from core.permissions import roles_with
from core.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)


@dataclass(frozen=True)
class Resource:
    """One governed, organization-owned entity. See the module docstring."""

    model: type[models.Model]
    slug: str  # URL and API path segment, e.g. "procurement-requests"
    namespace: str  # URL namespace of its pages, e.g. "procurement"
    name: str  # URL-name stem, e.g. "request" -> "procurement:request_list"
    label: StrOrPromise  # singular, e.g. "Anskaffelse"
    label_plural: StrOrPromise  # the list's title and the menu label
    list_selector: Callable[..., models.QuerySet[Any]]  # (organization=) -> queryset
    get_selector: Callable[..., Any]  # (organization=, pk=) -> object, 404 for others'
    filters: FilterSpec
    columns: tuple[Column, ...]
    form: type[BaseForm]
    create_service: Callable[..., Any]  # (actor=, organization=, **fields)
    update_service: Callable[..., Any]  # (actor=, <object_arg>=, **fields)
    delete_service: Callable[..., Any]  # (actor=, <object_arg>=)
    view_permission: str
    change_permission: str
    object_arg: str = "obj"
    url_prefix: str = ""  # where registering mounts the pages; "" with mount_urls=False
    mount_urls: bool = True
    menu_order: int | None = None  # None: no menu entry of its own
    detail_fields: tuple[str, ...] = ()  # model fields the generic detail page shows
    detail_template: str = "core/resource_detail.html"
    detail_context: Callable[[Any, Any], dict[str, Any]] | None = None  # (view, obj) -> more
    form_template: str = "core/object_form.html"
    filter_form: type[BaseForm] | None = None  # the list's filters (the API's parameters)
    # API: the fields it reads and writes (writes may name related objects by id via refs).
    # Left empty, the API writes the form's fields and reads them with the timestamps.
    api_fields: tuple[str, ...] = ()
    api_write_fields: tuple[str, ...] = ()
    refs: Mapping[str, Ref] = field(default_factory=dict)
    api_tags: tuple[str, ...] = ()
    operation_prefix: str = ""  # operation ids "<prefix>_<name>_list" … (default <app>_api)
    # Example data for the access tests: (organization) -> form data / API payload
    example: Callable[[Any], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        if not self.api_write_fields:
            meta = getattr(self.form, "Meta", None)
            object.__setattr__(self, "api_write_fields", tuple(getattr(meta, "fields", ())))
        if not self.api_fields:
            names = {f.name for f in self.model._meta.fields}
            stamps = tuple(f for f in ("created_at", "updated_at") if f in names)
            object.__setattr__(self, "api_fields", (*self.api_write_fields, *stamps))

    # Names ---------------------------------------------------------------------------------

    def url_name(self, action: str) -> str:
        return f"{self.namespace}:{self.name}_{action}"

    @property
    def api_path(self) -> str:
        return f"{ORG}/{self.slug}"

    # Registry ------------------------------------------------------------------------------

    def register(self, registry: Any) -> None:
        """Called by ``registry.resource(self)``: menu entry, pages, API and audit type."""
        if self.menu_order is not None:
            registry.menu(
                self.url_name("list"),
                self.label_plural,
                permission=self.view_permission,
                order=self.menu_order,
                active=f"{self.namespace}:{self.name}_",
            )
        if self.mount_urls:
            registry.urls(self.url_prefix, (self.urlpatterns(), self.namespace), order=500)
        registry.api(self.router(), order=500)
        registry.audited(self.model._meta.app_label)

    # Pages ---------------------------------------------------------------------------------

    def views(self) -> dict[str, Any]:
        """The generic views, configured for this resource (keyed by action)."""
        resource = self

        class ListView(ObjectListView):
            permission = resource.view_permission
            change_permission = resource.change_permission
            title = resource.label_plural
            selector = staticmethod(resource.list_selector)
            filterset = resource.filters
            columns = resource.columns
            create_url_name = resource.url_name("create")
            export_name = resource.slug
            filter_form_class = resource.filter_form

        class DetailView(ObjectDetailView):
            permission = resource.view_permission
            change_permission = resource.change_permission
            selector_get = staticmethod(resource.get_selector)
            template_name = resource.detail_template

            def get_context_data(self, **extra: Any) -> dict[str, Any]:
                more = resource.detail_context(self, self.object) if resource.detail_context else {}
                return super().get_context_data(
                    title=str(self.object),
                    resource=resource,
                    fields=resource.detail_rows(self.object),
                    **more,
                    **extra,
                )

        class OneObject:
            """What the views of one object (form, delete, history) share."""

            selector_get = staticmethod(resource.get_selector)
            title = resource.label
            object_arg = resource.object_arg

        class FormView(OneObject, ServiceFormView):
            permission = resource.change_permission
            object_permission = resource.change_permission
            form_class = resource.form
            template_name = resource.form_template
            create_service = staticmethod(resource.create_service)
            update_service = staticmethod(resource.update_service)

        class DeleteView(OneObject, ObjectDeleteView):
            permission = resource.change_permission
            success_url_name = resource.url_name("list")
            delete_service = staticmethod(resource.delete_service)

        class HistoryView(OneObject, ObjectHistoryView):
            permission = resource.view_permission

        return {
            "list": ListView,
            "detail": DetailView,
            "form": FormView,
            "delete": DeleteView,
            "history": HistoryView,
        }

    def urlpatterns(self) -> list[URLPattern]:
        views = self.views()
        n = self.name
        return [
            path("", views["list"].as_view(), name=f"{n}_list"),
            path("ny/", views["form"].as_view(), name=f"{n}_create"),
            path("<int:pk>/", views["detail"].as_view(), name=f"{n}_detail"),
            path("<int:pk>/rediger/", views["form"].as_view(), name=f"{n}_edit"),
            path("<int:pk>/slet/", views["delete"].as_view(), name=f"{n}_delete"),
            path("<int:pk>/historik/", views["history"].as_view(), name=f"{n}_history"),
        ]

    def detail_rows(self, obj: Any) -> list[tuple[StrOrPromise, Any]]:
        """(label, value) for the generic detail page: choice labels, related objects by
        name, yes/no for booleans."""
        rows: list[tuple[StrOrPromise, Any]] = []
        for name in self.detail_fields:
            model_field: Any = self.model._meta.get_field(name)
            label = model_field.verbose_name
            if model_field.many_to_many:
                value: Any = ", ".join(str(o) for o in getattr(obj, name).all())
            elif model_field.choices:
                value = getattr(obj, f"get_{name}_display")()
            else:
                value = getattr(obj, name)
            rows.append((label, value))
        return rows

    # API -----------------------------------------------------------------------------------

    def _api_resource(self) -> ApiResource:
        return ApiResource(
            self.list_selector,
            permission=self.view_permission,
            filters=self.filters,
            model=self.model,
        )

    def schemas(self) -> tuple[type[Schema], type[Schema], type[Schema]]:
        """Out, create and patch schemas, made from the model's fields (the list envelope
        is ``core.api.page_of(out)``)."""
        stem = self.model.__name__
        out = create_schema(self.model, name=f"{stem}Out", fields=["id", *self.api_fields])
        write = list(self.api_write_fields)
        # A field that may be left empty (or has a default) may be left out on create.
        optional = [
            name
            for name in write
            if isinstance(f := self.model._meta.get_field(name), models.Field)
            and (f.many_to_many or f.blank or f.has_default())
        ]
        create = create_schema(
            self.model, name=f"{stem}In", fields=write, optional_fields=optional or None
        )
        patch = create_schema(self.model, name=f"{stem}Patch", fields=write, optional_fields=write)
        return out, create, patch

    def payload(self, payload: Schema) -> dict[str, Any]:
        """The fields the client sent (model defaults apply to the rest); an explicit null
        for a field that cannot be empty is a 400 naming the field, never a database error."""
        data = payload.dict(exclude_unset=True)
        for name, value in data.items():
            model_field: Any = self.model._meta.get_field(name) if name not in self.refs else None
            if value is None and model_field is not None and not model_field.null:
                raise ValidationError({name: _("Feltet må ikke være tomt (null).")})
            if isinstance(value, dt.time) and value.tzinfo is not None:
                # A time of day is stored without a time zone (SQLite refused it with a 500).
                raise ValidationError({name: _("Angiv et klokkeslæt uden tidszone, fx 13:00.")})
        return data

    def router(self) -> Router:
        """The resource's five operations on a router of its own."""
        out, create_in, patch_in = self.schemas()
        router = Router(tags=list(self.api_tags) or [self.slug])
        singular, change = str(self.label), self.change_permission
        writes = Writable(
            self._api_resource(), change, self.get_selector, self.object_arg, self.refs
        )
        api = Crud(
            router,
            self.slug,
            self.name,
            writes,
            out,
            key="pk",
            operation_prefix=self.operation_prefix or f"{self.model._meta.app_label}_api",
            payload=self.payload,
        )
        api.add_list(str(self.label_plural))
        api.add_create(self.create_service, create_in, f"{singular}: opret ({change})")
        api.add_detail(singular)
        api.add_update(
            self.update_service, patch_in, f"{singular}: ret de felter, der sendes ({change})"
        )
        api.add_delete(self.delete_service, f"{singular}: slet ({change})")
        return router

    # Access tests --------------------------------------------------------------------------

    def _example_data(self) -> Callable[[Any, Any], dict[str, Any]] | None:
        """The access mixins' ``(testcase, organization) -> data`` from ``example``."""
        example = self.example
        if example is None:
            return None
        return lambda test, organization: example(organization)

    def view_cases(self, obj: str) -> tuple[Any, ...]:
        """Every page with the roles that may use it; ``obj`` names the test class's
        ``make_<obj>(organization)`` factory."""
        from core.testing import ViewCase

        view, change = roles_with(self.view_permission), roles_with(self.change_permission)
        data = self._example_data()
        return (
            ViewCase(self.url_name("list"), allowed=view),
            ViewCase(self.url_name("create"), allowed=change),
            ViewCase(self.url_name("create"), allowed=change, method="post", data=data),
            ViewCase(self.url_name("detail"), allowed=view, obj=obj),
            ViewCase(self.url_name("history"), allowed=view, obj=obj),
            ViewCase(self.url_name("edit"), allowed=change, obj=obj),
            ViewCase(self.url_name("edit"), allowed=change, obj=obj, method="post", data=data),
            ViewCase(self.url_name("delete"), allowed=change, obj=obj),
            ViewCase(self.url_name("delete"), allowed=change, obj=obj, method="post", ok=(302,)),
        )

    def api_cases(self, obj: str) -> tuple[Any, ...]:
        """Every API operation with the roles that may use it."""
        from core.testing import ApiCase

        view, change = roles_with(self.view_permission), roles_with(self.change_permission)
        base = f"/api/v1{self.api_path}"
        item = f"{base}/{{pk}}"
        body = self._example_data()
        return (
            ApiCase("GET", base, allowed=view),
            ApiCase("POST", base, allowed=change, payload=body, ok=(201,)),
            ApiCase("GET", item, allowed=view, obj=obj),
            ApiCase("PATCH", item, allowed=change, obj=obj, payload=body),
            ApiCase("DELETE", item, allowed=change, obj=obj, ok=(204,)),
        )
