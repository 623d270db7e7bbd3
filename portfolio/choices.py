"""Choices for the portfolio, shaped after KITOS so its data maps one to one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessType(models.TextChoices):
    FAGSYSTEM = "fagsystem", _("Fagsystem")
    ADMINISTRATIVT = "administrativt", _("Administrativt system")
    SELVBETJENING = "selvbetjening", _("Selvbetjeningsløsning")
    INFRASTRUKTUR = "infrastruktur", _("Infrastruktur")
    FAELLESKOMMUNAL = "faelleskommunal", _("Fælleskommunal komponent")
    KONTOR = "kontor", _("Kontor- og samarbejdsværktøj")
    ANDET = "andet", _("Andet")


class Scope(models.TextChoices):
    GLOBAL = "global", _("Alle organisationer")
    LOCAL = "local", _("Kun egen organisation")


class ArchiveDuty(models.TextChoices):
    UNDECIDED = "undecided", _("Ikke afklaret")
    B = "b", _("B – bevares")
    K = "k", _("K – kasseres")
    PRESERVE_DATA = "preserve_data", _("Bevar data, kassér dokumenter")
    UNKNOWN = "unknown", _("Ukendt")


class Lifecycle(models.TextChoices):
    UNDECIDED = "undecided", _("Ikke afklaret")
    NOT_IN_USE = "not_in_use", _("Ikke i drift")
    PILOT = "pilot", _("Pilot")
    PHASING_IN = "phasing_in", _("Under indfasning")
    OPERATIONAL = "operational", _("I drift")
    PHASING_OUT = "phasing_out", _("Under udfasning")


ACTIVE_LIFECYCLES = (
    Lifecycle.PILOT,
    Lifecycle.PHASING_IN,
    Lifecycle.OPERATIONAL,
    Lifecycle.PHASING_OUT,
)


class UserCount(models.TextChoices):
    UNDECIDED = "undecided", _("Ikke angivet")
    UNDER_10 = "under_10", _("Under 10")
    FROM_10_TO_50 = "10_50", _("10–50")
    FROM_50_TO_100 = "50_100", _("50–100")
    OVER_100 = "over_100", _("Over 100")


class Hosting(models.TextChoices):
    UNDECIDED = "undecided", _("Ikke angivet")
    ON_PREMISES = "on_premises", _("Egen drift (on-premises)")
    DRIFTSFAELLESSKAB = "driftsfaellesskab", _("Driftsfællesskab")
    EXTERNAL = "external", _("Ekstern driftsleverandør")
    SAAS = "saas", _("SaaS / cloud")
    HYBRID = "hybrid", _("Hybrid")


class DataSensitivity(models.TextChoices):
    NONE = "none", _("Ingen personoplysninger")
    PERSONAL = "personal", _("Almindelige personoplysninger")
    SENSITIVE = "sensitive", _("Følsomme personoplysninger")
    CRIMINAL = "criminal", _("Oplysninger om strafbare forhold")


class Level(models.TextChoices):
    LOW = "low", _("Lav")
    MEDIUM = "medium", _("Middel")
    HIGH = "high", _("Høj")


class WcagStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Ukendt")
    COMPLIANT = "compliant", _("Overholder WCAG 2.1 AA")
    PARTIAL = "partial", _("Overholder delvist")
    NOT_COMPLIANT = "not_compliant", _("Overholder ikke")


class Cadence(models.TextChoices):
    NONE = "none", _("Ikke fastlagt")
    MONTHLY = "monthly", _("Månedligt")
    QUARTERLY = "quarterly", _("Kvartalsvis")
    HALF_YEARLY = "half_yearly", _("Halvårligt")
    YEARLY = "yearly", _("Årligt")
    ON_RELEASE = "on_release", _("Ved hver ny version")


class TimeDisposition(models.TextChoices):
    UNDECIDED = "", _("Ikke vurderet")
    TOLERATE = "tolerate", _("Tolerér")
    INVEST = "invest", _("Invester")
    MIGRATE = "migrate", _("Migrér")
    ELIMINATE = "eliminate", _("Udfas")


class CostKind(models.TextChoices):
    LICENSE = "license", _("Licens")
    OPERATION = "operation", _("Drift og hosting")
    SUPPORT = "support", _("Support og vedligehold")
    INTERNAL = "internal", _("Interne timer")
    OTHER = "other", _("Andet")


class PaymentStream(models.TextChoices):
    ACQUISITION = "acquisition", _("Anskaffelse")
    OPERATION = "operation", _("Drift")
    OTHER = "other", _("Andet")


class ContractType(models.TextChoices):
    MAIN = "main", _("Hovedkontrakt")
    LICENSE = "license", _("Licensaftale")
    OPERATION = "operation", _("Driftsaftale")
    SERVICE = "service", _("Serviceaftale")
    DEVELOPMENT = "development", _("Udviklingsaftale")
    FRAMEWORK = "framework", _("Rammeaftale")
    ADDENDUM = "addendum", _("Tillægsaftale")
    OTHER = "other", _("Andet")


class ProcurementForm(models.TextChoices):
    EU_TENDER = "eu_tender", _("EU-udbud")
    SKI = "ski", _("SKI-rammeaftale")
    OTHER_FRAMEWORK = "other_framework", _("Anden rammeaftale")
    KOMBIT = "kombit", _("KOMBIT-aftale")
    UNDER_THRESHOLD = "under_threshold", _("Direkte tildeling under tærskelværdi")
    NATIONAL_TENDER = "national_tender", _("Nationalt udbud / annoncering")
    OTHER = "other", _("Andet")


class NoticeRunsTo(models.TextChoices):
    ANY_DAY = "any_day", _("Løbende (fra opsigelsesdagen)")
    MONTH = "month", _("Udgangen af en måned")
    QUARTER = "quarter", _("Udgangen af et kvartal")
    HALF_YEAR = "half_year", _("Udgangen af et halvår")
    YEAR = "year", _("Udgangen af et år")


class ContractRoleKind(models.TextChoices):
    OWNER = "owner", _("Kontraktejer")
    MANAGER = "manager", _("Kontraktansvarlig")
    PROCUREMENT = "procurement", _("Indkøbskontakt")
    DPA_RESPONSIBLE = "dpa", _("Ansvarlig for databehandlertilsyn")


class Technology(models.TextChoices):
    API = "api", _("API / webservice")
    FILE = "file", _("Filoverførsel")
    MESSAGE = "message", _("Besked (fx Beskedfordeler)")
    DATABASE = "database", _("Databaselink")
    MANUAL = "manual", _("Manuel")


class Frequency(models.TextChoices):
    REALTIME = "realtime", _("Realtid")
    HOURLY = "hourly", _("Timevis")
    DAILY = "daily", _("Dagligt")
    WEEKLY = "weekly", _("Ugentligt")
    MONTHLY = "monthly", _("Månedligt")
    ON_DEMAND = "on_demand", _("Efter behov")


class Direction(models.TextChoices):
    ONE_WAY = "one_way", _("Envejs (fra → til)")
    TWO_WAY = "two_way", _("Tovejs")


class IntegrationStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ACTIVE = "active", _("I drift")
    PHASING_OUT = "phasing_out", _("Under udfasning")
    RETIRED = "retired", _("Nedlagt")


class KleLevel(models.TextChoices):
    HOVEDGRUPPE = "hovedgruppe", _("Hovedgruppe")
    GRUPPE = "gruppe", _("Gruppe")
    EMNE = "emne", _("Emne")


class KleArchiveCode(models.TextChoices):
    NONE = "", _("Ikke angivet")
    B = "B", _("B – bevares")
    K = "K", _("K – kasseres")


class AgreementConcluded(models.TextChoices):
    """KITOS ``isAgreementConcluded`` (YesNoIrrelevantChoice) of a data processing registration.

    The values avoid "yes"/"no": list filters read those words as booleans.
    """

    UNDECIDED = "undecided", _("Ikke afklaret")
    YES = "concluded", _("Ja")
    NO = "not_concluded", _("Nej")
    IRRELEVANT = "irrelevant", _("Ikke relevant")
