"""The default spend classification rules (``knowledge/data/spend_rules.yaml``).

Pure Python, validated with pydantic like :mod:`knowledge.loader`. The rules are marked
as examples to adapt (``example: true``): the spend app copies them into an organization,
where an administrator keeps them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, model_validator

from knowledge.loader import DATA_DIR, Key, KnowledgeError, LocalizedText, _Model, _read

__all__ = ["AccountRange", "SpendRule", "SpendRules", "spend_rules"]


class AccountRange(_Model):
    """Accounts from ``from`` to ``to`` inclusive, compared on their digits."""

    start: Annotated[str, Field(alias="from", min_length=1, max_length=30)]
    end: Annotated[str, Field(alias="to", min_length=1, max_length=30)]

    @model_validator(mode="after")
    def _ordered(self) -> AccountRange:
        if not self.start.isdigit() or not self.end.isdigit():
            raise ValueError("account ranges are digits only")
        if self.start > self.end:
            raise ValueError(f"account range {self.start}-{self.end} is reversed")
        return self


class SpendRule(_Model):
    key: Key
    name: LocalizedText
    priority: Annotated[int, Field(ge=0, le=10000)]
    is_it: bool
    category: str = ""
    accounts: list[AccountRange] = []
    vendor: str = ""
    keywords: list[Annotated[str, Field(min_length=2, max_length=60)]] = []

    @model_validator(mode="after")
    def _some_criterion(self) -> SpendRule:
        if not (self.accounts or self.vendor or self.keywords):
            raise ValueError(f"rule {self.key} names no account, vendor or keyword")
        return self


class SpendRules(_Model):
    example: bool
    note: LocalizedText
    rules: Annotated[list[SpendRule], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self) -> SpendRules:
        keys = [r.key for r in self.rules]
        if len(set(keys)) != len(keys):
            raise ValueError("rule keys must be unique")
        return self


def _load(path: Path) -> SpendRules:
    try:
        return SpendRules.model_validate(_read(path))
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name}: {exc}") from exc


@lru_cache(maxsize=1)
def spend_rules() -> SpendRules:
    """The shipped example rules.

    >>> rules = spend_rules()
    >>> rules.example, rules.rules[0].priority <= rules.rules[-1].priority
    (True, True)
    """
    return _load(DATA_DIR / "spend_rules.yaml")
