from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("XLSX-regneark")
    KITOS = "kitos", _("KITOS (JSON)")
    ARCHIMATE = "archimate", _("ArchiMate (udvekslingsformat)")
    KLE = "kle", _("KLE-emneplan (XML)")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploadet")
    READING = "reading", _("Læses")
    PLANNING = "planning", _("Prøvekøres")
    PLANNED = "planned", _("Prøvekørt")
    COMMITTING = "committing", _("Gemmes")
    DONE = "done", _("Gemt")
    FAILED = "failed", _("Fejlet")


RUNNING = (ImportStatus.READING, ImportStatus.PLANNING, ImportStatus.COMMITTING)


class SyncStatus(models.TextChoices):
    """A live KITOS synchronisation on its way: queued, running, then done or failed."""

    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Kører")
    DONE = "done", _("Gennemført")
    FAILED = "failed", _("Fejlet")


class SyncTrigger(models.TextChoices):
    MANUAL = "manual", _("Startet af en administrator")
    SCHEDULED = "scheduled", _("Natlig kørsel")


SYNC_RUNNING = (SyncStatus.QUEUED, SyncStatus.RUNNING)
