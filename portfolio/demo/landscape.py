"""One organization's synthetic landscape: plan it, then insert what is missing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from organizations.demo import DEMO_UNITS
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.demo.catalog import Catalog, CatalogEntry, archive_duty
from portfolio.demo.common import (
    LAST_CONTRACT_DAY,
    MAX_PAYMENT,
    MIN_PAYMENT,
    PAYMENT_YEARS,
    add_months,
    amount,
    key,
    random_date,
    slugify_da,
)
from portfolio.demo.data.areas import AREA_BY_KEY, CRIMINAL, INFRA, NONE, PERSONAL, SENSITIVE, K, S
from portfolio.demo.data.landscape import (
    COMPONENTS,
    DATA_OBJECTS,
    GENERIC_INTERFACES,
    HUBS,
    PROCESS_PARENTS,
    PROCESSES,
    RECOLLECTED,
    STEPS,
)
from portfolio.demo.data.names import CONTRACT_LABELS, FIRST_NAMES, LAST_NAMES, NOTES
from portfolio.demo.data.weights import (
    ACTIVE,
    W_COMPONENT_SOURCE,
    W_CONTRACT_TYPE,
    W_EXTRA_INSTANCE,
    W_FREQUENCY,
    W_HOSTING,
    W_LIFECYCLE,
    W_NOTICE,
    W_OPTIONS,
    W_PROCUREMENT,
    W_RUNS_TO,
    W_STATUS,
    W_TECHNOLOGY,
    W_USER_COUNT,
    Weighted,
)
from portfolio.demo.plan import Plan, PlannedUsage, SeedCounts, save_plan
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    ContractPayment,
    ContractRole,
    DataObject,
    ExternalReference,
    Integration,
    ProcessStep,
    RoleType,
    SystemUsage,
    UsageCost,
    UsageRole,
)


@dataclass(frozen=True)
class LandscapeSize:
    usages: int
    contracts: int
    integrations: int
    processes: int

    @classmethod
    def scaled(cls, usages: int, integrations_per_usage: float) -> LandscapeSize:
        return cls(
            usages=usages,
            contracts=round(usages * 0.625),
            integrations=round(usages * integrations_per_usage),
            processes=max(3, min(len(PROCESSES), round(usages / 10))),
        )


@dataclass
class Holder:
    """Who holds a role: a user or a named (fictional) person."""

    user: Any = None
    name: str = ""
    email: str = ""


class Landscape:
    """Plans one organization's synthetic landscape, then inserts what is missing."""

    def __init__(
        self,
        *,
        organization: Organization,
        catalog: Catalog,
        units: dict[str, OrganizationUnit],
        size: LandscapeSize,
        seed: str,
        prefix: str,
        email_domain: str,
        users: dict[str, Any] | None = None,
    ) -> None:
        self.org = organization
        self.catalog = catalog
        self.units = units
        self.size = size
        self.r = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.prefix = prefix
        self.email_domain = email_domain
        self.users = users or {}
        self.roles = {rt.key: rt for rt in RoleType.objects.filter(organization__isnull=True)}
        self.plan = Plan()
        self.people = [self._person() for _ in range(max(8, size.usages // 8))]
        self.afdelinger = [
            name for afdelinger in DEMO_UNITS.values() for name in afdelinger if name in units
        ]
        self.forvaltninger = [name for name in DEMO_UNITS if name in units]
        self.teams = {
            afdeling: [t for t in teams if t in units]
            for afdelinger in DEMO_UNITS.values()
            for afdeling, teams in afdelinger.items()
        }

    # people -------------------------------------------------------------------------

    def _person(self) -> Holder:
        first, last = self.r.choice(FIRST_NAMES), self.r.choice(LAST_NAMES)
        email = f"{slugify_da(first)}.{slugify_da(last)}@{self.email_domain}".replace("-", "")
        return Holder(name=f"{first} {last}", email=email)

    def _holder(self) -> Holder:
        return self.r.choice(self.people)

    # planning -----------------------------------------------------------------------

    def build(self) -> Plan:
        self.plan.data_objects = [
            DataObject(organization=self.org, name=name, personal_data=personal)
            for name, personal in DATA_OBJECTS
        ]
        self._plan_usages()
        self._plan_contracts()
        self._plan_integrations()
        self._plan_processes()
        return self.plan

    def _choose_systems(self) -> list[tuple[CatalogEntry, str, bool]]:
        """(catalog entry, responsible afdeling, is an extra instance) for every usage."""
        r, n = self.r, self.size.usages
        systems = self.catalog.systems
        live = [s for s in systems if not s.deactivated]
        chosen: list[CatalogEntry] = []
        if n >= 30:
            for noun in HUBS:
                candidates = [s for s in live if s.noun == noun]
                if candidates:
                    chosen.append(r.choice(candidates))
        picked = {s.index for s in chosen}
        distinct = min(int(len(systems) * 0.9), round(n * 0.7))
        rest = [s for s in systems if s.index not in picked]
        chosen += r.sample(rest, max(0, min(len(rest), distinct - len(chosen))))
        rows = [(s, s.area.afdeling, False) for s in chosen[:n]]
        extra = Weighted([(s.index, W_EXTRA_INSTANCE[s.business_type]) for s in live])
        seen = {(s.index, unit) for s, unit, _ in rows}
        while len(rows) < n:
            entry = systems[extra.pick(r)]
            unit = r.choice(self.afdelinger)
            if (entry.index, unit) in seen and len(seen) < len(live) * len(self.afdelinger):
                continue
            seen.add((entry.index, unit))
            rows.append((entry, unit, True))
        r.shuffle(rows)
        return rows

    def _plan_usages(self) -> None:
        r, plan = self.r, self.plan
        rows = self._choose_systems()
        owners = self._demo_owners(rows)
        for i, (entry, unit_name, extra) in enumerate(rows):
            usage, personal, self_service = self._usage(i, entry, unit_name, extra)
            plan.usages.append(PlannedUsage(entry, unit_name, usage, personal, self_service))
            unit = self.units[unit_name]
            linked = [unit.pk]
            if entry.business_type in (K, INFRA) and r.random() < 0.6:
                linked += [self.units[f].pk for f in self.forvaltninger]
            else:
                linked += [t.pk for t in (self.units[t] for t in self.teams.get(unit_name, []))]
                for other in r.sample(self.afdelinger, r.choice((0, 0, 1, 2))):
                    linked.append(self.units[other].pk)
            for unit_pk in dict.fromkeys(linked):
                plan.using_units.append((i, unit_pk))
            if r.random() < 0.05:
                plan.kle_additions.append((i, self.r.choice(self.catalog.kle_emner).pk))
            if r.random() < 0.03 and entry.kle and entry.kle[0] in self.catalog.kle:
                plan.kle_removals.append((i, self.catalog.kle[entry.kle[0]].pk))
            self._plan_roles(i, usage, owners.get(i))
            self._plan_costs(i, usage)
            if r.random() < 0.15:
                plan.references.append(
                    (
                        i,
                        ExternalReference(
                            title="Leverandørens dokumentation",
                            url=f"https://www.{entry.vendor_slug}.invalid/dokumentation",
                        ),
                    )
                )

    def _demo_owners(self, rows: list[tuple[CatalogEntry, str, bool]]) -> dict[int, Any]:
        """Which usages the demo users own: the systemejer a handful in their own area."""
        if not self.users:
            return {}
        owners: dict[int, Any] = {}
        mine = [i for i, (_, unit, _) in enumerate(rows) if unit in ("Jobcenter", "Ydelser")]
        for i in mine[:8]:
            owners[i] = self.users["systemejer"]
        it = [i for i, (e, _, _) in enumerate(rows) if e.area.key == "it" and i not in owners]
        for i in it[: len(it) // 2]:
            owners[i] = self.users["arkitekt"]
        others = [i for i in range(len(rows)) if i not in owners]
        for i in others[:: max(1, len(others) // 30)]:
            owners[i] = self.users["redaktoer"]
        return owners

    def _usage(
        self, i: int, entry: CatalogEntry, unit_name: str, extra: bool
    ) -> tuple[SystemUsage, bool, bool]:
        r = self.r
        lifecycle = W_LIFECYCLE.pick(r)
        if entry.deactivated:
            lifecycle = r.choice((c.Lifecycle.PHASING_OUT, c.Lifecycle.NOT_IN_USE))
        valid_from: date | None = None
        valid_to: date | None = None
        if lifecycle == c.Lifecycle.OPERATIONAL:
            valid_from = random_date(r, 2006, 2025)
        elif lifecycle == c.Lifecycle.PHASING_OUT:
            valid_from, valid_to = random_date(r, 2005, 2018), random_date(r, 2027, 2028)
        elif lifecycle == c.Lifecycle.PHASING_IN:
            valid_from = random_date(r, 2026, 2027)
        elif lifecycle == c.Lifecycle.PILOT:
            valid_from = random_date(r, 2026, 2026)
            valid_to = valid_from + timedelta(days=365)
        elif lifecycle == c.Lifecycle.NOT_IN_USE:
            valid_from, valid_to = random_date(r, 2005, 2014), random_date(r, 2019, 2025)
        sensitivity = Weighted(list(entry.area.sensitivity)).pick(r)
        if entry.business_type in (INFRA, K) and sensitivity in (SENSITIVE, CRIMINAL):
            sensitivity = PERSONAL
        personal = sensitivity != NONE
        risky = sensitivity in (SENSITIVE, CRIMINAL)
        risk_done = personal and r.random() < 0.82
        self_service = entry.business_type == S
        group = self.catalog.kle.get(entry.area.kle_group)
        purpose = (
            f"Behandling af personoplysninger i forbindelse med {group.title.lower()}."
            if personal and group is not None
            else ""
        )
        criticality = Weighted(
            [(c.Level.HIGH, 20), (c.Level.MEDIUM, 45), (c.Level.LOW, 25), ("", 10)]
        ).pick(r)
        usage = SystemUsage(
            uuid=key(self.org.pk, "usage", i),
            organization=self.org,
            catalog_system_id=entry.pk,
            local_name=f"{entry.name} – {unit_name}" if extra else "",
            local_id=f"SYS-{i + 1:04d}",
            version=f"{r.randint(1, 12)}.{r.randint(0, 9)}" if r.random() < 0.6 else "",
            lifecycle=lifecycle,
            valid_from=valid_from,
            valid_to=valid_to,
            responsible_unit=self.units[unit_name],
            user_count=W_USER_COUNT.pick(r),
            hosting=W_HOSTING.get(entry.business_type, W_HOSTING["*"]).pick(r),
            data_sensitivity=sensitivity,
            gdpr_purpose=purpose,
            risk_assessment_done=risk_done,
            risk_assessment_date=random_date(r, 2021, 2026) if risk_done else None,
            risk_level=(r.choice((c.Level.MEDIUM, c.Level.HIGH)) if risky else c.Level.LOW)
            if risk_done
            else "",
            criticality=criticality,
            business_critical=criticality == c.Level.HIGH and r.random() < 0.7,
            socially_critical=criticality == c.Level.HIGH and risky and r.random() < 0.4,
            archive_duty=_usage_archive_duty(r, self.catalog, entry),
        )
        if risky and r.random() < 0.55:
            usage.dpia_done = True
            usage.dpia_date = random_date(r, 2019, 2026)
        self._platforms(usage, entry, self_service)
        if lifecycle in ACTIVE and r.random() < 0.8:
            self._time(usage, lifecycle)
        if r.random() < 0.1:
            usage.notes = r.choice(NOTES)
        return usage, personal, self_service

    def _platforms(self, usage: SystemUsage, entry: CatalogEntry, self_service: bool) -> None:
        r = self.r
        saas = usage.hosting == c.Hosting.SAAS
        usage.supports_browsers = self_service or saas
        usage.supports_windows = not self_service or r.random() < 0.5
        usage.supports_macos = self_service or (saas and r.random() < 0.6)
        usage.supports_ios = self_service and r.random() < 0.75
        usage.supports_android = usage.supports_ios and r.random() < 0.95
        if not self_service:
            return
        gap = r.random()
        if gap < 0.15:  # no accessibility statement at all
            usage.wcag_status = c.WcagStatus.UNKNOWN
            return
        usage.accessibility_statement_url = (
            f"https://www.{self.email_domain}/tilgaengelighed/{slugify_da(entry.name)}"
        )
        if gap < 0.3:  # a statement that is years old
            usage.wcag_status = r.choice((c.WcagStatus.PARTIAL, c.WcagStatus.UNKNOWN))
            usage.wcag_date = random_date(r, 2019, 2022)
        else:
            usage.wcag_status = r.choice(
                (c.WcagStatus.COMPLIANT, c.WcagStatus.COMPLIANT, c.WcagStatus.PARTIAL)
            )
            usage.wcag_date = random_date(r, 2026, 2026)  # current (within 12 months)

    def _time(self, usage: SystemUsage, lifecycle: str) -> None:
        r = self.r
        if lifecycle == c.Lifecycle.PHASING_OUT:
            functional, technical = r.randint(1, 3), r.randint(1, 2)
        elif lifecycle in (c.Lifecycle.PHASING_IN, c.Lifecycle.PILOT):
            functional, technical = r.randint(3, 4), r.randint(3, 4)
        else:
            functional, technical = r.randint(1, 4), r.randint(1, 4)
        high_f, high_t = functional >= 3, technical >= 3
        if r.random() < 0.04:  # the opposite quadrant: the TIME warning must find these
            high_f, high_t = not high_f, not high_t
        usage.time_disposition = {
            (True, True): c.TimeDisposition.INVEST,
            (True, False): c.TimeDisposition.MIGRATE,
            (False, True): c.TimeDisposition.TOLERATE,
            (False, False): c.TimeDisposition.ELIMINATE,
        }[(high_f, high_t)]
        usage.functional_fit = functional
        usage.technical_fit = technical

    def _plan_roles(self, i: int, usage: SystemUsage, demo_owner: Any) -> None:
        r, roles = self.r, self.plan.roles

        def add(key_: str, holder: Holder) -> None:
            if key_ in self.roles:
                roles.append(
                    (
                        i,
                        UsageRole(
                            role_type=self.roles[key_],
                            user=holder.user,
                            person_name="" if holder.user else holder.name,
                            email="" if holder.user else holder.email,
                        ),
                    )
                )

        if demo_owner is not None:
            add("systemejer", Holder(user=demo_owner))
        elif r.random() < 0.9:  # the rest are gaps for the data-quality page
            add("systemejer", self._holder())
        if r.random() < 0.6:
            add("systemansvarlig", self._holder())
        if r.random() < 0.35:
            add("forretningsejer", self._holder())
        if usage.data_sensitivity != NONE and r.random() < 0.4:
            add("dataejer", self._holder())
        if usage.data_sensitivity in (SENSITIVE, CRIMINAL) and r.random() < 0.15:
            add("sikkerhedsansvarlig", self._holder())
        if r.random() < 0.2:
            add("superbruger", self._holder())

    def _plan_costs(self, i: int, usage: SystemUsage) -> None:
        r = self.r
        if usage.lifecycle not in ACTIVE or r.random() > 0.65:
            return
        kinds = [(c.CostKind.INTERNAL, 10_000, 300_000)]
        if usage.hosting in (c.Hosting.ON_PREMISES, c.Hosting.HYBRID):
            kinds.append((c.CostKind.OPERATION, 20_000, 600_000))
        if r.random() < 0.15:
            kinds.append((c.CostKind.LICENSE, 10_000, 500_000))
        for kind, low, high in kinds:
            base = amount(r, low, high, skew=1.5)
            for year in range(2023, 2027):
                growth = Decimal(1 + 0.03 * (year - 2023))
                self.plan.costs.append(
                    (
                        i,
                        UsageCost(
                            year=year,
                            kind=kind,
                            amount=(base * growth).quantize(Decimal("1")).quantize(Decimal("0.01")),
                        ),
                    )
                )

    def _plan_contracts(self) -> None:
        r, plan = self.r, self.plan
        candidates = [
            i
            for i, u in enumerate(plan.usages)
            if u.obj.lifecycle != c.Lifecycle.NOT_IN_USE and r.random() > 0.1
        ]
        r.shuffle(candidates)
        addenda = round(self.size.contracts * 0.08)
        base_count = min(len(candidates), self.size.contracts - addenda)
        hosting_vendors = [v for v in self.catalog.vendors if v.hosting]
        covered: list[list[int]] = [[i] for i in candidates[:base_count]]
        by_vendor: dict[int, list[int]] = {}
        for ci, members in enumerate(covered):
            by_vendor.setdefault(plan.usages[members[0]].entry.vendor_pk, []).append(ci)
        vendors: list[int] = [plan.usages[m[0]].entry.vendor_pk for m in covered]
        types = [W_CONTRACT_TYPE.pick(r) for _ in covered]
        operations = [ci for ci, t in enumerate(types) if t == c.ContractType.OPERATION]
        for ci in operations:
            if r.random() < 0.6:
                vendors[ci] = r.choice(hosting_vendors).pk
        with_products = {s.vendor for s in self.catalog.systems}
        consultancies = [v.pk for v in self.catalog.vendors if v.index not in with_products]
        for ci, contract_type in enumerate(types):
            helpers = (c.ContractType.SERVICE, c.ContractType.DEVELOPMENT)
            if contract_type in helpers and consultancies and r.random() < 0.4:
                vendors[ci] = r.choice(consultancies)
        for i in candidates[base_count:]:
            same = by_vendor.get(plan.usages[i].entry.vendor_pk)
            if same and r.random() < 0.7:
                covered[r.choice(same)].append(i)
            elif operations:
                covered[r.choice(operations)].append(i)
            elif covered:
                covered[r.choice(range(len(covered)))].append(i)
        for ci, members in enumerate(covered):
            self._contract(ci, members, types[ci], vendors[ci], parent=None)
        for ai in range(addenda if covered else 0):
            parent_index = r.randrange(len(covered))
            ci = len(plan.contracts)
            self._contract(
                ci,
                covered[parent_index][:1],
                c.ContractType.ADDENDUM,
                plan.contracts[parent_index].vendor_id,
                parent=parent_index,
                ordinal=ai + 1,
            )

    def _contract(
        self,
        ci: int,
        members: list[int],
        contract_type: str,
        vendor_pk: int | None,
        *,
        parent: int | None,
        ordinal: int = 0,
    ) -> None:
        r, plan = self.r, self.plan
        first = plan.usages[members[0]]
        if parent is None:
            start = random_date(r, 2018, 2026)
            end = min(
                add_months(start, 12 * r.randint(2, 8)) - timedelta(days=1), LAST_CONTRACT_DAY
            )
        else:
            mother = plan.contracts[parent]
            assert mother.start_date is not None and mother.end_date is not None
            span = max(0, (mother.end_date - mother.start_date).days)
            start = mother.start_date + timedelta(days=r.randint(0, span))
            end = mother.end_date
        label = CONTRACT_LABELS[contract_type]
        if parent is not None:
            name = f"{label} {ordinal} til {plan.contracts[parent].name}"[:200]
        elif contract_type == c.ContractType.OPERATION and len(members) > 1:
            name = f"{label} – {first.unit} ({len(members)} systemer)"
        else:
            name = f"{label} – {first.entry.name}"
        personal = any(plan.usages[m].personal for m in members)
        offered = W_OPTIONS.pick(r) if parent is None else 0
        used = r.randint(0, offered) if offered else 0
        terminated = parent is None and r.random() < 0.04
        contract = Contract(
            uuid=key(self.org.pk, "contract", ci),
            organization=self.org,
            number=f"{self.prefix}-{start.year}-{ci + 1:04d}",
            name=name,
            vendor_id=vendor_pk,
            contract_type=contract_type,
            procurement_form=W_PROCUREMENT.pick(r) if parent is None else "",
            start_date=start,
            end_date=end,
            irrevocable_until=min(add_months(start, 12 * r.randint(1, 3)), end)
            if r.random() < 0.4
            else None,
            notice_months=W_NOTICE.pick(r),
            notice_runs_to=W_RUNS_TO.pick(r),
            options_offered=offered,
            options_used=used,
            option_months=r.choice((12, 12, 24)),
            terminated=terminated,
            terminated_date=start + timedelta(days=r.randint(0, (end - start).days))
            if terminated
            else None,
            responsible_unit=self.units[first.unit],
        )
        if personal and parent is None:
            contract.dpa_required = True
            if r.random() < 0.85:  # the rest: personal data without a DPA (a gap)
                contract.dpa_concluded = True
                contract.dpa_date = start + timedelta(days=r.randint(0, 60))
                contract.dpa_supervision_months = r.choice((12, 12, 24))
                if r.random() < 0.8:
                    nxt = contract.dpa_date
                    while nxt < date(2025, 6, 1):
                        nxt = add_months(nxt, contract.dpa_supervision_months)
                    contract.dpa_next_supervision = nxt
        plan.contracts.append(contract)
        if parent is not None:
            plan.contract_parent[ci] = parent
        for m in dict.fromkeys(members):
            plan.contract_usages.append((ci, m))
        self._payments(ci, start, end, contract_type, len(members))
        holder = self._holder()
        if self.users and r.random() < 0.3:
            holder = Holder(user=self.users["indkoeber"])
        plan.contract_roles.append(
            (
                ci,
                ContractRole(
                    kind=c.ContractRoleKind.OWNER,
                    user=holder.user,
                    person_name=holder.name if holder.user is None else "",
                ),
            )
        )
        if r.random() < 0.5:
            manager = self._holder()
            plan.contract_roles.append(
                (ci, ContractRole(kind=c.ContractRoleKind.MANAGER, person_name=manager.name))
            )
        if contract.dpa_concluded and r.random() < 0.5:
            dpa = self._holder()
            plan.contract_roles.append(
                (ci, ContractRole(kind=c.ContractRoleKind.DPA_RESPONSIBLE, person_name=dpa.name))
            )

    def _payments(self, ci: int, start: date, end: date, contract_type: str, n: int) -> None:
        r = self.r
        scale = 0.3 if contract_type == c.ContractType.ADDENDUM else 1.0
        base = amount(r, 20_000, min(1_500_000 * n, 3_000_000) * scale or 20_000, skew=1.8)
        years = [y for y in PAYMENT_YEARS if start.year <= y <= end.year]
        for year in years:
            growth = Decimal(1 + 0.025 * (year - years[0]))
            operation = _clamp((base * growth).quantize(Decimal("1")))
            self.plan.payments.append(
                (ci, ContractPayment(year=year, stream=c.PaymentStream.OPERATION, amount=operation))
            )
            if year == start.year and contract_type != c.ContractType.OPERATION:
                acquisition = _clamp(base * Decimal(str(round(r.uniform(0.5, 3.0), 2))))
                self.plan.payments.append(
                    (
                        ci,
                        ContractPayment(
                            year=year, stream=c.PaymentStream.ACQUISITION, amount=acquisition
                        ),
                    )
                )
            if r.random() < 0.08:
                self.plan.payments.append(
                    (
                        ci,
                        ContractPayment(
                            year=year,
                            stream=c.PaymentStream.OTHER,
                            amount=amount(r, 20_000, 250_000, skew=1.5),
                        ),
                    )
                )

    def _plan_integrations(self) -> None:
        r, plan = self.r, self.plan
        usages = plan.usages
        if len(usages) < 2:
            return
        components = [n for n in COMPONENTS if n in self.catalog.components]
        w_component = Weighted([(n, COMPONENTS[n][0]) for n in components])
        sources = Weighted(
            [
                (i, W_COMPONENT_SOURCE[u.entry.business_type] * (1.5 if u.personal else 0.5))
                for i, u in enumerate(usages)
            ]
        )
        targets = Weighted(
            [
                (i, float(HUBS[u.entry.noun][0]) if u.entry.noun in HUBS else 1.0)
                for i, u in enumerate(usages)
            ]
        )
        any_source = Weighted([(i, 1.0) for i in range(len(usages))])
        contracts_of: dict[int, list[int]] = {}
        for ci, ui in plan.contract_usages:
            contracts_of.setdefault(ui, []).append(ci)
        seen: set[tuple[int, object, str]] = set()
        share = 0.35 if components else 0.0
        attempts = 0
        while (
            len(plan.integrations) < self.size.integrations
            and attempts < self.size.integrations * 20
        ):
            attempts += 1
            if r.random() < share:
                source = sources.pick(r)
                component = w_component.pick(r)
                interface, technology, data = r.choice(COMPONENTS[component][1])
                target: int | None = None
                target_component: CatalogSystem | None = self.catalog.components[component]
                pair: tuple[int, object, str] = (source, component, interface)
            else:
                source = any_source.pick(r)
                target = targets.pick(r)
                if target == source:
                    continue
                target_component = None
                noun = usages[target].entry.noun
                area_data = usages[source].entry.area.data
                if noun in HUBS and r.random() < 0.8:
                    interface = HUBS[noun][1]
                    data = HUBS[noun][2] or (r.choice(area_data),)
                else:
                    picked = r.choice(area_data)
                    interface = r.choice(GENERIC_INTERFACES).format(
                        data=picked.lower(), target=usages[target].entry.name
                    )
                    data = (picked,)
                technology = W_TECHNOLOGY.pick(r)
                pair = (source, target, interface)
            if pair in seen:
                continue
            seen.add(pair)
            index = len(plan.integrations)
            status = W_STATUS.pick(r)
            if usages[source].obj.lifecycle == c.Lifecycle.NOT_IN_USE:
                status = c.IntegrationStatus.RETIRED
            contract = None
            if source in contracts_of and r.random() < 0.3:
                contract = r.choice(contracts_of[source])
            row = Integration(
                uuid=key(self.org.pk, "integration", index),
                organization=self.org,
                target_component=target_component,
                interface_name=interface[:200],
                technology=technology,
                frequency=W_FREQUENCY.pick(r),
                direction=c.Direction.TWO_WAY if r.random() < 0.2 else c.Direction.ONE_WAY,
                status=status,
            )
            plan.integrations.append((row, source, target, contract))
            for name in dict.fromkeys(data):
                plan.integration_data.append((index, name))

    def _plan_processes(self) -> None:
        r, plan = self.r, self.plan
        by_area: dict[str, list[int]] = {}
        esdh: list[int] = []
        for i, u in enumerate(plan.usages):
            if u.obj.lifecycle in ACTIVE:
                by_area.setdefault(u.entry.area.key, []).append(i)
                if u.entry.noun == "ESDH":
                    esdh.append(i)
        count = self.size.processes
        parents = list(PROCESS_PARENTS.items())[: max(0, count // 10)]
        leaves = r.sample(PROCESSES, min(len(PROCESSES), count - len(parents)))
        parent_of_area: dict[str, int] = {}
        for pi, (name, (area_key, children)) in enumerate(parents):
            plan.processes.append((self._process(name, area_key), None))
            self._steps(pi, area_key, by_area, esdh)
            for child in children:
                parent_of_area[child] = pi
        for name, area_key in leaves:
            pi = len(plan.processes)
            plan.processes.append((self._process(name, area_key), parent_of_area.get(area_key)))
            self._steps(pi, area_key, by_area, esdh)

    def _process(self, name: str, area_key: str) -> BusinessProcess:
        area = AREA_BY_KEY[area_key]
        kle = self.catalog.kle.get(area.kle_group)
        return BusinessProcess(
            organization=self.org,
            name=name,
            owner_unit=self.units[area.afdeling],
            kle_subject=kle,
            description=f"Syntetisk proces: {kle.title if kle else area_key} (demodata).",
        )

    def _steps(
        self, pi: int, area_key: str, by_area: dict[str, list[int]], esdh: list[int]
    ) -> None:
        r = self.r
        area = AREA_BY_KEY[area_key]
        k = r.randint(3, 8)
        chosen = sorted(r.sample(range(len(STEPS)), k))
        pool = by_area.get(area_key) or [i for ids in by_area.values() for i in ids]
        recollect = r.random() < 0.3
        for order, step_index in enumerate(chosen, start=1):
            name, collects, reads = STEPS[step_index]
            usages = r.sample(pool, min(len(pool), r.choice((1, 1, 2)))) if pool else []
            if name.startswith("Journalisér") and esdh:
                usages = [esdh[0]]
            area_data = r.choice(area.data)
            collected = [area_data if d == "*" else d for d in collects]
            read = [area_data if d == "*" else d for d in reads]
            if recollect and order == len(chosen) and RECOLLECTED not in collected:
                collected.append(RECOLLECTED)  # the same data asked for again
            self.plan.steps.append(
                (
                    pi,
                    ProcessStep(order=order, name=name, unit=self.units[area.afdeling]),
                    list(dict.fromkeys(usages)),
                    list(dict.fromkeys(collected)),
                    [d for d in dict.fromkeys(read) if d not in collected],
                )
            )

    # persisting -----------------------------------------------------------------------

    def save(self) -> SeedCounts:
        """Insert what is missing; return how many usages/contracts/… were created."""
        return save_plan(self.plan, self.org)


def _usage_archive_duty(r: random.Random, catalog: Catalog, entry: CatalogEntry) -> str:
    if r.random() < 0.25:
        return c.ArchiveDuty.UNDECIDED
    return archive_duty(catalog.kle, entry.kle)


def _clamp(value: Decimal) -> Decimal:
    return min(MAX_PAYMENT, max(MIN_PAYMENT, value)).quantize(Decimal("0.01"))
