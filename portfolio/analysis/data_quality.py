"""Data quality: completeness score per usage, gaps and score bands."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy

from engine import quality
from organizations.models import Organization
from portfolio import choices as c
from portfolio import selectors
from portfolio.analysis.common import kle_info, resolve_today, usage_name
from portfolio.analysis.results import Band, Criterion, DataQuality, GapList, UsageRef, UsageScore
from portfolio.models import Contract

CRITERION_LABELS = {
    "systemejer": gettext_lazy("Systemejer angivet"),
    "contract": gettext_lazy("Dækket af en gældende kontrakt"),
    "responsible_unit": gettext_lazy("Ansvarlig enhed angivet"),
    "lifecycle": gettext_lazy("Livscyklus afklaret"),
    "risk_assessment": gettext_lazy("Risikovurdering foretaget (personoplysninger)"),
    "time": gettext_lazy("TIME-disposition med funktionel og teknisk egnethed"),
    "hosting": gettext_lazy("Driftsform angivet"),
    "gdpr_purpose": gettext_lazy("Formål med behandlingen angivet (personoplysninger)"),
    "archive_duty": gettext_lazy("Arkivpligt afklaret"),
    "user_count": gettext_lazy("Antal brugere angivet"),
    "kle": gettext_lazy("Mindst ét KLE-emne"),
}
GAP_LABELS = {
    "no_systemejer": gettext_lazy("Uden systemejer"),
    "no_contract": gettext_lazy("Uden gældende kontrakt"),
    "personal_without_dpa": gettext_lazy("Personoplysninger uden indgået databehandleraftale"),
    "personal_without_risk_assessment": gettext_lazy("Personoplysninger uden risikovurdering"),
    "accessibility": gettext_lazy("Selvbetjening uden aktuel tilgængelighedserklæring"),
}


def data_quality(*, organization: Organization, today: dt.date | None = None) -> DataQuality:
    """Completeness score and gap lists for every usage that is not "ikke i drift".

    A contract counts when it covers the usage and has not ended (no end date, or an
    end date today or later). Rules and weights: :mod:`engine.quality`. Queries: 7.
    """
    today = resolve_today(today)
    usages = list(
        selectors.usages_in_scope(organization=organization)
        .values(
            "pk",
            "local_name",
            "catalog_system_id",
            "catalog_system__name",
            "catalog_system__business_type",
            "responsible_unit_id",
            "responsible_unit__name",
            "lifecycle",
            "hosting",
            "data_sensitivity",
            "gdpr_purpose",
            "risk_assessment_done",
            "archive_duty",
            "time_disposition",
            "functional_fit",
            "technical_fit",
            "user_count",
            "accessibility_statement_url",
            "wcag_date",
        )
        .order_by("pk")
    )
    owners = set(selectors.usage_ids_with_systemejer(organization=organization))
    contracted: set[int] = set()
    with_dpa: set[int] = set()
    for usage_id, dpa in Contract.usages.through.objects.filter(
        Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=today),
        contract__organization=organization,
    ).values_list("systemusage_id", "contract__dpa_concluded"):
        contracted.add(usage_id)
        if dpa:
            with_dpa.add(usage_id)
    kle = kle_info(organization, {u["pk"]: u["catalog_system_id"] for u in usages})
    facts = [
        quality.UsageFacts(
            key=u["pk"],
            has_systemejer=u["pk"] in owners,
            has_contract=u["pk"] in contracted,
            has_responsible_unit=u["responsible_unit_id"] is not None,
            lifecycle_decided=u["lifecycle"] != c.Lifecycle.UNDECIDED,
            hosting_decided=u["hosting"] != c.Hosting.UNDECIDED,
            personal_data=u["data_sensitivity"] != c.DataSensitivity.NONE,
            gdpr_purpose=bool(u["gdpr_purpose"].strip()),
            risk_assessment_done=u["risk_assessment_done"],
            dpa_concluded=u["pk"] in with_dpa,
            archive_duty_decided=u["archive_duty"]
            not in (c.ArchiveDuty.UNDECIDED, c.ArchiveDuty.UNKNOWN),
            time_disposition=u["time_disposition"],
            functional_fit=u["functional_fit"],
            technical_fit=u["technical_fit"],
            user_count_decided=u["user_count"] != c.UserCount.UNDECIDED,
            has_kle=bool(kle.by_usage.get(u["pk"])),
            self_service=u["catalog_system__business_type"] == c.BusinessType.SELVBETJENING,
            accessibility_statement=bool(u["accessibility_statement_url"]),
            wcag_date=u["wcag_date"],
        )
        for u in usages
    ]
    report = quality.assess_all(facts, today)
    by_id = {u["pk"]: u for u in usages}
    refs = {
        pk: UsageRef(pk, usage_name(u["local_name"], u["catalog_system__name"]))
        for pk, u in by_id.items()
    }
    scores = [
        UsageScore(
            usage_id=q.key,
            name=refs[q.key].name,
            responsible_unit=by_id[q.key]["responsible_unit__name"] or "",
            score=q.score,
            missing=[str(CRITERION_LABELS[m]) for m in q.missing],
        )
        for q in report.usages
    ]
    scores.sort(key=lambda s: (s.score, s.name.lower()))
    return DataQuality(
        today=today,
        count=len(scores),
        average=report.average,
        criteria=[Criterion(k, str(CRITERION_LABELS[k]), w) for k, w in quality.WEIGHTS.items()],
        histogram=[
            Band(f"{low}–{high}", count)
            for (low, high), count in zip(quality.HISTOGRAM_BANDS, report.histogram, strict=True)
        ],
        usages=scores,
        gaps=[
            GapList(
                key=key,
                label=str(GAP_LABELS[key]),
                usages=sorted((refs[pk] for pk in report.gaps[key]), key=lambda r: r.name.lower()),
            )
            for key in quality.GAPS
        ],
    )
