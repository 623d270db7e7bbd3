from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonKind(models.TextChoices):
    PROCUREMENT = "procurement", _("Anskaffelse")
    OPERATION = "operation", _("Drift")
    PROJECT = "project", _("Projekt")
