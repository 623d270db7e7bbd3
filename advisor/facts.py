"""Facts of the strategy model that the portfolio can compute for an organization.

:func:`compute_facts` returns, for each computable fact, its value (or ``None`` when the
portfolio holds too little to compute it) and a Danish text saying where it came from,
e.g. *"beregnet fra 412 systemer i drift og 230 KLE-emner"*. The assessment stores the
result, so an old version keeps showing what it was based on.

Rules (documented in the user guide, chapter 9):

* ``inhabitants``: the organization profile's population.
* ``it_spend_per_inhabitant``: the year's total IT spend per inhabitant from
  :func:`portfolio.analysis.cost_analysis` (own cost lines + contract payments).
* ``overlapping_systems_per_capability``: over the KLE emner served by at least one
  active usage (pilot, phasing in, operational, phasing out), the average number of
  distinct catalog systems serving each - several usages (modules, local
  installations) of one catalog system count once; the usages' subjects are the catalog
  system's plus local additions minus local removals (the same rule as the overlap
  analysis). A value beyond the model's scale (1-3) is shown with a warning and counts as
  3 until checked or overridden.
* ``integration_coverage``: active usages with at least one live integration (active or
  phasing out; as source or target, including integrations to a shared component) /
  active usages.
* ``kombit_component_use``: the shared municipal components (global catalog systems of
  business type *fælleskommunal*, not deactivated) that at least one live integration of
  the organization targets / all such components; unknown while the portfolio has no
  live integrations at all (nothing registered is not the same as nothing used).
* ``data_collected_twice_share``: processes where some data object is collected in more
  than one step / processes with at least one step.
* ``spend_outside_central_share``: of the year's contract payments on contracts whose
  procurement form is known (the contract's own, else its parent contract's), the share
  paid on contracts NOT procured centrally. Central forms: EU-udbud, SKI-rammeaftale,
  anden rammeaftale, KOMBIT-aftale, nationalt udbud. Direct award under the threshold
  and "andet" count as outside; payments on contracts without a known form are left out
  (the source text says how much). Own cost lines are left out: they carry no
  procurement form.

* ``fragile_operations`` (1-5): of the critical usages in operation (criticality high,
  business-critical or socially critical), the share with a sign of fragility: being
  phased out, or every registered contract ended, terminated or ending within twelve
  months. ``1 + 4 x share`` rounded half up, plus 1 when one vendor holds the live
  contracts of at least half of the critical usages (and of two or more), at most 5.
  Unknown without critical usages. The source says how many usages are critical and how
  many of them have a contract registered (the coverage).
* ``neighbour_cooperation`` (1-5): 5 when the organization is a member of a
  driftsfællesskab with another kommune; else 4 when it shares data both ways with
  another kommune (sharing grants, hook ``sharing_partners``), 3 when it is in an
  interessefællesskab with another kommune or shares one way. Unknown otherwise: no
  cooperation registered is not the same as unwilling neighbours, so the question asks.
* ``citizen_satisfaction_pressure`` (1-5) comes from the satisfaction measurements of
  the channels app (hook ``channel_facts``, :func:`channels.facts.advisor_facts`).
* ``central_team_capacity`` and ``investment_capacity`` are always asked: nothing in
  Styrbar measures them.

* ``procurement_lead_time_days`` and ``show_stopper_share`` come from the procurement
  process (``procurement.leadtime.advisor_facts`` through the registry hook
  ``process_facts``): the median days from idé to decision of the requests decided in the
  last twelve months (at least three), and the share of the year's started requests a
  show stopper held up (at least five). Unknown until then; the questions ask for them.

Queries: 29, whatever the size of the portfolio.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.registry import registry
from organizations.choices import OrganizationKind
from organizations.models import Organization
from portfolio import analysis
from portfolio import choices as c
from portfolio.models import (
    CatalogSystem,
    Contract,
    ContractPayment,
    Integration,
    ProcessStep,
    SystemUsage,
)

__all__ = [
    "CENTRAL_PROCUREMENT",
    "COMPUTED_FACTS",
    "LINKED_FACTS",
    "PROCESS_FACTS",
    "ComputedFact",
    "compute_facts",
]

CENTRAL_PROCUREMENT = frozenset(
    {
        c.ProcurementForm.EU_TENDER,
        c.ProcurementForm.SKI,
        c.ProcurementForm.OTHER_FRAMEWORK,
        c.ProcurementForm.KOMBIT,
        c.ProcurementForm.NATIONAL_TENDER,
    }
)

COMPUTED_FACTS = (
    "inhabitants",
    "it_spend_per_inhabitant",
    "overlapping_systems_per_capability",
    "integration_coverage",
    "kombit_component_use",
    "data_collected_twice_share",
    "spend_outside_central_share",
    "fragile_operations",
)

LINKED_FACTS = ("neighbour_cooperation", "citizen_satisfaction_pressure")
"""Computed from what other apps hold (communities, sharing grants, channel
measurements); unknown - and asked - when they hold nothing to go on."""


PROCESS_FACTS = ("procurement_lead_time_days", "show_stopper_share")
"""Measured by the procurement process, through the registry hook ``process_facts``."""


@dataclass(frozen=True)
class ComputedFact:
    value: float | None
    source: str

    def as_json(self) -> dict[str, float | str | None]:
        return {"value": self.value, "source": self.source}


def _count(number: int, one: str, many: str) -> str:
    return f"{_dk(number)} {one if number == 1 else many}"


def _dk(value: float | int | Decimal, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _mio(amount: Decimal) -> str:
    """'86,0 mio. kr.' from one million up, else '450.000 kr.'."""
    if abs(amount) >= 1_000_000:
        return f"{_dk(amount / Decimal(1_000_000), 1)} mio. kr."
    return f"{_dk(amount)} kr."


def _population(organization: Organization) -> ComputedFact:
    if not organization.population:
        return ComputedFact(None, "Indbyggertallet står ikke i organisationsprofilen.")
    return ComputedFact(float(organization.population), "fra organisationsprofilen")


def _spend_per_inhabitant(organization: Organization, year: int) -> ComputedFact:
    costs = analysis.cost_analysis(organization=organization, year=year)
    if not costs.total:
        return ComputedFact(None, f"Ingen omkostninger eller kontraktbetalinger i {year}.")
    if costs.per_inhabitant is None:
        return ComputedFact(
            None, "Indbyggertallet mangler i organisationsprofilen, så udgiften kan ikke deles."
        )
    return ComputedFact(
        float(costs.per_inhabitant),
        f"beregnet fra it-udgiften i {year} på {_mio(costs.total)} "
        f"og {_dk(costs.population or 0)} indbyggere",
    )


def _overlap(organization: Organization, active: dict[int, int]) -> ComputedFact:
    kle = analysis.kle_info(organization, active)
    per_subject: dict[int, set[int]] = defaultdict(set)
    for usage, subjects in kle.by_usage.items():
        for subject in subjects:
            if kle.subjects[subject][2] == c.KleLevel.EMNE:
                per_subject[subject].add(active.get(usage, -usage))
    if not per_subject:
        return ComputedFact(None, "Ingen systemer i drift har KLE-emner.")
    value = sum(len(systems) for systems in per_subject.values()) / len(per_subject)
    systems = len(set(active.values()))
    return ComputedFact(
        round(value, 2),
        f"beregnet fra {_count(systems, 'system', 'forskellige systemer')} i drift "
        f"({_count(len(active), 'anvendelse', 'anvendelser')}) og de "
        f"{_count(len(per_subject), 'KLE-emne', 'KLE-emner')}, de dækker",
    )


def _integrations(
    organization: Organization, active: dict[int, int]
) -> tuple[ComputedFact, ComputedFact]:
    integrated: set[int] = set()
    targeted: set[int] = set()
    rows = list(
        Integration.objects.filter(
            organization=organization, status__in=analysis.LIVE_INTEGRATIONS
        ).values_list("source_id", "target_id", "target_component_id")
    )
    for source, target, component in rows:
        if source in active:
            integrated.add(source)
        if target in active:
            integrated.add(target)
        if component is not None:
            targeted.add(component)
    if active:
        coverage = ComputedFact(
            round(len(integrated) / len(active), 4),
            f"beregnet fra {_count(len(active), 'system', 'systemer')} i drift, "
            f"heraf {_dk(len(integrated))} med integrationer i drift",
        )
    else:
        coverage = ComputedFact(None, "Ingen systemer i drift.")
    components = set(
        CatalogSystem.objects.filter(
            scope=c.Scope.GLOBAL,
            business_type=c.BusinessType.FAELLESKOMMUNAL,
            deactivated=False,
        ).values_list("pk", flat=True)
    )
    if not components:
        use = ComputedFact(None, "Kataloget har ingen fælleskommunale komponenter.")
    elif not rows:
        use = ComputedFact(None, "Der er ingen integrationer i drift i porteføljen.")
    else:
        used = len(targeted & components)
        use = ComputedFact(
            round(used / len(components), 4),
            f"beregnet fra integrationer i drift til {_dk(used)} af "
            f"{_count(len(components), 'fælleskommunal komponent', 'fælleskommunale komponenter')}",
        )
    return coverage, use


def _collected_twice(organization: Organization) -> ComputedFact:
    with_steps = set(
        ProcessStep.objects.filter(process__organization=organization)
        .values_list("process_id", flat=True)
        .distinct()
    )
    if not with_steps:
        return ComputedFact(None, "Ingen forretningsprocesser med trin.")
    seen: dict[tuple[int, int], int] = defaultdict(int)
    for process_id, data_id in ProcessStep.collects.through.objects.filter(
        processstep__process__organization=organization
    ).values_list("processstep__process_id", "dataobject_id"):
        seen[(process_id, data_id)] += 1
    twice = {process for (process, _data), steps in seen.items() if steps > 1}
    return ComputedFact(
        round(len(twice) / len(with_steps), 4),
        f"beregnet fra {_count(len(with_steps), 'proces', 'processer')} med trin, "
        f"heraf {_dk(len(twice))} hvor data indsamles mere end én gang",
    )


def _outside_central(organization: Organization, year: int) -> ComputedFact:
    central = Decimal(0)
    outside = Decimal(0)
    unknown = Decimal(0)
    contracts: set[int] = set()
    for contract_id, own, parent, amount in ContractPayment.objects.filter(
        contract__organization=organization, year=year
    ).values_list(
        "contract_id", "contract__procurement_form", "contract__parent__procurement_form", "amount"
    ):
        form = own or parent or ""
        if not form:
            unknown += amount
            continue
        contracts.add(contract_id)
        if form in CENTRAL_PROCUREMENT:
            central += amount
        else:
            outside += amount
    total = central + outside
    if not total:
        return ComputedFact(None, f"Ingen kontraktbetalinger med kendt udbudsform i {year}.")
    source = (
        f"beregnet fra betalinger i {year} på {_count(len(contracts), 'kontrakt', 'kontrakter')} "
        f"({_mio(total)}), heraf {_mio(outside)} uden central udbudsform"
    )
    if unknown:
        source += f"; {_mio(unknown)} på kontrakter uden udbudsform er udeladt"
    return ComputedFact(round(float(outside / total), 4), source)


def _whole(value: float) -> int:
    """Round half up to a whole 1-5 answer."""
    return int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP))


def _fragile(organization: Organization, today: dt.date) -> ComputedFact:
    active = list(
        SystemUsage.objects.filter(
            organization=organization, lifecycle__in=c.ACTIVE_LIFECYCLES
        ).values_list("pk", "lifecycle", "criticality", "business_critical", "socially_critical")
    )
    if not active:
        return ComputedFact(None, "Ingen systemer i drift.")
    critical = {
        pk: lifecycle
        for pk, lifecycle, level, business, social in active
        if level == c.Level.HIGH or business or social
    }
    if not critical:
        return ComputedFact(
            None,
            f"Ingen af de {_dk(len(active))} systemer i drift er markeret som kritiske "
            "(høj kritikalitet, forretnings- eller samfundskritisk).",
        )
    horizon = today + dt.timedelta(days=365)
    contracts: dict[int, list[tuple[bool, int | None]]] = defaultdict(list)
    for usage, end, terminated, vendor in Contract.usages.through.objects.filter(
        systemusage_id__in=critical
    ).values_list(
        "systemusage_id", "contract__end_date", "contract__terminated", "contract__vendor_id"
    ):
        live = not terminated and (end is None or end >= today)
        lasting = live and (end is None or end > horizon)
        contracts[usage].append((lasting, vendor if live else None))
    phasing_out = {pk for pk, lifecycle in critical.items() if lifecycle == c.Lifecycle.PHASING_OUT}
    ending = {pk for pk, rows in contracts.items() if not any(lasting for lasting, _ in rows)}
    fragile = phasing_out | ending
    by_vendor: dict[int, set[int]] = defaultdict(set)
    for usage, rows in contracts.items():
        for _lasting, live_vendor in rows:
            if live_vendor is not None:
                by_vendor[live_vendor].add(usage)
    largest = max((len(usages) for usages in by_vendor.values()), default=0)
    concentrated = largest >= 2 and largest * 2 >= len(critical)
    value = min(5, _whole(1 + 4 * len(fragile) / len(critical)) + (1 if concentrated else 0))
    source = (
        f"beregnet fra {_count(len(critical), 'kritisk system', 'kritiske systemer')} af "
        f"{_dk(len(active))} i drift: {_dk(len(phasing_out))} under udfasning, "
        f"{_dk(len(ending))} hvis kontrakter er udløbet eller udløber inden for 12 måneder"
    )
    if concentrated:
        source += f"; én leverandør har kontrakterne på {_dk(largest)} af dem"
    source += f" ({_dk(len(contracts))} af de kritiske systemer har en kontrakt registreret)"
    return ComputedFact(float(value), source)


def _neighbours(organization: Organization) -> ComputedFact:
    others = Organization.members.through.objects.filter(
        from_organization=OuterRef("pk"), to_organization__kind=OrganizationKind.KOMMUNE
    ).exclude(to_organization=organization)
    communities = list(
        Organization.objects.filter(
            members=organization,
            is_active=True,
            kind__in=(OrganizationKind.DRIFTSFAELLESSKAB, OrganizationKind.INTERESSEFAELLESSKAB),
        )
        .filter(Exists(others))
        .order_by("kind", "name")
        .values_list("kind", "name")
    )
    operations = [name for kind, name in communities if kind == OrganizationKind.DRIFTSFAELLESSKAB]
    if operations:
        return ComputedFact(
            5.0,
            f"kommunen er medlem af driftsfællesskabet »{operations[0]}« sammen med andre kommuner",
        )
    given, received = (
        registry.call("sharing_partners", organization=organization)
        if registry.hooked("sharing_partners")
        else (frozenset(), frozenset())
    )
    both = given & received
    if both:
        return ComputedFact(
            4.0,
            f"kommunen deler data begge veje med {_count(len(both), 'kommune', 'kommuner')} "
            f"({', '.join(sorted(both)[:3])})",
        )
    if communities or given or received:
        parts = [f"interessefællesskabet »{name}«" for _kind, name in communities]
        if given or received:
            parts.append(
                f"deling én vej med {_count(len(given | received), 'kommune', 'kommuner')}"
            )
        return ComputedFact(3.0, "kommunen samarbejder allerede: " + "; ".join(parts))
    return ComputedFact(
        None,
        "Kommunen er ikke med i et fællesskab og deler ikke data med andre kommuner i "
        "Styrbar; det siger ikke, om naboerne vil.",
    )


def _satisfaction(organization: Organization) -> ComputedFact:
    if not registry.hooked("channel_facts"):
        return ComputedFact(None, "Kanaler og kommunikation er ikke i brug.")
    value, source = registry.call("channel_facts", organization=organization)[
        "citizen_satisfaction_pressure"
    ]
    return ComputedFact(value, source)


def compute_facts(
    *, organization: Organization, today: dt.date | None = None
) -> dict[str, ComputedFact]:
    """The computable facts of the organization's portfolio for the current year."""
    year = (today or timezone.localdate()).year
    active = dict(
        SystemUsage.objects.filter(
            organization=organization, lifecycle__in=c.ACTIVE_LIFECYCLES
        ).values_list("pk", "catalog_system_id")
    )
    coverage, components = _integrations(organization, active)
    return {
        "inhabitants": _population(organization),
        "it_spend_per_inhabitant": _spend_per_inhabitant(organization, year),
        "overlapping_systems_per_capability": _overlap(organization, active),
        "integration_coverage": coverage,
        "kombit_component_use": components,
        "data_collected_twice_share": _collected_twice(organization),
        "spend_outside_central_share": _measured_outside_central(organization)
        or _outside_central(organization, year),
        "fragile_operations": _fragile(organization, today or timezone.localdate()),
        "neighbour_cooperation": _neighbours(organization),
        "citizen_satisfaction_pressure": _satisfaction(organization),
        **_process_facts(organization),
    }


def _measured_outside_central(organization: Organization) -> ComputedFact | None:
    """The share measured in the posted spend lines (the spend app, hook ``spend_facts``),
    when it has IT-classified lines; else None and the contract payments decide."""
    if not registry.hooked("spend_facts"):
        return None
    value, source = registry.call("spend_facts", organization=organization)[
        "spend_outside_central_share"
    ]
    return None if value is None else ComputedFact(value, source)


def _process_facts(organization: Organization) -> dict[str, ComputedFact]:
    try:
        measured = registry.call("process_facts", organization=organization)
    except LookupError:
        return {
            key: ComputedFact(None, "Anskaffelsesprocessen er ikke i brug.")
            for key in PROCESS_FACTS
        }
    return {key: ComputedFact(*measured[key]) for key in PROCESS_FACTS}
