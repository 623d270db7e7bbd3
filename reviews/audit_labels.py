"""How a review's stored checklist values read in the audit trail: questions instead of
item keys, answer labels instead of codes, the checklist's title instead of its key."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from knowledge.reviews import review_knowledge
from reviews import choices as c


def _english() -> bool:
    return (get_language() or "da").startswith("en")


@functools.cache
def _questions() -> dict[str, dict[str, str]]:
    """Item key -> question (da/en), over every checklist of the knowledge base."""
    out: dict[str, dict[str, str]] = {}
    for entry in review_knowledge().checklists:
        for section in entry.sections:
            for item in section.items:
                out.setdefault(item.key, item.question.model_dump())
    return out


def question(key: Any) -> str:
    """The question of checklist item ``key`` (the key itself when no checklist has it)."""
    text = _questions().get(str(key))
    if text is None:
        return str(key)
    return f"»{text['en' if _english() else 'da']}«"


def answers(value: Any) -> str:
    """``{item key: {"value": ok|finding|not_relevant, "note": …}}`` as lines a person reads."""
    if not isinstance(value, Mapping):
        return str(value)
    labels: dict[Any, Any] = dict(c.Answer.choices)
    parts = []
    for key, answer in value.items():
        answer = answer if isinstance(answer, Mapping) else {"value": answer}
        text = f"{question(key)}: {labels.get(answer.get('value'), answer.get('value') or '–')}"
        if answer.get("note"):
            text += f" ({_('note')}: {answer['note']})"
        parts.append(text)
    return "; ".join(parts) or "–"


def checklist(value: Any) -> str:
    """A checklist's key as its title."""
    for entry in review_knowledge().checklists:
        if entry.key == value:
            return str(entry.title.en if _english() else entry.title.da)
    return str(value)


def checklist_items(value: Any) -> str:
    """The items a review was planned with: how many, with their questions."""
    if not isinstance(value, list):
        return str(value)
    english = _english()
    questions = [
        f"»{item['question']['en' if english else 'da']}«"
        for item in value
        if isinstance(item, Mapping) and isinstance(item.get("question"), Mapping)
    ]
    count = ngettext("%(n)s punkt", "%(n)s punkter", len(value)) % {"n": len(value)}
    return f"{count}: {'; '.join(questions)}" if questions else count


def register() -> None:
    from core.audit_display import register_field_display

    register_field_display("reviews.solutionreview", "answers", answers)
    register_field_display("reviews.solutionreview", "checklist_key", checklist)
    register_field_display("reviews.solutionreview", "checklist_items", checklist_items)
    register_field_display("reviews.finding", "item_key", question)
