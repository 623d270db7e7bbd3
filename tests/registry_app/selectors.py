from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tests.registry_app.models import Lesson


def lesson_list(*, organization: Any) -> QuerySet[Lesson]:
    return Lesson.objects.filter(organization=organization)


def lesson_get(*, organization: Any, pk: Any) -> Lesson:
    return get_object_or_404(lesson_list(organization=organization), pk=pk)
