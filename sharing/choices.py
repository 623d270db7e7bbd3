from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a member can share: each part of its landscape on its own."""

    USAGES = "usages", _("Systemer (anvendelser)")
    CONTRACTS = "contracts", _("Kontrakter")
    INTEGRATIONS = "integrations", _("Integrationer")
    COSTS = "costs", _("Omkostninger")
