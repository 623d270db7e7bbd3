"""Declarative, organization-scoped views that every app reuses.

A view names its selector (organization -> queryset), the permission it needs, and for
lists a FilterSpec and columns; what the views of one kind of object share is named once
(:class:`ObjectViews`). One helper (``is_partial``) decides when an htmx request gets only
the table.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.forms import BaseForm, BaseModelForm, ChoiceField, ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_stubs_ext import StrOrPromise

from core.concurrency import VERSION_FIELD, Conflict, expecting, version
from core.filters import FilterSpec
from core.models import AuditEvent
from core.permissions import has_perm

T = TypeVar("T")


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
    optional: bool = False  # hidden unless chosen in "Kolonner"

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


class SuperuserRequired(LoginRequiredMixin, UserPassesTestMixin):
    """Pages over all organizations, for superusers only."""

    def test_func(self) -> bool:
        return bool(self.request.user.is_superuser)  # type: ignore[attr-defined]


class OrgView(LoginRequiredMixin, View):
    """Needs a signed-in member of the current organization with the
    ``required_permission()``, by default ``permission``."""

    permission: str = ""
    title: StrOrPromise = ""

    @property
    def organization(self) -> Any:
        return self.request.organization  # type: ignore[attr-defined]

    def required_permission(self) -> str:
        return self.permission

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.organization is None:  # type: ignore[attr-defined]
            return render(request, "core/no_organization.html", status=403)
        permission = self.required_permission()
        if permission and not has_perm(request.user, self.organization, permission):
            raise PermissionDenied(permission)
        return super().dispatch(request, *args, **kwargs)

    def can(self, perm: str, obj: Any = None) -> bool:
        return has_perm(self.request.user, self.organization, perm, obj)

    def base_context(self, **extra: Any) -> dict[str, Any]:
        return {"title": self.title, "view": self, **extra}


class ObjectViews(OrgView):
    """A view of one kind of object. What the views of a kind share is declared once, in
    a subclass named after it (``ContractViews``) that each of its views names first
    (``class ContractEditView(ContractViews, ServiceFormView)``):

    * how its objects are read: ``selector`` (organization -> queryset, for the list) and
      ``selector_get`` (organization, pk -> the object; 404 for another organization's);
    * how the services name one: ``object_arg``;
    * who may read them (``view_permission``) and change them (``change_permission``): a
      view without a ``permission`` of its own needs the change permission when it changes
      the object (``changes``), else the view permission;
    * the stem of its URL names (``url_stem``, e.g. ``"portfolio:contract"``), as
      :func:`core.routing.object_urls` names them: the list's create button goes to
      ``portfolio:contract_create``, a deleted contract's page is followed by
      ``portfolio:contract_list``, and the detail page's template is
      ``portfolio/contract_detail.html``.

    ``get_object()`` reads the object of the URL's ``pk``; with an ``object_permission``
    it must also be one the user may change that way (object-level rules apply).
    """

    selector: Callable[..., models.QuerySet[Any]]
    selector_get: Callable[..., Any]
    object_arg = "obj"
    view_permission = ""
    change_permission: str | None = None
    object_permission: str | None = None
    url_stem = ""
    changes = False
    object: Any

    def required_permission(self) -> str:
        kind_permission = self.change_permission if self.changes else self.view_permission
        return self.permission or kind_permission or ""

    def url_name(self, action: str) -> str:
        return f"{self.url_stem}_{action}"

    def get_object(self) -> Any:
        obj = self.selector_get(organization=self.organization, pk=self.kwargs["pk"])
        if self.object_permission and not self.can(self.object_permission, obj):
            raise PermissionDenied(self.object_permission)
        return obj


class ObjectListView(ObjectViews):
    """Filterable, sortable, paginated list; htmx requests for #object-table get the table."""

    filterset: FilterSpec = FilterSpec()
    columns: tuple[Column, ...] = ()
    paginate_by = 25
    template_name = "core/object_list.html"
    partial_template_name = "core/partials/object_table.html"
    create_url_name: str | None = None  # default: the kind's create page
    create_label: StrOrPromise = ""  # the create button's text (default "Opret")
    filter_form_class: type[BaseForm] | None = None
    export_name: str = ""  # enables ?format=csv|xlsx of the current filter
    # The table (rows, count, pagination) is rendered once per change of the organization's
    # data and role set, and shared (core.orgcache.shared_fragment). Only for tables that
    # show nothing but the organization's audited data and the shared catalog: not for a
    # job's progress, a user's own notifications and the like.
    shared_table = False

    def get_queryset(self) -> models.QuerySet[Any]:
        return self.selector(organization=self.organization)

    def visible_columns(self) -> tuple[Column, ...]:
        chosen = set(self.request.GET.getlist("cols"))
        return tuple(col for col in self.columns if not col.optional or col.name in chosen)

    def export(self, queryset: models.QuerySet[Any], fmt: str) -> HttpResponseBase:
        from core.export import csv_response, xlsx_response

        columns = self.visible_columns()
        header = [str(col.label) for col in columns]
        rows = ([col.value(obj) for col in columns] for obj in queryset.iterator(chunk_size=500))
        if fmt == "xlsx":
            return xlsx_response(self.export_name, str(self.title), header, rows)
        return csv_response(self.export_name, header, rows)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        error = ""
        try:
            queryset = self.filterset.apply(self.get_queryset(), request.GET)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            queryset = self.get_queryset().none()
        fmt = request.GET.get("format", "")
        if self.export_name and fmt in {"csv", "xlsx"} and not error:
            return self.export(queryset, fmt)
        columns = self.visible_columns()
        paginator = Paginator(queryset, self.paginate_by)
        # Lazy: a shared table (``shared_table``) from the cache asks no query at all.
        page = SimpleLazyObject(lambda: paginator.get_page(request.GET.get("page")))

        def rows() -> list[tuple[Any, list[Any]]]:
            return [(obj, [column.value(obj) for column in columns]) for obj in page.object_list]

        params = request.GET.copy()
        params.pop("page", None)
        sort = request.GET.get("sort", self.filterset.default_ordering)
        create_url_name = self.create_url_name or (
            self.url_name("create") if self.url_stem else None
        )
        context = self.base_context(
            page_obj=page,
            rows=rows,
            shared_table=self.shared_table and f"table:{self.url_stem or type(self).__name__}",
            columns=columns,
            optional_columns=[col for col in self.columns if col.optional],
            chosen_columns=set(request.GET.getlist("cols")),
            export_query=params.urlencode(),
            sort=sort,
            query=request.GET.get("q", ""),
            querystring=params.urlencode(),
            filter_error=error,
            filter_form=self.filter_form_class(request.GET) if self.filter_form_class else None,
            create_url=(
                reverse(create_url_name)
                if create_url_name and self.change_permission and self.can(self.change_permission)
                else None
            ),
            create_label=self.create_label,
        )
        template = (
            self.partial_template_name
            if is_partial(request, "object-table")
            else self.template_name
        )
        return render(request, template, context, status=400 if error else 200)


class ObjectDetailView(ObjectViews):
    template_name = ""  # default: <app>/<name>_detail.html after the kind's url_stem

    def get_template_name(self) -> str:
        return self.template_name or "{}/{}_detail.html".format(*self.url_stem.split(":"))

    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        return self.base_context(
            object=self.object,
            can_change=bool(self.change_permission)
            and self.can(str(self.change_permission), self.object),
            **extra,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return render(request, self.get_template_name(), self.get_context_data())


class ObjectFormView(ObjectViews, ABC):
    """Create (no pk) or edit (pk) through a service; ValidationErrors land on the form."""

    form_class: type[BaseForm]
    template_name = "core/object_form.html"
    success_message: StrOrPromise = ""
    success_url_name = ""  # a fixed page to go to afterwards; else the object's own page
    changes = True

    def get_object(self) -> Any:
        return super().get_object() if "pk" in self.kwargs else None

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"organization": self.organization}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        return {}

    @abstractmethod
    def save(self, form: BaseForm, obj: Any) -> Any:
        """Call the app's service with the cleaned data; return the saved object."""

    def get_success_message(self, obj: Any) -> StrOrPromise:
        return self.success_message

    def get_success_url(self, obj: Any) -> str:
        if self.success_url_name:
            return reverse(self.success_url_name)
        return str(obj.get_absolute_url())

    def form_version(self, obj: Any) -> str | None:
        """The version the form edits: the one it was opened with (re-shown after an
        invalid POST), else the object's current one."""
        if obj is None:
            return None
        return self.request.POST.get(VERSION_FIELD) or version(obj)

    def render_form(self, form: BaseForm, obj: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.base_context(form=form, object=obj, version=self.form_version(obj)),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.form_class(initial=self.get_initial(obj), **self.get_form_kwargs(obj))
        return self.render_form(form, obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.form_class(
            request.POST, initial=self.get_initial(obj), **self.get_form_kwargs(obj)
        )
        if form.is_valid():
            try:
                saved = save_expecting(request, obj, lambda: self.save(form, obj))
            except Conflict:
                current = self.get_object()
                return render_conflict(request, current, conflict_rows(form, current))
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                message = self.get_success_message(saved)
                if message:
                    messages.success(request, message)
                return HttpResponseRedirect(self.get_success_url(saved))
        return self.render_form(form, obj, status=400)


def opened_version(request: HttpRequest, obj: Any) -> str | None:
    """The version of obj the posted form was opened with (``_version``), if it says."""
    if obj is None:
        return None
    return request.POST.get(VERSION_FIELD) or None


def save_expecting(request: HttpRequest, obj: Any, save: Callable[[], T]) -> T:
    """Run ``save`` (a service call) only if obj is still at the version the posted form
    was opened with: a stale version raises :class:`~core.concurrency.Conflict` at once,
    and the service's first audited write of obj compares again under its row lock
    (:func:`core.concurrency.expecting`). A form that names no version saves as before."""
    opened = opened_version(request, obj)
    if opened and opened != version(obj):
        raise Conflict(obj)
    with expecting(obj, [opened] if opened else None):
        return save()


class ServiceFormView(ObjectFormView):
    """Create or edit with a ModelForm through the app's services.

    Create: ``create_service(actor=…, **create_kwargs(), **cleaned_data)``, by default
    ``organization=…``.
    Edit (URL has ``pk``): ``update_service(actor=…, <object_arg>=obj, **cleaned_data)``;
    ``object_permission`` is checked on the object itself, so object-level rules (a
    systemejer editing their own system) apply. A ModelForm edits a separate copy of the
    object, so the service's audit snapshot sees the values from before the edit; a plain
    form starts from the object's values of its fields (a foreign key by its id).
    """

    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"organization": self.organization}
        if obj is not None and issubclass(self.form_class, BaseModelForm):
            kwargs["instance"] = type(obj)._default_manager.get(pk=obj.pk)
        return kwargs

    def get_initial(self, obj: Any) -> dict[str, Any]:
        if obj is None or issubclass(self.form_class, BaseModelForm):
            return {}
        fields: dict[str, Any] = getattr(self.form_class, "base_fields", {})
        return {name: _field_value(obj, name) for name in fields}

    def create_kwargs(self) -> dict[str, Any]:
        """What the create service is given besides the actor and the cleaned data."""
        return {"organization": self.organization}

    def save(self, form: BaseForm, obj: Any) -> Any:
        data = dict(form.cleaned_data)
        if obj is None:
            assert self.create_service is not None
            return self.create_service(actor=self.request.user, **self.create_kwargs(), **data)
        assert self.update_service is not None
        return self.update_service(actor=self.request.user, **{self.object_arg: obj}, **data)


def add_validation_error(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _shown(value: Any, field: Any = None) -> str:
    """A value as the conflict page shows it (choices by their label, lists joined)."""
    from core.templatetags.styrbar import cell

    if value is None or value == "":
        return "—"
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return ", ".join(_shown(item, field) for item in value) or "—"
    if isinstance(field, ChoiceField) and not isinstance(field, ModelChoiceField):
        choices: Any = field.choices
        labels: dict[str, Any] = {}
        for key, label in choices:
            if isinstance(label, list | tuple):  # a named group of choices
                labels.update((str(k), v) for k, v in label)
            else:
                labels[str(key)] = label
        return str(labels.get(str(value), value))
    return cell(value) or "—"


def conflict_rows(
    form: BaseForm, current: Any, saved: dict[str, Any] | None = None
) -> list[tuple[Any, str, str]]:
    """(label, the user's value, the saved value) of every field the form would change.
    The saved value is ``saved[name]`` when given (a form whose fields are not the
    object's attributes), else the attribute of ``current``; a field that is neither
    (e.g. a new administrator's name on the organization form) is left out."""
    rows = []
    for name in form.changed_data:
        field = form.fields[name]
        if saved is not None:
            if name not in saved:
                continue
            value = saved[name]
        elif hasattr(current, name):
            value = getattr(current, name)
        else:
            continue
        mine = _shown(form.cleaned_data.get(name), field)
        theirs = _saved_shown(value, field) if saved is not None else _shown(value, field)
        if mine != theirs:
            rows.append((field.label or name, mine, theirs))
    return rows


def conflict_context(
    request: HttpRequest,
    obj: Any,
    rows: list[tuple[Any, str, str]],
    *,
    audited: Any = None,
    back_url: str | None = None,
) -> dict[str, Any]:
    """What the conflict page shows: who saved obj meanwhile (the newest audit event of
    obj, or of ``audited`` when obj's changes are audited as changes of its parent, e.g.
    a business case's lines), the values side by side, the user's values to re-send
    against the current version, and where "discard" goes (default obj's own page)."""
    from django.contrib.contenttypes.models import ContentType

    owner = audited if audited is not None else obj
    latest = (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(owner), object_id=str(owner.pk)
        )
        .order_by("-created_at", "-id")
        .first()
    )
    resend = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", VERSION_FIELD}
        for value in values
    ]
    if back_url is None:
        back_url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return {
        "title": _("Nogen har ændret dette, mens du redigerede"),
        "object": obj,
        "rows": rows,
        "resend": resend,
        "version": version(obj),
        "latest": latest,
        "back_url": back_url,
    }


def render_conflict(
    request: HttpRequest, obj: Any, rows: list[tuple[Any, str, str]], **options: Any
) -> HttpResponse:
    """The conflict page (409): who saved obj meanwhile, the values side by side, and a
    form that re-sends the user's values against the current version, or goes back
    (``options``: :func:`conflict_context`)."""
    context = conflict_context(request, obj, rows, **options)
    return render(request, "core/conflict.html", context, status=409)


class ObjectDeleteView(ObjectViews):
    """Confirm, then ``delete_service(actor=…, <object_arg>=obj)``; a ValidationError from
    the service is shown on the confirmation page. Afterwards to ``get_success_url(obj)``
    (worked out before the delete), by default the page named ``success_url_name``, else
    the kind's list."""

    template_name = "core/object_confirm_delete.html"
    success_url_name = ""
    delete_service: Callable[..., Any]
    changes = True

    def perform_delete(self, obj: Any) -> None:
        self.delete_service(actor=self.request.user, **{self.object_arg: obj})

    def get_success_url(self, obj: Any) -> str:
        return reverse(self.success_url_name or self.url_name("list"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, self.template_name, self.base_context(object=self.get_object()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        success_url = self.get_success_url(obj)
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
        return HttpResponseRedirect(success_url)


class ObjectActionView(ObjectViews, ABC):
    """A POST button on one object's page: ``act(obj)`` calls a service. A ValidationError
    comes back as an error message on ``get_error_url(obj)`` (the object's page); else
    ``get_success_message`` is shown on ``get_success_url(obj, outcome)``."""

    http_method_names = ["post"]
    success_message: StrOrPromise = ""
    changes = True
    # An edit of obj's values (not a transition): the form carries obj's version
    # (``_version``), and a save after someone else's shows the conflict page with
    # ``conflict_rows`` instead of overwriting (:func:`save_expecting`).
    versioned = False

    @abstractmethod
    def act(self, obj: Any) -> Any:
        """Call the service; return what it returns."""

    def conflict_rows(self, current: Any) -> list[tuple[Any, str, str]]:
        """For a versioned action: (label, the posted value, the saved value) of what the
        user would change, read from the POST and ``current`` (obj as saved now)."""
        return []

    def get_success_message(self, obj: Any, outcome: Any) -> StrOrPromise:
        return self.success_message

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return str(obj.get_absolute_url())

    def get_error_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            if self.versioned:
                outcome = save_expecting(request, obj, lambda: self.act(obj))
            else:
                outcome = self.act(obj)
        except Conflict:
            current = self.get_object()
            rows = self.conflict_rows(current)
            return render_conflict(request, current, rows, back_url=self.get_error_url(current))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.get_error_url(obj))
        message = self.get_success_message(obj, outcome)
        if message:
            messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url(obj, outcome))


class ObjectHistoryView(ObjectViews):
    """The object's audit events (``events(obj)``), newest first."""

    title: StrOrPromise = gettext_lazy("Historik")
    template_name = "core/object_history.html"
    paginate_by = 50

    def events(self, obj: Any) -> models.QuerySet[AuditEvent]:
        from django.contrib.contenttypes.models import ContentType

        return AuditEvent.objects.filter(
            organization=self.organization,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
        ).select_related("actor")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        page = Paginator(self.events(obj), self.paginate_by).get_page(request.GET.get("page"))
        context = self.base_context(object=obj, page_obj=page, querystring="")
        return render(request, self.template_name, context)


def _saved_shown(value: Any, field: Any) -> str:
    """A saved row's initial value (a foreign key by its id) as the conflict page shows
    it: a chosen object by its name."""
    if isinstance(field, ModelChoiceField) and value not in (None, "", [], ()):
        queryset = field.queryset
        if queryset is not None:
            if isinstance(value, list | tuple | set):
                return _shown(list(queryset.filter(pk__in=list(value))), field)
            if not isinstance(value, models.Model):
                value = queryset.filter(pk=value).first() or value
    return _shown(value, field)


def _field_value(row: models.Model, name: str) -> Any:
    """A form's initial value: a foreign key by its id, anything else as it is."""
    field: Any = row._meta.get_field(name)
    return getattr(row, field.attname if field.many_to_one else name)


class ChildRowsView(ObjectViews):
    """Edit an object's child rows (cost lines, payments, roles, steps) as one formset.

    ``rows_service(actor=…, <object_arg>=obj, <rows_arg>=[dict, …])`` replaces them all;
    empty and deleted forms are left out. ``initial_rows(obj)`` gives the current rows:
    by default ``row_fields`` of each row in ``obj.<rows_related>`` (a foreign key by its
    id), ordered by ``rows_ordering`` when given.
    """

    form_class: type[BaseForm]
    rows_service: Callable[..., Any]
    rows_arg = "rows"
    template_name = "core/child_rows_form.html"
    extra = 3
    success_message: StrOrPromise = ""
    rows_related = ""
    row_fields: tuple[str, ...] = ()
    rows_ordering: tuple[str, ...] = ()
    changes = True

    def initial_rows(self, obj: Any) -> list[dict[str, Any]]:
        if not self.rows_related:
            return []
        rows = getattr(obj, self.rows_related)
        rows = rows.order_by(*self.rows_ordering) if self.rows_ordering else rows.all()
        return [{name: _field_value(row, name) for name in self.row_fields} for row in rows]

    def formset(self, obj: Any, data: Any = None) -> Any:
        from django.forms import formset_factory

        factory = formset_factory(self.form_class, extra=self.extra, can_delete=True)
        return factory(
            data,
            initial=self.initial_rows(obj),
            form_kwargs={"organization": self.organization},
            prefix="rows",
        )

    def render_formset(
        self, obj: Any, formset: Any, status: int = 200, error: str = ""
    ) -> HttpResponse:
        # The version the rows were opened with (kept after an invalid POST).
        opened = self.request.POST.get(VERSION_FIELD) or version(obj)
        context = self.base_context(object=obj, formset=formset, error=error, version=opened)
        return render(self.request, self.template_name, context, status=status)

    @staticmethod
    def kept_forms(formset: Any) -> list[Any]:
        """The forms of a valid formset that become rows: not empty, not deleted."""
        return [
            form
            for form in formset.forms
            if form.has_changed() or form.initial
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def conflict_rows(self, formset: Any, current: Any) -> list[tuple[Any, str, str]]:
        """Row by row, the user's rows beside the rows saved meanwhile (only rows that
        differ)."""
        fields = formset.empty_form.fields
        mine = [
            "; ".join(_shown(form.cleaned_data.get(name), fields[name]) for name in fields)
            for form in self.kept_forms(formset)
        ]
        theirs = [
            "; ".join(_saved_shown(row.get(name), fields[name]) for name in fields)
            for row in self.initial_rows(current)
        ]
        rows = []
        for n in range(max(len(mine), len(theirs))):
            a = mine[n] if n < len(mine) else "—"
            b = theirs[n] if n < len(theirs) else "—"
            if a != b:
                rows.append((_("Række %(n)s") % {"n": n + 1}, a, b))
        return rows

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_formset(obj, self.formset(obj))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        formset = self.formset(obj, request.POST)
        if not formset.is_valid():
            return self.render_formset(obj, formset, status=400)
        rows = [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.kept_forms(formset)
        ]
        try:
            save_expecting(
                request,
                obj,
                lambda: self.rows_service(
                    actor=request.user, **{self.object_arg: obj, self.rows_arg: rows}
                ),
            )
        except Conflict:
            current = self.get_object()
            return render_conflict(request, current, self.conflict_rows(formset, current))
        except ValidationError as exc:
            return self.render_formset(obj, formset, status=400, error=" ".join(exc.messages))
        if self.success_message:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(obj.get_absolute_url())
