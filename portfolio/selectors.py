"""Reads of the portfolio. Organization-owned data is always scoped to one organization;
vendors, KLE and the global catalog are shared."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from organizations.models import Organization
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    DataObject,
    DataProcessingRegistration,
    Integration,
    KleSubject,
    RoleType,
    SystemUsage,
    UsageRole,
    Vendor,
)


def vendor_list(*, organization: Organization | None = None) -> QuerySet[Vendor]:
    return Vendor.objects.all()


def vendor_get(*, organization: Organization | None = None, pk: Any) -> Vendor:
    return get_object_or_404(Vendor, pk=pk)


def kle_list(*, organization: Organization | None = None) -> QuerySet[KleSubject]:
    return KleSubject.objects.select_related("parent")


def kle_get(*, organization: Organization | None = None, pk: Any) -> KleSubject:
    return get_object_or_404(kle_list(), pk=pk)


def catalog_list(*, organization: Organization) -> QuerySet[CatalogSystem]:
    """The shared catalog plus the organization's own local entries."""
    return CatalogSystem.objects.filter(
        Q(scope=c.Scope.GLOBAL) | Q(owner_organization=organization)
    ).select_related("vendor")


def catalog_get(*, organization: Organization, pk: Any) -> CatalogSystem:
    return get_object_or_404(catalog_list(organization=organization), pk=pk)


def role_types(*, organization: Organization) -> QuerySet[RoleType]:
    return RoleType.objects.filter(Q(organization__isnull=True) | Q(organization=organization))


def usage_list(*, organization: Organization) -> QuerySet[SystemUsage]:
    return SystemUsage.objects.filter(organization=organization).select_related(
        "catalog_system", "catalog_system__vendor", "responsible_unit"
    )


def usages_in_scope(*, organization: Organization) -> QuerySet[SystemUsage]:
    """The usages data quality judges (and the dashboard counts): all but "ikke i drift"."""
    return SystemUsage.objects.filter(organization=organization).exclude(
        lifecycle=c.Lifecycle.NOT_IN_USE
    )


def usage_ids_with_systemejer(*, organization: Organization) -> QuerySet[Any]:
    """Ids of the organization's usages that have a systemejer role."""
    return UsageRole.objects.filter(
        usage__organization=organization, role_type__key="systemejer"
    ).values_list("usage_id", flat=True)


def usages_without_systemejer(*, organization: Organization) -> QuerySet[SystemUsage]:
    """The one definition of "uden systemejer", used by the dashboard and the data-quality
    gap list alike: a usage in :func:`usages_in_scope` without a systemejer role."""
    return usages_in_scope(organization=organization).exclude(
        pk__in=usage_ids_with_systemejer(organization=organization)
    )


def usage_get(*, organization: Organization, pk: Any) -> SystemUsage:
    return get_object_or_404(usage_list(organization=organization), pk=pk)


def data_object_list(*, organization: Organization) -> QuerySet[DataObject]:
    return DataObject.objects.filter(organization=organization)


def data_object_get(*, organization: Organization, pk: Any) -> DataObject:
    return get_object_or_404(data_object_list(organization=organization), pk=pk)


def contract_list(*, organization: Organization) -> QuerySet[Contract]:
    return Contract.objects.filter(organization=organization).select_related(
        "vendor", "responsible_unit"
    )


def contract_get(*, organization: Organization, pk: Any) -> Contract:
    return get_object_or_404(contract_list(organization=organization), pk=pk)


def integration_list(*, organization: Organization) -> QuerySet[Integration]:
    return Integration.objects.filter(organization=organization).select_related(
        "source", "source__catalog_system", "target", "target__catalog_system", "target_component"
    )


def shared_component_options(*, organization: Organization) -> list[tuple[int, str]]:
    """The shared components (catalog systems) the organization's integrations go to, as
    (id, name) by name: the integration map's component filter."""
    return sorted(
        set(
            Integration.objects.filter(
                organization=organization, target_component__isnull=False
            ).values_list("target_component_id", "target_component__name")
        ),
        key=lambda option: (option[1].lower(), option[0]),
    )


def integration_get(*, organization: Organization, pk: Any) -> Integration:
    return get_object_or_404(integration_list(organization=organization), pk=pk)


def process_list(*, organization: Organization) -> QuerySet[BusinessProcess]:
    return BusinessProcess.objects.filter(organization=organization).select_related(
        "parent", "owner_unit", "kle_subject"
    )


def process_get(*, organization: Organization, pk: Any) -> BusinessProcess:
    return get_object_or_404(process_list(organization=organization), pk=pk)


def dpr_list(*, organization: Organization) -> QuerySet[DataProcessingRegistration]:
    """The organization's data processing registrations, annotated with
    ``oversight_overdue`` (the derived next oversight lies before today)."""
    today = timezone.localdate()
    return (
        DataProcessingRegistration.objects.filter(organization=organization)
        .select_related("responsible_unit")
        .annotate(
            oversight_overdue=Case(
                When(next_oversight__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def dpr_get(*, organization: Organization, pk: Any) -> DataProcessingRegistration:
    return get_object_or_404(dpr_list(organization=organization), pk=pk)


def dpr_for_usage(
    *, organization: Organization, usage: SystemUsage
) -> QuerySet[DataProcessingRegistration]:
    """The registrations that cover a system in use."""
    return dpr_list(organization=organization).filter(usages=usage)


def data_object_overview(*, organization: Organization) -> QuerySet[DataObject]:
    """The organization's data objects with how many integrations and process steps
    (collecting or reading) use each; one query whatever the number of rows."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from portfolio.models import ProcessStep

    def uses(through: Any) -> Coalesce:
        rows = (
            through.objects.filter(dataobject_id=OuterRef("pk"))
            .order_by()
            .values("dataobject_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return data_object_list(organization=organization).annotate(
        integration_count=uses(Integration.data_objects.through),
        collected_count=uses(ProcessStep.collects.through),
        read_count=uses(ProcessStep.reads.through),
    )


def data_object_integrations(
    *, organization: Organization, data_object: DataObject
) -> QuerySet[Integration]:
    """The integrations of the organization that carry the data object."""
    return integration_list(organization=organization).filter(data_objects=data_object)


def data_object_steps(*, organization: Organization, data_object: DataObject) -> QuerySet[Any]:
    """The process steps that collect or read the data object, each annotated with
    ``collects_it`` and ``reads_it``, in process and step order."""
    from django.db.models import Exists, OuterRef

    from portfolio.models import ProcessStep

    collects = ProcessStep.collects.through.objects.filter(
        processstep_id=OuterRef("pk"), dataobject_id=data_object.pk
    )
    reads = ProcessStep.reads.through.objects.filter(
        processstep_id=OuterRef("pk"), dataobject_id=data_object.pk
    )
    return (
        ProcessStep.objects.filter(process__organization=organization)
        .annotate(collects_it=Exists(collects), reads_it=Exists(reads))
        .filter(Q(collects_it=True) | Q(reads_it=True))
        .select_related("process", "unit")
        .order_by("process__name", "process_id", "order")
    )
