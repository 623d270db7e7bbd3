"""The procurement process's knowledge (``knowledge/data/procurement.yaml``).

Pure Python, validated with pydantic like :mod:`knowledge.loader`: the questions put at
each stage of an IT acquisition (who answers, whether a "nej"/"ved ikke" stops the
request), the generic tender requirements per governance strategy, and the two sourced
amounts (the EU threshold and the size that needs a business case). Strategy keys are
checked against ``strategies.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from knowledge.loader import (
    DATA_DIR,
    Key,
    KnowledgeError,
    LocalizedText,
    SourcedValue,
    _Model,
    _read,
    load,
)

__all__ = [
    "ADDRESSEES",
    "ALL",
    "STAGES",
    "ProcurementKnowledge",
    "Question",
    "Requirement",
    "procurement_knowledge",
]

ALL = "alle"
STAGES = ("afklaring", "kontrolorgan", "beslutning", "anskaffelse")
"""The stages that have questions, in process order."""
ADDRESSEES = ("indkoeber", "forvaltning", "leverandoer", "arkitekt", "dpo")

Stage = Literal["afklaring", "kontrolorgan", "beslutning", "anskaffelse"]
Addressee = Literal["indkoeber", "forvaltning", "leverandoer", "arkitekt", "dpo"]


class _ForStrategies(_Model):
    strategies: Annotated[list[Key], Field(min_length=1)]

    def applies(self, strategy: str) -> bool:
        """Asked under ``strategy`` ("" when the municipality has chosen none)."""
        return ALL in self.strategies or strategy in self.strategies


class Question(_ForStrategies):
    key: Key
    stage: Stage
    addressee: Addressee
    stops: bool
    text: LocalizedText
    source: Annotated[str, Field(min_length=1)]


class Requirement(_ForStrategies):
    key: Key
    title: LocalizedText
    text: LocalizedText
    source: Annotated[str, Field(min_length=1)]


class Settings(_Model):
    eu_threshold_dkk: SourcedValue
    large_request_dkk: SourcedValue


class ProcurementKnowledge(_Model):
    version: str
    settings: Settings
    questions: Annotated[list[Question], Field(min_length=1)]
    requirements: Annotated[list[Requirement], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_keys(self) -> ProcurementKnowledge:
        for what, keys in (
            ("question", [q.key for q in self.questions]),
            ("requirement", [r.key for r in self.requirements]),
        ):
            seen = {k for k in keys if keys.count(k) > 1}
            if seen:
                raise ValueError(f"duplicate {what} keys: {sorted(seen)}")
        return self

    def questions_for(self, strategy: str) -> list[Question]:
        """The questions asked under ``strategy``, in stage order then file order."""
        order = {stage: i for i, stage in enumerate(STAGES)}
        asked = [q for q in self.questions if q.applies(strategy)]
        return sorted(asked, key=lambda q: order[q.stage])

    def requirements_for(self, strategy: str) -> list[Requirement]:
        return [r for r in self.requirements if r.applies(strategy)]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)


def _check_strategies(knowledge: ProcurementKnowledge, known: set[str]) -> None:
    used = {s for item in (*knowledge.questions, *knowledge.requirements) for s in item.strategies}
    unknown = used - known - {ALL}
    if unknown:
        raise KnowledgeError(f"procurement.yaml: unknown strategies {sorted(unknown)}")


def procurement_knowledge(directory: Path | None = None) -> ProcurementKnowledge:
    """Load and validate ``procurement.yaml`` (the shipped one is read once).

    >>> k = procurement_knowledge()
    >>> [q.key for q in k.questions_for("borgernaer_service")][:2]
    ['eksisterende_loesning', 'forretningsbehov']
    >>> "alle_platforme" in [q.key for q in k.questions_for("borgernaer_service")]
    True
    >>> "alle_platforme" in [q.key for q in k.questions_for("")]
    False
    """
    if directory is None:
        return _shipped()
    return _load(directory)


@lru_cache(maxsize=1)
def _shipped() -> ProcurementKnowledge:
    return _load(DATA_DIR)


def _load(directory: Path) -> ProcurementKnowledge:
    try:
        knowledge = ProcurementKnowledge.model_validate(_read(directory / "procurement.yaml"))
    except ValidationError as exc:
        raise KnowledgeError(f"procurement.yaml: {exc}") from exc
    strategies = {o.key for o in load(directory).strategies.options}
    _check_strategies(knowledge, strategies)
    return knowledge
