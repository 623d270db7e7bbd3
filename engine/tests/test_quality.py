"""Completeness scores, gap lists and the TIME contradiction rule."""

import datetime as dt
from dataclasses import fields, replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.quality import (
    GAPS,
    HISTOGRAM_BANDS,
    WEIGHTS,
    UsageFacts,
    assess,
    assess_all,
    expected_disposition,
    gaps,
    histogram,
    time_contradiction,
)

TODAY = dt.date(2025, 6, 15)

FLAGS = tuple(f.name for f in fields(UsageFacts) if f.type == "bool")
"""Every yes/no fact of a usage."""
ALL_YES: dict[str, Any] = {
    name: name not in ("self_service", "accessibility_statement") for name in FLAGS
}
"""Every yes/no criterion met, with personal data (so the GDPR criteria apply); not a
self-service solution."""

COMPLETE = UsageFacts(
    key=1, time_disposition="invest", functional_fit=4, technical_fit=3, **ALL_YES
)


def registered(**facts: Any) -> UsageFacts:
    """Usage 1 with a systemejer and a contract, and ``facts``."""
    return UsageFacts(key=1, has_systemejer=True, has_contract=True, **facts)


def test_weights_add_up_to_one_hundred() -> None:
    assert sum(WEIGHTS.values()) == 100
    assert WEIGHTS["systemejer"] == 20 and WEIGHTS["contract"] == 15


def test_a_complete_usage_scores_one_hundred_with_no_gaps() -> None:
    quality = assess(COMPLETE, TODAY)
    assert (quality.score, quality.missing, quality.gaps, quality.time_warning) == (
        100,
        (),
        (),
        None,
    )


def test_an_empty_usage_scores_zero_and_has_the_basic_gaps() -> None:
    quality = assess(UsageFacts(key=9), TODAY)
    assert quality.score == 0
    assert "risk_assessment" not in quality.missing  # no personal data: not applicable
    assert quality.gaps == ("no_systemejer", "no_contract")


def test_score_is_weighted_and_rescaled_to_applicable_criteria() -> None:
    # Personal data: all 100 points apply. Missing systemejer (20) and risk assessment (10).
    facts = replace(COMPLETE, has_systemejer=False, risk_assessment_done=False)
    quality = assess(facts, TODAY)
    assert quality.score == 70
    assert quality.missing == ("systemejer", "risk_assessment")
    assert quality.gaps == ("no_systemejer", "personal_without_risk_assessment")
    # Without personal data 85 points apply: systemejer + contract + unit = 45 -> 52.94 -> 53.
    partial = UsageFacts(key=2, has_systemejer=True, has_contract=True, has_responsible_unit=True)
    assert assess(partial, TODAY).score == 53
    # TIME needs the disposition and both fits.
    half_time = UsageFacts(key=3, time_disposition="tolerate", functional_fit=2)
    assert "time" in assess(half_time, TODAY).missing


def test_personal_data_gaps() -> None:
    no_dpa = registered(personal_data=True)
    assert gaps(no_dpa, TODAY) == ("personal_without_dpa", "personal_without_risk_assessment")
    with_dpa = registered(personal_data=True, dpa_concluded=True, risk_assessment_done=True)
    assert gaps(with_dpa, TODAY) == ()


@pytest.mark.parametrize(
    ("statement", "wcag_date", "gap"),
    [
        (False, dt.date(2025, 1, 1), True),  # no accessibility statement
        (True, None, True),  # never assessed
        (True, dt.date(2024, 6, 14), True),  # more than one year old
        (True, dt.date(2024, 6, 15), False),  # exactly one year old
        (True, dt.date(2025, 3, 1), False),
    ],
)
def test_self_service_accessibility(statement: bool, wcag_date: dt.date | None, gap: bool) -> None:
    facts = registered(self_service=True, accessibility_statement=statement, wcag_date=wcag_date)
    assert ("accessibility" in gaps(facts, TODAY)) is gap
    # Not self-service: never an accessibility gap.
    other = UsageFacts(key=2, has_systemejer=True, has_contract=True, wcag_date=wcag_date)
    assert gaps(other, TODAY) == ()


@pytest.mark.parametrize(
    ("disposition", "functional", "technical", "warning"),
    [
        ("invest", 2, 2, "eliminate"),
        ("invest", 1, 1, "eliminate"),
        ("eliminate", 3, 3, "invest"),
        ("eliminate", 4, 4, "invest"),
        ("tolerate", 4, 1, "migrate"),
        ("migrate", 1, 4, "tolerate"),
        ("invest", 4, 2, None),  # neighbouring quadrant: modernise a valued system
        ("eliminate", 2, 4, None),
        ("tolerate", 2, 3, None),
        ("migrate", 3, 2, None),
        ("invest", None, 2, None),  # fits unknown
        ("", 1, 1, None),  # not assessed
    ],
)
def test_time_contradiction(
    disposition: str, functional: int | None, technical: int | None, warning: str | None
) -> None:
    assert time_contradiction(disposition, functional, technical) == warning


def test_expected_disposition_checks_the_scale() -> None:
    with pytest.raises(ValueError):
        expected_disposition(0, 3)
    with pytest.raises(ValueError):
        expected_disposition(3, 5)


def test_time_warning_is_part_of_the_assessment() -> None:
    facts = UsageFacts(key=4, time_disposition="eliminate", functional_fit=4, technical_fit=3)
    assert assess(facts, TODAY).time_warning == "invest"


def test_assess_all_and_histogram() -> None:
    report = assess_all(
        [COMPLETE, UsageFacts(key=2), UsageFacts(key=3, has_systemejer=True)], TODAY
    )
    assert [u.score for u in report.usages] == [100, 0, 24]
    assert report.average == 41  # (100 + 0 + 24) / 3 = 41.33
    assert report.histogram == (1, 1, 0, 0, 1)
    assert tuple(report.gaps) == GAPS
    assert report.gaps["no_systemejer"] == (2,)
    assert report.gaps["no_contract"] == (2, 3)
    assert report.time_warnings == ()
    empty = assess_all([], TODAY)
    assert empty.average is None and empty.histogram == (0,) * len(HISTOGRAM_BANDS)


def test_histogram_ignores_scores_outside_the_bands() -> None:
    assert histogram([-1, 101, 50]) == (0, 0, 1, 0, 0)


fits = st.one_of(st.none(), st.integers(1, 4))


@given(
    st.builds(
        UsageFacts,
        key=st.just(1),
        **{name: st.booleans() for name in FLAGS},
        time_disposition=st.sampled_from(["", "tolerate", "invest", "migrate", "eliminate"]),
        functional_fit=fits,
        technical_fit=fits,
    )
)
def test_score_stays_between_zero_and_one_hundred(facts: UsageFacts) -> None:
    quality = assess(facts, TODAY)
    assert 0 <= quality.score <= 100
    assert (quality.score == 100) == (not quality.missing)
    assert set(quality.missing) <= set(WEIGHTS)
