"""What falls due in the portfolio (:mod:`core.due`): contracts' last notice day and the
data processors' oversight.

* **Last notice day** (``contract_notice``): for a contract that is not terminated and has
  not expired, the last day notice can be given so that it ends by its expiry date —
  :func:`engine.notice.contract_deadlines` (expiry aligned to the period end its notice
  runs to, minus the notice months). Open-ended contracts have no such day (notice can
  always be given) and are not reminded. Reminded 90, 30 and 7 days ahead and on the
  day, to the users holding the contract's roles *kontraktejer* and *kontraktansvarlig*
  (any user role on it when neither is held by a user).
* **Oversight** (``dpr_oversight``): a data processing registration's next oversight
  (latest oversight plus the interval; the same date the list's "overskredet" flag
  reads), to the users responsible for data processor oversight on the contracts it
  covers (else their owners and managers).

Both read the database in a constant number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from core.due import DueItem
from engine.notice import (
    ContractDeadlines,
    ContractTerms,
    add_months,
    contract_deadlines,
    notice_deadline,
)
from portfolio import choices as c
from portfolio.models import Contract, ContractRole, DataProcessingRegistration

NOTICE_LEAD_DAYS = (90, 30, 7, 0)
OVERSIGHT_LEAD_DAYS = (30, 7, 0)
CONTRACT_NOTICE = _("Sidste opsigelsesdag")
DPR_OVERSIGHT = _("Tilsyn med databehandler")
RESPONSIBLE_ROLES = (c.ContractRoleKind.OWNER, c.ContractRoleKind.MANAGER)
ROLE_ORDER = (
    *RESPONSIBLE_ROLES,
    c.ContractRoleKind.PROCUREMENT,
    c.ContractRoleKind.DPA_RESPONSIBLE,
)


def notice_of(contract: Contract, today: dt.date) -> ContractDeadlines:
    """The contract's expiry, termination date and last notice day seen from ``today``."""
    return contract_deadlines(
        ContractTerms(
            key=contract.pk,
            end_date=contract.end_date,
            notice_months=contract.notice_months,
            runs_to=contract.notice_runs_to,
            irrevocable_until=contract.irrevocable_until,
            options_offered=contract.options_offered,
            options_used=contract.options_used,
            option_months=contract.option_months,
            terminated=contract.terminated,
        ),
        today,
    )


def last_notice_day(contract: Contract, today: dt.date) -> dt.date | None:
    """The last day notice can be given, while the contract runs and can be terminated
    before its expiry; ``None`` for open-ended, terminated and expired contracts."""
    if contract.terminated or contract.end_date is None or contract.end_date < today:
        return None
    return notice_of(contract, today).last_notice_day


def _scoped(queryset: QuerySet[Any], organization_ids: Collection[int] | None) -> QuerySet[Any]:
    if organization_ids is None:
        return queryset
    return queryset.filter(organization_id__in=list(organization_ids))


def _name(role: ContractRole) -> str:
    if role.user is not None:
        return str(role.user.get_full_name() or role.user.get_username())
    return role.person_name


def _users(roles: Iterable[ContractRole]) -> tuple[Any, ...]:
    found: dict[int, Any] = {}
    for role in roles:
        if role.user is not None and role.user.is_active:
            found.setdefault(role.user.pk, role.user)
    return tuple(found.values())


def _responsible(roles: list[ContractRole], kinds: Iterable[str]) -> tuple[Any, ...]:
    wanted = set(kinds)
    return _users(r for r in roles if r.kind in wanted) or _users(roles)


def _owner(roles: list[ContractRole], unit: Any) -> str:
    rank: dict[str, int] = {str(kind): n for n, kind in enumerate(ROLE_ORDER)}
    for role in sorted(roles, key=lambda r: rank.get(r.kind, len(rank))):
        if _name(role):
            return _name(role)
    return unit.name if unit is not None else ""


def _roles() -> Prefetch[Any]:
    return Prefetch("roles", queryset=ContractRole.objects.select_related("user").order_by("pk"))


