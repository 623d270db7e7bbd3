from django.db import models
from django.utils.translation import gettext_lazy as _


class GateBody(models.TextChoices):
    DIREKTION = "direktion", _("Direktionen")
    OKONOMIUDVALG = "okonomiudvalg", _("Økonomiudvalget")
    KOMMUNALBESTYRELSE = "kommunalbestyrelse", _("Kommunalbestyrelsen")


class GateDecision(models.TextChoices):
    PENDING = "pending", _("Afventer")
    APPROVED = "approved", _("Godkendt")
    REJECTED = "rejected", _("Afvist")
    POSTPONED = "postponed", _("Udsat")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Gennemført")


class RoadmapStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    COMPLETED = "completed", _("Afsluttet")
    CANCELLED = "cancelled", _("Opgivet")
