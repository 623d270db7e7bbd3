"""Small value types shared by the engine: sourced assumptions and bilingual texts.

Every default a template uses is an :class:`Assumption`: a value together with the
source it comes from, so a reader can see - and a municipality can override - where a
number came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.errors import EngineError

__all__ = [
    "SOURCE_ARTICLES",
    "SOURCE_FM_2021",
    "SOURCE_KL_2011",
    "SOURCE_LAW_2023",
    "SOURCE_OWN",
    "SOURCE_STYRBAR",
    "Assumption",
    "Text",
]

SOURCE_STYRBAR = "Styrbar-antagelse (redigerbar)"
SOURCE_OWN = "Kommunens egen værdi"
SOURCE_FM_2021 = "Finansministeriet 2021"
SOURCE_KL_2011 = "KL 2011 benchmark (78 kommuner)"
SOURCE_ARTICLES = "Artikler om arkitekturstyring i kommuner"
SOURCE_LAW_2023 = "Ret til ikke-digital kanal for fritagne (i kraft 1. juni 2023)"


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Danish (first) and English.

    >>> Text("Hej", "Hello").get("en")
    'Hello'
    >>> Text("Hej", "Hello").get("de")
    'Hej'
    """

    da: str
    en: str

    def get(self, language: str) -> str:
        """Return the text in ``language`` ("da" or "en"); Danish for anything else."""
        return self.en if language == "en" else self.da


@dataclass(frozen=True, slots=True)
class Assumption:
    """A sourced, editable value.

    >>> a = Assumption(Decimal("0.15"), SOURCE_STYRBAR)
    >>> a.override(Decimal("0.2"))
    Assumption(value=Decimal('0.2'), source='Kommunens egen værdi')
    >>> Assumption(0.1, "x")  # type: ignore[arg-type]
    Traceback (most recent call last):
    ...
    TypeError: Assumption.value must be Decimal
    """

    value: Decimal
    source: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, Decimal):
            raise TypeError("Assumption.value must be Decimal")
        if not self.source.strip():
            raise EngineError("assumption_without_source")

    def override(self, value: Decimal, source: str = SOURCE_OWN) -> Assumption:
        """Return a copy with the municipality's own value and its source."""
        return Assumption(value, source)
