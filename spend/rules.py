"""The organization's classification rules: the shipped examples copied in on first use,
and the administrator's edits through the resource (``spend.resources.RULES``)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from core.permissions import require
from core.services import create_audited, delete_audited, update_audited
from knowledge.spend import spend_rules
from organizations.models import Organization
from spend.classify import CompiledRule, compile_rules, parse_ranges
from spend.models import ClassificationRule
from spend.store import lines_locked

CHANGE = "spend.rules"


def _example_fields() -> list[dict[str, Any]]:
    english = (get_language() or "da").startswith("en")
    return [
        {
            "name": rule.name.en if english else rule.name.da,
            "priority": rule.priority,
            "is_it": rule.is_it,
            "category": rule.category,
            "accounts": ", ".join(f"{r.start}-{r.end}" for r in rule.accounts),
            "vendor": rule.vendor,
            "keywords": ", ".join(rule.keywords),
            "example": True,
        }
        for rule in spend_rules().rules
    ]


def rule_list(*, organization: Organization) -> QuerySet[ClassificationRule]:
    return ClassificationRule.objects.filter(organization=organization)


def rule_get(*, organization: Organization, pk: Any) -> ClassificationRule:
    return get_object_or_404(rule_list(organization=organization), pk=pk)


def rules_ensure(*, actor: Any, organization: Organization) -> list[CompiledRule]:
    """The organization's rules, compiled; the examples are copied in (audited) when it
    has none at all."""
    if not ClassificationRule.objects.filter(organization=organization).exists():
        for fields in _example_fields():
            create_audited(
                model=ClassificationRule, actor=actor, organization=organization, **fields
            )
    return compile_rules(ClassificationRule.objects.filter(organization=organization))


def rules_for_run(organization: Organization) -> list[CompiledRule]:
    """For a dry run: the organization's rules, or the examples it would get (not saved)."""
    rules = list(ClassificationRule.objects.filter(organization=organization))
    if rules:
        return compile_rules(rules)
    return compile_rules(
        SimpleNamespace(pk=-(i + 1), active=True, **f) for i, f in enumerate(_example_fields())
    )


def _check(fields: dict[str, Any]) -> None:
    parse_ranges(fields.get("accounts", ""))


def rule_create(*, actor: Any, organization: Organization, **fields: Any) -> ClassificationRule:
    require(actor, organization, CHANGE)
    _check(fields)
    return create_audited(
        model=ClassificationRule, actor=actor, organization=organization, **fields
    )


def rule_update(*, actor: Any, rule: ClassificationRule, **fields: Any) -> ClassificationRule:
    require(actor, rule.organization, CHANGE)
    _check({"accounts": fields.get("accounts", rule.accounts)})
    return update_audited(obj=rule, actor=actor, **fields)


def rule_delete(*, actor: Any, rule: ClassificationRule) -> None:
    """Delete a rule; its lines keep their IT flag and lose the rule (set to null), after
    any import of the organization that is running (:func:`spend.store.lines_locked`)."""
    require(actor, rule.organization, CHANGE)
    with lines_locked(rule.organization):
        delete_audited(obj=rule, actor=actor)
