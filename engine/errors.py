"""The engine's errors: a stable code and parameters, not prose for the user.

Every input the engine refuses raises :class:`EngineError`, a :class:`ValueError` with a
``code`` from :data:`CODES` and the ``params`` the message needs. Callers (services)
turn code and parameters into the user's language; ``str()`` of the error is the English
developer text of :data:`CODES`, filled in with the parameters.

>>> error = EngineError("horizon_out_of_range", {"min": 3, "max": 10})
>>> error.code, error.params
('horizon_out_of_range', {'min': 3, 'max': 10})
>>> str(error)
'horizon must be 3-10 years'
>>> isinstance(error, ValueError)
True
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["CODES", "EngineError"]

CODES: dict[str, str] = {
    # money, finance, assumptions
    "not_money": "cannot convert {value} to money",
    "rate_too_low": "rate must be greater than -100 %",
    "assumption_without_source": "an assumption needs a source",
    # estimates, lines, risks, cases
    "estimate_order": "an estimate needs low <= most likely <= high",
    "spread_negative": "spread needs a non-negative value and spreads",
    "factors_per_year": "{name}: one factor per year is needed",
    "years_invalid": "{name}: years must be distinct indices >= 0",
    "amount_negative": "{name}: amounts are positive; the kind gives the sign",
    "score_out_of_range": "{name}: a non-monetary benefit needs a score {min}-{max}",
    "non_monetary_amount": "{name}: a non-monetary benefit has no amount",
    "score_not_allowed": "{name}: only non-monetary benefits carry a score",
    "scenario_years_differ": "both scenarios need the same years",
    "probability_out_of_range": "{name}: probability must be within 0-1",
    "risk_negative": "{name}: consequence and year must be non-negative",
    "horizon_out_of_range": "horizon must be {min}-{max} years",
    "too_many_risks": "the risk pool holds at most {max} risks",
    "line_beyond_horizon": "{name}: a year lies beyond the horizon",
    "risk_beyond_horizon": "{name}: the year lies beyond the horizon",
    "coverage_out_of_range": "coverage must lie strictly between 0 and 1",
    "too_few_iterations": "the simulation needs at least {min} iterations",
    "driver_without_group": "{name}: a driver needs the group of lines it scales",
    "driver_not_positive": "{name}: the most likely value of a driver must be positive",
    "drivers_not_unique": "each driver of a case needs its own key",
    # channel shift
    "price_negative": "channel prices cannot be negative",
    "share_out_of_range": "shares lie within 0-1",
    "adoption_ceiling_too_high": (
        "the adoption ceiling must be below 100 % (right to a non-digital channel)"
    ),
    "steepness_not_positive": "steepness must be positive",
    "price_range_order": "channel prices need low <= most likely <= high in each channel",
    "adoption_range_order": "the adoption ceiling needs low <= most likely <= high",
    # case templates
    "phase_in_too_short": "a phase-in needs at least part of a year",
    "split_key_zero": "the split key sums to zero",
    "too_few_members": "a driftsfællesskab needs at least two members",
    # contract notice
    "unknown_runs_to": "unknown notice_runs_to: {value!r}",
    "notice_months_negative": "notice_months cannot be negative",
    "options_negative": "options and option months cannot be negative",
    "window_unknown": "months must be one of {windows}",
    # application quality
    "fit_out_of_range": "fits run from {min} to {max}",
    # strategy model
    "scale_invalid": "{key}: the scale needs maximum > minimum",
    "keys_not_unique": "option and fact keys must be unique",
    "rule_unknown": "rule {option}/{fact} names an unknown option or fact",
    "disadvantage_unknown_option": "disadvantage {key} names an unknown option",
    "disadvantage_unknown_fact": "disadvantage {key} names an unknown fact",
    "precondition_unknown": "precondition {key} names an unknown option or fact",
    "contradiction_unknown": "contradiction {key} needs conditions on known facts",
    "clear_margin_not_positive": "the clear-winner margin must be positive",
    "fact_invalid": "{key}: {value} is not a possible value ({reason})",
}
"""Error code -> English developer text (``str.format`` fields are the params)."""


class EngineError(ValueError):
    """An input the engine refuses: ``code`` (a key of :data:`CODES`) and ``params``.

    >>> EngineError("no_such_code")
    Traceback (most recent call last):
    ...
    KeyError: 'no_such_code'
    """

    code: str
    params: dict[str, object]

    def __init__(self, code: str, params: Mapping[str, object] | None = None) -> None:
        text = CODES[code]
        self.code = code
        self.params = dict(params or {})
        super().__init__(text.format(**self.params))
