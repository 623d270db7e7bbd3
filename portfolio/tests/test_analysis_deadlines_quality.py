"""The contract calendar, data quality and overlap analyses."""

from __future__ import annotations

import datetime as dt

import pytest

from organizations.testing import make_organization
from portfolio import analysis
from portfolio import choices as c
from portfolio.models import (
    Contract,
    Vendor,
)
from portfolio.tests.analysis_helpers import (
    TODAY,
    kle,
    system,
    systemejer,
    unit,
    usage,
)

pytestmark = pytest.mark.django_db


# Contract calendar ---------------------------------------------------------------------


def test_contract_calendar_lists_deadlines_in_the_window() -> None:
    org = make_organization()
    vendor = Vendor.objects.create(name="Gamma IT")
    quarter = Contract.objects.create(
        organization=org,
        name="Kvartal",
        vendor=vendor,
        end_date=dt.date(2025, 12, 31),
        notice_months=3,
        notice_runs_to=c.NoticeRunsTo.QUARTER,
        options_offered=2,
        options_used=1,
    )
    Contract.objects.create(  # ends 15-11, so notice to 30-09 must be given by 30-06
        organization=org,
        name="Midt i kvartal",
        end_date=dt.date(2025, 11, 15),
        notice_months=3,
        notice_runs_to=c.NoticeRunsTo.QUARTER,
    )
    Contract.objects.create(  # notice deadline passed, not yet expired
        organization=org,
        name="For sent",
        end_date=dt.date(2025, 8, 31),
        notice_months=6,
        notice_runs_to=c.NoticeRunsTo.MONTH,
    )
    Contract.objects.create(
        organization=org,
        name="Løbende",
        notice_months=3,
        notice_runs_to=c.NoticeRunsTo.YEAR,
        irrevocable_until=dt.date(2026, 12, 31),
    )
    Contract.objects.create(
        organization=org, name="Langt ude", end_date=dt.date(2027, 12, 31), notice_months=1
    )
    result = analysis.contract_calendar(organization=org, months=6, today=TODAY)
    assert [(e.date, e.kind, e.contract) for e in result.events] == [
        (dt.date(2025, 6, 30), "notice", "Midt i kvartal"),
        (dt.date(2025, 8, 31), "expiry", "For sent"),
        (dt.date(2025, 9, 30), "notice", "Kvartal"),
        (dt.date(2025, 11, 15), "expiry", "Midt i kvartal"),
    ]
    assert result.events[0].kind_label == "Sidste opsigelsesdag"
    assert [(w.months, w.notice, w.expiry, w.option) for w in result.windows] == [
        (3, 1, 1, 0),
        (6, 2, 2, 0),
        (12, 2, 3, 1),
        (24, 2, 3, 1),
    ]
    assert [r.name for r in result.notice_passed] == ["For sent"]
    (open_ended,) = result.open_ended
    assert open_ended.termination_date == dt.date(2026, 12, 31)
    row = next(r for r in result.contracts if r.contract_id == quarter.pk)
    assert row.vendor == "Gamma IT" and row.options_remaining == 1
    assert row.extensions == [dt.date(2026, 12, 31)]
    assert row.notice_runs_to_label == "Udgangen af et kvartal"
    assert len(result.by_month) == 7 and result.by_month[0].month == "2025-06"
    assert result.by_month[0].notice == 1
    with pytest.raises(ValueError):
        analysis.contract_calendar(organization=org, months=5)


# Data quality --------------------------------------------------------------------------


