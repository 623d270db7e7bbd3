"""The operations of an organization's resource, declared once.

:class:`Crud` places the operations of one resource at ``/organizations/{org_id}/<slug>``
and ``…/<slug>/{key}``. The standard ones come with the body they always have:
:meth:`~Crud.add_list` answers the ``{items, count}`` page of its
:class:`~core.api.resources.ApiResource` (filters, ``limit`` <= 100, the FilterSpec's
parameters), :meth:`~Crud.add_detail`, :meth:`~Crud.add_create`, :meth:`~Crud.add_update`,
:meth:`~Crud.add_delete` and :meth:`~Crud.action` read or write through its
:class:`~core.api.resources.Writable` (the organization in the path first, then the object
in it, then the permission - 404 before 403). Each is a function named
``<name>_<operation>`` with the path parameter ``key`` for one object, so the OpenAPI
document (operation ids, default summaries, parameters) reads exactly as if it had been
written by hand. Operations with a body of their own are written by hand and placed with
:meth:`~Crud.on_collection` or :meth:`~Crud.on_item`, which give them the resource's path
and output schema.

No ``from __future__ import annotations`` here: the functions' signatures are built at run
time and django-ninja reads their annotations as real types.
"""

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from core.api import ETAG, IF_MATCH, ORG, page_of
from core.api.params import list_params
from core.api.resources import ApiResource, Writable
from core.concurrency import etag

F = TypeVar("F", bound=Callable[..., Any])


def _exclude_unset(payload: Schema) -> dict[str, Any]:
    return payload.dict(exclude_unset=True)


def _no_arguments(payload: Schema | None, organization: Any) -> dict[str, Any]:
    return {}


def _parameter(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation)


def _response() -> inspect.Parameter:
    """django-ninja's temporal response (its headers are copied onto the answer)."""
    return _parameter("response", HttpResponse)


def tagged(response: HttpResponse, obj: Any) -> Any:
    """Put obj's version on the answer as its ``ETag`` (:mod:`core.concurrency`); obj."""
    response["ETag"] = etag(obj)
    return obj


