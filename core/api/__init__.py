"""The one API machinery every app uses.

This module: the NinjaAPI (authentication, JSON errors, stable operation ids), the list
envelope ``{items, count}`` (:func:`page_of`) with ``limit`` <= 100 (:func:`paginate`) and
file responses.
Beside it: :mod:`core.api.params` (list parameters derived from a FilterSpec),
:mod:`core.api.resources` (reading and writing an organization's resources, references by
id), :mod:`core.api.routes` (a resource's operations declared once) and
:mod:`core.api.tenancy` (the member-organization lookup).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from core.concurrency import Conflict
from core.filters import FilterSpec


def binary_response(content_type: str, description: str = "File") -> dict[str, Any]:
    """``openapi_extra`` for an operation that answers with a file."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


ORG = "/organizations/{org_id}"  # the path prefix of an organization's resources
MONEY = 'Beløb i kr. som decimaltekst med to decimaler, fx "125000.00".'


def money(amount: Decimal) -> str:
    """An amount in kroner as the API writes it (see ``MONEY``)."""
    return f"{amount:.2f}"


class AmountOut(Schema):
    """An output row whose ``amount`` (declared by the row, in its place) is written as
    money."""

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return money(obj.amount)


class ListOut(Schema):
    count: int


@functools.cache
def page_of(out: type[Schema]) -> type[ListOut]:
    """The list envelope ``{items, count}`` of ``out``, named after it: ``UnitOut`` ->
    ``UnitList`` (one class per schema, so the OpenAPI document names it once)."""
    name = out.__name__.removesuffix("Out") + "List"
    annotations = {"items": list[out]}  # type: ignore[valid-type]
    return type(name, (ListOut,), {"__annotations__": annotations, "__module__": out.__module__})


MAX_OFFSET = 2**31 - 1


def _moment(value: str) -> dt.datetime:
    """An ISO 8601 time as UTC (no offset reaches the database: PostgreSQL accepts only
    offsets up to 15:59, Python up to 23:59); naive times are UTC."""
    try:
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError) as exc:
        raise HttpError(400, _("changed_since skal være et ISO 8601-tidspunkt.")) from exc


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    filterset: FilterSpec | None = None,
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Apply filters, ``changed_since``, ``limit`` (≤ 100) and ``offset``; return the envelope."""
    params = params if params is not None else request.GET
    try:
        limit = int(params.get("limit", settings.API_DEFAULT_LIMIT))
        offset = int(params.get("offset", 0))
    except ValueError as exc:
        raise HttpError(400, _("limit og offset skal være hele tal.")) from exc
    if limit < 1 or limit > settings.API_MAX_LIMIT:
        raise HttpError(
            400, _("limit skal være mellem 1 og %(max)s.") % {"max": settings.API_MAX_LIMIT}
        )
    if offset < 0:
        raise HttpError(400, _("offset må ikke være negativ."))
    if offset > MAX_OFFSET:
        # Beyond what a database integer holds (PostgreSQL answered such offsets with an error).
        raise HttpError(400, _("offset må højst være %(max)s.") % {"max": MAX_OFFSET})
    changed_since = params.get("changed_since")
    if changed_since:
        queryset = queryset.filter(updated_at__gte=_moment(str(changed_since)))
    if filterset is not None:
        try:
            queryset = filterset.apply(queryset, params)
        except ValidationError as exc:
            raise HttpError(400, " ".join(exc.messages)) from exc
    elif not queryset.ordered:
        queryset = queryset.order_by("pk")
    count = queryset.count()
    return {"items": list(queryset[offset : offset + limit]), "count": count}


def _error(
    api: NinjaAPI, request: HttpRequest, status: int, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"message": message, **extra}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error(api, request, 404, _("Ikke fundet."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error(api, request, 403, _("Du har ikke rettighed til denne handling."))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error(
            api,
            request,
            401,
            _("Log ind eller send en gyldig API-nøgle (Authorization: Bearer …)."),
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(api, request, exc.status_code, str(exc))

    @api.exception_handler(Conflict)
    def stale(request: HttpRequest, exc: Exception) -> HttpResponse:
        from core.api.resources import STALE

        return _error(api, request, 412, _(STALE))

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return _error(api, request, 400, _("Ugyldige data."), errors=exc.errors)

    @api.exception_handler(ValidationError)
    def invalid_model(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        general = errors.get("__all__") or errors.get("non_field_errors")
        message = " ".join(general) if general else _("Ugyldige data.")
        return _error(api, request, 400, message, errors=errors)


def _error_doc(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


error_doc = _error_doc  # for an operation's own error answers (openapi_extra)

# openapi_extra of an operation that honours If-Match (core.api.resources.precondition).
IF_MATCH: dict[str, Any] = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": False,
            "schema": {"type": "string"},
            "description": "ETag fra en tidligere læsning: ændringen afvises med 412, hvis "
            "objektet er ændret siden (optimistisk samtidighed). Uden: ændringen gennemføres.",
        }
    ],
    "responses": {412: _error_doc("Objektet er ændret siden den ETag, If-Match nævner")},
}
# openapi_extra of an operation whose 200 answer carries the object's ETag.
ETAG: dict[str, Any] = {
    "responses": {
        200: {
            "headers": {
                "ETag": {
                    "description": "Objektets version; send den som If-Match ved ændringer.",
                    "schema": {"type": "string"},
                }
            }
        }
    }
}

IF_MATCH_AND_ETAG: dict[str, Any] = {
    **IF_MATCH,
    "responses": {**IF_MATCH["responses"], **ETAG["responses"]},
}
"""A write that honours If-Match and answers the object's new ETag."""

