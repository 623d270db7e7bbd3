"""What municipalities call things in their spreadsheets (``knowledge/data/import_synonyms.yaml``).

Pure Python, validated with pydantic like :mod:`knowledge.loader`: header synonyms per
importable column, choice values in a municipality's own words per field, and yes/no
words. Lookups ignore case and surrounding spaces; a word may name only one value of a
field (checked on load). Whether a value is one of the field's choices is checked where
the choices live (``interop/tests``), since this package imports nothing of the web.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, model_validator

from knowledge.loader import DATA_DIR, KnowledgeError, _Model, _read

__all__ = ["ImportSynonyms", "fold", "import_synonyms"]

FILE = "import_synonyms.yaml"

Words = Annotated[list[str], Field(min_length=1)]


def fold(text: object) -> str:
    """The form words are compared in: case-folded, inner spaces collapsed.

    >>> fold("  Under   Afvikling ")
    'under afvikling'
    """
    return " ".join(str(text).casefold().split())


class ImportSynonyms(_Model):
    headers: dict[str, dict[str, Words]]
    values: dict[str, dict[str, Words]]
    booleans: dict[str, Words]

    @model_validator(mode="after")
    def _one_meaning_per_word(self) -> ImportSynonyms:
        for name, table in [*self.values.items(), ("booleans", self.booleans)]:
            seen: dict[str, str] = {}
            for value, words in table.items():
                for word in words:
                    key = fold(word)
                    if seen.setdefault(key, value) != value:
                        raise ValueError(f"{name}: '{word}' means both '{seen[key]}' and '{value}'")
        if set(self.booleans) != {"true", "false"}:
            raise ValueError("booleans: exactly the keys 'true' and 'false'")
        return self

    def header_words(self, entity: str, field: str) -> tuple[str, ...]:
        """The header synonyms of an entity's column."""
        return tuple(self.headers.get(entity, {}).get(field, ()))

    def value_of(self, field: str, word: object) -> str | None:
        """The Styrbar value a municipality's word stands for in ``field``, or None."""
        key = fold(word)
        for value, words in self.values.get(field, {}).items():
            if key in (fold(w) for w in words):
                return value
        return None

    def boolean_of(self, word: object) -> bool | None:
        key = fold(word)
        for value, words in self.booleans.items():
            if key in (fold(w) for w in words):
                return value == "true"
        return None


@lru_cache(maxsize=1)
def _shipped() -> ImportSynonyms:
    return read(DATA_DIR / FILE)


def read(path: Path) -> ImportSynonyms:
    try:
        return ImportSynonyms.model_validate(_read(path))
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name}: {exc}") from exc


def import_synonyms(path: Path | None = None) -> ImportSynonyms:
    """The synonyms in ``path`` (default: the shipped file, read once)."""
    return _shipped() if path is None else read(path)
