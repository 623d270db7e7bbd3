"""Writes of consent-based sharing: granting and revoking, atomic and audited. Only the
member's administrator (``sharing.grant``) decides what the member shares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.permissions import require
from core.services import create_audited, delete_audited, update_audited
from organizations.choices import OrganizationKind
from organizations.models import Organization
from sharing.choices import Category
from sharing.models import (
    BenchmarkParticipation,
    BenchmarkValue,
    ServiceMeasure,
    SharedService,
    SharingGrant,
)
from sharing.selectors import partner_ids


def grant_create(
    *,
    actor: Any,
    organization: Organization,
    recipient: Organization | None,
    categories: Iterable[str],
) -> list[SharingGrant]:
    """``organization`` lets ``recipient`` read ``categories`` of its landscape: one grant
    (and one audit event) per category not shared already. The recipient must be an
    organization it cooperates with (its fællesskab or a fellow member)."""
    require(actor, organization, "sharing.grant")
    wanted = list(dict.fromkeys(categories))
    if recipient is None or recipient.pk not in partner_ids(organization=organization):
        raise ValidationError(
            {
                "recipient": _(
                    "Der kan kun deles med et fællesskab, organisationen er medlem af, "
                    "eller med et andet medlem af det."
                )
            }
        )
    unknown = [c for c in wanted if c not in Category.values]
    if unknown:
        raise ValidationError(
            {"categories": _("Ukendt kategori: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    if not wanted:
        raise ValidationError({"categories": _("Vælg mindst én kategori at dele.")})
    with transaction.atomic():
        # Lock the granting organization's row: with no grant yet there is no grant row to
        # lock, and two grants of the same category at once would meet the unique
        # constraint (a 500) instead of the message below.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = set(
            SharingGrant.objects.filter(organization=organization, recipient=recipient).values_list(
                "category", flat=True
            )
        )
        new = [c for c in wanted if c not in existing]
        if not new:
            raise ValidationError(
                {
                    "categories": _("De valgte kategorier deles allerede med %(name)s.")
                    % {"name": recipient}
                }
            )
        return [
            create_audited(
                model=SharingGrant,
                actor=actor,
                organization=organization,
                recipient=recipient,
                category=category,
                granted_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            for category in new
        ]


def grant_revoke(*, actor: Any, grant: SharingGrant) -> None:
    """Revoke at once: the grant is deleted, so the next read no longer sees it."""
    require(actor, grant.organization, "sharing.grant")
    with transaction.atomic():
        delete_audited(obj=grant, actor=actor)


# The fællesskab's service catalogue and the members' quantities ---------------------------

COSTS = "sharing.costs"


def service_create(*, actor: Any, organization: Organization, **fields: Any) -> SharedService:
    require(actor, organization, COSTS)
    return create_audited(model=SharedService, actor=actor, organization=organization, **fields)


def service_update(*, actor: Any, service: SharedService, **fields: Any) -> SharedService:
    require(actor, service.organization, COSTS, service)
    return update_audited(obj=service, actor=actor, **fields)


def service_delete(*, actor: Any, service: SharedService) -> None:
    require(actor, service.organization, COSTS, service)
    delete_audited(obj=service, actor=actor)


def _check_measure(organization: Organization, fields: dict[str, Any]) -> None:
    service, member = fields.get("service"), fields.get("member")
    if service is not None and service.organization_id != organization.pk:
        raise ValidationError({"service": _("Ydelsen findes ikke i fællesskabets katalog.")})
    if member is not None and not organization.members.filter(pk=member.pk).exists():
        raise ValidationError({"member": _("Organisationen er ikke medlem af fællesskabet.")})


def measure_create(*, actor: Any, organization: Organization, **fields: Any) -> ServiceMeasure:
    require(actor, organization, COSTS)
    _check_measure(organization, fields)
    return create_audited(model=ServiceMeasure, actor=actor, organization=organization, **fields)


def measure_update(*, actor: Any, measure: ServiceMeasure, **fields: Any) -> ServiceMeasure:
    require(actor, measure.organization, COSTS, measure)
    _check_measure(measure.organization, fields)
    return update_audited(obj=measure, actor=actor, **fields)


def measure_delete(*, actor: Any, measure: ServiceMeasure) -> None:
    require(actor, measure.organization, COSTS, measure)
    delete_audited(obj=measure, actor=actor)


# Anonymous benchmarks: the municipality's consent ---------------------------------------

BENCHMARKS = "sharing.benchmarks"


def benchmark_join(*, actor: Any, organization: Organization) -> BenchmarkParticipation:
    """The municipality takes part in the anonymous benchmarks from the next nightly
    computation (its administrator decides; audited)."""
    require(actor, organization, BENCHMARKS)
    if organization.kind != OrganizationKind.KOMMUNE:
        raise ValidationError(_("Kun kommuner kan deltage i benchmarks."))
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if BenchmarkParticipation.objects.filter(organization=organization).exists():
            raise ValidationError(_("Kommunen deltager allerede i benchmarks."))
        return create_audited(
            model=BenchmarkParticipation,
            actor=actor,
            organization=organization,
            joined_by=actor if getattr(actor, "is_authenticated", False) else None,
        )


def benchmark_leave(*, actor: Any, organization: Organization) -> bool:
    """Revoke at once: the consent and the municipality's own stored values are deleted;
    the next nightly computation leaves it out of every figure. False (and nothing
    changed) when it did not take part."""
    require(actor, organization, BENCHMARKS)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        participation = BenchmarkParticipation.objects.filter(organization=organization).first()
        if participation is None:
            return False
        delete_audited(obj=participation, actor=actor)
        BenchmarkValue.objects.filter(organization=organization).delete()
        return True
