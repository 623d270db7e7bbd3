"""Anonymous benchmarks across the municipalities that opted in.

A nightly task (:func:`compute`, ``manage.py compute_benchmarks``) reads the opted-in
municipalities' landscapes with a handful of aggregate queries and stores, per period
(year), each metric's quartiles in three fixed kinds of comparison group: all opted-in
municipalities, those of the same size band (inhabitants), those of the same region. The
page and the API only read what is stored (a few queries, whatever the number of
municipalities), and only for a municipality that itself takes part.

Disclosure control - what keeps every other municipality's value hidden:

* **k-anonymity**: a figure built from fewer than :data:`K` municipalities is not stored
  (only that it is suppressed, and why).
* **Differencing**: every size band and region is a subgroup of "all". If the two differ
  by 1 to ``K - 1`` municipalities, comparing the two figures could reveal those few
  municipalities' values, so the subgroup is suppressed too.
* Only quartiles are published (no mean, sum, minimum or maximum), rounded to two
  significant digits, and never a named peer. A municipality sees its own value beside
  them, never another's. The groups are fixed: no query can choose its own set of
  municipalities.

Definitions (period = a calendar year; active systems = lifecycle pilot, phasing in, in
operation or phasing out):

* It-omkostninger pr. indbygger: the year's own cost lines of the systems plus the year's
  contract payments (as the cost analysis counts them), divided by the inhabitants.
  Municipalities without inhabitants or without any cost in the year do not contribute.
* Systemer pr. 1.000 indbyggere: active systems per 1,000 inhabitants.
* Andel systemer med kontrakt: active systems covered by at least one contract, in %.
* Kontrakternes gennemsnitsalder: average years since the start date of the contracts
  not terminated that have started (contracts without a start date are left out).
* Andel dokumenterede integrationer: integrations with both an interface name and a
  description, in % of all integrations.
* Andel systemer pr. KLE-hovedgruppe: one figure per KLE hovedgruppe (stored under the
  metric key ``kle_share:NN``): of the active systems that serve at least one KLE subject
  (the catalog system's subjects plus local additions minus removals, as the portfolio
  analyses count them), the share that serve a subject in hovedgruppe NN, in %. A system
  serving several hovedgrupper counts in each, so the shares add up to more than 100.
  A share is chosen rather than systems per 1,000 inhabitants because it compares a small
  and a large municipality's priorities directly and needs no inhabitants. A municipality
  with no KLE-classified active system has no value; one with classified systems has 0
  for a hovedgruppe it serves with none. Only hovedgrupper that at least ``K``
  municipalities serve get figures: the row of a hovedgruppe one participant serves would
  itself tell that someone does.
* Andel systemer på fælleskommunale komponenter: active systems with at least one
  integration to a shared component (``Integration.target_component``), in % of the
  active systems. Municipalities that registered no integration at all have no value
  (nothing registered is not the same as none).
* Datakvalitet: the average completeness score (0-100) of the portfolio's data-quality
  analysis (:func:`portfolio.analysis.data_quality`, rules in :mod:`engine.quality`) at
  the day of the computation. Without usages in scope, no value.
* Anskaffelsernes gennemløbstid: median days from idé to decision of the procurement
  requests decided in the twelve months up to the computation (up to the period's end for
  a past period), as the procurement module measures it for the advisor (registry hook
  ``process_facts``; fewer than three decided requests give no value). Left out entirely
  when the procurement module is not installed.
* Digital andel af henvendelserne: the period's contacts in the digital channels
  (self-service, Digital Post, chat) in % of all counted contacts, from the channel
  counts (registry hook ``channel_digital_shares``). Municipalities without counts in the
  period have no value; left out entirely without the channels module.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.aggregates import MoneySum
from core.registry import registry
from organizations.choices import OrganizationKind
from organizations.models import Organization
from portfolio.analysis import data_quality
from portfolio.analysis.common import effective_kle
from portfolio.choices import ACTIVE_LIFECYCLES, KleLevel
from portfolio.models import (
    CatalogSystem,
    Contract,
    ContractPayment,
    Integration,
    KleSubject,
    SystemUsage,
    UsageCost,
)
from sharing.choices import GroupKind, Metric, Suppression
from sharing.models import BenchmarkFigure, BenchmarkParticipation, BenchmarkRun, BenchmarkValue

K = 5
"""The fewest municipalities a published figure may be built from."""

SIZE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 20_000, "under 20.000"),
    (20_000, 50_000, "20.000-49.999"),
    (50_000, 100_000, "50.000-99.999"),
    (100_000, None, "100.000 og derover"),
)

UNITS = {
    Metric.COST_PER_INHABITANT: _("kr."),
    Metric.SYSTEMS_PER_1000: "",
    Metric.CONTRACT_SHARE: "%",
    Metric.CONTRACT_AGE: _("år"),
    Metric.INTEGRATIONS_DOCUMENTED: "%",
    Metric.KLE_SHARE: "%",
    Metric.SHARED_COMPONENTS: "%",
    Metric.DATA_QUALITY: _("point"),
    Metric.PROCUREMENT_LEAD_TIME: _("dage"),
    Metric.DIGITAL_SHARE: "%",
}
DEFINITIONS = {
    Metric.COST_PER_INHABITANT: _(
        "Årets omkostninger på systemerne og årets kontraktbetalinger divideret med "
        "indbyggertallet. Kommuner uden indbyggertal eller uden omkostninger i året indgår "
        "ikke."
    ),
    Metric.SYSTEMS_PER_1000: _(
        "Aktive systemer (pilot, indfasning, drift, udfasning) pr. 1.000 indbyggere."
    ),
    Metric.CONTRACT_SHARE: _("Andel af de aktive systemer, som mindst én kontrakt dækker."),
    Metric.CONTRACT_AGE: _(
        "Gennemsnitligt antal år siden startdatoen for de kontrakter, der er startet og ikke "
        "opsagt. Kontrakter uden startdato indgår ikke."
    ),
    Metric.INTEGRATIONS_DOCUMENTED: _(
        "Andel af integrationerne, der har både snitfladenavn og beskrivelse."
    ),
    Metric.KLE_SHARE: _(
        "Af de aktive systemer, der har mindst ét KLE-emne, andelen der understøtter et emne "
        "i hovedgruppen. Et system i flere hovedgrupper tæller med i hver, så andelene giver "
        "tilsammen mere end 100. Kommuner uden KLE-emner på deres aktive systemer indgår ikke."
    ),
    Metric.SHARED_COMPONENTS: _(
        "Andel af de aktive systemer, der har mindst én integration til en fælleskommunal "
        "komponent. Kommuner, der ikke har registreret integrationer, indgår ikke."
    ),
    Metric.DATA_QUALITY: _(
        "Gennemsnittet af systemernes datakvalitetsscore (0-100) fra analysen Datakvalitet "
        "på beregningsdagen. Kommuner uden systemer i drift indgår ikke."
    ),
    Metric.PROCUREMENT_LEAD_TIME: _(
        "Medianen af dage fra idé til beslutning for de anskaffelser, der blev besluttet de "
        "seneste 12 måneder (til periodens udgang for et tidligere år). Kommuner med færre "
        "end tre besluttede anskaffelser indgår ikke."
    ),
    Metric.DIGITAL_SHARE: _(
        "Periodens henvendelser i de digitale kanaler (selvbetjening, Digital Post, chat) i "
        "procent af alle optalte henvendelser. Kommuner uden optællinger i perioden indgår "
        "ikke."
    ),
}
HUNDRED = Decimal(100)
KLE_PREFIX = f"{Metric.KLE_SHARE.value}:"
MODULE_HOOKS: dict[str, str] = {
    Metric.PROCUREMENT_LEAD_TIME: "process_facts",
    Metric.DIGITAL_SHARE: "channel_digital_shares",
}
"""The figures a higher module measures, by the registry hook that reads them; without
the module the page and API leave the figure out."""


def kle_key(number: str) -> str:
    """The stored metric key of a KLE hovedgruppe's share.

    >>> kle_key("27")
    'kle_share:27'
    """
    return f"{KLE_PREFIX}{number}"


def size_band(population: int | None) -> str:
    """The size band's key ("1"-"4") of a municipality, "" without inhabitants.

    >>> size_band(19_999), size_band(20_000), size_band(250_000), size_band(None)
    ('1', '2', '4', '')
    """
    if not population:
        return ""
    for index, (low, high, _label) in enumerate(SIZE_BANDS, start=1):
        if population >= low and (high is None or population < high):
            return str(index)
    return ""  # pragma: no cover - the bands cover every population


def quartiles(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Q1, median and Q3 by linear interpolation between the sorted values (the "type 7"
    definition of R and numpy's default).

    >>> [float(q) for q in quartiles([Decimal(v) for v in (1, 2, 3, 4, 5)])]
    [2.0, 3.0, 4.0]
    >>> [float(q) for q in quartiles([Decimal(v) for v in (10, 20, 30, 40)])]
    [17.5, 25.0, 32.5]
    """
    ordered = sorted(values)

    def at(p: Decimal) -> Decimal:
        position = (len(ordered) - 1) * p
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return at(Decimal("0.25")), at(Decimal("0.5")), at(Decimal("0.75"))


