"""The standard operations of an organization's resource, declared once.

:class:`Crud` adds any of ``list``, ``detail``, ``create``, ``update`` and ``delete`` to a
router for one resource: the list answers the ``{items, count}`` page of its
:class:`~core.api.resources.ApiResource` (filters, ``limit`` <= 100), the others read or
write through its :class:`~core.api.resources.Writable` (the organization in the path
first, then the object in it, then the permission - 404 before 403). Each operation is a
function named ``<name>_<operation>`` with the path parameter ``key`` for one object, so
the OpenAPI document (operation ids, default summaries, parameters) reads exactly as if it
had been written by hand; resources with extra or unusual operations write those by hand
next to it.

No ``from __future__ import annotations`` here: the functions' signatures are built at run
time and django-ninja reads their annotations as real types.
"""

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from core.api.resources import ApiResource, Writable


def _exclude_unset(payload: Schema) -> dict[str, Any]:
    return payload.dict(exclude_unset=True)


def _no_arguments(payload: Schema | None) -> dict[str, Any]:
    return {}


def _parameter(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation)


@dataclass(frozen=True)
class Crud:
    """See the module docstring. ``services`` maps an operation to its service;
    ``summaries`` (optional per operation) and ``list_extra`` (the list's ``openapi_extra``)
    go to the OpenAPI document; ``payload`` turns a request body into service fields."""

    router: Router
    path: str  # the collection, e.g. "/organizations/{org_id}/contracts"
    key: str  # the path parameter of one object, e.g. "contract_id"
    name: str  # operation names "<name>_list", "<name>_detail", …
    resource: ApiResource
    writes: Writable | None = None
    out: Any = None  # the detail schema
    page: Any = None  # the list envelope schema
    create_in: Any = None
    patch_in: Any = None
    services: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    summaries: Mapping[str, str] = field(default_factory=dict)
    list_extra: dict[str, Any] | None = None
    module: str = ""  # the declaring module (``__name__``): operation ids follow its prefix
    operation_prefix: str = ""  # or explicit operation ids "<prefix>_<name>_<operation>"
    delete_permission: str | None = None
    payload: Callable[[Schema], dict[str, Any]] = _exclude_unset

    def add(self, *operations: str) -> None:
        for operation in operations:
            getattr(self, f"_{operation}")()

    def action(
        self,
        method: str,
        suffix: str,
        operation: str,
        service: Callable[..., Any],
        summary: str,
        payload_in: Any = None,
        arguments: Callable[[Any], dict[str, Any]] = _no_arguments,
        permission: str | None = None,
    ) -> None:
        """``<method> <path>/{key}<suffix>`` (e.g. ``put``, ``"/payments"``): call ``service``
        on the object in the path (:meth:`Writable.act`) with ``arguments(payload)``, for a
        user with ``permission`` (default: the resource's); answer the object as its detail
        reads it. Replacing an object's child rows and state changes are such actions."""

        def view(request: HttpRequest, org_id: int, payload: Any = None, **path: int) -> Any:
            return self._writes().act(
                request, org_id, path[self.key], service, permission, **arguments(payload)
            )

        params = [_parameter(self.key, int)]
        if payload_in is not None:
            params.append(_parameter("payload", payload_in))
        self._register(
            method, operation, view, params, True, self.out, suffix=suffix, summary=summary
        )

    # Building one operation -------------------------------------------------------------

    def _register(
        self,
        method: str,
        operation: str,
        view: Callable[..., Any],
        params: list[inspect.Parameter],
        item: bool,
        response: Any,
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
        if operation in self.summaries:
            extra["summary"] = self.summaries[operation]
        path = f"{self.path}/{{{self.key}}}{suffix}" if item else self.path
        getattr(self.router, method)(path, response=response, **extra)(view)

    def _writes(self) -> Writable:
        assert self.writes is not None, f"{self.name}: writes are not described"
        return self.writes

    def _list(self) -> None:
        def view(request: HttpRequest, org_id: int) -> Any:
            return self.resource.page(request, org_id)

        extra: dict[str, Any] = {"openapi_extra": self.list_extra} if self.list_extra else {}
        self._register("get", "list", view, [], False, self.page, **extra)

    def _detail(self) -> None:
        def view(request: HttpRequest, org_id: int, **path: int) -> Any:
            return self.resource.detail(request, org_id, path[self.key])

        self._register("get", "detail", view, [_parameter(self.key, int)], True, self.out)

    def _create(self) -> None:
        def view(request: HttpRequest, org_id: int, payload: Schema) -> Any:
            service = self.services["create"]
            return self._writes().create(request, org_id, service, self.payload(payload))

        params = [_parameter("payload", self.create_in)]
        self._register("post", "create", view, params, False, {201: self.out})

    def _update(self) -> None:
        def view(request: HttpRequest, org_id: int, payload: Schema, **path: int) -> Any:
            service = self.services["update"]
            pk = path[self.key]
            return self._writes().update(request, org_id, pk, service, self.payload(payload))

        params = [_parameter(self.key, int), _parameter("payload", self.patch_in)]
        self._register("patch", "update", view, params, True, self.out)

    def _delete(self) -> None:
        def view(request: HttpRequest, org_id: int, **path: int) -> Any:
            service = self.services["delete"]
            return self._writes().delete(
                request, org_id, path[self.key], service, self.delete_permission
            )

        self._register("delete", "delete", view, [_parameter(self.key, int)], True, {204: None})
