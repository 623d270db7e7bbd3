"""Channel-shift economics (*kanalskift*): what it saves when contacts move from the
in-person channel (fremmøde/telefon) to digital self-service.

Two price presets are built in, every price editable:

* the governance articles behind Styrbar: an in-person contact costs up to 250 kr.,
  a digital one about a third of that (250 / 3 = 83,33 kr.);
* KL's 2011 benchmark of 78 municipalities: 75 kr. in person on average, about 20 kr.
  digitally with automatic data transfer.

Adoption follows a logistic S-curve towards a ceiling that is always below 100 %: people
exempt from Digital Post have a legal right to a non-digital channel (since 1 June 2023).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from engine.common import SOURCE_ARTICLES, SOURCE_KL_2011, Assumption
from engine.errors import EngineError

__all__ = [
    "GOVERNANCE_ARTICLES",
    "KL_2011",
    "PRESETS",
    "ChannelPrices",
    "adoption_curve",
    "channel_cost",
    "digital_share",
    "shifted_contacts",
]

_SHARE = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class ChannelPrices:
    """Unit cost of one contact in each channel (kr. per contact).

    >>> GOVERNANCE_ARTICLES.saving_per_contact
    Decimal('166.67')
    >>> KL_2011.saving_per_contact
    Decimal('55')
    """

    key: str
    in_person: Assumption
    digital: Assumption

    def __post_init__(self) -> None:
        if self.digital.value < 0 or self.in_person.value < 0:
            raise EngineError("price_negative")

    @property
    def saving_per_contact(self) -> Decimal:
        """``in_person - digital``: what one contact moved to self-service saves."""
        return self.in_person.value - self.digital.value


GOVERNANCE_ARTICLES = ChannelPrices(
    key="governance_articles",
    in_person=Assumption(Decimal(250), SOURCE_ARTICLES),
    digital=Assumption(Decimal("83.33"), f"{SOURCE_ARTICLES}: ca. en tredjedel af 250 kr."),
)
KL_2011 = ChannelPrices(
    key="kl_2011",
    in_person=Assumption(Decimal(75), SOURCE_KL_2011),
    digital=Assumption(Decimal(20), f"{SOURCE_KL_2011}: med automatisk dataoverførsel"),
)
PRESETS = {preset.key: preset for preset in (GOVERNANCE_ARTICLES, KL_2011)}
"""The built-in price presets by key."""


def digital_share(in_person: Decimal, digital: Decimal) -> Decimal:
    """Share of contacts that are digital: ``digital / (in_person + digital)``, to 4
    decimals (0 when there are no contacts).

    >>> digital_share(Decimal(300), Decimal(100))
    Decimal('0.2500')
    >>> digital_share(Decimal(0), Decimal(0))
    Decimal('0.0000')
    """
    total = in_person + digital
    return (digital / total if total else Decimal(0)).quantize(_SHARE)


def channel_cost(in_person: Decimal, digital: Decimal, prices: ChannelPrices) -> Decimal:
    """Yearly cost of the contacts: ``in_person x price_in_person + digital x price_digital``.

    >>> channel_cost(Decimal(1000), Decimal(500), KL_2011)
    Decimal('85000')
    """
    return in_person * prices.in_person.value + digital * prices.digital.value


def adoption_curve(
    start: Decimal,
    ceiling: Decimal,
    years: int,
    *,
    midpoint: Decimal = Decimal(2),
    steepness: Decimal = Decimal(1),
) -> tuple[Decimal, ...]:
    """Digital share per year (index 0 = today) along a logistic S-curve.

    With ``L(t) = 1 / (1 + exp(-steepness x (t - midpoint)))`` the share is
    ``s(t) = start + (ceiling - start) x (L(t) - L(0)) / (1 - L(0))``, so ``s(0) = start``
    and ``s`` rises towards ``ceiling`` (Rogers' diffusion of innovations; logistic
    adoption). ``ceiling`` must be below 1: a non-digital channel must remain. If the
    ceiling is not above today's share, the share stays at ``start``. Rounded to 4 decimals.

    >>> adoption_curve(Decimal("0.4"), Decimal("0.85"), 5)
    (Decimal('0.4000'), Decimal('0.4765'), Decimal('0.5945'), Decimal('0.7126'), Decimal('0.7891'))
    >>> adoption_curve(Decimal("0.4"), Decimal("1"), 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    engine.errors.EngineError: the adoption ceiling must be below 100 % (right to a non-...)
    """
    if not 0 <= start <= 1 or ceiling < 0:
        raise EngineError("share_out_of_range")
    if ceiling >= 1:
        raise EngineError("adoption_ceiling_too_high")
    if steepness <= 0:
        raise EngineError("steepness_not_positive")
    if ceiling <= start:
        return (start.quantize(_SHARE),) * years
    with localcontext() as ctx:
        ctx.prec = 34

        def logistic(t: int) -> Decimal:
            return 1 / (1 + (-steepness * (t - midpoint)).exp())

        base = logistic(0)
        return tuple(
            (start + (ceiling - start) * (logistic(t) - base) / (1 - base)).quantize(_SHARE)
            for t in range(years)
        )


def shifted_contacts(
    total_contacts: Decimal, shares: Sequence[Decimal], start: Decimal
) -> tuple[Decimal, ...]:
    """Contacts moved to digital each year: ``total x (share[t] - start)``.

    >>> shifted_contacts(Decimal(10000), [Decimal("0.4"), Decimal("0.55")], Decimal("0.4"))
    (Decimal('0.0'), Decimal('1500.00'))
    """
    return tuple(total_contacts * (share - start) for share in shares)