def significant(value: Decimal, digits: int = 2) -> Decimal:
    """``value`` rounded to ``digits`` significant digits (at most two decimals).

    >>> significant(Decimal("1234.56")), significant(Decimal("7.834")), significant(Decimal("0"))
    (Decimal('1200'), Decimal('7.8'), Decimal('0'))
    """
    if value == 0:
        return Decimal(0)
    exponent = value.adjusted() - digits + 1
    quantum = Decimal(1).scaleb(max(exponent, -2))
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return rounded if exponent <= 0 else Decimal(int(rounded))


@dataclass
class Contributor:
    id: int
    population: int | None
    region: str
    size: str
    values: dict[str, Decimal] = field(default_factory=dict)


def _by_org(rows: Iterable[tuple[int, object]]) -> dict[int, object]:
    return dict(rows)


def _measure(ids: list[int], year: int, today: dt.date) -> dict[int, dict[str, Decimal]]:
    """Each municipality's value of each metric it has data for: a fixed number of
    aggregate queries whatever the number of municipalities, plus the data-quality
    analysis (seven queries) and the procurement lead time (four) per municipality - it
    runs at night, not in a request."""
    own = _by_org(
        UsageCost.objects.filter(usage__organization_id__in=ids, year=year)
        .values("usage__organization_id")
        .annotate(total=MoneySum("amount"))
        .values_list("usage__organization_id", "total")
    )
    paid = _by_org(
        ContractPayment.objects.filter(contract__organization_id__in=ids, year=year)
        .values("contract__organization_id")
        .annotate(total=MoneySum("amount"))
        .values_list("contract__organization_id", "total")
    )
    active = SystemUsage.objects.filter(organization_id__in=ids, lifecycle__in=ACTIVE_LIFECYCLES)
    systems = _by_org(
        active.values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    )
    covered = _by_org(
        active.filter(contracts__isnull=False)
        .values("organization_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("organization_id", "n")
    )
    ages: dict[int, list[int]] = defaultdict(list)
    for org_id, start in Contract.objects.filter(
        organization_id__in=ids, terminated=False, start_date__lte=today
    ).values_list("organization_id", "start_date"):
        ages[org_id].append((today - start).days)
    documented = {
        org_id: (total, done)
        for org_id, total, done in Integration.objects.filter(organization_id__in=ids)
        .values("organization_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=~Q(interface_name="") & ~Q(description="")),
        )
        .values_list("organization_id", "total", "done")
    }
    on_components = _by_org(
        active.filter(outgoing__target_component__isnull=False)
        .values("organization_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("organization_id", "n")
    )
    organizations = {o.pk: o for o in Organization.objects.filter(pk__in=ids)}
    population = {pk: o.population for pk, o in organizations.items()}
    kle = _kle_shares(ids)
    extra = _module_values(organizations, year, today)
    result: dict[int, dict[str, Decimal]] = {}
    for org_id in ids:
        values: dict[str, Decimal] = dict(kle.get(org_id, {}))
        values.update(extra.get(org_id, {}))
        if org_id in organizations:
            score = data_quality(organization=organizations[org_id], today=today).average
            if score is not None:
                values[Metric.DATA_QUALITY] = Decimal(score)
        inhabitants = population.get(org_id)
        cost = Decimal(str(own.get(org_id) or 0)) + Decimal(str(paid.get(org_id) or 0))
        n_systems = int(str(systems.get(org_id) or 0))
        if inhabitants and cost > 0:
            values[Metric.COST_PER_INHABITANT] = cost / inhabitants
        if inhabitants and n_systems:
            values[Metric.SYSTEMS_PER_1000] = Decimal(n_systems * 1000) / inhabitants
        if n_systems:
            with_contract = int(str(covered.get(org_id) or 0))
            values[Metric.CONTRACT_SHARE] = HUNDRED * with_contract / n_systems
        if ages[org_id]:
            days = Decimal(sum(ages[org_id])) / len(ages[org_id])
            values[Metric.CONTRACT_AGE] = days / Decimal("365.25")
        if org_id in documented and documented[org_id][0]:
            total, done = documented[org_id]
            values[Metric.INTEGRATIONS_DOCUMENTED] = HUNDRED * done / total
            if n_systems:
                on_shared = int(str(on_components.get(org_id) or 0))
                values[Metric.SHARED_COMPONENTS] = HUNDRED * on_shared / n_systems
        result[org_id] = {k: v.quantize(Decimal("0.01"), ROUND_HALF_UP) for k, v in values.items()}
    return result


def _kle_shares(ids: list[int]) -> dict[int, dict[str, Decimal]]:
    """Per municipality, the share of its KLE-classified active systems in each KLE
    hovedgruppe (``kle_share:NN``) that at least :data:`K` municipalities serve, 0 for
    such a hovedgruppe it does not serve. Five queries, whatever the number of
    municipalities; the subjects per system are the portfolio's
    (:func:`portfolio.analysis.common.effective_kle`)."""
    usages = list(
        SystemUsage.objects.filter(
            organization_id__in=ids, lifecycle__in=ACTIVE_LIFECYCLES
        ).values_list("pk", "organization_id", "catalog_system_id")
    )
    usage_catalog = {pk: catalog for pk, _org, catalog in usages}
    catalog_pairs = list(
        CatalogSystem.kle_subjects.through.objects.filter(
            catalogsystem_id__in={catalog for _pk, _org, catalog in usages}
        ).values_list("catalogsystem_id", "klesubject_id")
    )
    additions = list(
        SystemUsage.kle_additions.through.objects.filter(
            systemusage__organization_id__in=ids
        ).values_list("systemusage_id", "klesubject_id")
    )
    removals = list(
        SystemUsage.kle_removals.through.objects.filter(
            systemusage__organization_id__in=ids
        ).values_list("systemusage_id", "klesubject_id")
    )
    subjects = {s for _c, s in catalog_pairs} | {s for _u, s in additions}
    number = dict(KleSubject.objects.filter(pk__in=subjects).values_list("pk", "number"))
    by_usage = effective_kle(usage_catalog, catalog_pairs, additions, removals)
    served: dict[int, list[set[str]]] = defaultdict(list)
    for pk, org_id, _catalog in usages:
        groups = {number[s].split(".")[0] for s in by_usage.get(pk, ()) if s in number}
        if groups:
            served[org_id].append(groups)
    serving: dict[str, int] = defaultdict(int)
    for systems in served.values():
        for g in set().union(*systems):
            serving[g] += 1
    # A hovedgruppe only a few municipalities serve is left out altogether: even the
    # existence of its row would tell that some participant has systems there.
    everywhere = sorted(g for g, n in serving.items() if n >= K)
    result: dict[int, dict[str, Decimal]] = {}
    for org_id, systems in served.items():
        result[org_id] = {
            kle_key(g): HUNDRED * sum(1 for groups in systems if g in groups) / len(systems)
            for g in everywhere
        }
    return result


def _module_values(
    organizations: dict[int, Organization], year: int, today: dt.date
) -> dict[int, dict[str, Decimal]]:
    """The figures from higher modules, read through registry hooks (sharing does not
    import them): procurement lead time (``process_facts``, per municipality) and the
    digital share of contacts (``channel_digital_shares``, one call for all). A module
    that is not installed gives no values."""
    result: dict[int, dict[str, Decimal]] = defaultdict(dict)
    if registry.hooked(MODULE_HOOKS[Metric.PROCUREMENT_LEAD_TIME]):
        if year == today.year:
            now = timezone.now()
        else:
            now = timezone.make_aware(dt.datetime(year, 12, 31, 23, 59, 59))
        for org_id, organization in organizations.items():
            days, _source = registry.call("process_facts", organization=organization, now=now)[
                "procurement_lead_time_days"
            ]
            if days is not None:
                result[org_id][Metric.PROCUREMENT_LEAD_TIME] = Decimal(str(days))
    if registry.hooked(MODULE_HOOKS[Metric.DIGITAL_SHARE]):
        shares = registry.call(
            "channel_digital_shares", organization_ids=list(organizations), year=year
        )
        for org_id, share in shares.items():
            result[org_id][Metric.DIGITAL_SHARE] = share
    return result


def participants() -> list[Contributor]:
    """The active municipalities that take part, with their size band and region."""
    rows = (
        BenchmarkParticipation.objects.filter(
            organization__kind=OrganizationKind.KOMMUNE, organization__is_active=True
        )
        .values_list("organization_id", "organization__population", "organization__region_code")
        .order_by("organization_id")
    )
    return [
        Contributor(org_id, population, str(region or ""), size_band(population))
        for org_id, population, region in rows
    ]


def figures(contributors: list[Contributor]) -> list[BenchmarkFigure]:
    """The figures (not saved) of every metric in every group present among the
    contributors, with the k-anonymity and differencing rules applied."""
    result = []
    keys = sorted({key for c in contributors for key in c.values} | set(Metric.values))
    for metric in keys:
        having = [c for c in contributors if metric in c.values]
        groups: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
        for c in having:
            groups[(GroupKind.ALL, "")].append(c.values[metric])
            if c.size:
                groups[(GroupKind.SIZE, c.size)].append(c.values[metric])
            if c.region:
                groups[(GroupKind.REGION, c.region)].append(c.values[metric])
        for (kind, key), values in sorted(groups.items()):
            figure = BenchmarkFigure(
                metric=metric, group_kind=kind, group_key=key, contributors=len(values)
            )
            outside = len(having) - len(values)
            if len(values) < K:
                figure.suppressed = Suppression.FEW
            elif 0 < outside < K:
                figure.suppressed = Suppression.DIFFERENCING
            else:
                q1, median, q3 = quartiles(values)
                figure.q1, figure.median, figure.q3 = (significant(v) for v in (q1, median, q3))
            result.append(figure)
    return result


def compute(*, period: int | None = None, today: dt.date | None = None) -> BenchmarkRun:
    """Compute and store a period's figures and the contributors' own values (replacing
    the period's previous run), in one transaction."""
    today = today or timezone.localdate()
    period = period or today.year
    contributors = participants()
    measured = _measure([c.id for c in contributors], period, today)
    for c in contributors:
        c.values = measured.get(c.id, {})
    with transaction.atomic():
        # A municipality that left while the values were measured is not stored: the
        # participations are locked and read again, so a leave either happened before
        # (left out here) or waits and then deletes what this run wrote.
        still = set(
            BenchmarkParticipation.objects.select_for_update().values_list(
                "organization_id", flat=True
            )
        )
        contributors = [c for c in contributors if c.id in still]
        computed = figures(contributors)
        BenchmarkRun.objects.filter(period=period).delete()
        run = BenchmarkRun.objects.create(
            period=period, computed_at=timezone.now(), participants=len(contributors)
        )
        for figure in computed:
            figure.run = run
        BenchmarkFigure.objects.bulk_create(computed)
        BenchmarkValue.objects.bulk_create(
            BenchmarkValue(run=run, organization_id=c.id, metric=metric, value=value)
            for c in contributors
            for metric, value in c.values.items()
        )
    return run


# Reading (the page and the API) ---------------------------------------------------------

SUPPRESSION_TEXT = {
    Suppression.FEW: _(
        "Vises ikke: færre end fem kommuner bidrager til tallet, så en enkelt kommunes værdi "
        "kunne genkendes."
    ),
    Suppression.DIFFERENCING: _(
        "Vises ikke: gruppen adskiller sig fra alle deltagende kommuner med færre end fem "
        "kommuner, så deres værdier kunne udledes ved at sammenligne de to tal."
    ),
}


@dataclass
class GroupFigure:
    kind: str
    key: str
    label: str
    contributors: int | None  # None: suppressed (the exact small number is not told)
    q1: Decimal | None
    median: Decimal | None
    q3: Decimal | None
    suppressed: str
    explanation: str
    position: str


@dataclass
class MetricRow:
    metric: str
    label: str
    unit: str
    definition: str
    own: Decimal | None
    groups: list[GroupFigure]


@dataclass
class BenchmarkResult:
    opted_in: bool
    period: int | None
    computed_at: dt.datetime | None
    participants: int | None
    periods: list[int]
    rows: list[MetricRow]


def position(
    own: Decimal | None, q1: Decimal | None, median: Decimal | None, q3: Decimal | None
) -> str:
    """Where ``own`` lies among the (rounded) quartiles, in words; "" when unknown."""
    if own is None or q1 is None or median is None or q3 is None:
        return ""
    if own < q1:
        return str(_("laveste fjerdedel (under 1. kvartil)"))
    if own <= median:
        return str(_("næstlaveste fjerdedel (mellem 1. kvartil og medianen)"))
    if own <= q3:
        return str(_("næsthøjeste fjerdedel (mellem medianen og 3. kvartil)"))
    return str(_("højeste fjerdedel (over 3. kvartil)"))


def group_label(kind: str, key: str, organization: Organization) -> str:
    if kind == GroupKind.SIZE:
        band = SIZE_BANDS[int(key) - 1][2]
        return str(_("Kommuner med %(band)s indbyggere") % {"band": band})
    if kind == GroupKind.REGION:
        return str(_("Kommuner i %(region)s") % {"region": organization.region or key})
    return str(GroupKind.ALL.label)


def benchmark_result(*, organization: Organization, period: int | None = None) -> BenchmarkResult:
    """What ``organization`` may see: nothing but whether it takes part unless it does;
    then the stored figures of its own three groups and its own values. At most six
    queries (the sixth names the KLE hovedgrupper), whatever the number of
    municipalities."""
    opted_in = BenchmarkParticipation.objects.filter(organization=organization).exists()
    periods = list(BenchmarkRun.objects.values_list("period", flat=True))
    if not opted_in:
        return BenchmarkResult(False, None, None, None, periods, [])
    wanted = period if period in periods else (periods[0] if periods else None)
    run = BenchmarkRun.objects.filter(period=wanted).first() if wanted else None
    if run is None:
        return BenchmarkResult(True, None, None, None, periods, [])
    own = dict(
        BenchmarkValue.objects.filter(run=run, organization=organization).values_list(
            "metric", "value"
        )
    )
    keys = [(GroupKind.ALL, "")]
    size = size_band(organization.population)
    if size:
        keys.append((GroupKind.SIZE, size))
    if organization.region_code:
        keys.append((GroupKind.REGION, str(organization.region_code)))
    condition = Q()
    for kind, key in keys:
        condition |= Q(group_kind=kind, group_key=key)
    stored = {
        (f.metric, f.group_kind, f.group_key): f
        for f in BenchmarkFigure.objects.filter(condition, run=run)
    }
    kle_keys = sorted(
        {key for key in own if key.startswith(KLE_PREFIX)}
        | {key for key, _k, _g in stored if key.startswith(KLE_PREFIX)}
    )
    titles = dict(
        KleSubject.objects.filter(
            level=KleLevel.HOVEDGRUPPE, number__in=[k.removeprefix(KLE_PREFIX) for k in kle_keys]
        ).values_list("number", "title")
    )
    wanted_rows: list[tuple[str, str, str]] = []
    for metric, name in Metric.choices:
        hook = MODULE_HOOKS.get(metric)
        if hook and not registry.hooked(hook):
            continue  # the module that measures it is not installed
        if metric == Metric.KLE_SHARE:
            for key in kle_keys:
                number = key.removeprefix(KLE_PREFIX)
                wanted_rows.append(
                    (
                        key,
                        metric,
                        str(
                            _("Andel systemer i KLE-hovedgruppe %(group)s")
                            % {"group": f"{number} {titles.get(number, '')}".strip()}
                        ),
                    )
                )
        else:
            wanted_rows.append((metric, metric, str(name)))
    rows = []
    for metric, base, label in wanted_rows:
        mine = own.get(metric)
        groups = []
        for kind, key in keys:
            f = stored.get((metric, kind, key))
            if f is None:
                continue
            groups.append(
                GroupFigure(
                    kind=kind,
                    key=key,
                    label=group_label(kind, key, organization),
                    contributors=None if f.suppressed else f.contributors,
                    q1=f.q1,
                    median=f.median,
                    q3=f.q3,
                    suppressed=f.suppressed,
                    explanation=str(SUPPRESSION_TEXT.get(f.suppressed, "")),  # type: ignore[call-overload]
                    position=position(mine, f.q1, f.median, f.q3),
                )
            )
        rows.append(
            MetricRow(
                metric=metric,
                label=label,
                unit=str(UNITS[base]),  # type: ignore[index]
                definition=str(DEFINITIONS[base]),  # type: ignore[index]
                own=mine,
                groups=groups,
            )
        )
    return BenchmarkResult(True, run.period, run.computed_at, run.participants, periods, rows)
