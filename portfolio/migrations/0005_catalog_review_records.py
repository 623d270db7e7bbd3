"""Catalog review decisions were kept only inside AuditEvent JSON (``changes["review"]``);
copy each into a TransitionRecord of the catalog-review workflow, with its time and actor.
The AuditEvents stay as they are."""

from django.db import migrations

MACHINE = "portfolio.catalog_review"


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TransitionRecord = apps.get_model("core", "TransitionRecord")
    content_type = ContentType.objects.filter(app_label="portfolio", model="catalogsystem").first()
    if content_type is None:
        return
    events = AuditEvent.objects.filter(content_type=content_type).order_by("pk")
    for event in events.iterator():
        review = (event.changes.get("review") or {}).get("after")
        if not isinstance(review, dict):
            continue
        approved = review.get("decision") == "approved"
        fields = {
            key: review[key]
            for key in ("note", "reason", "duplicate_of", "duplicate_of_name")
            if review.get(key) is not None
        }
        row = TransitionRecord.objects.create(
            content_type=content_type,
            object_id=event.object_id,
            object_repr=event.object_repr,
            organization_id=event.organization_id,
            machine=MACHINE,
            transition="approve" if approved else "reject",
            from_state="proposed",
            to_state="shared" if approved else "local",
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            fields=fields,
        )
        TransitionRecord.objects.filter(pk=row.pk).update(at=event.created_at)


def backwards(apps, schema_editor):
    apps.get_model("core", "TransitionRecord").objects.filter(machine=MACHINE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_transition_record"),
        ("portfolio", "0004_data_processing_registration"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
