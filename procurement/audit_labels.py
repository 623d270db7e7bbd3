"""How a request's stored lists read in the audit trail: channel labels, the titles of
the chosen requirements and the strategies' names, instead of the keys a program uses."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from knowledge.loader import load
from knowledge.procurement import procurement_knowledge
from procurement import choices as c


def _language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _joined(values: Any, names: dict[str, str]) -> str:
    items = values if isinstance(values, list) else [values]
    return ", ".join(names.get(str(v), str(v)) for v in items) or "–"


def strategies(value: Any) -> str:
    """Strategy keys as the strategies' names."""
    language = _language()
    return _joined(value, {o.key: getattr(o.name, language) for o in load().strategies.options})


def channels(value: Any) -> str:
    return _joined(value, {k: str(label) for k, label in c.Channel.choices})


def requirements(value: Any) -> str:
    language = _language()
    titles = {r.key: getattr(r.title, language) for r in procurement_knowledge().requirements}
    return _joined(value, titles)


def register() -> None:
    from core.audit_display import register_field_display

    register_field_display("procurement.procurementrequest", "channels", channels)
    register_field_display("procurement.procurementrequest", "requirements", requirements)
    register_field_display("procurement.procurementrequest", "strategy", strategies)
    register_field_display("procurement.localquestion", "strategies", strategies)
