from typing import Any

from tests.registry_app.choices import LessonKind
from tests.registry_app.models import Lesson


def seed(result: Any) -> None:
    Lesson.objects.get_or_create(
        organization=result.kommune,
        title="Demo: spørg efter rammeaftaler før udbud",
        defaults={"kind": LessonKind.PROCUREMENT},
    )