# The error answers every operation may give, documented on each (body: Error).
ERRORS: dict[int, str] = {
    400: "Ugyldige data eller parametre (besked og fejl pr. felt)",
    401: "Ikke logget ind og ingen gyldig API-nøgle",
    403: "Brugeren har ikke rettighed til handlingen",
    404: "Organisationen eller objektet findes ikke (eller tilhører en anden organisation)",
    413: "Forespørgslen er større end tilladt (STYRBAR_MAX_UPLOAD_BYTES)",
}
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "properties": {
        "message": {"type": "string", "title": "Message"},
        "errors": {"title": "Errors", "description": "Fejl pr. felt, når der er nogen"},
    },
    "required": ["message"],
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to every operation of an OpenAPI document: 400, 401 (for
    operations with authentication), 403, 404 (for paths with a parameter) and 413 (for
    operations with a request body), all with the body ``Error``."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = [400, 403]
            if operation.get("security"):
                codes.append(401)
            if "{" in path:
                codes.append(404)
            if "requestBody" in operation or method in {"post", "put", "patch"}:
                codes.append(413)
            for code in sorted(codes):
                if code not in responses and str(code) not in responses:
                    responses[code] = _error_doc(ERRORS[code])
    return schema


class StyrbarAPI(NinjaAPI):
    """Operation ids are part of the API's contract (clients generate code from them), so
    they must not change when a module is split: a module may name the prefix its
    operations keep with ``OPERATION_ID_PREFIX`` (default: its dotted path)."""

    def get_openapi_operation_id(self, operation: Any) -> str:
        func = operation.view_func
        module = sys.modules.get(func.__module__)
        prefix = getattr(module, "OPERATION_ID_PREFIX", func.__module__)
        return f"{prefix}_{func.__name__}".replace(".", "_")

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(**kwargs))


def build_api(*, auth: Sequence[Any]) -> NinjaAPI:
    """The one NinjaAPI; ``auth`` are its authenticators (tried in order)."""
    api = StyrbarAPI(
        title="Styrbar API",
        version="1",
        description=(
            "Arkitekturstyring for kommuner. Lists return {items, count}; limit ≤ 100. "
            "Errors are JSON {message, errors}: 400 invalid data or parameters (a body that "
            "does not match the schema too: the API never answers 422), 401 no valid login "
            "or token, 403 not allowed, 404 not found or another organization's, 409 not "
            "possible in the object's state, 412 If-Match names an old version, 413 body "
            "or file over the cap. No input gives a 500 (tests/test_schemathesis.py)."
        ),
        urls_namespace="api",
        auth=list(auth),
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    install_error_handlers(api)
    return api
