"""The engine's error codes as messages for people: Danish, English via gettext.

The engine raises :class:`engine.errors.EngineError` with a code and parameters and no
text for the user; this is the one place that words them. Services call
:func:`engine_message` (for an error or for a rule they check before the engine does, so
both say the same) and put the result in a ``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from engine.errors import EngineError

MESSAGES: dict[str, Promise] = {
    "not_money": _("%(value)s kan ikke omregnes til kroner."),
    "rate_too_low": _("Kalkulationsrenten skal være større end -100 %%."),
    "assumption_without_source": _("En antagelse skal have en kilde."),
    "estimate_order": _("Minimum ≤ mest sandsynlig ≤ maksimum."),
    "spread_negative": _("Værdien og spredningen kan ikke være negative."),
    "factors_per_year": _("%(name)s: angiv én indfasning pr. år."),
    "years_invalid": _("%(name)s: et år må kun stå én gang og kan ikke være negativt."),
    "amount_negative": _(
        "%(name)s: beløb er positive; arten afgør, om det er en omkostning eller gevinst."
    ),
    "score_out_of_range": _(
        "%(name)s: en ikke-økonomisk gevinst skal have en score %(min)s–%(max)s."
    ),
    "non_monetary_amount": _("%(name)s: en ikke-økonomisk gevinst har intet beløb."),
    "score_not_allowed": _("%(name)s: kun ikke-økonomiske gevinster har en score."),
    "scenario_years_differ": _("Begge scenarier skal dække de samme år."),
    "probability_out_of_range": _("%(name)s: sandsynligheden skal ligge mellem 0 og 100 %%."),
    "risk_negative": _("%(name)s: konsekvensen og året kan ikke være negative."),
    "horizon_out_of_range": _("Horisonten skal være %(min)s–%(max)s år."),
    "too_many_risks": _("En business case har højst %(max)s risici."),
    "line_beyond_horizon": _("%(name)s: et år ligger uden for horisonten."),
    "risk_beyond_horizon": _("%(name)s: året ligger uden for horisonten."),
    "coverage_out_of_range": _("Dækningsgraden skal ligge mellem 0 og 100 %% (begge udelukket)."),
    "too_few_iterations": _("Simuleringen kræver mindst %(min)s gennemløb."),
    "driver_without_group": _("%(name)s: en usikker antagelse skal pege på de linjer, den ændrer."),
    "driver_not_positive": _("%(name)s: den mest sandsynlige værdi skal være større end nul."),
    "drivers_not_unique": _("Hver usikker antagelse i en business case skal have sin egen nøgle."),
    "price_negative": _("Priserne pr. henvendelse kan ikke være negative."),
    "share_out_of_range": _("Andelene skal ligge mellem 0 og 100 %%."),
    "adoption_ceiling_too_high": _(
        "Loftet for den digitale andel skal være under 100 %%: borgere har ret til en "
        "ikke-digital kanal."
    ),
    "steepness_not_positive": _("Stejlheden skal være større end 0."),
    "price_range_order": _(
        "Priserne pr. henvendelse skal opfylde lav ≤ mest sandsynlig ≤ høj, både for "
        "personlige og digitale henvendelser."
    ),
    "adoption_range_order": _(
        "Den digitale andel der nås skal opfylde lav ≤ mest sandsynlig ≤ høj."
    ),
    "phase_in_too_short": _("En indfasning skal vare mindst en del af et år."),
    "split_key_zero": _("Fordelingsnøglen summerer til nul."),
    "too_few_members": _("Et driftsfællesskab kræver mindst to medlemmer."),
    "unknown_runs_to": _("Ukendt opsigelsesperiode: %(value)s."),
    "notice_months_negative": _("Opsigelsesvarslet kan ikke være negativt."),
    "options_negative": _("Optioner og optionsperioder kan ikke være negative."),
    "window_unknown": _("Perioden skal være en af %(windows)s måneder."),
    "fit_out_of_range": _("Egnetheden går fra %(min)s til %(max)s."),
    "scale_invalid": _("%(key)s: skalaens maksimum skal være større end minimum."),
    "keys_not_unique": _("Nøglerne for muligheder og fakta skal være entydige."),
    "rule_unknown": _(
        "Reglen %(option)s/%(fact)s nævner en ukendt mulighed eller et ukendt faktum."
    ),
    "disadvantage_unknown_option": _("Ulempen %(key)s nævner en ukendt mulighed."),
    "disadvantage_unknown_fact": _("Ulempen %(key)s nævner et ukendt faktum."),
    "precondition_unknown": _(
        "Forudsætningen %(key)s nævner en ukendt mulighed eller et ukendt faktum."
    ),
    "contradiction_unknown": _("Modstriden %(key)s skal have betingelser på kendte fakta."),
    "clear_margin_not_positive": _("Grænsen for en klar vinder skal være større end nul."),
    "fact_invalid": _("%(key)s: %(value)s er ikke en mulig værdi (%(reason)s)."),
}
"""Engine error code -> message (``%(param)s`` placeholders are the error's params)."""


def engine_message(code: str, params: Mapping[str, object] | None = None) -> str:
    """The message for an engine error code in the active language."""
    return str(MESSAGES[code]) % dict(params or {})


def error_message(error: EngineError) -> str:
    """The message for an error the engine raised."""
    return engine_message(error.code, error.params)
