"""Audited writes of lessons: permission first, then the generic audited write."""

from typing import Any

from core.permissions import require
from core.services import create_audited, delete_audited, update_audited
from tests.registry_app.models import Lesson


def lesson_create(*, actor: Any, organization: Any, **fields: Any) -> Lesson:
    require(actor, organization, "lesson.change")
    return create_audited(model=Lesson, actor=actor, organization=organization, **fields)


def lesson_update(*, actor: Any, lesson: Lesson, **fields: Any) -> Lesson:
    require(actor, lesson.organization, "lesson.change", lesson)
    return update_audited(obj=lesson, actor=actor, **fields)


def lesson_delete(*, actor: Any, lesson: Lesson) -> None:
    require(actor, lesson.organization, "lesson.change", lesson)
    delete_audited(obj=lesson, actor=actor)