def active_contracts(
    *, today: dt.date, until: dt.date, organization_ids: Collection[int] | None
) -> QuerySet[Contract]:
    """Contracts that may have a last notice day on or before ``until``: running, not
    terminated, with an expiry no later than the longest notice (plus a year of period
    alignment) after ``until`` (one query for that bound)."""
    running = _scoped(
        Contract.objects.filter(terminated=False, end_date__gte=today), organization_ids
    )
    longest = running.aggregate(longest=Max("notice_months"))["longest"]
    if longest is None:
        return running.none()
    return running.filter(end_date__lte=add_months(until, longest + 12))


def _notice_days(
    contracts: QuerySet[Contract], today: dt.date, until: dt.date
) -> dict[int, dt.date]:
    """pk -> last notice day of the contracts whose day falls on or before ``until``,
    computed from their terms alone (one query, no model instances)."""
    found: dict[int, dt.date] = {}
    rows = contracts.values_list(
        "pk", "end_date", "notice_months", "notice_runs_to", "irrevocable_until"
    )
    for pk, end, months, runs_to, irrevocable in rows.iterator(chunk_size=2000):
        deadline = notice_deadline(
            end, notice_months=months, runs_to=runs_to, irrevocable_until=irrevocable
        )
        if deadline is not None and deadline.last_notice_day <= until:
            found[pk] = deadline.last_notice_day
    return found


def contract_notices(
    *, today: dt.date, until: dt.date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Running contracts whose last notice day falls on or before ``until`` (four
    queries: the longest notice, the terms, then the due contracts with their roles)."""
    days = _notice_days(
        active_contracts(today=today, until=until, organization_ids=organization_ids),
        today,
        until,
    )
    if not days:
        return
    contracts = (
        Contract.objects.filter(pk__in=list(days))
        .select_related("responsible_unit", "vendor")
        .prefetch_related(_roles())
        .order_by("pk")
    )
    for contract in contracts:
        day = days[contract.pk]
        roles = list(contract.roles.all())
        vendor = f" ({contract.vendor.name})" if contract.vendor is not None else ""
        yield DueItem(
            kind="contract_notice",
            kind_label=CONTRACT_NOTICE,
            key=f"contract_notice:{contract.pk}:{day.isoformat()}",
            organization_id=contract.organization_id,
            title=f"{contract}{vendor}",
            due_date=day,
            link=contract.get_absolute_url(),
            recipients=_responsible(roles, RESPONSIBLE_ROLES),
            owner=_owner(roles, contract.responsible_unit),
            lead_days=NOTICE_LEAD_DAYS,
        )


def dpr_oversights(
    *, today: dt.date, until: dt.date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Registrations whose next oversight falls on or before ``until`` (3 queries)."""
    registrations = (
        _scoped(
            DataProcessingRegistration.objects.filter(
                next_oversight__isnull=False, next_oversight__lte=until
            ),
            organization_ids,
        )
        .select_related("responsible_unit")
        .prefetch_related(
            Prefetch(
                "contracts__roles",
                queryset=ContractRole.objects.select_related("user").order_by("pk"),
            )
        )
        .order_by("pk")
    )
    for dpr in registrations:
        assert dpr.next_oversight is not None
        roles = [role for contract in dpr.contracts.all() for role in contract.roles.all()]
        dpa = [r for r in roles if r.kind == c.ContractRoleKind.DPA_RESPONSIBLE]
        recipients = _users(dpa) or _responsible(roles, RESPONSIBLE_ROLES)
        if dpr.responsible_unit is not None:
            owner = dpr.responsible_unit.name
        else:
            owner = _owner(dpa or roles, None)
        yield DueItem(
            kind="dpr_oversight",
            kind_label=DPR_OVERSIGHT,
            key=f"dpr_oversight:{dpr.pk}:{dpr.next_oversight.isoformat()}",
            organization_id=dpr.organization_id,
            title=dpr.name,
            due_date=dpr.next_oversight,
            link=dpr.get_absolute_url(),
            recipients=recipients,
            owner=owner,
            lead_days=OVERSIGHT_LEAD_DAYS,
        )
