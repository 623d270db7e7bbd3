"""1. Channel shift (borgernær service): contacts moved to self-service."""

# Defaults are calls that build frozen, immutable Assumption values, so sharing one
# instance between dataclass instances is safe:
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from engine.case_templates.base import Flag, TemplateInputs, TemplateResult, percent, styrbar
from engine.channels import (
    GOVERNANCE_ARTICLES,
    KL_2011,
    PRESETS,
    ChannelPrices,
    adoption_curve,
    digital_share,
    shifted_contacts,
)
from engine.common import SOURCE_LAW_2023, SOURCE_STYRBAR, Assumption, Text
from engine.errors import EngineError
from engine.evaluation import evaluate
from engine.lines import BusinessCase, Driver, Estimate, Line, LineKind, year_range
from engine.money import ORE, ZERO

__all__ = [
    "SHIFT_GROUP",
    "ChannelShiftInputs",
    "ChannelShiftResult",
    "PriceScenario",
    "ServiceVolume",
    "break_even_in_person",
    "channel_shift",
    "price_scenarios",
    "shift_drivers",
]

SHIFT_GROUP = "shift"
"""The group of the lines that carry the saving of contacts moved to self-service."""


@dataclass(frozen=True, slots=True)
class ServiceVolume:
    """Contacts per year for one service, by channel."""

    name: str
    in_person: Decimal
    digital: Decimal


@dataclass(frozen=True, slots=True)
class ChannelShiftInputs(TemplateInputs):
    """Facts and assumptions for a channel shift (borgernær service).

    The unit prices and the digital share reached are uncertain, so each has a range
    the simulation draws from (:func:`shift_drivers`): ``prices_low`` / ``prices`` /
    ``prices_high`` (by default KL 2011's 75/20 kr. as the low pair and the articles'
    "up to 250 kr." and a third of it as both most likely and high) and
    ``adoption_ceiling_low`` / ``adoption_ceiling`` / ``adoption_ceiling_high``."""

    services: tuple[ServiceVolume, ...]
    bearer: str = ""
    prices: ChannelPrices = GOVERNANCE_ARTICLES
    prices_low: ChannelPrices = KL_2011
    prices_high: ChannelPrices = GOVERNANCE_ARTICLES
    adoption_ceiling: Assumption = Assumption(
        Decimal("0.85"), f"{SOURCE_STYRBAR}; under 100 %: {SOURCE_LAW_2023}"
    )
    adoption_ceiling_low: Assumption = styrbar("0.65")
    adoption_ceiling_high: Assumption = Assumption(
        Decimal("0.90"), f"{SOURCE_STYRBAR}; under 100 %: {SOURCE_LAW_2023}"
    )
    adoption_midpoint: Assumption = styrbar("2")
    adoption_steepness: Assumption = styrbar("1")
    platform_investment: Assumption = styrbar("1500000")
    platform_operation_share: Assumption = styrbar("0.15")
    communication_per_year: Assumption = styrbar("400000")
    review_per_year: Assumption = styrbar("150000")


@dataclass(frozen=True, slots=True)
class ChannelShiftResult(TemplateResult):
    """Channel-shift case plus the adoption curve and the contacts shifted per service."""

    adoption: tuple[tuple[str, tuple[Decimal, ...]], ...]
    shifted: tuple[tuple[str, tuple[Decimal, ...]], ...]