def test_data_quality_scores_and_gaps() -> None:
    org = make_organization()
    team = unit(org, "Borgerservice")
    complete = usage(
        org,
        "Komplet",
        system("Komplet system", subjects=("97.01.01",)),
        responsible_unit=team,
        hosting=c.Hosting.SAAS,
        data_sensitivity=c.DataSensitivity.SENSITIVE,
        gdpr_purpose="Sagsbehandling",
        risk_assessment_done=True,
        archive_duty=c.ArchiveDuty.B,
        time_disposition=c.TimeDisposition.INVEST,
        functional_fit=4,
        technical_fit=4,
        user_count=c.UserCount.OVER_100,
    )
    systemejer(complete)
    dpa = Contract.objects.create(organization=org, name="Med DPA", dpa_concluded=True)
    dpa.usages.set([complete])
    personal = usage(org, "Persondata", data_sensitivity=c.DataSensitivity.PERSONAL)
    expired = Contract.objects.create(
        organization=org, name="Udløbet", end_date=dt.date(2024, 12, 31), dpa_concluded=True
    )
    expired.usages.set([personal])
    usage(
        org,
        "Selvbetjening",
        system("Portal", business_type=c.BusinessType.SELVBETJENING),
        accessibility_statement_url="https://was.digst.dk/eksempel",
        wcag_date=dt.date(2024, 1, 1),
    )
    usage(org, "Ude af drift", lifecycle=c.Lifecycle.NOT_IN_USE)
    usage(
        org,
        "Modsigelse",
        time_disposition=c.TimeDisposition.ELIMINATE,
        functional_fit=4,
        technical_fit=3,
    )
    result = analysis.data_quality(organization=org, today=TODAY)
    assert result.count == 4
    scores = {u.name: u.score for u in result.usages}
    assert scores["Komplet"] == 100
    # lifecycle (10) of 85 applicable points -> 11,76 -> 12
    assert scores["Selvbetjening"] == 12
    # lifecycle 10 + TIME 10 of 85 -> 23,5 -> 24
    assert scores["Modsigelse"] == 24
    assert result.usages[-1].name == "Komplet"
    gaps = {g.key: [u.name for u in g.usages] for g in result.gaps}
    assert gaps == {
        "no_systemejer": ["Modsigelse", "Persondata", "Selvbetjening"],
        "no_contract": ["Modsigelse", "Persondata", "Selvbetjening"],  # expired does not count
        "personal_without_dpa": ["Persondata"],
        "personal_without_risk_assessment": ["Persondata"],
        "accessibility": ["Selvbetjening"],  # assessed more than a year ago
    }
    assert scores["Persondata"] == 10  # lifecycle only, of 100 applicable points
    assert result.average == 37  # (100 + 10 + 12 + 24) / 4 = 36,5, rounded half up
    assert sum(b.count for b in result.histogram) == 4
    assert sum(cr.weight for cr in result.criteria) == 100
    persondata = next(u for u in result.usages if u.name == "Persondata")
    assert "Risikovurdering foretaget (personoplysninger)" in persondata.missing


# Overlap -------------------------------------------------------------------------------


def test_overlap_finds_shared_subjects_and_single_unit_usages() -> None:
    org = make_organization()
    jobcenter, ydelser = unit(org, "Jobcenter"), unit(org, "Ydelser")
    shared = ("93.01.01", "93.02.01")
    a = usage(org, "Alfa", system("Alfa", subjects=shared))
    b = usage(org, "Beta", system("Beta", subjects=("93.01.01",)), lifecycle=c.Lifecycle.PILOT)
    cc = usage(org, "Gamma", system("Gamma", subjects=("93.02.01",)))
    cc.kle_additions.set(kle("93.01.01"))
    d = usage(org, "Delta", system("Delta", subjects=shared))
    d.kle_removals.set(kle(*shared))  # removed locally: serves nothing
    usage(org, "Gammel", system("Gammel", subjects=shared), lifecycle=c.Lifecycle.NOT_IN_USE)
    a.using_units.set([jobcenter])
    b.using_units.set([jobcenter, ydelser])
    cc.using_units.set([ydelser])
    result = analysis.overlap(organization=org)
    assert result.active_count == 4
    assert [(s.number, [u.name for u in s.usages]) for s in result.subjects] == [
        ("93.01.01", ["Alfa", "Beta", "Gamma"]),
        ("93.02.01", ["Alfa", "Gamma"]),
    ]
    assert result.subjects[0].hovedgruppe == "93 Beskæftigelse og ydelser"
    assert [(g.number, g.usage_count, g.overlapping_subjects) for g in result.groups] == [
        ("93", 3, 2)
    ]
    assert [(s.name, s.unit) for s in result.single_unit] == [
        ("Alfa", "Jobcenter"),
        ("Gamma", "Ydelser"),
    ]
