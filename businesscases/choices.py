from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Indsendt")
    APPROVED = "approved", _("Godkendt")
    REJECTED = "rejected", _("Afvist")


class CaseTemplate(models.TextChoices):
    BLANK = "blank", _("Tom business case")
    CHANNEL_SHIFT = "channel_shift", _("Kanalomlægning (borgernær service)")
    SHARED_OPERATIONS = "shared_operations", _("Driftsfællesskab")
    PROCUREMENT = "standardised_procurement", _("Standardisering af it-indkøb")
    REUSE = "reuse", _("Udnyttelse af eksisterende it-løsninger")
    PROCESSES = "coherent_processes", _("Sammenhængende forretningsprocesser")


class LineKind(models.TextChoices):
    """The engine's line kinds (engine.business_case.LineKind)."""

    INVESTMENT = "investment", _("Engangsinvestering")
    OPERATION = "operation", _("Løbende drift")
    ECONOMIC = "economic", _("Økonomisk gevinst i budgettet")
    EFFICIENCY = "efficiency", _("Effektiviseringsgevinst (timer × timepris)")
    NON_MONETARY = "non_monetary", _("Ikke-økonomisk gevinst (score 0–5)")


class ActualKind(models.TextChoices):
    COST = "cost", _("Omkostning")
    BENEFIT = "benefit", _("Gevinst")


class BudgetReduction(models.TextChoices):
    """Whether the case proposes to take its economic benefits out of the budget."""

    UNDECIDED = "undecided", _("Ikke taget stilling")
    PROPOSED = "proposed", _("Ja, gevinsten tages ud af budgettet")
    NOT_PROPOSED = "not_proposed", _("Nej, gevinsten bliver i forvaltningen")
