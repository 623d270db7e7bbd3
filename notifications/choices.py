from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about (the apps that notify pick one)."""

    QUESTION = "question", _("Spørgsmål til dig")
    STAGE = "stage", _("Ny fase")
    DEADLINE = "deadline", _("Frist overskredet")
    REMINDER = "reminder", _("Påmindelse")
    INFO = "info", _("Besked")


class Delivery(models.TextChoices):
    """How a user gets notifications by e-mail."""

    IMMEDIATE = "immediate", _("Straks: én e-mail pr. hændelse")
    DIGEST = "digest", _("Én samlet e-mail om dagen")
    NONE = "none", _("Ingen e-mail (kun i Styrbar)")


class Language(models.TextChoices):
    """The language of a user's notifications and e-mails."""

    DA = "da", "Dansk"
    EN = "en", "English"
