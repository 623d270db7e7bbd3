"""The solution-review knowledge (``knowledge/data/reviews.yaml``).

Pure Python, validated with pydantic like :mod:`knowledge.loader`: the rules that give a
solution in operation its review cadence (first matching rule wins, else the default), and
the versioned review checklists — a general one and one per governance strategy that
extends it. Strategy keys are checked against ``strategies.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from knowledge.loader import DATA_DIR, Key, KnowledgeError, LocalizedText, _Model, _read, load

__all__ = [
    "FACT_FIELDS",
    "GENERAL",
    "CadenceRule",
    "Checklist",
    "ChecklistItem",
    "ReviewKnowledge",
    "review_knowledge",
]

GENERAL = "generel"
"""The checklist used when the municipality has chosen no strategy."""

# The usage facts a cadence rule may test and a checklist item may update (the values the
# YAML may give them are checked by the reviews app against the model's own choices).
RULE_FACTS = ("criticality", "data_sensitivity", "business_critical", "socially_critical")
FACT_FIELDS = (
    "supports_browsers",
    "supports_ios",
    "supports_android",
    "supports_windows",
    "supports_macos",
    "wcag_status",
    "dpia_done",
    "risk_assessment_done",
)
FACT_DATES = ("wcag_date", "dpia_date", "risk_assessment_date")

RuleFact = Literal["criticality", "data_sensitivity", "business_critical", "socially_critical"]
FactValue = bool | str


class CadenceRule(_Model):
    key: Key
    months: Annotated[int, Field(ge=1, le=120)]
    label: LocalizedText
    source: Annotated[str, Field(min_length=1)]
    when: Mapping[RuleFact, Annotated[list[FactValue], Field(min_length=1)]] = {}

    def matches(self, facts: Mapping[str, object]) -> bool:
        """Every condition holds for the usage's ``facts`` (a rule without conditions
        matches everything)."""
        return all(facts.get(name) in values for name, values in self.when.items())


class Cadence(_Model):
    default: CadenceRule
    rules: list[CadenceRule]

    @model_validator(mode="after")
    def _checks(self) -> Cadence:
        if self.default.when:
            raise ValueError("the default cadence has no conditions")
        keys = [self.default.key, *(r.key for r in self.rules)]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate cadence rule keys: {keys}")
        return self

    @property
    def all_rules(self) -> list[CadenceRule]:
        """The rules in order, the default last."""
        return [*self.rules, self.default]

    def rule_for(self, facts: Mapping[str, object]) -> CadenceRule:
        """The first rule that matches, else the default.

        >>> cadence = review_knowledge().cadence
        >>> cadence.rule_for({"criticality": "high"}).months
        12
        >>> cadence.rule_for({"data_sensitivity": "sensitive"}).key
        'foelsomme_data'
        >>> cadence.rule_for({"criticality": "low", "data_sensitivity": "personal"}).months
        24
        """
        return next((r for r in self.rules if r.matches(facts)), self.default)


class Fact(_Model):
    """What an answer does to the usage: the ``fields`` get ``ok`` / ``finding``; ``date``
    is set to the day the review was held (for either answer)."""

    fields: Annotated[list[str], Field(min_length=1)]
    ok: FactValue
    finding: FactValue
    date: str | None = None

    @model_validator(mode="after")
    def _known(self) -> Fact:
        unknown = [f for f in self.fields if f not in FACT_FIELDS]
        if unknown:
            raise ValueError(f"unknown usage facts {unknown}; known: {list(FACT_FIELDS)}")
        if self.date is not None and self.date not in FACT_DATES:
            raise ValueError(f"unknown date fact {self.date!r}; known: {list(FACT_DATES)}")
        return self


class ChecklistItem(_Model):
    key: Key
    question: LocalizedText
    fact: Fact | None = None


class Section(_Model):
    key: Key
    title: LocalizedText
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


class ChecklistEntry(_Model):
    key: Key
    version: Annotated[str, Field(min_length=1)]
    title: LocalizedText
    extends: Key | None = None
    sections: Annotated[list[Section], Field(min_length=1)]


@dataclass(frozen=True)
class Checklist:
    """A checklist as a review uses it: its own sections after those it extends.

    ``version`` names the checklist's own version and, for an extension, the general
    checklist's (``"2026.1/generel 2026.1"``), so a change to either is a new version."""

    key: str
    version: str
    title: LocalizedText
    sections: tuple[Section, ...]

    def items(self) -> list[tuple[Section, ChecklistItem]]:
        return [(section, item) for section in self.sections for item in section.items]

    def snapshot(self) -> list[dict[str, object]]:
        """The items as plain JSON, kept with a review so it reads the same after the
        knowledge changes: key, section (da/en), question (da/en) and the fact."""
        return [
            {
                "key": item.key,
                "section": section.key,
                "section_title": section.title.model_dump(),
                "question": item.question.model_dump(),
                "fact": item.fact.model_dump() if item.fact else None,
            }
            for section, item in self.items()
        ]


