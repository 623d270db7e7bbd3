"""Knowledge kept at home: the roles a member keeps when it shares its operations, as a
checklist with named people, and the warning (the knowledge base's disadvantages of a
driftsfællesskab) for each role it gives away or leaves without a person.

The checklist is edited as one form, so it has one version over its saved rows
(:func:`checklist_version`, issue 17): a save that expects a version compares it under the
organization's lock and raises :class:`~core.concurrency.Conflict` when someone saved the
checklist meanwhile."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import get_language

from core.audit import audited
from core.concurrency import Conflict, version
from core.permissions import require
from knowledge.loader import load
from organizations.models import Organization
from sharing.choices import HomeRole
from sharing.models import HomeRoleRecord

# Which of the knowledge base's disadvantages follow from giving a role away.
DISADVANTAGES: dict[str, tuple[str, ...]] = {
    HomeRole.PROCESS_OWNER: ("videnstab_forretning", "svaerere_selvvurdering"),
    HomeRole.REQUIREMENTS: ("videnstab_krav", "afstand_koordinering"),
    HomeRole.CONTRACT_MANAGEMENT: ("koordineringsomkostninger", "mindre_gennemsigtighed"),
    HomeRole.SYSTEM_OWNERS: ("svaerere_selvvurdering", "afstand_koordinering"),
}


@dataclass
class RoleRow:
    kind: str
    label: str
    recorded: bool
    kept: bool
    people: str
    warnings: list[str]

    @property
    def at_risk(self) -> bool:
        return not self.kept or not self.people.strip()


def _disadvantages() -> dict[str, str]:
    language = "en" if (get_language() or "da").startswith("en") else "da"
    option = load().option("driftsfaellesskab")
    return {d.key: getattr(d.text, language) for d in option.disadvantages}


def checklist(*, organization: Organization) -> list[RoleRow]:
    """The four roles with what the organization recorded (one query); a role given away
    or without a named person carries the disadvantages that follow from it."""
    records = {r.kind: r for r in HomeRoleRecord.objects.filter(organization=organization)}
    texts = _disadvantages()
    rows = []
    for kind, label in HomeRole.choices:
        record = records.get(kind)
        row = RoleRow(
            kind=kind,
            label=str(label),
            recorded=record is not None,
            kept=record.kept if record else True,
            people=record.people if record else "",
            warnings=[],
        )
        if row.at_risk:
            row.warnings = [texts[key] for key in DISADVANTAGES[kind] if key in texts]
        rows.append(row)
    return rows


def checklist_version(records: Iterable[HomeRoleRecord]) -> str:
    """The version of a checklist: of its saved rows together (saving or adding any of
    them moves it)."""
    basis = ";".join(sorted(f"{r.kind}:{version(r)}" for r in records))
    return hashlib.sha256(basis.encode()).hexdigest()[:24]


def records(*, organization: Organization) -> list[HomeRoleRecord]:
    """The organization's saved rows of the checklist."""
    return list(HomeRoleRecord.objects.filter(organization=organization))


def checklist_save(
    *,
    actor: Any,
    organization: Organization,
    rows: dict[str, tuple[bool, str]],
    expected: str | None = None,
) -> int:
    """Record each role's ``(kept, people)``; one audited event per role that changed.
    Returns the number of roles changed. ``expected``: the checklist's version the form
    was opened with (:func:`checklist_version`); another one raises
    :class:`~core.concurrency.Conflict` and nothing is saved."""
    require(actor, organization, "sharing.roles")
    changed = 0
    with transaction.atomic():
        # The organization's row serialises two saves, also the first, which adds rows.
        list(Organization.objects.select_for_update().filter(pk=organization.pk).values("pk"))
        existing = {
            r.kind: r
            for r in HomeRoleRecord.objects.select_for_update().filter(organization=organization)
        }
        if expected and checklist_version(existing.values()) != expected:
            raise Conflict(organization)
        for kind, (kept, people) in rows.items():
            if kind not in HomeRole.values:
                continue
            record = existing.get(kind) or HomeRoleRecord(organization=organization, kind=kind)
            if record.pk is not None and (record.kept, record.people) == (kept, people.strip()):
                continue
            with audited(actor=actor, obj=record):
                record.kept, record.people = kept, people.strip()
                record.full_clean()
                record.save()
            changed += 1
    return changed
