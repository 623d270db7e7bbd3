"""Overlap and reuse: usages serving the same KLE subjects."""

from __future__ import annotations

from collections import defaultdict

from organizations.models import Organization
from portfolio import choices as c
from portfolio.analysis.common import kle_info, usage_name
from portfolio.analysis.results import (
    Overlap,
    OverlapGroup,
    OverlapSubject,
    SingleUnitUsage,
    UsageRef,
)
from portfolio.models import (
    SystemUsage,
)


def overlap(*, organization: Organization) -> Overlap:
    """Reuse candidates among the active usages (pilot, phasing in, operational, phasing out).

    * KLE emner served by two or more active usages, and per hovedgruppe how many
      active usages serve it and how many of its emner overlap;
    * active usages used by exactly one unit.

    Queries: 6.
    """
    usages = {
        row["pk"]: row
        for row in SystemUsage.objects.filter(
            organization=organization, lifecycle__in=c.ACTIVE_LIFECYCLES
        ).values("pk", "local_name", "catalog_system_id", "catalog_system__name")
    }
    refs = {
        pk: UsageRef(pk, usage_name(u["local_name"], u["catalog_system__name"]))
        for pk, u in usages.items()
    }
    kle = kle_info(organization, {pk: u["catalog_system_id"] for pk, u in usages.items()})
    per_subject: dict[int, list[int]] = defaultdict(list)
    per_group: dict[str, set[int]] = defaultdict(set)
    for usage_id, subjects in kle.by_usage.items():
        for subject in subjects:
            per_group[kle.hovedgruppe_of(subject)].add(usage_id)
            if kle.subjects[subject][2] == c.KleLevel.EMNE:
                per_subject[subject].append(usage_id)
    overlapping = []
    for subject, users in per_subject.items():
        if len(users) >= 2:
            number, title, _level = kle.subjects[subject]
            overlapping.append(
                OverlapSubject(
                    subject_id=subject,
                    number=number,
                    title=title,
                    hovedgruppe=kle.group_label(kle.hovedgruppe_of(subject)),
                    usages=sorted((refs[u] for u in users), key=lambda r: r.name.lower()),
                )
            )
    overlapping.sort(key=lambda s: (-len(s.usages), s.number))
    overlap_per_group: dict[str, int] = defaultdict(int)
    for item in overlapping:
        overlap_per_group[kle.hovedgruppe_of(item.subject_id)] += 1
    groups = [
        OverlapGroup(
            number=number,
            label=kle.group_label(number),
            usage_count=len(users),
            overlapping_subjects=overlap_per_group.get(number, 0),
        )
        for number, users in sorted(per_group.items())
    ]
    unit_counts: dict[int, list[str]] = defaultdict(list)
    for usage_id, unit_name in SystemUsage.using_units.through.objects.filter(
        systemusage__organization=organization,
        systemusage__lifecycle__in=c.ACTIVE_LIFECYCLES,
    ).values_list("systemusage_id", "organizationunit__name"):
        unit_counts[usage_id].append(unit_name)
    single = sorted(
        (
            SingleUnitUsage(usage_id=pk, name=refs[pk].name, unit=names[0])
            for pk, names in unit_counts.items()
            if len(names) == 1 and pk in refs
        ),
        key=lambda s: (s.unit.lower(), s.name.lower()),
    )
    return Overlap(
        subjects=overlapping, groups=groups, single_unit=single, active_count=len(usages)
    )
