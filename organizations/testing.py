"""Reusable org-aware test machinery: factories and the permission/isolation mixins.

Every view and API operation of every app is declared in a ``ViewCase`` or ``ApiCase`` of
some test class that uses ``ViewAccessMixin`` / ``ApiAccessMixin``. The mixins then check,
for each declared case:

* anonymous users are sent to the login page (views) or get 401 (API);
* each organization role either may use it (2xx/3xx) or gets 403;
* an object of another organization is a 404 for a user of this one, on every method,
  and is left unchanged (tenant isolation); lists never show it.

Each check is its own pytest item per case (and per role), named after it, e.g.
``test_roles[portfolio:usage_edit-post-laeser]`` or
``test_api_roles[PATCH-/api/v1/organizations/{org_id}/units/{unit_id}-laeser]``, so a
failure names its cause and one failure does not hide the others.

``tests/test_meta_coverage.py`` fails when a URL pattern or API operation is in no case.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from core.audit import snapshot
from core.permissions import ALL_ROLES
from core.testing import ALL as ALL  # re-exported for the tests
from core.testing import SUPERUSER as SUPERUSER
from core.testing import ApiCase as ApiCase
from core.testing import ViewCase as ViewCase
from organizations.choices import OrganizationKind
from organizations.models import Membership, Organization

_counter = itertools.count(1)

# Factories ------------------------------------------------------------------------------


def make_organization(
    name: str | None = None, kind: str = OrganizationKind.KOMMUNE, **fields: Any
) -> Organization:
    n = next(_counter)
    return Organization.objects.create(
        name=name or f"Testkommune {n}", kind=kind, is_demo=True, **fields
    )


def make_user(
    username: str | None = None,
    *,
    organization: Organization | None = None,
    roles: Iterable[str] = (),
    password: str = "test-password-1",
    **fields: Any,
) -> Any:
    n = next(_counter)
    user = get_user_model().objects.create_user(
        username=username or f"bruger{n}",
        password=password,
        email=f"bruger{n}@example.invalid",
        **fields,
    )
    for role in roles:
        assert organization is not None, "roles need an organization"
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


def make_token(user: Any) -> str:
    from accounts.services import api_token_create

    _token, raw = api_token_create(actor=user, user=user, name="test")
    return raw


def logged_in_client(user: Any, organization: Organization | None = None) -> Client:
    from organizations.middleware import SESSION_KEY

    client = Client()
    client.force_login(user)
    if organization is not None:
        session = client.session
        session[SESSION_KEY] = organization.pk
        session.save()
    return client


# Fixtures (an app's tests/conftest.py imports the ones it uses) -------------------------


@pytest.fixture
def org() -> Organization:
    """An organization for the test."""
    return make_organization()


def member_fixture(role: str) -> Any:
    """A fixture: a new user of ``org`` with ``role``, e.g. ``admin = member_fixture(
    "administrator")`` in a test module or conftest."""

    @pytest.fixture
    def member(org: Organization) -> Any:
        return make_user(organization=org, roles=[role])

    return member


architect = member_fixture("arkitekt")
editor = member_fixture("redaktoer")


# Case builders --------------------------------------------------------------------------

Data = Callable[[Any, Any], dict[str, Any]]  # (testcase, organization) -> POST data / payload

# The pages an entity's generic views have (``core.resources.Resource.urlpatterns``).
ENTITY_PAGES = ("list", "create", "detail", "history", "edit", "delete")
# The operations of an entity's API (``core.resources.Resource.router``).
ENTITY_OPERATIONS = ("list", "create", "detail", "update", "delete")


def fixed(data: dict[str, Any]) -> Data:
    """POST data or an API payload that does not depend on the test or organization."""
    return lambda test, organization: dict(data)


def form_cases(
    url_name: str, data: Data | None = None, *, post_ok: tuple[int, ...] = (), **common: Any
) -> tuple[ViewCase, ViewCase]:
    """A form page: GET shows it, POST submits ``data``; both with the same roles, object
    and URL arguments (``common``). ``post_ok`` narrows the POST's accepted statuses."""
    post: dict[str, Any] = {"ok": post_ok} if post_ok else {}
    return (
        ViewCase(url_name, **common),
        ViewCase(url_name, method="post", data=data, **common, **post),
    )


