"""Styrbar's structured, versioned domain knowledge (YAML in ``knowledge/data``), with a
pydantic schema that validates it on load. Pure Python: no Django.

>>> from knowledge import load
>>> load().version
'2025.1'
"""

from knowledge.loader import (
    KnowledgeBase,
    KnowledgeError,
    channel_presets,
    load,
    mitigations_for,
    strategy_model,
    template_defaults,
)

__all__ = [
    "KnowledgeBase",
    "KnowledgeError",
    "channel_presets",
    "load",
    "mitigations_for",
    "strategy_model",
    "template_defaults",
]