def channel_shift(inputs: ChannelShiftInputs) -> ChannelShiftResult:
    """Channel shift: savings from contacts moved to self-service against platform,
    communication and review costs.

    Per service, the digital share follows :func:`~engine.channels.adoption_curve` from
    today's share towards the ceiling; the benefit in year t is
    ``contacts x (share[t] - share[0]) x (price_in_person - price_digital)``. Costs: the
    platform investment (year 0), its operation (a share of the investment per year
    from year 1), the communication plan every year - usually what makes this strategy
    expensive - and the control body's review and the governance plan every year.

    >>> result = channel_shift(ChannelShiftInputs(
    ...     services=(ServiceVolume("Pas og kørekort", Decimal(20000), Decimal(5000)),)))
    >>> [line.key for line in result.case.lines]
    ['shift:Pas og kørekort', 'platform', 'platform_operation', 'communication', 'review']
    >>> result.flag("communication_cost") is not None
    True
    """
    horizon = inputs.horizon
    spreads = inputs.spreads(inputs.bearer)
    years = year_range(0, horizon)
    lines: list[Line] = []
    adoption: list[tuple[str, tuple[Decimal, ...]]] = []
    shifted: list[tuple[str, tuple[Decimal, ...]]] = []
    for service in inputs.services:
        start = digital_share(service.in_person, service.digital)
        curve = adoption_curve(
            start,
            inputs.adoption_ceiling.value,
            horizon,
            midpoint=inputs.adoption_midpoint.value,
            steepness=inputs.adoption_steepness.value,
        )
        moved = shifted_contacts(service.in_person + service.digital, curve, start)
        adoption.append((service.name, curve))
        shifted.append((service.name, moved))
        lines.append(
            spreads.line(
                f"shift:{service.name}",
                f"Kanalskift: {service.name}",
                LineKind.ECONOMIC,
                inputs.prices.saving_per_contact,
                years,
                moved,
            )
        )
    investment = inputs.platform_investment.value
    communication = inputs.communication_per_year.value
    review = inputs.review_per_year.value
    lines += [
        spreads.line(
            "platform",
            "Selvbetjeningsplatform og integrationer",
            LineKind.INVESTMENT,
            investment,
            (0,),
        ),
        spreads.line(
            "platform_operation",
            "Drift af platformen",
            LineKind.OPERATION,
            investment * inputs.platform_operation_share.value,
            year_range(1, horizon),
        ),
        spreads.line(
            "communication",
            "Kommunikationsplan (alle år)",
            LineKind.OPERATION,
            communication,
            years,
        ),
        spreads.line(
            "review",
            "Review af platformsunderstøttelse og styringsplan",
            LineKind.OPERATION,
            review,
            years,
        ),
    ]
    case = BusinessCase(
        "Kanalskift (borgernær service)",
        tuple(lines),
        horizon=horizon,
        drivers=shift_drivers(
            (inputs.prices_low, inputs.prices, inputs.prices_high),
            (
                inputs.adoption_ceiling_low.value,
                inputs.adoption_ceiling.value,
                inputs.adoption_ceiling_high.value,
            ),
            inputs.services,
        ),
    )
    total_cost = investment * (
        1 + inputs.platform_operation_share.value * (horizon - 1)
    ) + horizon * (communication + review)
    share = communication * horizon / total_cost if total_cost else ZERO
    flags = (
        Flag(
            "communication_cost",
            Text(
                f"Kommunikationsplanen udgør {percent(share)} af omkostningerne. Uden den "
                "bliver løsningerne ikke brugt, og gevinsten udebliver.",
                f"The communication plan is {percent(share)} of the costs. Without it the "
                "solutions go unused and the return does not come.",
            ),
        ),
        Flag(
            "adoption_ceiling",
            Text(
                f"Den digitale andel stiger højst til {percent(inputs.adoption_ceiling.value)}: "
                "borgere fritaget for Digital Post har ret til en ikke-digital kanal.",
                f"The digital share rises to at most {percent(inputs.adoption_ceiling.value)}: "
                "people exempt from Digital Post have a right to a non-digital channel.",
            ),
        ),
    )
    return ChannelShiftResult(
        template="channel_shift",
        case=case,
        assumptions=inputs.assumptions(),
        flags=flags,
        adoption=tuple(adoption),
        shifted=tuple(shifted),
    )


def _price_range(prices: tuple[ChannelPrices, ChannelPrices, ChannelPrices]) -> Driver | None:
    low, mode, high = prices
    try:
        in_person = Estimate(low.in_person.value, mode.in_person.value, high.in_person.value)
        digital = Estimate(low.digital.value, mode.digital.value, high.digital.value)
    except EngineError as exc:
        raise EngineError("price_range_order") from exc
    if mode.saving_per_contact <= 0:
        return None
    return Driver(
        "prices", "Pris pr. henvendelse (personlig minus digital)", SHIFT_GROUP, in_person, digital
    )