@dataclass(frozen=True)
class Entity:
    """An entity in the access tests: the test class's ``make_<obj>(organization)`` builds
    it, ``view`` may read it and ``change`` may write it. Declares its standard pages and
    API operations the way ``core.resources.Resource.view_cases`` and ``api_cases`` do."""

    obj: str
    view: frozenset[str] = ALL
    change: frozenset[str] = ALL

    def pages(
        self,
        stem: str,
        *,
        create: Data | None = None,
        edit: Data | None = None,
        only: Iterable[str] = ENTITY_PAGES,
    ) -> tuple[ViewCase, ...]:
        """The pages ``<stem>_<page>`` (``only`` these of :data:`ENTITY_PAGES`): list,
        detail and history; create, edit and delete, each GET and POST (``create`` and
        ``edit`` the POST data)."""
        obj, view, change = self.obj, self.view, self.change
        cases: dict[str, tuple[ViewCase, ...]] = {
            "list": (ViewCase(f"{stem}_list", allowed=view),),
            "create": form_cases(f"{stem}_create", create, allowed=change),
            "detail": (ViewCase(f"{stem}_detail", allowed=view, obj=obj),),
            "history": (ViewCase(f"{stem}_history", allowed=view, obj=obj),),
            "edit": form_cases(f"{stem}_edit", edit, allowed=change, obj=obj),
            "delete": form_cases(f"{stem}_delete", allowed=change, obj=obj),
        }
        return tuple(case for page in _known(only, cases) for case in cases[page])

    def form(self, url_name: str, data: Data | None = None) -> tuple[ViewCase, ViewCase]:
        """A form page on the entity for ``change``: GET, and POST with ``data``."""
        return form_cases(url_name, data, allowed=self.change, obj=self.obj)

    def post(self, url_name: str, data: Data | None = None) -> ViewCase:
        """A POST-only action on the entity for ``change``."""
        return ViewCase(url_name, allowed=self.change, obj=self.obj, method="post", data=data)

    def call(self, method: str, path: str, payload: Data | None = None) -> ApiCase:
        """An API operation on the entity for ``change``."""
        return ApiCase(method, path, allowed=self.change, obj=self.obj, payload=payload)

    def operations(
        self,
        path: str,
        item: str,
        *,
        create: Data | None = None,
        update: Data | None = None,
        only: Iterable[str] = ENTITY_OPERATIONS,
    ) -> tuple[ApiCase, ...]:
        """The API operations (``only`` these of :data:`ENTITY_OPERATIONS`): ``GET`` and
        ``POST path``, ``GET``, ``PATCH`` and ``DELETE path/item`` (e.g. ``"{unit_id}"``);
        ``create`` and ``update`` the payloads."""
        obj, view, change, one = self.obj, self.view, self.change, f"{path}/{item}"
        cases = {
            "list": ApiCase("GET", path, allowed=view),
            "create": ApiCase("POST", path, allowed=change, payload=create),
            "detail": ApiCase("GET", one, allowed=view, obj=obj),
            "update": ApiCase("PATCH", one, allowed=change, obj=obj, payload=update),
            "delete": ApiCase("DELETE", one, allowed=change, obj=obj),
        }
        return tuple(cases[operation] for operation in _known(only, cases))


def _known(names: Iterable[str], cases: dict[str, Any]) -> tuple[str, ...]:
    names = tuple(names)
    assert set(names) <= set(cases), names
    return names


# Declarations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _PerCase:
    cases: str  # the test class's attribute that declares the cases
    roles: tuple[str, ...]  # one item per (case, role); empty: one item per case
    applies: Callable[[Any, Any], bool]  # (test instance, case) -> does the check apply


