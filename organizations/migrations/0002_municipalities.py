"""All 98 Danish municipalities exist from the start (public data, organizations/data/)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


def load(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Organization.objects.update_or_create(
                kommunekode=int(row["kommunekode"]),
                defaults={
                    "kind": "kommune",
                    "name": row["navn"],
                    "region_code": int(row["regionskode"]),
                    "region": row["region"],
                },
            )


def unload(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    Organization.objects.filter(kind="kommune", kommunekode__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
