import itertools

from django.utils.translation import gettext_lazy as _

from core.resources import Resource
from core.views import Column
from tests.registry_app import selectors, services
from tests.registry_app.filters import LESSON_FILTERS
from tests.registry_app.forms import LessonForm
from tests.registry_app.models import Lesson

_EXAMPLES = itertools.count(1)

LESSONS = Resource(
    model=Lesson,
    slug="lessons",
    namespace="registry_app",
    name="lesson",
    label=_("Erfaringsnotat"),
    label_plural=_("Erfaringsnotater"),
    list_selector=selectors.lesson_list,
    get_selector=selectors.lesson_get,
    filters=LESSON_FILTERS,
    columns=(
        Column("title", _("Titel"), sort="title", link=True),
        Column("kind", _("Art")),
        Column("decided_on", _("Besluttet"), sort="decided"),
    ),
    form=LessonForm,
    create_service=services.lesson_create,
    update_service=services.lesson_update,
    delete_service=services.lesson_delete,
    view_permission="lesson.view",
    change_permission="lesson.change",
    object_arg="lesson",
    url_prefix="erfaringer/",
    menu_order=950,
    detail_fields=("title", "kind", "body", "decided_on"),
    api_tags=("test-module",),
    example=lambda organization: {
        "title": f"Brug rammeaftalen først ({next(_EXAMPLES)})",
        "kind": "procurement",
    },
)
