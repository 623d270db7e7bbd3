from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """The contact channels a municipality counts. Attendance and phone are the personal
    (non-digital) channels; self-service, digital post and chat the digital ones."""

    ATTENDANCE = "attendance", _("Personligt fremmøde")
    PHONE = "phone", _("Telefon")
    SELF_SERVICE = "self_service", _("Digital selvbetjening")
    DIGITAL_POST = "digital_post", _("Digital Post")
    CHAT = "chat", _("Chat")


DIGITAL_CHANNELS = frozenset({Channel.SELF_SERVICE, Channel.DIGITAL_POST, Channel.CHAT})
PERSONAL_CHANNELS = frozenset({Channel.ATTENDANCE, Channel.PHONE})


class Audience(models.TextChoices):
    CITIZENS = "citizens", _("Borgere")
    BUSINESSES = "businesses", _("Virksomheder")
    STAFF = "staff", _("Medarbejdere")


class ActivityChannel(models.TextChoices):
    """Where a communication activity reaches its audience."""

    WEBSITE = "website", _("Kommunens hjemmeside")
    LETTER = "letter", _("Brev eller Digital Post")
    SOCIAL = "social", _("Sociale medier")
    PRESS = "press", _("Presse og lokalavis")
    COUNTER = "counter", _("I borgerservice (skranke)")
    MEETING = "meeting", _("Møde eller undervisning")
    INTRANET = "intranet", _("Intranet")
    OTHER = "other", _("Andet")


class InvolvementKind(models.TextChoices):
    USER_TEST = "user_test", _("Brugertest")
    PANEL = "panel", _("Borgerpanel")
    SURVEY = "survey", _("Spørgeskema")
    INTERVIEW = "interview", _("Interview")
    WORKSHOP = "workshop", _("Workshop")
