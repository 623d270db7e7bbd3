from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a member can share: each part of its landscape on its own."""

    USAGES = "usages", _("Systemer (anvendelser)")
    CONTRACTS = "contracts", _("Kontrakter")
    INTEGRATIONS = "integrations", _("Integrationer")
    COSTS = "costs", _("Omkostninger")


class AllocationKey(models.TextChoices):
    """How a service's yearly price is split over the fællesskab's members."""

    INHABITANTS = "inhabitants", _("Indbyggertal")
    USERS = "users", _("Antal brugere")
    EQUAL = "equal", _("Lige store andele")
    MEASURED = "measured", _("Målt forbrug")


class HomeRole(models.TextChoices):
    """The roles a member keeps at home when it shares operations (the knowledge that
    leaves with them is what the article warns about)."""

    PROCESS_OWNER = "process_owner", _("Forretningsprocesejer")
    REQUIREMENTS = "requirements", _("Behov og krav")
    CONTRACT_MANAGEMENT = "contract_management", _("Kontraktstyring")
    SYSTEM_OWNERS = "system_owners", _("Systemejere")
