"""Styrbar's structured, versioned domain knowledge (YAML in ``knowledge/data``), with a
pydantic schema that validates it on load. Pure Python: no Django.

The package's public names are :mod:`knowledge.loader`'s (its ``__all__``).

>>> from knowledge import load
>>> load().version
'2025.1'
"""

from knowledge import loader
from knowledge.loader import *  # noqa: F403 - the loader's __all__ is the package's API

__all__ = loader.__all__
