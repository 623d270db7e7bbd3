"""What the ranking returns: per option its score, reasons, caps and disadvantages, and
for the whole :class:`Ranking` how far to trust the order (margin, ties, data coverage)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from engine.common import Text
from engine.strategy.model import OptionKind, Precondition

# clamp serves the other modules of engine.strategy; it is not part of the API.
__all__ = [
    "BitingDisadvantage",
    "Cap",
    "Contribution",
    "DataCoverage",
    "FactWarning",
    "OptionResult",
    "Ranking",
    "points",
]


@dataclass(frozen=True, slots=True)
class Contribution:
    """How one fact pushed an option's score (or a disadvantage's likelihood)."""

    fact: str
    value: float
    normalised: float
    direction: str
    """"for" (pushes up) or "against" (pushes down)."""
    magnitude: float
    text: Text


@dataclass(frozen=True, slots=True)
class BitingDisadvantage:
    """A disadvantage of the option, how likely it is to bite here, why, and what
    mitigates it."""

    key: str
    text: Text
    likelihood: float
    flagged: bool
    drivers: tuple[Contribution, ...]
    mitigations: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Cap:
    """Why an option's score was capped: an unmet precondition (``key``) or its own
    business case (``key`` = ``"business_case"``), at most ``limit``."""

    key: str
    limit: float
    text: Text


@dataclass(frozen=True, slots=True)
class OptionResult:
    """The assessment of one option for this municipality.

    ``raw_score`` is the unclamped score the ranking uses (after caps); ``score`` is
    it clamped to 0-1 for display. ``coverage`` is the share of the option's rule weight
    whose facts are known (how much of its own basis was known, not a certainty).
    ``blocked`` options have an unmet precondition or a losing case and are never
    recommended.
    """

    key: str
    label: Text
    kind: OptionKind
    score: float
    raw_score: float
    prior: float
    coverage: float
    rank: int
    prior_rank: int
    overrides_prior: bool
    contributions: tuple[Contribution, ...]
    disadvantages: tuple[BitingDisadvantage, ...]
    caps: tuple[Cap, ...]
    notes: tuple[Text, ...]
    summary: Text

    @property
    def blocked(self) -> bool:
        """Whether a precondition or the option's own case holds it back."""
        return bool(self.caps)


@dataclass(frozen=True, slots=True)
class DataCoverage:
    """How many of the model's facts were known."""

    known: int
    total: int

    @property
    def share(self) -> float:
        """``known / total`` (0 for an empty model)."""
        return round(self.known / self.total, 3) if self.total else 0.0

    @property
    def text(self) -> Text:
        """``Datagrundlag: 9 af 16 forhold kendt``."""
        return Text(
            f"Datagrundlag: {self.known} af {self.total} forhold kendt",
            f"Data: {self.known} of {self.total} facts known",
        )


@dataclass(frozen=True, slots=True)
class FactWarning:
    """A value beyond the model's scale, or answers that contradict each other."""

    key: str
    facts: tuple[str, ...]
    text: Text


@dataclass(frozen=True, slots=True)
class Ranking:
    """Strategies best first, the other options, and how far to trust the order.

    ``margin``: the first strategy's raw score minus the second's (``None`` with fewer
    than two). ``clear_winner``: a strategy can be recommended and leads by at least
    the model's ``clear_margin``. ``tied``: the strategies sharing first place when two
    or more do. ``none_fits``: every strategy is held back by an unmet precondition;
    ``establish_first`` then names what to establish, most blocking first.
    """

    model_version: str
    strategies: tuple[OptionResult, ...]
    others: tuple[OptionResult, ...]
    recommended: str
    prior_recommended: str
    overrides_prior: bool
    missing_facts: tuple[str, ...]
    summary: Text
    margin: float | None
    clear_winner: bool
    tied: tuple[str, ...]
    none_fits: bool
    establish_first: tuple[Precondition, ...]
    data_coverage: DataCoverage
    warnings: tuple[FactWarning, ...]

    def option(self, key: str) -> OptionResult:
        """The result for option ``key`` (KeyError if unknown)."""
        for result in (*self.strategies, *self.others):
            if result.key == key:
                return result
        raise KeyError(key)


def clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def points(value: float) -> int:
    """A 0-1 score as whole points out of 100, rounded half up on the decimal value
    (so 0.575 is 58, not the float's 57).

    >>> points(0.575), points(0.1), points(1.35)
    (58, 10, 135)
    """
    return int((Decimal(repr(value)) * 100).quantize(Decimal(1), ROUND_HALF_UP))
