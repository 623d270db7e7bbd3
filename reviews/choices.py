"""Choices of the solution reviews."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    PLANNED = "planlagt", _("Planlagt")
    COMPLETED = "gennemfoert", _("Gennemført")
    CANCELLED = "aflyst", _("Aflyst")


class Answer(models.TextChoices):
    OK = "ok", _("I orden")
    FINDING = "finding", _("Fund")
    NOT_RELEVANT = "not_relevant", _("Ikke relevant")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    CLOSED = "closed", _("Lukket")


class Due(models.TextChoices):
    """The ``due`` filter of the review lists: overdue (before today), due (today to
    30 days ahead) and soon (31 to 90 days ahead)."""

    OVERDUE = "overdue", _("Forfalden")
    DUE = "due", _("Forfalder inden 30 dage")
    SOON = "soon", _("Forfalder inden 90 dage")


DUE_DAYS = 30
SOON_DAYS = 90
