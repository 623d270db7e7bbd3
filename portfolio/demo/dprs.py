"""Data processing registrations (GDPR art. 28) for a seeded landscape.

One registration per main contract that needs a data processing agreement
(``dpa_required``, set by :mod:`portfolio.demo.landscape` for contracts covering systems
with personal data): the contract's vendor is the data processor, some have fictional
sub-processors (hosting and support firms, created here with synthetic CVR numbers and
``.invalid`` websites), a few transfer data to a third country on the EU standard
contractual clauses, and the oversight (*tilsyn*) follows the contract's agreement with
a realistic spread: done on time, overdue, never done, agreement not yet concluded.

Deterministic (``random.Random`` seeded per contract) and idempotent: each registration
and sub-processor has a stable uuid, and a second run inserts only what is missing.
Like the rest of the demo it is no governed write (no audit events).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from organizations.models import Organization
from portfolio import choices as c
from portfolio.demo.common import SEED, add_months, key, link_pairs, make_cvr
from portfolio.models import Contract, DataProcessingRegistration, SystemUsage, Vendor

# Fictional sub-processors (names invented; any likeness is unintended).
SUB_PROCESSORS = (
    ("Nordlys Hosting ApS", "nordlys-hosting"),
    ("Fjordsky Datacenter A/S", "fjordsky"),
    ("Kvartsgaard IT-drift ApS", "kvartsgaard"),
    ("Lyngbakke Support I/S", "lyngbakke"),
    ("Skovsø Backup A/S", "skovsoe"),
)
THIRD_COUNTRY = ("USA", "EU-Kommissionens standardkontraktbestemmelser (SCC)")
OVERSIGHT_FORMS = (
    "Revisionserklæring (ISAE 3000)",
    "Revisionserklæring (ISAE 3402)",
    "Skriftlig kontrol (spørgeskema)",
    "Fysisk tilsyn hos databehandleren",
)
TODAY = date(2025, 6, 1)  # the demo's "now", as in the landscape


@dataclass(frozen=True)
class DprCounts:
    registrations: int
    sub_processors: int


def _sub_processors(org: Organization) -> list[Vendor]:
    """The fictional sub-processors, created once (shared vendors, like the catalog's)."""
    wanted = {key("demo-subprocessor", slug): (name, slug) for name, slug in SUB_PROCESSORS}
    found = {v.uuid: v for v in Vendor.objects.filter(uuid__in=wanted)}
    missing = [
        Vendor(
            uuid=uuid,
            name=name,
            cvr=make_cvr(random.Random(f"{SEED}:sub:{slug}")),  # noqa: S311 - synthetic
            website=f"https://{slug}.invalid",
            contact_email=f"databeskyttelse@{slug}.invalid",
            created_by=org,
        )
        for uuid, (name, slug) in wanted.items()
        if uuid not in found
    ]
    Vendor.objects.bulk_create(missing)
    found.update({v.uuid: v for v in missing})
    return [found[uuid] for uuid in wanted]


def seed_dprs(org: Organization) -> DprCounts:
    """The organization's data processing registrations, one per main contract that needs
    a data processing agreement; returns what was created."""
    subs = _sub_processors(org)
    contracts = list(
        Contract.objects.filter(organization=org, dpa_required=True, parent=None)
        .select_related("vendor")
        .prefetch_related("usages")
        .order_by("uuid")
    )
    keys = {contract.pk: key(org.pk, "dpr", contract.uuid) for contract in contracts}
    existing = set(
        DataProcessingRegistration.objects.filter(uuid__in=keys.values()).values_list(
            "uuid", flat=True
        )
    )
    created: list[tuple[DataProcessingRegistration, Contract, list[SystemUsage], list[Vendor]]]
    created = []
    for contract in contracts:
        uuid = keys[contract.pk]
        if uuid in existing or contract.vendor is None:
            continue
        r = random.Random(f"{SEED}:dpr:{uuid}")  # noqa: S311 - synthetic data
        personal = [
            u for u in contract.usages.all() if u.data_sensitivity != c.DataSensitivity.NONE
        ]
        registration = _registration(r, org, contract, uuid)
        chosen_subs = r.sample(subs, k=r.choice((0, 0, 1, 1, 2)))
        created.append((registration, contract, personal, chosen_subs))
    DataProcessingRegistration.objects.bulk_create([x[0] for x in created], batch_size=500)
    pairs: dict[str, list[tuple[int, int]]] = {
        "data_processors": [
            (reg.pk, contract.vendor_id)
            for reg, contract, _u, _s in created
            if contract.vendor_id is not None
        ],
        "sub_data_processors": [
            (reg.pk, sub.pk) for reg, _c, _u, chosen in created for sub in chosen
        ],
        "usages": [(reg.pk, usage.pk) for reg, _c, usages, _s in created for usage in usages],
        "contracts": [(reg.pk, contract.pk) for reg, contract, _u, _s in created],
    }
    for name, links in pairs.items():
        link_pairs(DataProcessingRegistration, name, links)
    return DprCounts(
        registrations=len(created),
        sub_processors=sum(len(x[3]) for x in created),
    )


def _registration(
    r: random.Random, org: Organization, contract: Contract, uuid: object
) -> DataProcessingRegistration:
    concluded = contract.dpa_concluded
    interval = contract.dpa_supervision_months or r.choice((12, 12, 24))
    registration = DataProcessingRegistration(
        uuid=uuid,
        organization=org,
        name=f"{contract.name} – databehandling"[:200],
        agreement_concluded=(
            c.AgreementConcluded.YES
            if concluded
            else r.choice((c.AgreementConcluded.NO, c.AgreementConcluded.UNDECIDED))
        ),
        agreement_date=contract.dpa_date if concluded else None,
        oversight_interval_months=interval if concluded else None,
        oversight_options=r.choice(OVERSIGHT_FORMS) if concluded else "",
        responsible_unit_id=contract.responsible_unit_id,
    )
    if r.random() < 0.12:
        registration.transfer_to_third_countries = True
        registration.third_countries, registration.transfer_basis = THIRD_COUNTRY
    if concluded and contract.dpa_date is not None:
        roll = r.random()
        if roll < 0.6:  # on time: the latest oversight within the interval
            latest = TODAY - timedelta(days=r.randint(20, interval * 28))
        elif roll < 0.85:  # overdue: the latest one longer ago than the interval
            latest = add_months(TODAY, -interval) - timedelta(days=r.randint(15, 300))
        else:  # never carried out
            latest = None
        if latest is not None and latest < contract.dpa_date:
            latest = contract.dpa_date
        registration.latest_oversight = latest
        registration.oversight_completed = latest is not None
        registration.next_oversight = DataProcessingRegistration.derive_next_oversight(
            latest, interval
        )
        if latest is None:
            registration.notes = "Første tilsyn er ikke gennemført."
    return registration


__all__ = ["DprCounts", "seed_dprs"]
