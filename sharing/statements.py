"""Fair cost sharing: each member's statement for a year, from the fællesskab's service
catalogue and allocation keys. The split is exact to the øre (largest remainder), so the
members' shares of a service add up to its price; a member without a basis for a key
(no inhabitants registered, no quantity for the year) is left out of that service and
named, never silently given a share of nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from organizations.models import Organization
from sharing.choices import AllocationKey
from sharing.models import ServiceMeasure
from sharing.selectors import community_members, service_list

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def split_by_weights(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """``amount`` split in proportion to ``weights`` to the øre, adding up exactly (the
    largest remainders get the øre left over; ties go to the earlier weight).

    >>> split_by_weights(Decimal("100.00"), [Decimal(1), Decimal(1), Decimal(1)])
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    """
    total = sum(weights, Decimal(0))
    if total <= 0:
        raise ValueError("the weights must add up to more than zero")
    exact = [amount * w / total for w in weights]
    shares = [e.quantize(ORE, rounding=ROUND_FLOOR) for e in exact]
    left = int(((amount - sum(shares, ZERO)) / ORE).to_integral_value())
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += ORE
    return shares


@dataclass
class StatementLine:
    service_id: int
    service: str
    key: str
    key_label: str
    basis: Decimal  # the member's inhabitants, users, quantity or 1 (equal)
    share: Decimal  # percent of the service, one decimal
    amount: Decimal


@dataclass
class Statement:
    member_id: int
    member: str
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass
class Missing:
    service: str
    member: str
    reason: str


@dataclass
class Statements:
    year: int
    statements: list[Statement]
    missing: list[Missing]
    unallocated: list[str]  # services no member has a basis for
    catalogue_total: Decimal

    @property
    def total(self) -> Decimal:
        return sum((s.total for s in self.statements), ZERO)


def statements(*, organization: Organization, year: int) -> Statements:
    """Every member's statement for ``year`` (three queries)."""
    members = list(community_members(organization=organization))
    services = list(service_list(organization=organization).order_by("name", "pk"))
    measured: dict[tuple[int, int], Decimal] = {
        (service_id, member_id): quantity
        for service_id, member_id, quantity in ServiceMeasure.objects.filter(
            organization=organization, year=year
        ).values_list("service_id", "member_id", "quantity")
    }
    labels = dict(AllocationKey.choices)
    per_member = {m.pk: Statement(m.pk, str(m)) for m in members}
    missing: list[Missing] = []
    unallocated: list[str] = []
    for service in services:
        bases: list[tuple[Organization, Decimal]] = []
        for member in members:
            reason = ""
            if service.allocation_key == AllocationKey.EQUAL:
                basis: Decimal | None = Decimal(1)
            elif service.allocation_key == AllocationKey.INHABITANTS:
                basis = Decimal(member.population) if member.population else None
                reason = _("intet indbyggertal registreret")
            else:
                basis = measured.get((service.pk, member.pk))
                reason = _("ingen mængde for året")
            if basis is None:
                missing.append(Missing(service.name, str(member), reason))
                continue
            bases.append((member, basis))
        weights = [b for _m, b in bases]
        if not bases or sum(weights, Decimal(0)) <= 0:
            unallocated.append(service.name)
            continue
        total = sum(weights, Decimal(0))
        for (member, basis), amount in zip(
            bases, split_by_weights(service.yearly_price, weights), strict=True
        ):
            per_member[member.pk].lines.append(
                StatementLine(
                    service_id=service.pk,
                    service=service.name,
                    key=service.allocation_key,
                    key_label=str(labels.get(service.allocation_key, service.allocation_key)),
                    basis=basis,
                    share=(basis * 100 / total).quantize(Decimal("0.1")),
                    amount=amount,
                )
            )
    return Statements(
        year=year,
        statements=list(per_member.values()),
        missing=missing,
        unallocated=unallocated,
        catalogue_total=sum((s.yearly_price for s in services), ZERO),
    )
