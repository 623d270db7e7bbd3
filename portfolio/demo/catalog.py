"""The shared fictional catalog of vendors and systems the demo landscapes use."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

from organizations.models import Organization
from portfolio import choices as c
from portfolio.demo.common import (
    BATCH,
    CATALOG_SIZE,
    HOSTING_VENDORS,
    SEED,
    VENDOR_COUNT,
    key,
    link_pairs,
    make_cvr,
    slugify_da,
)
from portfolio.demo.data.areas import AREA_BY_KEY, AREAS, A, Area, F
from portfolio.demo.data.landscape import COMPONENTS, HUBS
from portfolio.demo.data.names import (
    FIRST_NAMES,
    HOSTING_FORMS,
    LAST_NAMES,
    MODULE_SUFFIXES,
    NAME_VARIANTS,
    STEM_HEADS,
    STEM_TAILS,
    VENDOR_FORMS,
)
from portfolio.demo.data.weights import Weighted
from portfolio.models import (
    CatalogSystem,
    KleSubject,
    Vendor,
)


@dataclass
class CatalogEntry:
    index: int
    uuid: uuid.UUID
    name: str
    area: Area
    business_type: str
    noun: str
    vendor: int
    kle: list[str]
    parent: int | None = None
    deactivated: bool = False
    pk: int = 0
    vendor_pk: int = 0
    vendor_slug: str = ""


@dataclass
class VendorEntry:
    index: int
    uuid: uuid.UUID
    name: str
    stem: str
    cvr: str
    hosting: bool
    areas: list[str]
    size: float
    pk: int = 0


@dataclass
class Catalog:
    vendors: list[VendorEntry]
    systems: list[CatalogEntry]
    kle: dict[str, KleSubject]
    components: dict[str, CatalogSystem]

    @property
    def kle_emner(self) -> list[KleSubject]:
        return [s for s in self.kle.values() if s.level == c.KleLevel.EMNE]


def plan_catalog() -> tuple[list[VendorEntry], list[CatalogEntry]]:
    """The fictional vendors and catalog systems (deterministic; nothing is saved)."""
    r = random.Random(f"{SEED}:catalog")  # noqa: S311 - synthetic data, not security
    stems = [head + tail for head in STEM_HEADS for tail in STEM_TAILS]
    r.shuffle(stems)
    area_weights = Weighted([(a.key, float(a.weight)) for a in AREAS])
    vendors: list[VendorEntry] = []
    for i in range(VENDOR_COUNT):
        stem = stems[i]
        hosting = i < HOSTING_VENDORS
        form = r.choice(HOSTING_FORMS if hosting else VENDOR_FORMS)
        areas: list[str] = []
        if not hosting:
            for area_name in area_weights.sample(r, r.choice((1, 1, 2, 2, 3))):
                if area_name not in areas:
                    areas.append(area_name)
        vendors.append(
            VendorEntry(
                index=i,
                uuid=key("demo", "vendor", i),
                name=form.format(stem=stem),
                stem=stem,
                cvr=make_cvr(r),
                hosting=hosting,
                areas=areas,
                size=r.paretovariate(1.3),
            )
        )
    by_area: dict[str, Weighted[int]] = {}
    for area in AREAS:
        options = [(v.index, v.size) for v in vendors if area.key in v.areas]
        by_area[area.key] = Weighted(
            options or [(v.index, v.size) for v in vendors if not v.hosting]
        )

    modules = CATALOG_SIZE // 25
    area_keys = [a.key for a in AREAS for _ in range(2)]
    area_keys += area_weights.sample(r, CATALOG_SIZE - modules - len(area_keys))
    product_order = {a.key: r.sample(a.products, len(a.products)) for a in AREAS}
    used: dict[str, int] = {a.key: 0 for a in AREAS}
    names: set[str] = set()
    systems: list[CatalogEntry] = []
    kle_groups: dict[str, list[str]] = {}
    for emne in KLE_EMNER:
        kle_groups.setdefault(emne.rsplit(".", 1)[0], []).append(emne)

    def unique(name: str) -> str:
        candidate = name
        variants = iter(NAME_VARIANTS)
        while candidate in names:
            candidate = name + next(variants, f" {len(names)}")
        names.add(candidate)
        return candidate

    def add(**fields: Any) -> None:
        index = len(systems)
        systems.append(CatalogEntry(index=index, uuid=key("demo", "catalog", index), **fields))

    for area_key in area_keys:
        area = AREA_BY_KEY[area_key]
        business_type, noun = product_order[area_key][used[area_key] % len(area.products)]
        used[area_key] += 1
        vendor = vendors[by_area[area_key].pick(r)]
        for _attempt in range(12):  # prefer a vendor without this product yet
            if f"{vendor.stem} {noun}" not in names:
                break
            vendor = vendors[r.choice((by_area[area_key].pick(r), r.randrange(VENDOR_COUNT)))]
            if vendor.hosting:
                vendor = vendors[by_area[area_key].pick(r)]
        emner = kle_groups[area.kle_group]
        kle = r.sample(emner, min(len(emner), r.choice((1, 1, 2))))
        if r.random() < 0.15:
            extra = r.choice(KLE_EMNER)
            if extra not in kle:
                kle.append(extra)
        add(
            name=unique(f"{vendor.stem} {noun}"),
            area=area,
            business_type=business_type,
            noun=noun,
            vendor=vendor.index,
            kle=kle,
            deactivated=noun not in HUBS and r.random() < 0.03,
        )
    parents = [s for s in systems if s.business_type in (F, A) and not s.deactivated]
    for parent in r.sample(parents, modules):
        add(
            name=unique(f"{parent.name} {r.choice(MODULE_SUFFIXES)}"),
            area=parent.area,
            business_type=parent.business_type,
            noun=f"{parent.noun}-modul",
            vendor=parent.vendor,
            kle=list(parent.kle),
            parent=parent.index,
        )
    return vendors, systems


def _load_kle_numbers() -> tuple[str, ...]:
    import json
    from pathlib import Path

    data = json.loads(
        (Path(__file__).resolve().parent.parent / "data" / "kle_synthetic.json").read_text("utf-8")
    )
    return tuple(row["number"] for row in data["subjects"] if row["level"] == "emne")


KLE_EMNER = _load_kle_numbers()


def seed_catalog(owner: Organization) -> Catalog:
    """Create the missing fictional vendors and catalog systems; return the whole catalog."""
    vendors, systems = plan_catalog()
    r = random.Random(f"{SEED}:catalog-details")  # noqa: S311 - synthetic data
    kle = {s.number: s for s in KleSubject.objects.all()}
    existing_vendors = dict(
        Vendor.objects.filter(uuid__in=[v.uuid for v in vendors]).values_list("uuid", "pk")
    )
    taken_cvrs = set(
        Vendor.objects.filter(cvr__in=[v.cvr for v in vendors]).values_list("cvr", flat=True)
    )
    new_vendors = []
    for v in vendors:
        slug = slugify_da(v.stem)
        contact = f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"
        if v.uuid in existing_vendors:
            continue
        new_vendors.append(
            Vendor(
                uuid=v.uuid,
                name=v.name,
                cvr=v.cvr if v.cvr not in taken_cvrs else "",
                contact_name=contact,
                contact_email=f"salg@{slug}.invalid",
                website=f"https://www.{slug}.invalid",
                created_by=owner,
            )
        )
    Vendor.objects.bulk_create(new_vendors, batch_size=BATCH)
    existing_vendors.update({v.uuid: v.pk for v in new_vendors})
    for v in vendors:
        v.pk = existing_vendors[v.uuid]

    existing = dict(
        CatalogSystem.objects.filter(uuid__in=[s.uuid for s in systems]).values_list("uuid", "pk")
    )
    new_systems: list[CatalogSystem] = []
    for s in systems:
        vendor = vendors[s.vendor]
        s.vendor_pk = vendor.pk
        s.vendor_slug = slugify_da(vendor.stem)
        former = (
            f"{r.choice(STEM_HEADS)}{r.choice(STEM_TAILS)} {s.noun}" if r.random() < 0.1 else ""
        )
        duty = archive_duty(kle, s.kle) if r.random() < 0.8 else c.ArchiveDuty.UNDECIDED
        if s.uuid in existing:
            continue
        type_label = str(c.BusinessType(s.business_type).label).lower()
        group = kle[s.area.kle_group].title.lower() if s.area.kle_group in kle else s.area.key
        new_systems.append(
            CatalogSystem(
                uuid=s.uuid,
                name=s.name,
                former_names=former,
                description=f"Fiktivt {type_label} til {group} (demodata).",
                vendor_id=vendor.pk,
                business_type=s.business_type,
                recommended_archive_duty=duty,
                scope=c.Scope.GLOBAL,
                owner_organization=owner,
                deactivated=s.deactivated,
            )
        )
    # Parents first: modules point to systems that precede them in the plan.
    CatalogSystem.objects.bulk_create(new_systems, batch_size=BATCH)
    existing.update({system.uuid: system.pk for system in new_systems})
    for s in systems:
        s.pk = existing[s.uuid]
    created = {system.uuid for system in new_systems}
    modules = [
        CatalogSystem(pk=s.pk, parent_id=systems[s.parent].pk)
        for s in systems
        if s.parent is not None and s.uuid in created
    ]
    CatalogSystem.objects.bulk_update(modules, ["parent"], batch_size=BATCH)
    link_pairs(
        CatalogSystem,
        "kle_subjects",
        [(s.pk, kle[n].pk) for s in systems if s.uuid in created for n in s.kle if n in kle],
    )
    components = {
        system.name: system
        for system in CatalogSystem.objects.filter(
            business_type=c.BusinessType.FAELLESKOMMUNAL,
            owner_organization__isnull=True,
            name__in=list(COMPONENTS),
        )
    }
    return Catalog(vendors=vendors, systems=systems, kle=kle, components=components)


def archive_duty(kle: dict[str, KleSubject], numbers: list[str]) -> str:
    codes = [kle[n].archive_code for n in numbers if n in kle]
    return c.ArchiveDuty.B if "B" in codes else c.ArchiveDuty.K
