from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a request is; the last three end it without a purchase."""

    IDE = "ide", _("Idé")
    AFKLARING = "afklaring", _("Afklaring")
    KONTROLORGAN = "kontrolorgan", _("Kontrolorgan")
    BESLUTNING = "beslutning", _("Beslutning")
    ANSKAFFELSE = "anskaffelse", _("Anskaffelse")
    IMPLEMENTERING = "implementering", _("Implementering")
    I_DRIFT = "i_drift", _("I drift")
    GENBRUG = "genbrug", _("Genbrug af eksisterende løsning")
    AFVIST = "afvist", _("Afvist")
    TRUKKET_TILBAGE = "trukket_tilbage", _("Trukket tilbage")


OPEN_STAGES = (
    Stage.IDE,
    Stage.AFKLARING,
    Stage.KONTROLORGAN,
    Stage.BESLUTNING,
    Stage.ANSKAFFELSE,
    Stage.IMPLEMENTERING,
)
ENDED_STAGES = (Stage.I_DRIFT, Stage.GENBRUG, Stage.AFVIST, Stage.TRUKKET_TILBAGE)
BEFORE_DECISION = (Stage.IDE, Stage.AFKLARING, Stage.KONTROLORGAN, Stage.BESLUTNING)


class PersonalData(models.TextChoices):
    NONE = "none", _("Ingen personoplysninger")
    ORDINARY = "ordinary", _("Almindelige personoplysninger")
    SENSITIVE = "sensitive", _("Følsomme personoplysninger")
    CPR = "cpr", _("CPR-numre")


class Affected(models.TextChoices):
    INTERNAL = "internal", _("Kun medarbejdere")
    CITIZENS = "citizens", _("Borgere")
    BUSINESSES = "businesses", _("Virksomheder")
    BOTH = "both", _("Borgere og virksomheder")


class Channel(models.TextChoices):
    SELF_SERVICE = "self_service", _("Digital selvbetjening")
    DIGITAL_POST = "digital_post", _("Digital Post")
    PHONE = "phone", _("Telefon")
    IN_PERSON = "in_person", _("Personligt fremmøde")
    LETTER = "letter", _("Brev")
    EMAIL = "email", _("E-mail")


class Addressee(models.TextChoices):
    """Who a question is put to (the process's roles, not user roles)."""

    INDKOEBER = "indkoeber", _("Indkøber")
    FORVALTNING = "forvaltning", _("Forvaltningen (ansvarlig)")
    LEVERANDOER = "leverandoer", _("Leverandøren")
    ARKITEKT = "arkitekt", _("Arkitekt")
    DPO = "dpo", _("Databeskyttelsesrådgiver (DPO)")


class AnswerValue(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nej", _("Nej")
    UNKNOWN = "ved_ikke", _("Ved ikke")
    NOT_RELEVANT = "ikke_relevant", _("Ikke relevant")


BLOCKING_ANSWERS = (AnswerValue.NO, AnswerValue.UNKNOWN)


class DecisionBody(models.TextChoices):
    TEAM = "team", _("Anskaffelsesteamet")
    KONTROLORGAN = "kontrolorgan", _("Kontrolorganet")
    DIREKTION = "direktion", _("Direktionen")
    OKONOMIUDVALG = "okonomiudvalg", _("Økonomiudvalget")
