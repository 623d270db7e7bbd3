from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    CHAIR = "formand", _("Formand")
    SECRETARY = "sekretaer", _("Sekretær")
    MEMBER = "medlem", _("Medlem")


class MeetingStatus(models.TextChoices):
    PLANNED = "planlagt", _("Planlagt")
    HELD = "afholdt", _("Afholdt")
    APPROVED = "referat_godkendt", _("Referat godkendt")


class ItemKind(models.TextChoices):
    REQUEST = "anskaffelse", _("Anskaffelse til behandling")
    EXCEPTION = "undtagelse", _("Ønske om undtagelse")
    DUE = "forfald", _("Forfalden eller forestående")
    FREE = "fri", _("Øvrigt punkt")


class Decision(models.TextChoices):
    """An item's decision; "" while it is undecided (a workflow state of its own)."""

    UNDECIDED = "", _("Ikke besluttet")
    APPROVED = "godkendt", _("Godkendt")
    APPROVED_WITH_CONDITIONS = "godkendt_med_vilkaar", _("Godkendt med vilkår")
    REJECTED = "afvist", _("Afvist")
    POSTPONED = "udsat", _("Udsat")
    NOTED = "til_orientering", _("Til orientering")


class ConditionStatus(models.TextChoices):
    OPEN = "aaben", _("Åben")
    MET = "opfyldt", _("Opfyldt")
    LAPSED = "bortfaldet", _("Bortfaldet")
