from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tests.registry_app.selectors import lesson_list


def lesson_card(request: HttpRequest) -> dict[str, Any] | None:
    organization = request.organization  # type: ignore[attr-defined]
    return {
        "title": _("Erfaringsnotater"),
        "figures": [(_("Notater"), lesson_list(organization=organization).count())],
    }
