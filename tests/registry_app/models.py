from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import OrganizationOwnedModel
from tests.registry_app.choices import LessonKind


class Lesson(OrganizationOwnedModel):
    """A lesson learned that the organization wants to keep (test module)."""

    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("art"), max_length=20, choices=LessonKind.choices)
    body = models.TextField(_("beskrivelse"), blank=True)
    decided_on = models.DateField(_("besluttet"), null=True, blank=True)

    class Meta:
        verbose_name = _("erfaringsnotat")
        verbose_name_plural = _("erfaringsnotater")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "title"],
                name="lesson_unique_title",
                violation_error_message=_("Der findes allerede et notat med denne titel."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registry_app:lesson_detail", args=[self.pk])