def shift_drivers(
    prices: tuple[ChannelPrices, ChannelPrices, ChannelPrices],
    ceiling: tuple[Decimal, Decimal, Decimal],
    services: tuple[ServiceVolume, ...],
) -> tuple[Driver, ...]:
    """The channel shift's uncertain assumptions as simulation drivers of the saving
    lines (group :data:`SHIFT_GROUP`):

    * ``prices``: the unit prices (low, most likely, high pairs); the saving per contact
      is the in-person price minus the digital price, drawn together (both presets pair
      a dear in-person contact with a dear digital one). None when the most likely
      prices save nothing.
    * ``ceiling``: the digital share reached (low, most likely, high). Every service's
      moved contacts are ``contacts x (ceiling - today's share) x g(t)``, so the saving
      scales with ``ceiling - s`` where ``s`` is today's digital share of the services
      that gain (weighted by their contacts) - exact while the drawn ceiling stays above
      every such service's share; a service already at the ceiling gains nothing. None
      when no service gains at the most likely ceiling.

    >>> low, high = KL_2011, GOVERNANCE_ARTICLES
    >>> drivers = shift_drivers((low, GOVERNANCE_ARTICLES, high),
    ...     (Decimal("0.65"), Decimal("0.85"), Decimal("0.90")),
    ...     (ServiceVolume("Pas", Decimal(300), Decimal(100)),))
    >>> [(d.key, d.most_likely) for d in drivers]
    [('prices', Decimal('166.67')), ('adoption', Decimal('0.6000'))]
    """
    if not ceiling[0] <= ceiling[1] <= ceiling[2]:
        raise EngineError("adoption_range_order")
    if ceiling[2] >= 1:
        raise EngineError("adoption_ceiling_too_high")
    reached = Estimate(*ceiling)
    drivers = [driver for driver in (_price_range(prices),) if driver is not None]
    shares = [
        (service.in_person + service.digital, digital_share(service.in_person, service.digital))
        for service in services
    ]
    gaining = [(total, share) for total, share in shares if share < reached.mode and total > 0]
    if gaining:
        total = sum((t for t, _ in gaining), ZERO)
        today = sum((t * s for t, s in gaining), ZERO) / total
        drivers.append(
            Driver(
                "adoption",
                "Digital andel der nås",
                SHIFT_GROUP,
                reached,
                Estimate.fixed(today.quantize(Decimal("0.0001"), ROUND_HALF_UP)),
            )
        )
    return tuple(drivers)


@dataclass(frozen=True, slots=True)
class PriceScenario:
    """The case's most likely NPV with one pair of unit prices (a preset or the case's)."""

    key: str
    in_person: Decimal
    digital: Decimal
    npv: Decimal


def _with_saving(case: BusinessCase, factor: Decimal) -> BusinessCase:
    """The case with every channel-shift line (group :data:`SHIFT_GROUP`) times
    ``factor``: the saving per contact scaled, everything else as it is."""
    lines = tuple(
        replace(
            line,
            estimate=Estimate(
                line.estimate.low * factor, line.estimate.mode * factor, line.estimate.high * factor
            ),
        )
        if line.group == SHIFT_GROUP
        else line
        for line in case.lines
    )
    return replace(case, lines=lines)


def price_scenarios(
    case: BusinessCase,
    prices: ChannelPrices,
    presets: tuple[ChannelPrices, ...] = tuple(PRESETS.values()),
) -> tuple[PriceScenario, ...]:
    """The most likely NPV with the case's own unit prices and with each preset, side by
    side: the saving lines scale with the saving per contact (``in_person - digital``),
    costs stay as they are. Empty when the case's prices save nothing per contact (no
    scale to compare against).

    >>> result = channel_shift(ChannelShiftInputs(
    ...     services=(ServiceVolume("Pas", Decimal(20000), Decimal(5000)),)))
    >>> [(s.key, s.npv) for s in price_scenarios(result.case, GOVERNANCE_ARTICLES)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('case', Decimal('378708.52')), ('governance_articles', Decimal('378708.52')),
     ('kl_2011', Decimal('-3155807.39'))]
    """
    saving = prices.saving_per_contact
    if saving <= 0:
        return ()
    return tuple(
        PriceScenario(
            key=key,
            in_person=chosen.in_person.value,
            digital=chosen.digital.value,
            npv=evaluate(_with_saving(case, chosen.saving_per_contact / saving)).npv,
        )
        for key, chosen in (("case", prices), *((p.key, p) for p in presets))
    )


def break_even_in_person(case: BusinessCase, prices: ChannelPrices) -> Decimal | None:
    """The price of an in-person contact at which the most likely NPV is 0, the digital
    price kept at the same share of it as in the case (a third, say), to the øre.

    The NPV is linear in the saving per contact (the saving lines scale with it, the
    costs do not), so two evaluations find it: ``a`` without any saving and ``a + b``
    with the case's. ``None`` when no price breaks even: the case saves nothing per
    contact, moves no contacts, or is positive even without a saving (then every price
    does).

    >>> result = channel_shift(ChannelShiftInputs(
    ...     services=(ServiceVolume("Pas", Decimal(20000), Decimal(5000)),)))
    >>> break_even_in_person(result.case, GOVERNANCE_ARTICLES)
    Decimal('232.05')
    """
    saving = prices.saving_per_contact
    if saving <= 0 or prices.in_person.value <= 0:
        return None
    without = evaluate(_with_saving(case, ZERO)).npv
    gained = evaluate(case).npv - without
    if gained <= 0 or without >= 0:
        return None
    share = prices.digital.value / prices.in_person.value
    return (-without / gained * saving / (1 - share)).quantize(ORE, ROUND_HALF_UP)