class ReviewKnowledge(_Model):
    version: str
    cadence: Cadence
    checklists: Annotated[list[ChecklistEntry], Field(min_length=1)]

    @model_validator(mode="after")
    def _checks(self) -> ReviewKnowledge:
        keys = [c.key for c in self.checklists]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate checklist keys: {keys}")
        if GENERAL not in keys:
            raise ValueError(f"the {GENERAL!r} checklist is missing")
        by_key = {c.key: c for c in self.checklists}
        for entry in self.checklists:
            if entry.extends is not None:
                base = by_key.get(entry.extends)
                if base is None or base.extends is not None:
                    raise ValueError(f"{entry.key} extends an unknown or extending checklist")
            items = [i.key for s in self.checklist(entry.key).sections for i in s.items]
            if len(set(items)) != len(items):
                raise ValueError(f"{entry.key}: duplicate item keys {items}")
        return self

    def checklist(self, key: str) -> Checklist:
        """The checklist ``key`` with what it extends (KeyError for an unknown key)."""
        entry = next((c for c in self.checklists if c.key == key), None)
        if entry is None:
            raise KeyError(key)
        if entry.extends is None:
            return Checklist(entry.key, entry.version, entry.title, tuple(entry.sections))
        base = self.checklist(entry.extends)
        return Checklist(
            entry.key,
            f"{entry.version}/{base.key} {base.version}",
            entry.title,
            (*base.sections, *entry.sections),
        )

    def checklist_for(self, strategy: str) -> Checklist:
        """The checklist of ``strategy`` ("" or a strategy without one: the general).

        >>> k = review_knowledge()
        >>> [s.key for s in k.checklist_for("borgernaer_service").sections][-2:]
        ['platforme', 'tilgaengelighed']
        >>> k.checklist_for("").key
        'generel'
        """
        keys = {c.key for c in self.checklists}
        return self.checklist(strategy if strategy in keys else GENERAL)


def review_knowledge(directory: Path | None = None) -> ReviewKnowledge:
    """Load and validate ``reviews.yaml`` (the shipped one is read once)."""
    if directory is None:
        return _shipped()
    return _load(directory)


@lru_cache(maxsize=1)
def _shipped() -> ReviewKnowledge:
    return _load(DATA_DIR)


def _load(directory: Path) -> ReviewKnowledge:
    try:
        knowledge = ReviewKnowledge.model_validate(_read(directory / "reviews.yaml"))
    except ValidationError as exc:
        raise KnowledgeError(f"reviews.yaml: {exc}") from exc
    strategies = {o.key for o in load(directory).strategies.options}
    unknown = {c.key for c in knowledge.checklists if c.extends} - strategies
    if unknown:
        raise KnowledgeError(f"reviews.yaml: checklists for unknown strategies {sorted(unknown)}")
    return knowledge
