from django.db import models
from django.utils.translation import gettext_lazy as _

# Roles are named once in core (permissions are granted per role); re-exported here.
from core.choices import Role

__all__ = ["OrganizationKind", "Role", "UnitKind"]


class OrganizationKind(models.TextChoices):
    KOMMUNE = "kommune", _("Kommune")
    DRIFTSFAELLESSKAB = "driftsfaellesskab", _("Driftsfællesskab")
    INTERESSEFAELLESSKAB = "interessefaellesskab", _("Interessefællesskab")
    MYNDIGHED = "myndighed", _("Anden offentlig myndighed")


class UnitKind(models.TextChoices):
    FORVALTNING = "forvaltning", _("Forvaltning")
    AFDELING = "afdeling", _("Afdeling")
    TEAM = "team", _("Team")
    ANDET = "andet", _("Anden enhed")
