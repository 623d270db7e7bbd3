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


class Metric(models.TextChoices):
    """The figures of the anonymous cross-municipality benchmarks (definitions in
    :mod:`sharing.benchmarks`)."""

    COST_PER_INHABITANT = "cost_per_inhabitant", _("It-omkostninger pr. indbygger")
    SYSTEMS_PER_1000 = "systems_per_1000", _("Systemer pr. 1.000 indbyggere")
    CONTRACT_SHARE = "contract_share", _("Andel systemer med kontrakt")
    CONTRACT_AGE = "contract_age", _("Kontrakternes gennemsnitsalder")
    INTEGRATIONS_DOCUMENTED = "integrations_documented", _("Andel dokumenterede integrationer")
    KLE_SHARE = "kle_share", _("Andel systemer pr. KLE-hovedgruppe")
    SHARED_COMPONENTS = "shared_components", _("Andel systemer på fælleskommunale komponenter")
    DATA_QUALITY = "data_quality", _("Datakvalitet")
    PROCUREMENT_LEAD_TIME = "procurement_lead_time", _("Anskaffelsernes gennemløbstid")
    DIGITAL_SHARE = "digital_share", _("Digital andel af henvendelserne")


class GroupKind(models.TextChoices):
    """The fixed comparison groups: every opted-in municipality, those of the same size
    band, those of the same region. No other groups are computed or can be asked for."""

    ALL = "all", _("Alle deltagende kommuner")
    SIZE = "size", _("Kommuner af samme størrelse")
    REGION = "region", _("Kommuner i samme region")


class Suppression(models.TextChoices):
    """Why a figure is not shown."""

    FEW = "few", _("færre end fem kommuner")
    DIFFERENCING = "differencing", _("kan udledes ved sammenligning")
