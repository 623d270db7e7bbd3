"""The one place an app plugs into the product.

Each app registers, in its ``AppConfig.ready()``, what it adds to the whole: menu items,
dashboard cards, its URL configuration, its API routers, its demo seeders, the models
whose audit events the organization's log filters by, and its resources
(:mod:`core.resources`). ``config/urls.py``, ``config/api.py``, the menu, the dashboard,
the audit log's type filter and ``seed_demo`` read this registry instead of lists, so a
new module touches only its own folder (``docs/architecture/overview.md``).

Callables may be given as ``"module:attribute"`` strings; they are imported the first
time they are used, so registering never loads an app's heavy modules at start-up.
Everything is ordered by ``order`` (then by registration), which keeps the menu, URL
resolution and the OpenAPI document in a stable, intended order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django_stubs_ext import StrOrPromise


def resolve(target: Any) -> Any:
    """``"package.module:name"`` -> the object; anything else is returned as it is."""
    if not isinstance(target, str):
        return target
    module, _, name = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in name.split(".") if name else ():
        obj = getattr(obj, part)
    return obj


@dataclass(frozen=True)
class MenuItem:
    """One entry of the side navigation, shown to users with ``permission``."""

    url_name: str
    label: StrOrPromise
    permission: str
    active: str  # view-name prefix that marks the item as the current one
    order: int


@dataclass(frozen=True)
class UrlMount:
    prefix: str
    # module path of a URLconf with ``app_name``, or (patterns, namespace) of a resource
    urlconf: str | tuple[list[Any], str]
    order: int

    @property
    def key(self) -> str:
        return self.urlconf if isinstance(self.urlconf, str) else self.urlconf[1]


@dataclass(frozen=True)
class ApiMount:
    prefix: str
    router: Any  # "module:router" or a ninja Router
    order: int


@dataclass(frozen=True)
class Seeder:
    """Demo data of one app: ``seed(result)``; ``national(result, **options)`` for
    ``seed_demo --scale national`` where the app has synthetic national data."""

    name: str
    seed: Any
    order: int
    national: Any = None


@dataclass(frozen=True)
class Card:
    make: Any  # (request) -> dict | None, rendered by core/partials/dashboard_card.html
    order: int


@dataclass(frozen=True)
class DueProvider:
    """A function that reports what falls due in one app (:mod:`core.due`)."""

    kind: str
    provider: Any  # (today=, until=, organization_ids=) -> Iterable[DueItem]
    order: int


@dataclass(frozen=True)
class AppImporter:
    """An importer an app adds to the import machinery (``interop``): files of this kind
    go through the same wizard, ``styrbar_import --kind``, background jobs, import lock
    and imports API as the built-in ones.

    ``run(actor=, organization=, files=, dry_run=, progress=, mapping=)`` returns an
    object with ``as_json()`` and ``committed`` (an ``interop.report.ImportReport``, say).
    ``files`` are bytes from the wizard and the imports API, paths from ``styrbar_import``
    (so a large file can be streamed); ``mapping`` is the name of a column mapping the app
    saved (``--mapping``; '' = its default), refused with a ``TableError`` by an app that
    keeps none. ``detect(tables)`` tells from a spreadsheet's tables (headers) whether a
    file is of this kind. This is the one way an app adds an importer."""

    kind: str
    label: StrOrPromise
    run: Any
    detect: Any
    order: int


@dataclass
class Registry:
    _menu: list[MenuItem] = field(default_factory=list)
    _cards: list[Card] = field(default_factory=list)
    _urls: list[UrlMount] = field(default_factory=list)
    _api: list[ApiMount] = field(default_factory=list)
    _seeders: list[Seeder] = field(default_factory=list)
    _audited: dict[str, int] = field(default_factory=dict)
    _resources: list[Any] = field(default_factory=list)
    _hooks: dict[str, Any] = field(default_factory=dict)
    _due: list[DueProvider] = field(default_factory=list)
    _import_kinds: list[AppImporter] = field(default_factory=list)

    # Registering (AppConfig.ready) ---------------------------------------------------------

    def menu(
        self,
        url_name: str,
        label: StrOrPromise,
        *,
        permission: str,
        order: int,
        active: str | None = None,
    ) -> None:
        if any(item.url_name == url_name for item in self._menu):
            return
        prefix = active if active is not None else url_name.rsplit("_", 1)[0] + "_"
        self._menu.append(MenuItem(url_name, label, permission, prefix, order))

    def card(self, make: Callable[..., Any] | str, *, order: int) -> None:
        if all(card.make != make for card in self._cards):
            self._cards.append(Card(make, order))

    def urls(self, prefix: str, urlconf: str | tuple[list[Any], str], *, order: int) -> None:
        mount = UrlMount(prefix, urlconf, order)
        if all(existing.key != mount.key for existing in self._urls):
            self._urls.append(mount)

    def api(self, router: Any, *, order: int, prefix: str = "/") -> None:
        if all(mount.router != router for mount in self._api):
            self._api.append(ApiMount(prefix, router, order))

    def seeder(self, name: str, seed: Any, *, order: int, national: Any = None) -> None:
        if all(seeder.name != name for seeder in self._seeders):
            self._seeders.append(Seeder(name, seed, order, national))

    def audited(self, app_label: str, *, order: int = 100) -> None:
        """The app's models appear in the audit log's type filter."""
        self._audited.setdefault(app_label, order)

    def resource(self, resource: Any) -> Any:
        """Register a :class:`core.resources.Resource`; its menu entry, URLs, API and
        audit type come with it."""
        if all(existing.slug != resource.slug for existing in self._resources):
            self._resources.append(resource)
            resource.register(self)
        return resource

    def app(
        self,
        config: Any,
        *,
        order: int,
        urls: str | None = None,
        api: bool = False,
        card: str | None = None,
        seeder: int | None = None,
        menu: tuple[tuple[str, StrOrPromise, str, int, str], ...] = (),
    ) -> None:
        """Register an app by the project's conventions, in one call from its ``ready()``:
        its URLconf ``<app>.urls`` at ``urls``, its router ``<app>.api:router`` (``api``),
        the dashboard card ``<app>.dashboard:<card>``, the demo seeder ``<app>.demo:seed``
        run at ``seeder``, its audited models, and its menu items as
        ``(url name, label, permission, order, active prefix)``."""
        name = config.name
        self.audited(config.label, order=order)
        if urls is not None:
            self.urls(urls, f"{name}.urls", order=order)
        if api:
            self.api(f"{name}.api:router", order=order)
        if card:
            self.card(f"{name}.dashboard:{card}", order=order)
        if seeder is not None:
            self.seeder(config.label, f"{name}.demo:seed", order=seeder)
        for url_name, label, permission, item_order, active in menu:
            self.menu(url_name, label, permission=permission, order=item_order, active=active)

    def hook(self, name: str, target: Any) -> None:
        """A function a lower layer calls without importing the app that provides it
        (e.g. ``member_organization`` from organizations for ``core.api``)."""
        self._hooks[name] = target

    def due(self, kind: str, provider: Any, *, order: int) -> None:
        """Register what falls due in an app under ``kind`` (:mod:`core.due`)."""
        if all(existing.kind != kind for existing in self._due):
            self._due.append(DueProvider(kind, provider, order))

    def import_kind(
        self, kind: str, label: StrOrPromise, *, run: Any, detect: Any, order: int
    ) -> None:
        """Add an importer of CSV/XLSX files to the import machinery (:class:`AppImporter`)."""
        if all(existing.kind != kind for existing in self._import_kinds):
            self._import_kinds.append(AppImporter(kind, label, run, detect, order))

    # Reading -------------------------------------------------------------------------------

    @staticmethod
    def _ordered(items: list[Any]) -> list[Any]:
        return sorted(items, key=lambda item: item.order)  # stable: registration order

    def menu_items(self) -> list[MenuItem]:
        return self._ordered(self._menu)

    def cards(self) -> Iterator[Callable[..., Any]]:
        for card in self._ordered(self._cards):
            yield resolve(card.make)

    def url_mounts(self) -> list[UrlMount]:
        return self._ordered(self._urls)

    def api_mounts(self) -> Iterator[tuple[str, Any]]:
        for mount in self._ordered(self._api):
            yield mount.prefix, resolve(mount.router)

    def seeders(self) -> list[Seeder]:
        return self._ordered(self._seeders)

    def due_providers(self) -> Iterator[tuple[str, Callable[..., Any]]]:
        for entry in self._ordered(self._due):
            yield entry.kind, resolve(entry.provider)

    def import_kinds(self) -> list[AppImporter]:
        return self._ordered(self._import_kinds)

    def import_kind_of(self, kind: str) -> AppImporter | None:
        return next((entry for entry in self._import_kinds if entry.kind == kind), None)

    def audited_app_labels(self) -> list[str]:
        return sorted(self._audited, key=lambda label: self._audited[label])

    def hooked(self, name: str) -> bool:
        """Whether some app registered the hook ``name``."""
        return name in self._hooks

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            target = self._hooks[name]
        except KeyError:
            raise LookupError(f"No app registered the hook {name!r}.") from None
        return resolve(target)(*args, **kwargs)


registry = Registry()
