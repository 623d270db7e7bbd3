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

* ``procurement_lead_time_days`` and ``show_stopper_share`` come from the procurement
  process (``procurement.leadtime.advisor_facts`` through the registry hook
  ``process_facts``): the median days from idé to decision of the requests decided in the
  last twelve months (at least three), and the share of the year's started requests a
  show stopper held up (at least five). Unknown until then; the questions ask for them.

Queries: 24, whatever the size of the portfolio.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from core.registry import registry
from organizations.models import Organization
from portfolio import analysis
from portfolio import choices as c
from portfolio.models import CatalogSystem, ContractPayment, Integration, ProcessStep, SystemUsage

__all__ = [
    "CENTRAL_PROCUREMENT",
    "COMPUTED_FACTS",
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
)


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
