"""What the portfolio API tests share: a client per role and small builders."""

from __future__ import annotations

import itertools
from typing import Any

from django.test import Client

from core.models import AuditEvent
from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_token, make_user
from portfolio import choices as c
from portfolio.models import (
    CatalogSystem,
    KleSubject,
    RoleType,
    SystemUsage,
)

V1 = "/api/v1"
_n = itertools.count(1)


class Api:
    """A test client speaking JSON with a personal API token."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.client = Client()
        self.headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"{V1}{path}", params or {}, **self.headers)

    def send(self, method: str, path: str, data: Any) -> Any:
        call = getattr(self.client, method)
        return call(f"{V1}{path}", data, content_type="application/json", **self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.send("post", path, data)

    def patch(self, path: str, data: Any) -> Any:
        return self.send("patch", path, data)

    def put(self, path: str, data: Any) -> Any:
        return self.send("put", path, data)

    def delete(self, path: str) -> Any:
        return self.client.delete(f"{V1}{path}", **self.headers)


def member(org: Organization, role: str = "redaktoer") -> Api:
    return Api(make_user(organization=org, roles=[role]))


def system(name: str = "", **fields: Any) -> CatalogSystem:
    fields.setdefault("business_type", c.BusinessType.FAGSYSTEM)
    return CatalogSystem.objects.create(name=name or f"System {next(_n)}", **fields)


def usage(org: Organization, name: str = "", **fields: Any) -> SystemUsage:
    fields.setdefault("catalog_system", system())
    return SystemUsage.objects.create(
        organization=org, local_name=name or f"Anvendelse {next(_n)}", **fields
    )


def unit(org: Organization, name: str = "") -> OrganizationUnit:
    return OrganizationUnit.objects.create(organization=org, name=name or f"Enhed {next(_n)}")


def kle(number: str) -> KleSubject:
    return KleSubject.objects.get(number=number)


def component() -> CatalogSystem:
    return CatalogSystem.objects.get(name="Serviceplatformen", owner_organization=None)


def systemejer() -> RoleType:
    return RoleType.objects.get(organization=None, key="systemejer")


def actions(model: str, pk: int) -> list[str]:
    return sorted(
        AuditEvent.objects.filter(object_id=str(pk), content_type__model=model).values_list(
            "action", flat=True
        )
    )
