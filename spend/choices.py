from django.db import models
from django.utils.translation import gettext_lazy as _


class SpendMatch(models.TextChoices):
    """How a vendor in the spend lines was matched to a vendor of the portfolio."""

    CVR = "cvr", _("CVR-nummer")
    NAME = "navn", _("Samme navn")
    FUZZY = "lighed", _("Navnelighed")
    AMBIGUOUS = "tvetydig", _("Tvetydig – vælg selv")
    NONE = "ingen", _("Ingen match")
    MANUAL = "manuel", _("Valgt af en bruger")


MATCHED = (SpendMatch.CVR, SpendMatch.NAME, SpendMatch.FUZZY, SpendMatch.MANUAL)


class ShadowKind(models.TextChoices):
    NO_AGREEMENT = "uden_aftale", _("It-forbrug uden system og kontrakt")
    AFTER_EXPIRY = "efter_udloeb", _("Betalt efter kontraktens udløb")
    OVER_AGREED = "over_aftalt", _("Betalt langt over det aftalte")


class ShadowTriage(models.TextChoices):
    OPEN = "aaben", _("Ikke vurderet")
    SYSTEM = "system", _("Er et system – oprettet i porteføljen")
    REQUEST = "anskaffelse", _("Anskaffelse oprettet bagefter")
    CONTRACT = "kontrakt", _("Dækket af en kontrakt")
    NOT_IT = "ikke_it", _("Ikke it")
    ACCEPTED = "accepteret", _("Afvigelsen er forklaret")


# Short names inside the app (the OpenAPI document names the enums by their class).
MatchHow = SpendMatch
Triage = ShadowTriage
CandidateKind = ShadowKind
