from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Oprettet")
    UPDATE = "update", _("Ændret")
    DELETE = "delete", _("Slettet")
    LOGIN = "login", _("Logget ind")
    LOGIN_FAILED = "login_failed", _("Mislykket login")
    LOCKED_OUT = "locked_out", _("Konto låst")
    TOKEN_CREATED = "token_created", _("API-nøgle oprettet")
    TOKEN_REVOKED = "token_revoked", _("API-nøgle tilbagekaldt")


class Role(models.TextChoices):
    """The organization roles, the one place they are named (permissions grant per role)."""

    LAESER = "laeser", _("Læser")
    REDAKTOER = "redaktoer", _("Redaktør")
    SYSTEMEJER = "systemejer", _("Systemejer")
    INDKOEBER = "indkoeber", _("Indkøber")
    ARKITEKT = "arkitekt", _("Arkitekt (kontrolorgan)")
    ADMINISTRATOR = "administrator", _("Administrator")
