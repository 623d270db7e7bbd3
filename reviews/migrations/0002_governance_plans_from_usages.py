"""The governance-plan fields that lived on the usage become GovernancePlan records.

Forwards: one plan per usage that had anything of a plan (a cadence, a responsible person
or a last test), with those values; ``created_at`` is the usage's, so a plan never tested
is due from when the usage was registered. Backwards (after portfolio has re-added the
fields, its migration depends on this one): the values go back onto the usage and the
plans are removed.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery

FIELDS = ("update_cadence", "test_cadence", "last_tested")


def plans_from_usages(apps, schema_editor):  # type: ignore[no-untyped-def]
    SystemUsage = apps.get_model("portfolio", "SystemUsage")
    GovernancePlan = apps.get_model("reviews", "GovernancePlan")
    usages = (
        SystemUsage.objects.exclude(
            update_cadence="none",
            test_cadence="none",
            governance_responsible="",
            last_tested__isnull=True,
        )
        .values("pk", "organization_id", "created_at", "governance_responsible", *FIELDS)
        .order_by("pk")
    )
    batch = []
    for row in usages.iterator(chunk_size=2000):
        batch.append(
            GovernancePlan(
                organization_id=row["organization_id"],
                usage_id=row["pk"],
                update_cadence=row["update_cadence"],
                test_cadence=row["test_cadence"],
                responsible_name=row["governance_responsible"],
                last_tested=row["last_tested"],
            )
        )
        if len(batch) >= 2000:
            _save(GovernancePlan, batch)
            batch = []
    _save(GovernancePlan, batch)
    # created_at is auto_now_add: set it to the usage's after the insert (one UPDATE).
    GovernancePlan.objects.update(
        created_at=Subquery(
            SystemUsage.objects.filter(pk=OuterRef("usage_id")).values("created_at")[:1]
        )
    )


def _save(model, batch):  # type: ignore[no-untyped-def]
    if batch:
        model.objects.bulk_create(batch, batch_size=1000)


def usages_from_plans(apps, schema_editor):  # type: ignore[no-untyped-def]
    SystemUsage = apps.get_model("portfolio", "SystemUsage")
    GovernancePlan = apps.get_model("reviews", "GovernancePlan")
    plan = GovernancePlan.objects.filter(usage_id=OuterRef("pk"))
    SystemUsage.objects.filter(pk__in=GovernancePlan.objects.values("usage_id")).update(
        **{name: Subquery(plan.values(name)[:1]) for name in FIELDS},
        governance_responsible=Subquery(plan.values("responsible_name")[:1]),
    )
    GovernancePlan.objects.all().delete()  # the usage holds them again


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(plans_from_usages, usages_from_plans)]
