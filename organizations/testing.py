"""Reusable org-aware test machinery: factories and the permission/isolation mixins.

Declaring the cases (the access-case step of "adding a module")
-----------------------------------------------------------------
Every page and every API operation of every app is declared in a ``ViewCase`` or
``ApiCase`` of a test class that uses ``ViewAccessMixin`` / ``ApiAccessMixin``:

* a page once per HTTP method its view accepts: a form (GET and POST) is two cases
  (``form_cases``, ``Entity.form``, ``Entity.pages`` build both), a POST-only button one
  (``Entity.post``). A POST case gives the POST data (``data``) a valid submission needs:
  an allowed role must get the view's success redirect, not the form with errors;
* an object the page or operation addresses is named by ``obj="usage"``; the class then
  has ``make_usage(organization)`` building one. A URL with an object argument (``pk``,
  ``…_pk``, ``…_id``) needs an ``obj``;
* ``allowed`` names the roles that may use it (default: all); everyone else gets 403;
* where an allowed role is redirected: ``redirect="portfolio:usage_detail"`` (a URL name);
  by default a same-site page that is not the login page, and for a POST the success page
  the view names (:func:`expected_redirect`);
* a class whose cases include a list (an ``ObjectListView``, a page declared with
  ``lists=True`` or an API operation answering ``{items, count}``) has
  ``list_marker(organization) -> str``: it plants an object of ``organization`` and returns
  a text that is unique to the call (use :func:`unique`) and shows in the list.

The class's name starts with ``Test`` and it lives in a ``tests/test_*.py`` module (else
pytest never runs it); it does not override the mixins' ``test_*`` methods. Exceptions to
the checks are listed in :data:`EXEMPTIONS`, each with its reason, and nowhere else.

What the mixins check
---------------------
For each declared case:

* anonymous users are sent to the login page (views) or get 401 (API);
* each organization role either may use it (the case's ``ok`` statuses; a redirect goes
  where the case says; a POST leaves no error message) or gets 403;
* an object of another organization is a 404 for a user of this one, on every method, and
  is left unchanged (tenant isolation); a POST without an object, given data built from
  another organization's objects, changes nothing of that organization;
* lists show an object of the user's organization (the positive control) and never one of
  another organization, for pages and for API lists.

Each check is its own pytest item per case (and per role), named after it, e.g.
``test_roles[portfolio:usage_edit-post-laeser]`` or
``test_api_roles[PATCH-/api/v1/organizations/{org_id}/units/{unit_id}-laeser]``, so a
failure names its cause and one failure does not hide the others.

``tests/test_meta_coverage.py`` fails when a (URL pattern, method the view accepts) or API
operation is in no case, when a class with cases is not collected or overrides a check,
and when an exemption has no reason; it prints the exemptions at the end of the run.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import resolve, reverse

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
    redirect: str | None = None  # where its POSTs succeed to (ViewCase.redirect)

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
        obj, view, change, to = self.obj, self.view, self.change, self.redirect
        cases: dict[str, tuple[ViewCase, ...]] = {
            "list": (ViewCase(f"{stem}_list", allowed=view),),
            "create": form_cases(f"{stem}_create", create, allowed=change, redirect=to),
            "detail": (ViewCase(f"{stem}_detail", allowed=view, obj=obj),),
            "history": (ViewCase(f"{stem}_history", allowed=view, obj=obj),),
            "edit": form_cases(f"{stem}_edit", edit, allowed=change, obj=obj, redirect=to),
            "delete": form_cases(f"{stem}_delete", allowed=change, obj=obj, redirect=to),
        }
        return tuple(case for page in _known(only, cases) for case in cases[page])

    def form(self, url_name: str, data: Data | None = None) -> tuple[ViewCase, ViewCase]:
        """A form page on the entity for ``change``: GET, and POST with ``data``."""
        return form_cases(url_name, data, allowed=self.change, obj=self.obj, redirect=self.redirect)

    def post(self, url_name: str, data: Data | None = None) -> ViewCase:
        """A POST-only action on the entity for ``change``."""
        return ViewCase(
            url_name,
            allowed=self.change,
            obj=self.obj,
            method="post",
            data=data,
            redirect=self.redirect,
        )

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


# Exemptions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Exemption:
    """A check that runs differently for one case, and why.

    ``foreign``: the status a member of another organization gets instead of 404 (the
    attempt must still change nothing); None: the check does not run for the case."""

    reason: str
    foreign: tuple[int, ...] | None = None


# Every exception to the checks, keyed by (check, case id); nowhere else. The checks are
# "isolation" (another organization's object, or a POST with its data) and "list" (lists
# hide other organizations). tests/test_meta_coverage.py prints them at the end of a run
# and fails for one without a reason or for one that matches no declared case.
_SHARED_VENDOR = (
    "Vendors are one register that every organization shares and reads; a vendor is "
    "maintained only by the organization that created it."
)
_SUPERUSER_ONLY = (
    "For superusers only, who work across organizations: a member of another "
    "organization gets 403 and changes nothing."
)
_KLE = "The KLE subjects are shared reference data (KL's classification), the same for all."
_CADENCE = (
    "A municipality's review cadences are rows of the knowledge base's fixed rules (rule and "
    "months), with no text of their own to mark; another organization's override is a 404 "
    "(the isolation checks run)."
)

EXEMPTIONS: dict[tuple[str, str], Exemption] = {
    ("isolation", "portfolio:vendor_detail-get"): Exemption(_SHARED_VENDOR, foreign=(200,)),
    ("isolation", "portfolio:vendor_edit-get"): Exemption(
        f"{_SHARED_VENDOR} Another organization's member is refused the form (403), as saving.",
        foreign=(403,),
    ),
    ("isolation", "portfolio:vendor_edit-post"): Exemption(
        f"{_SHARED_VENDOR} Another organization's buyer gets 403 and changes nothing.",
        foreign=(403,),
    ),
    ("isolation", "GET-/api/v1/vendors/{vendor_id}"): Exemption(_SHARED_VENDOR, foreign=(200,)),
    ("list", "portfolio:vendor_list-get"): Exemption(
        f"{_SHARED_VENDOR} So the list shows other organizations' vendors too."
    ),
    ("list", "GET-/api/v1/vendors"): Exemption(
        f"{_SHARED_VENDOR} So the list shows other organizations' vendors too."
    ),
    ("list", "reviews:cadence_list-get"): Exemption(_CADENCE),
    ("list", "GET-/api/v1/organizations/{org_id}/review-cadences"): Exemption(_CADENCE),
    ("isolation", "GET-/api/v1/kle/{kle_id}"): Exemption(_KLE, foreign=(200,)),
    ("list", "GET-/api/v1/kle"): Exemption(_KLE),
    ("isolation", "organizations:admin_edit-get"): Exemption(_SUPERUSER_ONLY, foreign=(403,)),
    ("isolation", "organizations:admin_edit-post"): Exemption(_SUPERUSER_ONLY, foreign=(403,)),
    ("isolation", "catalog_review:detail-get"): Exemption(_SUPERUSER_ONLY, foreign=(403,)),
    ("isolation", "catalog_review:approve-post"): Exemption(_SUPERUSER_ONLY, foreign=(403,)),
    ("isolation", "catalog_review:reject-post"): Exemption(_SUPERUSER_ONLY, foreign=(403,)),
    # Identity providers serve several organizations and are kept by superusers.
    ("isolation", "sso:provider_edit-get"): Exemption(_SUPERUSER_ONLY, foreign=(403,)),
    ("isolation", "sso:provider_edit-post"): Exemption(_SUPERUSER_ONLY, foreign=(403,)),
}


def exemption(check: str, case: ViewCase | ApiCase) -> Exemption | None:
    return EXEMPTIONS.get((check, case.test_id))


def _skipped(check: str, case: ViewCase | ApiCase) -> bool:
    found = exemption(check, case)
    return found is not None and found.foreign is None


def unique(text: str) -> str:
    """``text`` made unique to this call, for a ``list_marker``: ``"Naboens proces [17]"``."""
    return f"{text} [{next(_counter)}]"


def organization_fingerprint(organization: Organization) -> dict[str, int]:
    """How many rows of each model belong to ``organization`` (by any foreign key to it),
    audit events included: a write that the organization's data did not see changes it
    (every governed write is audited, so an update adds an event)."""
    from django.apps import apps

    counts: dict[str, int] = {}
    for model in apps.get_models():
        keys = [
            field.name
            for field in model._meta.concrete_fields
            if field.many_to_one and field.related_model is Organization
        ]
        if keys:
            query = models.Q()
            for key in keys:
                query |= models.Q(**{key: organization})
            counts[model._meta.label] = model._default_manager.filter(query).count()
    return counts


# What the views say about themselves ----------------------------------------------------

OWN_PAGE = "<the object's own page>"


@functools.cache
def _patterns() -> dict[str, Any]:
    from core.testing import url_patterns

    return url_patterns()


def view_class(url_name: str) -> type | None:
    pattern, _args = _patterns()[url_name]
    return getattr(pattern.callback, "view_class", None)


def expected_redirect(case: ViewCase) -> str | None:
    """Where an allowed role's redirect must go, as a URL name (or :data:`OWN_PAGE`): the
    case's ``redirect``; for a POST the success page the view names (a delete's list or
    ``success_url_name``; an edit, a formset or a button the object's own page, a create
    the new object's page ``<url_stem>_detail``); else None
    (any same-site page but the login page)."""
    if case.redirect or case.method != "post":
        return case.redirect
    from core.views import ChildRowsView, ObjectActionView, ObjectDeleteView, ObjectFormView

    cls: Any = view_class(case.url_name)
    if cls is None:
        return None
    if issubclass(cls, ObjectDeleteView):
        default = cls.get_success_url is ObjectDeleteView.get_success_url
        return (cls.success_url_name or f"{cls.url_stem}_list") if default else None
    if issubclass(cls, ObjectFormView):
        default = cls.get_success_url is ObjectFormView.get_success_url
        return (cls.success_url_name or OWN_PAGE) if default else None
    if issubclass(cls, ChildRowsView):
        return OWN_PAGE if cls.post is ChildRowsView.post else None
    if issubclass(cls, ObjectActionView):
        return OWN_PAGE if cls.get_success_url is ObjectActionView.get_success_url else None
    return None


def _view_isolation(test: Any, case: ViewCase) -> bool:
    return bool(case.obj) and not _skipped("isolation", case)


def _view_foreign_data(test: Any, case: ViewCase) -> bool:
    return case.method == "post" and not case.obj and not _skipped("isolation", case)


def _view_list(test: Any, case: ViewCase) -> bool:
    if case.method != "get" or case.obj or _skipped("list", case):
        return False
    from core.views import ObjectListView

    cls = view_class(case.url_name)
    return case.lists or (cls is not None and issubclass(cls, ObjectListView))


def _api_isolation(test: Any, case: ApiCase) -> bool:
    return ("{org_id}" in case.path or bool(case.obj)) and not _skipped("isolation", case)


def _api_list(test: Any, case: ApiCase) -> bool:
    from core.testing import api_returns_list

    return (
        case.method.upper() == "GET"
        and not case.obj
        and not _skipped("list", case)
        and api_returns_list(case.method, case.path)
    )


# The mixins -----------------------------------------------------------------------------


class _AccessBase:
    """Shared helpers; subclasses provide ``make_<name>(organization)`` factories."""

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """pytest calls this for every test method of the class: a method marked with
        ``per_case`` becomes one item per applicable case (and role)."""
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
        if obj is None:
            return None
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
        return snapshot(fresh) if fresh is not None else None

    def markers(self, mine: Organization, theirs: Organization) -> tuple[str, str]:
        """Plant a listed object in each organization: (ours, theirs)."""
        list_marker = getattr(self, "list_marker", None)
        assert list_marker is not None, (
            f"{type(self).__name__} declares a list: give it list_marker(organization)"
        )
        foreign, own = list_marker(theirs), list_marker(mine)
        assert own != foreign, "list_marker must return a text unique to the call (unique())"
        return own, foreign


class ViewAccessMixin(_AccessBase):
    view_cases: tuple[ViewCase, ...] = ()

    def _url(self, case: ViewCase, obj: Any) -> str:
        if case.kwargs is not None:
            return reverse(case.url_name, kwargs=case.kwargs(obj))
        return reverse(case.url_name, kwargs={"pk": obj.pk} if obj is not None else None)

    def _request(
        self, client: Client, case: ViewCase, url: str, organization: Organization, obj: Any
    ) -> Any:
        self.obj = obj  # the POST data may read it (a form row named after its object)
        if case.method == "post":
            data = case.data(self, organization) if case.data else {}
            return client.post(url, data)
        return client.get(url)

    def assert_redirect(self, case: ViewCase, response: Any, obj: Any) -> None:
        """An allowed role's redirect goes where the case says (:func:`expected_redirect`)."""
        location = response["Location"]
        parts = urlsplit(location)
        assert parts.netloc in {"", "testserver"}, f"redirect off the site: {location}"
        match = resolve(parts.path)
        assert match.view_name != "accounts:login", f"an allowed role sent to login: {location}"
        wanted = expected_redirect(case)
        if wanted == OWN_PAGE:
            if obj is not None and case.kwargs is None:
                own = urlsplit(obj.get_absolute_url()).path  # an anchor (#punkt-1) is no path
                assert parts.path == own, (location, obj.get_absolute_url())
            elif obj is None:  # created: the new object's page
                stem = getattr(view_class(case.url_name), "url_stem", "")
                assert not stem or match.view_name == f"{stem}_detail", (location, stem)
        elif wanted:
            assert match.view_name == wanted, (location, match.view_name, wanted)
        if case.method == "post":
            storage = getattr(response.wsgi_request, "_messages", ())
            errors = [str(m) for m in storage if m.level >= messages.ERROR]
            assert not errors, f"the POST did not succeed: {errors}"

    @per_case("view_cases")
    def test_anonymous_is_sent_to_login(self, case: ViewCase) -> None:
        org = make_organization()
        obj = self.make(case.obj, org) if case.obj else None
        response = self._request(Client(), case, self._url(case, obj), org, obj)
        assert response.status_code == 302, response.status_code
        assert urlsplit(response["Location"]).path == reverse("accounts:login")

    @per_case("view_cases", roles=[*ALL_ROLES, "superuser"])
    def test_roles(self, case: ViewCase, role: str) -> None:
        org = make_organization()
        obj = self.make(case.obj, org) if case.obj else None
        user = self.user_with(org, role)
        before = self.reload(obj)
        client = logged_in_client(user, org)
        response = self._request(client, case, self._url(case, obj), org, obj)
        if role in case.allowed:
            assert response.status_code in case.ok, response.status_code
            if 300 <= response.status_code < 400:
                self.assert_redirect(case, response, obj)
            return
        # A superuser without membership has no organization here: 403 or 404.
        expected = (403, 404) if role == "superuser" else (403,)
        assert response.status_code in expected, response.status_code
        assert self.reload(obj) == before, "a role that may not changed the object"

    @per_case("view_cases", applies=_view_isolation)
    def test_other_organizations_objects_are_404(self, case: ViewCase) -> None:
        mine, theirs = make_organization(), make_organization()
        client = logged_in_client(self.user_with_all_roles(mine), mine)
        assert case.obj is not None
        obj = self.make(case.obj, theirs)
        before, fingerprint = self.reload(obj), organization_fingerprint(theirs)
        response = self._request(client, case, self._url(case, obj), mine, obj)
        listed = exemption("isolation", case)
        expected = listed.foreign if listed and listed.foreign else (404,)
        assert response.status_code in expected, response.status_code
        assert self.reload(obj) == before, "changed another organization's object"
        assert organization_fingerprint(theirs) == fingerprint, "changed another organization"

    @per_case("view_cases", applies=_view_foreign_data)
    def test_posts_with_other_organizations_data_change_nothing(self, case: ViewCase) -> None:
        """A POST without an object, with data built from another organization's objects
        (a form naming their system, their usages), changes nothing of theirs."""
        mine, theirs = make_organization(), make_organization()
        client = logged_in_client(self.user_with_all_roles(mine), mine)
        self.obj = None
        data = case.data(self, theirs) if case.data else {}
        fingerprint = organization_fingerprint(theirs)
        response = client.post(self._url(case, None), data)
        assert response.status_code < 500, response.status_code
        assert organization_fingerprint(theirs) == fingerprint, "changed another organization"

    @per_case("view_cases", applies=_view_list)
    def test_lists_hide_other_organizations(self, case: ViewCase) -> None:
        mine, theirs = make_organization(), make_organization()
        client = logged_in_client(self.user_with_all_roles(mine), mine)
        own, foreign = self.markers(mine, theirs)
        response = client.get(self._url(case, None))
        assert response.status_code == 200, response.status_code
        text = response.content.decode()
        assert own in text, f"the list does not show our own object {own!r}"
        assert foreign not in text, foreign