def per_case(
    cases: str,
    *,
    roles: Iterable[str] = (),
    applies: Callable[[Any, Any], bool] = lambda test, case: True,
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Make a test method one item per declared case (arguments ``case``, and ``role``
    when ``roles`` are given); ``_AccessBase.pytest_generate_tests`` reads the mark."""
    spec = _PerCase(cases, tuple(roles), applies)

    def mark(test: Callable[..., None]) -> Callable[..., None]:
        test.per_case = spec  # type: ignore[attr-defined]
        return test

    return mark


def _tenant_owned_view(test: Any, case: ViewCase) -> bool:
    # Superuser pages and shared objects are not tenant-owned.
    return bool(case.obj) and case.allowed != SUPERUSER and not case.shared


def _org_list_view(test: Any, case: ViewCase) -> bool:
    return not case.obj and case.method == "get" and bool(getattr(test, "list_marker", None))


def _tenant_owned_operation(test: Any, case: ApiCase) -> bool:
    return ("{org_id}" in case.path or bool(case.obj)) and not case.shared


class _AccessBase:
    """Shared helpers; subclasses provide ``make_<name>(organization)`` factories."""

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """pytest calls this for every test method of the class: a method marked with
        ``per_case`` becomes one item per applicable case (and role). A subclass that
        overrides such a method without the mark gets a plain test."""
        spec: _PerCase | None = getattr(metafunc.function, "per_case", None)
        if spec is None:
            return
        cases = [case for case in getattr(self, spec.cases) if spec.applies(self, case)]
        if spec.roles:
            pairs = [(case, role) for case in cases for role in spec.roles]
            ids = [f"{case.test_id}-{role}" for case, role in pairs]
            metafunc.parametrize(("case", "role"), pairs, ids=ids)
        else:
            metafunc.parametrize("case", cases, ids=[case.test_id for case in cases])

    def make(self, name: str, organization: Organization) -> Any:
        return getattr(self, f"make_{name}")(organization)

    def user_with(self, organization: Organization, role: str) -> Any:
        if role == "superuser":
            return make_user(organization=organization, roles=[], is_superuser=True)
        return make_user(organization=organization, roles=[role])

    def user_with_all_roles(self, organization: Organization) -> Any:
        return make_user(organization=organization, roles=ALL_ROLES)

    @staticmethod
    def reload(obj: Any) -> dict[str, Any] | None:
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
        return snapshot(fresh) if fresh is not None else None


class ViewAccessMixin(_AccessBase):
    view_cases: tuple[ViewCase, ...] = ()

    def _url(self, case: ViewCase, obj: Any) -> str:
        if obj is None:
            return reverse(case.url_name)
        kwargs = case.kwargs(obj) if case.kwargs else {"pk": obj.pk}
        return reverse(case.url_name, kwargs=kwargs)

    def _request(self, client: Client, case: ViewCase, url: str, organization: Organization) -> Any:
        if case.method == "post":
            data = case.data(self, organization) if case.data else {}
            return client.post(url, data)
        return client.get(url)

    @per_case("view_cases")
    def test_anonymous_is_sent_to_login(self, case: ViewCase) -> None:
        org = make_organization()
        obj = self.make(case.obj, org) if case.obj else None
        response = self._request(Client(), case, self._url(case, obj), org)
        assert response.status_code == 302, response.status_code
        assert reverse("accounts:login") in response["Location"]

    @per_case("view_cases", roles=[*ALL_ROLES, "superuser"])
    def test_roles(self, case: ViewCase, role: str) -> None:
        org = make_organization()
        obj = self.make(case.obj, org) if case.obj else None
        user = self.user_with(org, role)
        response = self._request(logged_in_client(user, org), case, self._url(case, obj), org)
        if role in case.allowed:
            expected = case.ok
        elif role == "superuser":
            # A superuser without membership has no organization here: 403 or 404.
            expected = (403, 404)
        else:
            expected = (403,)
        assert response.status_code in expected, response.status_code

    @per_case("view_cases", applies=_tenant_owned_view)
    def test_other_organizations_objects_are_404(self, case: ViewCase) -> None:
        mine, theirs = make_organization(), make_organization()
        client = logged_in_client(self.user_with_all_roles(mine), mine)
        assert case.obj is not None
        obj = self.make(case.obj, theirs)
        before = self.reload(obj)
        response = self._request(client, case, self._url(case, obj), mine)
        assert response.status_code == 404, response.status_code
        assert self.reload(obj) == before, "changed another organization's object"

    @per_case("view_cases", applies=_org_list_view)
    def test_lists_hide_other_organizations(self, case: ViewCase) -> None:
        mine, theirs = make_organization(), make_organization()
        client = logged_in_client(self.user_with_all_roles(mine), mine)
        marker = self.list_marker(theirs)  # type: ignore[attr-defined]
        response = client.get(self._url(case, None))
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and html:
            assert marker not in response.content.decode(), marker


class ApiAccessMixin(_AccessBase):
    api_cases: tuple[ApiCase, ...] = ()

    def _path(self, case: ApiCase, organization: Organization, obj: Any) -> str:
        path = case.path.replace("{org_id}", str(organization.pk))
        if obj is not None:
            path = re.sub(r"\{[a-z_]+\}", str(obj.pk), path)
        return path

    def _call(self, case: ApiCase, path: str, organization: Organization, token: str | None) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        payload = case.payload(self, organization) if case.payload else None
        client = Client()
        method = getattr(client, case.method.lower())
        if payload is not None:
            return method(path, payload, content_type="application/json", **headers)
        return method(path, **headers)

    @per_case("api_cases")
    def test_api_anonymous_is_401(self, case: ApiCase) -> None:
        org = make_organization()
        obj = self.make(case.obj, org) if case.obj else None
        response = self._call(case, self._path(case, org, obj), org, None)
        assert response.status_code == 401, response.status_code
        assert "message" in response.json()

    @per_case("api_cases", roles=ALL_ROLES)
    def test_api_roles(self, case: ApiCase, role: str) -> None:
        org = make_organization()
        obj = self.make(case.obj, org) if case.obj else None
        token = make_token(self.user_with(org, role))
        response = self._call(case, self._path(case, org, obj), org, token)
        expected = case.ok if role in case.allowed else (403,)
        assert response.status_code in expected, (response.status_code, response.content[:300])

    @per_case("api_cases", applies=_tenant_owned_operation)
    def test_api_other_organization_is_404(self, case: ApiCase) -> None:
        mine, theirs = make_organization(), make_organization()
        token = make_token(self.user_with_all_roles(mine))
        # 1) the other organization in the path; 2) our organization with their object.
        obj = self.make(case.obj, theirs) if case.obj else None
        before = self.reload(obj) if obj is not None else None
        attempts = [self._path(case, theirs, obj)]
        if obj is not None and "{org_id}" in case.path:
            attempts.append(self._path(case, mine, obj))
        for path in attempts:
            response = self._call(case, path, mine, token)
            assert response.status_code == 404, (path, response.status_code)
            assert "message" in response.json()
        if obj is not None:
            assert self.reload(obj) == before, "changed another organization's object"
