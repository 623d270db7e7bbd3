"""How the API reads and writes an organization's resources, one way for every app.

* :class:`Ref` - a payload field naming other objects by id; :func:`resolve_refs` turns
  ids into objects the organization may use (a foreign or unknown id is a 400 naming the
  field).
* :class:`ApiResource` - the queryset of a resource (with what its output schema needs)
  and how many-to-many ids are attached to a page of rows (ONE query, :func:`attach_ids`).
* :class:`Writable` - the write path: the organization in the path first, then the object
  in it (another organization's object is a 404 before any permission is checked), the
  permission (with the object, so object-level rules apply), then the service called with
  ``actor`` (:class:`core.api.routes.Crud` reads the object back as its detail answers it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, QuerySet, Value
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja.errors import HttpError

from core.api.tenancy import member_organization
from core.concurrency import expecting, if_match_versions, version
from core.filters import FilterSpec
from core.permissions import require


def many_to_many_ids(
    model: type[models.Model], pks: Iterable[int], fields: Mapping[str, str]
) -> dict[str, dict[int, list[int]]]:
    """The sorted target ids of the many-to-many fields of ``model`` for the rows ``pks``.

    ``fields`` maps a field name to a label; the answer is ``{label: {pk: [ids]}}`` with
    an entry (maybe empty) for every pk. ONE query (a UNION ALL over the through tables)
    whatever the number of rows and fields; none without rows.
    """
    wanted = list(pks)
    found: dict[str, dict[int, list[int]]] = {
        label: {pk: [] for pk in wanted} for label in fields.values()
    }
    if not wanted:
        return found
    parts = []
    for name, label in fields.items():
        field = model._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        owner = through._meta.get_field(field.m2m_field_name()).attname  # type: ignore[union-attr]
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname  # type: ignore[union-attr]
        parts.append(
            through.objects.filter(**{f"{owner}__in": wanted})
            .annotate(link=Value(label, output_field=CharField()))
            .values_list(owner, target, "link")
        )
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for owner_id, target_id, label in query:
        found[label][owner_id].append(target_id)
    for by_pk in found.values():
        for ids in by_pk.values():
            ids.sort()
    return found


def attach_ids(
    objects: Iterable[Any], model: type[models.Model], fields: Mapping[str, str]
) -> None:
    """Set ``obj.<attr>`` to the sorted ids of the many-to-many field ``name`` for every
    ``name -> attr`` in ``fields``, for all objects with ONE query."""
    by_pk = {obj.pk: obj for obj in objects}
    found = many_to_many_ids(model, by_pk, fields)
    for attr, ids in found.items():
        for pk, obj in by_pk.items():
            setattr(obj, attr, ids[pk])


def m2m(model: type[models.Model], fields: Mapping[str, str]) -> Callable[[list[Any]], None]:
    """An ``attach`` for :class:`ApiResource`: the ids of ``fields`` on a page of rows."""
    return lambda objects: attach_ids(objects, model, fields)


def linked(refs: Mapping[str, Ref]) -> dict[str, str]:
    """The many-to-many fields that ``refs`` write, each with the payload field naming its
    ids, which is also the output field reading them: ``{"kle_subjects": "kle_subject_ids"}``."""
    return {ref.kwarg: key for key, ref in refs.items() if ref.many}


def user_name(user: Any) -> str | None:
    """How the API names a user: the full name, else the username (None for no user)."""
    return (user.get_full_name() or user.get_username()) if user is not None else None


def related(relation: str, attr: str | None = "name") -> Any:
    """A django-ninja ``resolve_<field>`` for an output field naming a related object:
    ``attr`` of the object behind the foreign key ``relation`` (its ``str()`` when ``attr``
    is None), None when the key is empty. Use as ``resolve_parent_name = related("parent")``.
    """

    def resolve(obj: Any) -> Any:
        if not getattr(obj, f"{relation}_id"):
            return None
        target = getattr(obj, relation)
        return str(target) if attr is None else getattr(target, attr)

    return staticmethod(resolve)


def resolved(path: str, convert: Callable[[Any], Any] | None = None) -> Any:
    """A django-ninja ``resolve_<field>``: the attribute at the dotted ``path`` of the
    object, passed through ``convert`` (e.g. ``str``) when given."""
    names = path.split(".")

    def resolve(obj: Any) -> Any:
        for name in names:
            obj = getattr(obj, name)
        return obj if convert is None else convert(obj)

    return staticmethod(resolve)


def pks(relation: str) -> Any:
    """A django-ninja ``resolve_<field>``: the ids of the (prefetched) rows of
    ``relation``, in the relation's order."""
    return staticmethod(lambda obj: [row.pk for row in getattr(obj, relation).all()])


def _nothing(objects: list[Any]) -> None:
    return None


@dataclass(frozen=True)
class Ref:
    """A payload field that names other objects by id: ``kwarg`` is the service argument,
    ``source(organization)`` the queryset the ids must come from."""

    kwarg: str
    source: Callable[[Any], QuerySet[Any]]
    many: bool = False


MAX_ID = 2**63 - 1


def objects_by_ids(queryset: QuerySet[Any], ids: Iterable[int], field: str) -> list[Any]:
    wanted = list(dict.fromkeys(ids))
    # An id beyond a database integer cannot exist (and SQLite cannot even compare it).
    possible = [pk for pk in wanted if isinstance(pk, int) and 0 < pk <= MAX_ID]
    found = queryset.in_bulk(possible) if possible else {}
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise ValidationError({field: _("Id %(ids)s findes ikke.") % {"ids": ", ".join(missing)}})
    return [found[pk] for pk in wanted]