class ApiAccessMixin(_AccessBase):
    api_cases: tuple[ApiCase, ...] = ()

    def _path(self, case: ApiCase, organization: Organization, obj: Any) -> str:
        path = case.path.replace("{org_id}", str(organization.pk))
        for name, value in case.extra.items():
            path = path.replace(f"{{{name}}}", str(value))
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
        before = self.reload(obj)
        response = self._call(case, self._path(case, org, obj), org, token)
        if role in case.allowed:
            assert response.status_code in case.ok, (response.status_code, response.content[:300])
            return
        assert response.status_code == 403, (response.status_code, response.content[:300])
        assert self.reload(obj) == before, "a role that may not changed the object"

    @per_case("api_cases", applies=_api_isolation)
    def test_api_other_organization_is_404(self, case: ApiCase) -> None:
        mine, theirs = make_organization(), make_organization()
        token = make_token(self.user_with_all_roles(mine))
        # 1) the other organization in the path; 2) our organization with their object.
        obj = self.make(case.obj, theirs) if case.obj else None
        before, fingerprint = self.reload(obj), organization_fingerprint(theirs)
        listed = exemption("isolation", case)
        expected = listed.foreign if listed and listed.foreign else (404,)
        attempts = [self._path(case, theirs, obj)]
        if obj is not None and "{org_id}" in case.path:
            attempts.append(self._path(case, mine, obj))
        for path in attempts:
            response = self._call(case, path, mine, token)
            assert response.status_code in expected, (path, response.status_code)
            if response.status_code == 404:
                assert "message" in response.json()
        assert self.reload(obj) == before, "changed another organization's object"
        assert organization_fingerprint(theirs) == fingerprint, "changed another organization"

    @per_case("api_cases", applies=_api_list)
    def test_api_lists_hide_other_organizations(self, case: ApiCase) -> None:
        mine, theirs = make_organization(), make_organization()
        token = make_token(self.user_with_all_roles(mine))
        own, foreign = self.markers(mine, theirs)
        response = self._call(case, self._path(case, mine, None), mine, token)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        text = json.dumps(response.json(), ensure_ascii=False)
        assert own in text, f"the list does not show our own object {own!r}"
        assert foreign not in text, foreign
