"""URL patterns of one kind of object, named and placed the same way in every app.

``object_urls("kontrakter/", "contract", views)`` gives, from the views module's
``Contract<Action>View`` classes (the kind ``Contract`` is the name in CamelCase)::

    kontrakter/                 ContractListView     contract_list
    kontrakter/ny/              ContractCreateView   contract_create
    kontrakter/<pk>/            ContractDetailView   contract_detail
    kontrakter/<pk>/rediger/    ContractEditView     contract_edit
    kontrakter/<pk>/slet/       ContractDeleteView   contract_delete
    kontrakter/<pk>/historik/   ContractHistoryView  contract_history

``actions`` picks which of these the object has; ``children`` adds sub-pages of one
object: ``{"betalinger": "payments"}`` gives ``kontrakter/<pk>/betalinger/``,
``ContractPaymentsView``, ``contract_payments`` (a segment may take more of the path:
``{"trin/<slug:step>": "step"}``). A view the module lacks is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType

from django.urls import URLPattern, path

ROUTES = {
    "list": "",
    "create": "ny/",
    "detail": "<int:pk>/",
    "edit": "<int:pk>/rediger/",
    "delete": "<int:pk>/slet/",
    "history": "<int:pk>/historik/",
}
ALL_ACTIONS = " ".join(ROUTES)


def _camel(action: str) -> str:
    return "".join(part.title() for part in action.split("_"))


def object_urls(
    prefix: str,
    name: str,
    views: ModuleType,
    actions: str = ALL_ACTIONS,
    children: Mapping[str, str] | None = None,
) -> list[URLPattern]:
    """The pages of the ``name`` objects under ``prefix`` (see the module docstring)."""
    kind = _camel(name)
    pages = [(ROUTES[action], action) for action in actions.split()]
    pages += [(f"<int:pk>/{segment}/", action) for segment, action in (children or {}).items()]
    return [
        path(
            f"{prefix}{route}",
            getattr(views, f"{kind}{_camel(action)}View").as_view(),
            name=f"{name}_{action}",
        )
        for route, action in pages
    ]
