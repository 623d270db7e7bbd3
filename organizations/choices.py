from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Role(models.TextChoices):
    LAESER = "laeser", _("Læser")
    REDAKTOER = "redaktoer", _("Redaktør")
    SYSTEMEJER = "systemejer", _("Systemejer")
    INDKOEBER = "indkoeber", _("Indkøber")
    ARKITEKT = "arkitekt", _("Arkitekt (kontrolorgan)")
    ADMINISTRATOR = "administrator", _("Administrator")
