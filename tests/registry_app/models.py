from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import description_field, name_field, optional_date, unique_in_organization
from core.models import OrganizationOwnedModel
from tests.registry_app.choices import LessonKind


class Lesson(OrganizationOwnedModel):
    """A lesson learned that the organization wants to keep (test module)."""

    title = name_field(_("titel"))
    kind = models.CharField(_("art"), max_length=20, choices=LessonKind.choices)
    body = description_field()
    decided_on = optional_date(_("besluttet"))

    class Meta:
        verbose_name = _("erfaringsnotat")
        verbose_name_plural = _("erfaringsnotater")
        ordering = ["title", "pk"]
        constraints = [
            unique_in_organization(
                "title",
                name="lesson_unique_title",
                message=_("Der findes allerede et notat med denne titel."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registry_app:lesson_detail", args=[self.pk])