@dataclass(frozen=True)
class Crud:
    """See the module docstring. ``source`` is how the resource is read (an ApiResource)
    or written (a Writable, read through its ``resource``); a list answers the envelope
    of ``out`` (:func:`core.api.page_of`); ``payload`` turns a request body into service
    fields. Every ``summary`` goes to the OpenAPI document (None: django-ninja's default)."""

    router: Router
    slug: str  # the collection under the organization: /organizations/{org_id}/<slug>
    name: str  # operation names "<name>_list", "<name>_detail", …
    source: ApiResource | Writable
    out: Any  # the detail schema
    key: str = ""  # the path parameter of one object; default "<name>_id"
    module: str = ""  # the declaring module (``__name__``): operation ids follow its prefix
    operation_prefix: str = ""  # or explicit operation ids "<prefix>_<name>_<operation>"
    payload: Callable[[Schema], dict[str, Any]] = _exclude_unset

    @property
    def resource(self) -> ApiResource:
        return self.source.resource if isinstance(self.source, Writable) else self.source

    @property
    def param(self) -> str:
        """The path parameter of one object."""
        return self.key or f"{self.name}_id"

    @property
    def path(self) -> str:
        return f"{ORG}/{self.slug}"

    @property
    def item_path(self) -> str:
        return f"{self.path}/{{{self.param}}}"

    # The standard operations ------------------------------------------------------------

    def add_list(self, summary: str | None = None) -> None:
        def view(request: HttpRequest, org_id: int) -> Any:
            return self.resource.page(request, org_id)

        params = list_params(self.resource.filters, self.resource.model)
        self._register(
            "get", "list", view, [], False, page_of(self.out), summary, openapi_extra=params
        )

    def add_detail(self, summary: str | None = None) -> None:
        def view(request: HttpRequest, org_id: int, response: HttpResponse, **path: int) -> Any:
            return tagged(response, self.resource.detail(request, org_id, path[self.param]))

        params = [_parameter(self.param, int), _response()]
        self._register("get", "detail", view, params, True, self.out, summary, openapi_extra=ETAG)

    def add_create(
        self, service: Callable[..., Any], payload_in: Any, summary: str | None = None
    ) -> None:
        def view(request: HttpRequest, org_id: int, payload: Schema, response: HttpResponse) -> Any:
            status, obj = self._writes().create(request, org_id, service, self.payload(payload))
            return status, tagged(response, obj)

        params = [_parameter("payload", payload_in), _response()]
        self._register("post", "create", view, params, False, {201: self.out}, summary)

    def add_update(
        self, service: Callable[..., Any], payload_in: Any, summary: str | None = None
    ) -> None:
        """``PATCH …/{key}``: the fields sent (:attr:`payload`), ids through the refs."""
        writes = self._writes()

        def fields(payload: Schema, organization: Any) -> dict[str, Any]:
            return writes.fields(organization, self.payload(payload))

        self.action("patch", "", "update", service, summary, payload_in, fields)

    def add_delete(
        self,
        service: Callable[..., Any],
        summary: str | None = None,
        permission: str | None = None,
    ) -> None:
        def view(request: HttpRequest, org_id: int, **path: int) -> Any:
            self._writes().call(request, org_id, path[self.param], service, permission)
            return 204, None

        params = [_parameter(self.param, int)]
        self._register(
            "delete", "delete", view, params, True, {204: None}, summary, openapi_extra=IF_MATCH
        )

    def action(
        self,
        method: str,
        suffix: str,
        operation: str,
        service: Callable[..., Any],
        summary: str | None,
        payload_in: Any = None,
        arguments: Callable[[Any, Any], Mapping[str, Any]] = _no_arguments,
        permission: str | None = None,
    ) -> None:
        """``<method> <path>/{key}<suffix>`` (e.g. ``put``, ``"/payments"``): call ``service``
        on the object in the path (:meth:`Writable.call`) with ``arguments(payload,
        organization)``, for a user with ``permission`` (default: the resource's); answer
        the object as its detail reads it. Updates, replacing an object's child rows and
        state changes are such actions."""

        def view(
            request: HttpRequest,
            org_id: int,
            response: HttpResponse,
            payload: Any = None,
            **path: int,
        ) -> Any:
            org, obj = self._writes().call(
                request,
                org_id,
                path[self.param],
                service,
                permission,
                lambda organization: arguments(payload, organization),
            )
            return tagged(response, self.resource.one(org, obj.pk))

        params = [_parameter(self.param, int), _response()]
        if payload_in is not None:
            params.append(_parameter("payload", payload_in))
        extra = {
            "openapi_extra": {
                **IF_MATCH,
                "responses": {**IF_MATCH["responses"], **ETAG["responses"]},
            }
        }
        self._register(method, operation, view, params, True, self.out, summary, suffix, **extra)

    # Hand-written operations ------------------------------------------------------------

    def on_collection(self, method: str, *, status: int = 200, **extra: Any) -> Callable[[F], F]:
        """A decorator placing a hand-written operation at the collection's path; it answers
        ``out`` with ``status`` unless ``extra`` names another ``response``."""
        return self._route(method, self.path, status, extra)

    def on_item(
        self, method: str, suffix: str = "", *, status: int = 200, **extra: Any
    ) -> Callable[[F], F]:
        """As :meth:`on_collection`, at ``…/{key}<suffix>``; ``status`` 204 answers nothing."""
        return self._route(method, self.item_path + suffix, status, extra)

    def _route(
        self, method: str, path: str, status: int, extra: dict[str, Any]
    ) -> Callable[[F], F]:
        response = extra.pop("response", self.out)
        if status == 204:
            response = {204: None}
        elif status != 200:
            response = {status: response}
        decorator: Callable[[F], F] = getattr(self.router, method)(path, response=response, **extra)
        return decorator

    # Building one operation -------------------------------------------------------------

    def _register(
        self,
        method: str,
        operation: str,
        view: Callable[..., Any],
        params: list[inspect.Parameter],
        item: bool,
        response: Any,
        summary: str | None,
        suffix: str = "",
        **extra: Any,
    ) -> None:
        view.__name__ = view.__qualname__ = f"{self.name}_{operation}"
        view.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [_parameter("request", HttpRequest), _parameter("org_id", int), *params]
        )
        if self.module:
            view.__module__ = self.module
        if self.operation_prefix:
            extra["operation_id"] = f"{self.operation_prefix}_{view.__name__}"
        if summary is not None:
            extra["summary"] = summary
        path = self.item_path + suffix if item else self.path
        getattr(self.router, method)(path, response=response, **extra)(view)

    def _writes(self) -> Writable:
        assert isinstance(self.source, Writable), f"{self.name}: writes are not described"
        return self.source