def resolve_refs(
    organization: Any, data: Mapping[str, Any], refs: Mapping[str, Ref]
) -> dict[str, Any]:
    """Payload -> service keyword arguments: ids become objects the organization may use."""
    fields: dict[str, Any] = {}
    for key, value in data.items():
        ref = refs.get(key)
        if ref is None:
            fields[key] = value
        elif ref.many:
            # The document allows null for a list of ids (optional fields are nullable):
            # null is no objects, as an empty list (it raised a TypeError: a 500).
            fields[ref.kwarg] = objects_by_ids(ref.source(organization), value or [], key)
        else:
            fields[ref.kwarg] = (
                None if value is None else objects_by_ids(ref.source(organization), [value], key)[0]
            )
    return fields


STALE = gettext_noop(
    "Objektet er ændret, siden du hentede det (If-Match passer ikke). "
    "Hent det igen, og gentag ændringen."
)


@contextmanager
def precondition(request: HttpRequest, obj: Any) -> Iterator[None]:
    """Honour ``If-Match`` around a write of obj: a stale version is a 412 at once, and
    the service's first audited write of obj compares again under the row lock
    (:func:`core.concurrency.expecting`; a :class:`~core.concurrency.Conflict` there is
    answered 412 by the API's error handler). Without the header the write goes ahead
    (field by field: :func:`core.services.update_audited` saves only changed columns)."""
    versions = if_match_versions(request.headers.get("If-Match"))
    if versions is not None and version(obj) not in versions:
        raise HttpError(412, _(STALE))
    with expecting(obj, versions):
        yield


@dataclass(frozen=True)
class ApiResource:
    """How the API reads one organization-owned resource: its queryset (a selector called as
    ``queryset(organization=)``, with the prefetches the output schema needs), how
    many-to-many ids are attached to a page of rows, the
    permission to read it, the filters of its list and the model whose choices the list's
    parameters offer (:func:`core.api.params.list_params`)."""

    queryset: Callable[..., QuerySet[Any]]
    attach: Callable[[list[Any]], None] = _nothing
    permission: str = ""
    filters: FilterSpec | None = None
    model: type[models.Model] | None = None

    def readable(self, request: HttpRequest, org_id: int) -> Any:
        """The organization in the path, for a member who may read the resource."""
        return member_organization(request, org_id, self.permission or None)

    def one(self, organization: Any, pk: int) -> Any:
        obj = get_object_or_404(self.queryset(organization=organization), pk=pk)
        self.attach([obj])
        return obj

    def detail(self, request: HttpRequest, org_id: int, pk: int) -> Any:
        return self.one(self.readable(request, org_id), pk)

    def page(self, request: HttpRequest, org_id: int) -> dict[str, Any]:
        from core.api import paginate

        queryset = self.queryset(organization=self.readable(request, org_id))
        page = paginate(request, queryset, filterset=self.filters)
        self.attach(page["items"])
        return page


@dataclass(frozen=True)
class Writable:
    """How the API writes one organization-owned resource, the same way for each.

    The organization in the path comes first, then (for an existing object) ``get`` finds
    the object in it, so another organization's object is a 404 before ``permission`` is
    checked (with the object, for object-level rules such as a systemejer's). Payload ids
    become objects through ``refs``; other payload keys go to the service as they are.
    Services are called with ``actor`` and, for an existing object, the object as the
    keyword ``kwarg``. A write answers the object as its detail endpoint reads it.
    """

    resource: ApiResource
    permission: str
    get: Callable[..., Any]  # a selector: get(organization=, pk=), 404 for other orgs' objects
    kwarg: str
    refs: Mapping[str, Ref]

    def target(
        self, request: HttpRequest, org_id: int, pk: int, permission: str | None = None
    ) -> tuple[Any, Any]:
        """The organization and the object in the path, for a user who may change it."""
        org = member_organization(request, org_id)
        obj = self.get(organization=org, pk=pk)
        require(request.user, org, permission or self.permission, obj)
        return org, obj

    def create(
        self,
        request: HttpRequest,
        org_id: int,
        service: Callable[..., Any],
        data: Mapping[str, Any],
    ) -> tuple[int, Any]:
        org = member_organization(request, org_id, self.permission)
        obj = service(actor=request.user, organization=org, **self.fields(org, data))
        return 201, self.resource.one(org, obj.pk)

    def call(
        self,
        request: HttpRequest,
        org_id: int,
        pk: int,
        service: Callable[..., Any],
        permission: str | None = None,
        arguments: Callable[[Any], Mapping[str, Any]] = lambda organization: {},
    ) -> tuple[Any, Any]:
        """Call ``service`` on the object in the path, for a user who may change it
        (``permission``, default: the resource's), with ``actor`` and
        ``arguments(organization)`` - made only once the object and the permission are
        checked; return the organization and the object."""
        org, obj = self.target(request, org_id, pk, permission)
        with precondition(request, obj):
            service(actor=request.user, **{self.kwarg: obj}, **arguments(org))
        return org, obj

    def fields(self, organization: Any, data: Mapping[str, Any]) -> dict[str, Any]:
        """Payload -> service keyword arguments: ids through ``refs``, the rest as it is."""
        return resolve_refs(organization, data, self.refs)
