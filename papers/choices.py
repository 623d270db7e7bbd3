"""Choices of a decision paper: who decides and whether MED/høring is needed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Authority(models.TextChoices):
    """The body that makes the final decision on the paper's proposal."""

    OKONOMIUDVALG = "okonomiudvalg", _("Økonomiudvalget")
    KOMMUNALBESTYRELSE = "kommunalbestyrelse", _("Kommunalbestyrelsen (efter Økonomiudvalget)")
    FAGUDVALG = "fagudvalg", _("Fagudvalget")


class Consultation(models.TextChoices):
    """MED/høring: whether the proposal must be consulted on, and how far it has come."""

    NOT_NEEDED = "not_needed", _("Ikke nødvendig")
    PENDING = "pending", _("Nødvendig – ikke gennemført endnu")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Gennemført")
