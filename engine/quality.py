"""Data quality of the system portfolio: a completeness score per usage, gap lists, and
the TIME contradiction rule.

**Completeness score.** Each criterion in :data:`WEIGHTS` is either met, not met or not
applicable to a usage (the GDPR criteria apply only when it processes personal data).

    score = round(100 × Σ weight of met criteria / Σ weight of applicable criteria)

rounded half up to a whole number, so a usage that fills in everything relevant to it
scores 100 whatever its kind. The weights add up to 100 for a usage with personal data.

**Gaps** (each usage may appear in several lists):

* ``no_systemejer`` - nobody holds the systemejer role;
* ``no_contract`` - no contract covers it;
* ``personal_without_dpa`` - personal data, but no covering contract has a concluded
  data processing agreement;
* ``personal_without_risk_assessment`` - personal data, but no risk assessment;
* ``accessibility`` - a self-service solution without an accessibility statement, or
  whose WCAG assessment is missing or more than one year old (older than ``today``
  minus 12 months).

**TIME contradiction.** Gartner's TIME model places a system by functional fit (business
value) and technical fit, each 1-4; 3-4 counts as high and 1-2 as low. The quadrants
suggest *invest* (both high), *migrate* (functional high, technical low), *tolerate*
(functional low, technical high) and *eliminate* (both low). A disposition contradicts
the fits when it is the suggestion of the **opposite** quadrant - invest with both fits
low, eliminate with both high, tolerate with high functional and low technical fit,
migrate with low functional and high technical fit. A neighbouring quadrant is a
defensible judgement (e.g. investing to modernise a valued but dated system) and gives
no warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from engine.errors import EngineError
from engine.notice import add_months

__all__ = [
    "GAPS",
    "HISTOGRAM_BANDS",
    "TIME_DISPOSITIONS",
    "WEIGHTS",
    "QualityReport",
    "UsageFacts",
    "UsageQuality",
    "assess",
    "assess_all",
    "expected_disposition",
    "gaps",
    "histogram",
    "time_contradiction",
]

WEIGHTS: dict[str, int] = {
    "systemejer": 20,  # someone holds the systemejer role
    "contract": 15,  # a contract covers the usage
    "responsible_unit": 10,  # a responsible unit is set
    "lifecycle": 10,  # the lifecycle is decided
    "risk_assessment": 10,  # personal data only: a risk assessment is done
    "time": 10,  # TIME disposition with both functional and technical fit
    "hosting": 5,  # the hosting form is decided
    "gdpr_purpose": 5,  # personal data only: the purpose of the processing is stated
    "archive_duty": 5,  # archive duty is decided (not undecided or unknown)
    "user_count": 5,  # the user-count band is decided
    "kle": 5,  # at least one KLE subject (catalog ± local additions/removals)
}
"""Completeness criteria and their weights (sum 100)."""

PERSONAL_ONLY = frozenset({"risk_assessment", "gdpr_purpose"})
GAPS: tuple[str, ...] = (
    "no_systemejer",
    "no_contract",
    "personal_without_dpa",
    "personal_without_risk_assessment",
    "accessibility",
)
"""The gap lists, in the order the page shows them."""

TIME_DISPOSITIONS: tuple[str, ...] = ("tolerate", "invest", "migrate", "eliminate")
HISTOGRAM_BANDS: tuple[tuple[int, int], ...] = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))
"""Score bands of the completeness histogram (inclusive)."""


@dataclass(frozen=True, slots=True)
class UsageFacts:
    """What the quality rules need to know about one usage (plain values)."""

    key: int
    has_systemejer: bool = False
    has_contract: bool = False
    has_responsible_unit: bool = False
    lifecycle_decided: bool = False
    hosting_decided: bool = False
    personal_data: bool = False
    gdpr_purpose: bool = False
    risk_assessment_done: bool = False
    dpa_concluded: bool = False  # on any covering contract
    archive_duty_decided: bool = False
    time_disposition: str = ""
    functional_fit: int | None = None
    technical_fit: int | None = None
    user_count_decided: bool = False
    has_kle: bool = False
    self_service: bool = False
    accessibility_statement: bool = False
    wcag_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class UsageQuality:
    """Score (0-100), the unmet applicable criteria and the gaps of one usage."""

    key: int
    score: int
    missing: tuple[str, ...]
    gaps: tuple[str, ...]
    time_warning: str | None


def _criteria(facts: UsageFacts) -> dict[str, bool]:
    return {
        "systemejer": facts.has_systemejer,
        "contract": facts.has_contract,
        "responsible_unit": facts.has_responsible_unit,
        "lifecycle": facts.lifecycle_decided,
        "risk_assessment": facts.risk_assessment_done,
        "time": bool(facts.time_disposition)
        and facts.functional_fit is not None
        and facts.technical_fit is not None,
        "hosting": facts.hosting_decided,
        "gdpr_purpose": facts.gdpr_purpose,
        "archive_duty": facts.archive_duty_decided,
        "user_count": facts.user_count_decided,
        "kle": facts.has_kle,
    }


def gaps(facts: UsageFacts, today: dt.date) -> tuple[str, ...]:
    """The gap lists the usage belongs to (see the module docstring).

    >>> gaps(UsageFacts(1, has_contract=True, personal_data=True), dt.date(2025, 1, 1))
    ('no_systemejer', 'personal_without_dpa', 'personal_without_risk_assessment')
    """
    found = []
    if not facts.has_systemejer:
        found.append("no_systemejer")
    if not facts.has_contract:
        found.append("no_contract")
    if facts.personal_data and not facts.dpa_concluded:
        found.append("personal_without_dpa")
    if facts.personal_data and not facts.risk_assessment_done:
        found.append("personal_without_risk_assessment")
    if facts.self_service and (
        not facts.accessibility_statement
        or facts.wcag_date is None
        or facts.wcag_date < add_months(today, -12)
    ):
        found.append("accessibility")
    return tuple(found)


def expected_disposition(functional_fit: int, technical_fit: int) -> str:
    """The TIME quadrant's suggestion (fit 3-4 is high, 1-2 low).

    >>> [expected_disposition(f, t) for f, t in [(4, 4), (4, 1), (1, 4), (2, 2)]]
    ['invest', 'migrate', 'tolerate', 'eliminate']
    """
    for fit in (functional_fit, technical_fit):
        if not 1 <= fit <= 4:
            raise EngineError("fit_out_of_range", {"min": 1, "max": 4})
    high_f, high_t = functional_fit >= 3, technical_fit >= 3
    if high_f:
        return "invest" if high_t else "migrate"
    return "tolerate" if high_t else "eliminate"


_OPPOSITE = {
    "invest": "eliminate",
    "eliminate": "invest",
    "tolerate": "migrate",
    "migrate": "tolerate",
}


def time_contradiction(
    disposition: str, functional_fit: int | None, technical_fit: int | None
) -> str | None:
    """The suggested disposition when ``disposition`` contradicts the fits, else ``None``.

    >>> time_contradiction("invest", 2, 1)
    'eliminate'
    >>> time_contradiction("eliminate", 3, 4)
    'invest'
    >>> time_contradiction("migrate", 4, 4) is None  # neighbouring quadrant: no warning
    True
    >>> time_contradiction("", 1, 1) is None
    True
    """
    if disposition not in TIME_DISPOSITIONS or functional_fit is None or technical_fit is None:
        return None
    expected = expected_disposition(functional_fit, technical_fit)
    return expected if _OPPOSITE[expected] == disposition else None


def _round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def assess(facts: UsageFacts, today: dt.date) -> UsageQuality:
    """Score, missing criteria, gaps and TIME warning of one usage.

    >>> q = assess(UsageFacts(1, has_systemejer=True, has_contract=True), dt.date(2025, 1, 1))
    >>> q.score, q.missing[:2]
    (41, ('responsible_unit', 'lifecycle'))
    """
    criteria = _criteria(facts)
    applicable = {
        name: met
        for name, met in criteria.items()
        if facts.personal_data or name not in PERSONAL_ONLY
    }
    total = sum(WEIGHTS[name] for name in applicable)
    earned = sum(WEIGHTS[name] for name, met in applicable.items() if met)
    return UsageQuality(
        key=facts.key,
        score=_round_half_up(Decimal(100 * earned) / Decimal(total)),
        missing=tuple(name for name, met in applicable.items() if not met),
        gaps=gaps(facts, today),
        time_warning=time_contradiction(
            facts.time_disposition, facts.functional_fit, facts.technical_fit
        ),
    )


def histogram(scores: Iterable[int]) -> tuple[int, ...]:
    """How many scores fall in each of :data:`HISTOGRAM_BANDS`.

    >>> histogram([0, 19, 20, 59, 100, 80])
    (2, 1, 1, 0, 2)
    """
    counts = [0] * len(HISTOGRAM_BANDS)
    for score in scores:
        for index, (low, high) in enumerate(HISTOGRAM_BANDS):
            if low <= score <= high:
                counts[index] += 1
    return tuple(counts)


@dataclass(frozen=True, slots=True)
class QualityReport:
    """All usages' quality, the average score, the histogram and the gap lists."""

    usages: tuple[UsageQuality, ...]
    average: int | None
    histogram: tuple[int, ...]
    gaps: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    time_warnings: tuple[int, ...] = ()


def assess_all(facts: Iterable[UsageFacts], today: dt.date) -> QualityReport:
    """Assess every usage; gap lists and warnings hold usage keys in input order.

    >>> r = assess_all([UsageFacts(1), UsageFacts(2, has_systemejer=True)], dt.date(2025, 1, 1))
    >>> r.average, r.gaps["no_systemejer"]
    (12, (1,))
    """
    usages = tuple(assess(item, today) for item in facts)
    scores = [usage.score for usage in usages]
    average = _round_half_up(Decimal(sum(scores)) / len(scores)) if scores else None
    return QualityReport(
        usages=usages,
        average=average,
        histogram=histogram(scores),
        gaps={name: tuple(u.key for u in usages if name in u.gaps) for name in GAPS},
        time_warnings=tuple(u.key for u in usages if u.time_warning),
    )
