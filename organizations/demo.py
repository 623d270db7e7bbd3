"""Synthetic demo data. Everything here is invented and marked as demo data in the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from organizations.choices import OrganizationKind, Role, UnitKind
from organizations.models import Membership, Organization, OrganizationUnit

DEMO_PASSWORD = "styrbar-demo"  # noqa: S105 - printed on purpose, demo only
DEMO_KOMMUNE = "Eksempel Kommune"
DEMO_COMMUNITY = "Demo-driftsfællesskabet Sydvest"
# Three real municipalities as partners in a demo community; only synthetic content.
DEMO_PARTNER_CODES = (561, 573, 575)  # Esbjerg, Varde, Vejen

DEMO_USERS = [
    ("admin", Role.ADMINISTRATOR, "Anne", "Administrator"),
    ("arkitekt", Role.ARKITEKT, "Arne", "Arkitekt"),
    ("redaktoer", Role.REDAKTOER, "Rikke", "Redaktør"),
    ("systemejer", Role.SYSTEMEJER, "Søren", "Systemejer"),
    ("indkoeber", Role.INDKOEBER, "Inge", "Indkøber"),
    ("laeser", Role.LAESER, "Lars", "Læser"),
]

# forvaltning -> afdelinger (-> teams)
DEMO_UNITS: dict[str, dict[str, list[str]]] = {
    "Direktionen": {
        "Digitalisering og IT": ["Arkitektur", "Drift og support", "Informationssikkerhed"],
        "Økonomi og Indkøb": ["Indkøb", "Budget"],
        "HR og Løn": [],
    },
    "Børn og Unge": {"Dagtilbud": [], "Skoler": ["Skole-IT"], "Familieafdelingen": []},
    "Social, Sundhed og Ældre": {
        "Hjemmepleje": [],
        "Myndighed Voksne": [],
        "Sundhed og Forebyggelse": [],
    },
    "Teknik og Miljø": {"Byggeri og Plan": [], "Natur og Miljø": [], "Vej og Park": []},
    "Beskæftigelse og Borgerservice": {
        "Jobcenter": [],
        "Borgerservice": ["Digital selvbetjening"],
        "Ydelser": [],
    },
    "Kultur og Fritid": {"Biblioteker": [], "Idræt og Foreninger": []},
}


@dataclass
class DemoResult:
    kommune: Organization
    community: Organization
    partners: list[Organization]
    units: dict[str, OrganizationUnit]
    users: dict[str, Any]
    logins: list[tuple[str, str]] = field(default_factory=list)


# Later modules append seeders: callables that take the DemoResult and are idempotent.


def _unit(
    org: Organization, name: str, kind: str, parent: OrganizationUnit | None, local_id: str
) -> OrganizationUnit:
    unit, _created = OrganizationUnit.objects.update_or_create(
        organization=org, local_id=local_id, defaults={"name": name, "kind": kind, "parent": parent}
    )
    return unit


def seed_foundation() -> DemoResult:
    kommune, _ = Organization.objects.update_or_create(
        name=DEMO_KOMMUNE,
        kind=OrganizationKind.KOMMUNE,
        kommunekode=None,
        defaults={
            "is_demo": True,
            "population": 52_000,
            "cvr": "99999999",
            "website": "https://eksempel.invalid",
        },
    )
    partners = list(
        Organization.objects.filter(kommunekode__in=DEMO_PARTNER_CODES).order_by("kommunekode")
    )
    community, _ = Organization.objects.update_or_create(
        name=DEMO_COMMUNITY, kind=OrganizationKind.DRIFTSFAELLESSKAB, defaults={"is_demo": True}
    )
    community.members.set(partners)

    units: dict[str, OrganizationUnit] = {}
    for f_index, (forvaltning, afdelinger) in enumerate(DEMO_UNITS.items(), start=1):
        top = _unit(kommune, forvaltning, UnitKind.FORVALTNING, None, f"F{f_index:02d}")
        units[forvaltning] = top
        for a_index, (afdeling, teams) in enumerate(afdelinger.items(), start=1):
            mid = _unit(kommune, afdeling, UnitKind.AFDELING, top, f"F{f_index:02d}A{a_index:02d}")
            units[afdeling] = mid
            for t_index, team in enumerate(teams, start=1):
                units[team] = _unit(
                    kommune, team, UnitKind.TEAM, mid, f"F{f_index:02d}A{a_index:02d}T{t_index:02d}"
                )
    _unit(community, "Fælles drift", UnitKind.AFDELING, None, "FD01")

    User = get_user_model()
    users: dict[str, Any] = {}
    logins: list[tuple[str, str]] = []
    for username, role, first, last in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@eksempel.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        unit = units["Digitalisering og IT"] if role != Role.SYSTEMEJER else units["Jobcenter"]
        Membership.objects.get_or_create(
            user=user, organization=kommune, role=role, defaults={"unit": unit}
        )
        users[username] = user
        logins.append((username, str(role.label)))
    # The administrator and the architect also work in the demo community.
    for username in ("admin", "arkitekt"):
        Membership.objects.get_or_create(
            user=users[username],
            organization=community,
            role=Role.ADMINISTRATOR if username == "admin" else Role.ARKITEKT,
        )
    return DemoResult(
        kommune=kommune,
        community=community,
        partners=partners,
        units=units,
        users=users,
        logins=logins,
    )


DEMO_SUPERUSER = "superbruger"


def seed_demo_superuser(result: DemoResult) -> Any:
    """A superuser with the public demo password, so the KLE import and the review of
    proposals for the shared catalog can be tried in the demo. Only for the default local
    demo database (the caller checks ``demo_database_problem``); a member of Eksempel
    Kommune as administrator."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_SUPERUSER,
        defaults={
            "first_name": "Sara",
            "last_name": "Superbruger",
            "email": f"{DEMO_SUPERUSER}@eksempel.invalid",
            "is_superuser": True,
            "is_staff": True,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(
        user=user,
        organization=result.kommune,
        role=Role.ADMINISTRATOR,
        defaults={"unit": result.units["Digitalisering og IT"]},
    )
    result.logins.append((DEMO_SUPERUSER, "Superbruger (kun i den lokale demodatabase)"))
    return user
