"""Reference data every installation starts with.

* built-in usage role types (systemejer may edit the systems they own);
* the shared municipal infrastructure components (real public names, no other data);
* a small SYNTHETIC KLE-like subject tree (numbers 90–97) until the municipality
  imports KL's own KLE XML — KL's data is not shipped.
"""

import json
from pathlib import Path

from django.db import migrations

KLE_FILE = Path(__file__).resolve().parent.parent / "data" / "kle_synthetic.json"

ROLE_TYPES = [
    ("systemejer", "Systemejer", True, 10),
    ("systemansvarlig", "Systemansvarlig", False, 20),
    ("forretningsejer", "Forretningsejer", False, 30),
    ("superbruger", "Superbruger", False, 40),
    ("sikkerhedsansvarlig", "Sikkerhedsansvarlig", False, 50),
    ("dataejer", "Dataejer", False, 60),
]

COMPONENTS = [
    ("Serviceplatformen", "Fælles platform for datatjenester mellem kommunale systemer og grunddata."),
    ("Beskedfordeler", "Udveksler beskeder mellem systemer efter publish/subscribe-princippet."),
    ("Fordelingskomponent", "Fordeler dokumenter og forsendelser mellem systemer."),
    ("Organisation", "Stamdata om organisation, enheder og brugere."),
    ("Klassifikation", "Fælles klassifikationer som KLE, FORM og kontoplan."),
    ("Sags- og dokumentindeks", "Indeks over sager og dokumenter på tværs af fagsystemer."),
    ("Ydelsesindeks", "Indeks over ydelser udbetalt til borgere og virksomheder."),
    ("Adgangsstyring", "Roller og adgang, herunder Context Handler til login."),
    ("Administrationsmodul", "Administration af støttesystemernes opsætning."),
    ("SAPA", "Samlet overblik over en borgers sager på tværs af systemer."),
]


def load(apps, schema_editor):
    RoleType = apps.get_model("portfolio", "RoleType")
    for key, name, grants_edit, order in ROLE_TYPES:
        RoleType.objects.update_or_create(
            organization=None, key=key,
            defaults={"name": name, "grants_edit": grants_edit, "sort_order": order},
        )
    Vendor = apps.get_model("portfolio", "Vendor")
    CatalogSystem = apps.get_model("portfolio", "CatalogSystem")
    kombit, _ = Vendor.objects.get_or_create(name="KOMBIT", defaults={"website": "https://www.kombit.dk"})
    for name, description in COMPONENTS:
        CatalogSystem.objects.update_or_create(
            name=name, business_type="faelleskommunal", owner_organization=None,
            defaults={"description": description, "vendor": kombit, "scope": "global"},
        )
    KleSubject = apps.get_model("portfolio", "KleSubject")
    by_number = {}
    for row in json.loads(KLE_FILE.read_text(encoding="utf-8"))["subjects"]:
        parent = by_number.get(row["number"].rsplit(".", 1)[0]) if "." in row["number"] else None
        subject, _ = KleSubject.objects.update_or_create(
            number=row["number"],
            defaults={
                "title": row["title"], "level": row["level"], "parent": parent,
                "archive_code": row["archive_code"], "deletion_years": row["deletion_years"],
            },
        )
        by_number[row["number"]] = subject


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
