"""Request id (taken from X-Request-ID when sane, else generated; kept for audit events),
no caching of what Django answers, a Content-Security-Policy without inline script, and
form posts with control characters refused."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from core.logging import clear_log_context

_request_id: ContextVar[str] = ContextVar("styrbar_request_id", default="")
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
            clear_log_context()
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every answer Django makes (pages, exports, API) unless
    the view chose otherwise: they hold an organization's data. Static files are served by
    whitenoise before this and keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


# No inline script anywhere (scripts are static files; chart data is JSON in
# <script type="application/json">, which is never run); style attributes are allowed
# (templates size charts and swatches with them), <style> elements are not.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """The ``Content-Security-Policy`` above on every answer Django makes, unless the view
    set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Content-Security-Policy"):
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


class ControlCharacterMiddleware:
    """Text holding a control character (NUL, bell, escape, …; see :mod:`core.text`) is
    refused before any view runs, so nothing is saved: a form post with a Danish 400 page
    naming the field, a JSON body of the API with a 400 ``{"message"}`` naming the field's
    path (``roles[0].person_name``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"POST", "PUT", "PATCH"}:
            refused = _refuse_control_characters(request)
            if refused is not None:
                return refused
        return self.get_response(request)


def _too_large(request: HttpRequest) -> HttpResponse:
    """A JSON body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: 413 with its real size (Django
    would answer a bare 400)."""
    from django.conf import settings
    from django.http import JsonResponse
    from django.utils.translation import gettext as _

    from core.text import human_size

    declared = request.META.get("CONTENT_LENGTH", "")
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    message = _("Forespørgslen fylder %(size)s; grænsen er %(limit)s.") % {
        "size": human_size(int(declared)) if declared.isdigit() else "?",
        "limit": human_size(limit),
    }
    return JsonResponse({"message": message}, status=413)


def _refuse_control_characters(request: HttpRequest) -> HttpResponse | None:
    import json

    from django.core.exceptions import RequestDataTooBig
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    from core.text import control_character_at, first_control_field

    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except RequestDataTooBig:
            return _too_large(request)
        except (ValueError, UnicodeDecodeError):
            return None  # the API answers malformed JSON itself
        where = control_character_at(data)
        if where is None:
            return None
        message = _(
            "Feltet %(field)s indeholder et styretegn (fx NUL eller ESC), som ikke kan gemmes."
        ) % {"field": where}
        return JsonResponse({"message": message, "errors": {where: [message]}}, status=400)
    # Form posts of the pages (the API's non-JSON bodies are files, read raw by the
    # import operation: parsing them as a form here would consume them).
    forms = {"application/x-www-form-urlencoded", "multipart/form-data"}
    if request.content_type in forms and not request.path.startswith("/api/"):
        field = first_control_field(request.POST.lists())
        if field is not None:
            return render(request, "core/control_character.html", {"field": field}, status=400)
    return None
