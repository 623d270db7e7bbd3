"""State kept by the KITOS integration: last sync per organization and the unit links."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import choice_field, created_by_reference, unique_in_organization
from core.models import DetailPage, OrganizationOwnedModel
from interop.choices import RUNNING, SYNC_RUNNING, ImportKind, ImportStatus, SyncStatus, SyncTrigger

# The import choices live in interop.choices (re-exported for existing importers).
__all__ = [
    "RUNNING",
    "ImportJob",
    "ImportKind",
    "ImportMapping",
    "ImportStatus",
    "KitosSyncRun",
    "KitosSyncState",
    "KitosUnitLink",
]


class KitosSyncState(models.Model):
    """An organization's KITOS connection: where and as whom to sync (set by an
    administrator on the KITOS page or by ``kitos_sync``), whether to sync nightly, and
    when it last synchronised successfully (for delta syncs).

    The password is never stored in clear text: ``password_encrypted`` is a Fernet token
    (:mod:`interop.credentials`); empty means the server's ``KITOS_PASSWORD`` environment
    variable is used."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    base_url = models.URLField(_("KITOS-adresse"), blank=True)
    kitos_organization_uuid = models.UUIDField(_("KITOS-organisation"), null=True, blank=True)
    last_sync_at = models.DateTimeField(_("sidste synkronisering"), null=True, blank=True)
    username = models.CharField(_("KITOS-bruger"), max_length=254, blank=True)
    password_encrypted = models.TextField(_("adgangskode (krypteret)"), blank=True)
    nightly = models.BooleanField(_("synkronisér hver nat"), default=False)
    # Whom a nightly run acts as: the administrator who turned it on (checked each night).
    scheduled_by = created_by_reference(_("planlagt af"))

    # The audit trail records that the password changed, never the token.
    audit_exclude = ("password_encrypted", "last_sync_at")

    class Meta:
        verbose_name = _("KITOS-synkronisering")
        verbose_name_plural = _("KITOS-synkroniseringer")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.last_sync_at}"


class KitosUnitLink(models.Model):
    """An organization unit's KITOS UUID (units have no uuid field of their own)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kitos_uuid = models.UUIDField(_("KITOS-UUID"))
    unit = models.OneToOneField(
        "organizations.OrganizationUnit",
        verbose_name=_("enhed"),
        on_delete=models.CASCADE,
        related_name="kitos_link",
    )

    class Meta:
        verbose_name = _("KITOS-enhed")
        verbose_name_plural = _("KITOS-enheder")
        constraints = [unique_in_organization("kitos_uuid", name="kitos_unit_unique_uuid")]

    def __str__(self) -> str:
        return str(self.kitos_uuid)


class ImportMapping(OrganizationOwnedModel):
    """A named column mapping for spreadsheets of one kind, reused on the next upload."""

    name = models.CharField(_("navn"), max_length=100)
    entity = models.CharField(_("indhold"), max_length=20)
    columns = models.JSONField(_("kolonner"), default=dict)  # header → field key ('' = ignore)
    # field key → {a value in the sheet (case-folded): the Styrbar value it means}
    values = models.JSONField(_("værdier"), default=dict, blank=True)

    class Meta:
        verbose_name = _("kolonneopsætning")
        verbose_name_plural = _("kolonneopsætninger")
        ordering = ["name"]
        constraints = [unique_in_organization("name", name="import_mapping_unique_name")]

    def __str__(self) -> str:
        return self.name


class ImportJob(DetailPage, OrganizationOwnedModel):
    """One uploaded file on its way in: mapping → dry run → commit, run in the background."""

    created_by = created_by_reference(_("oprettet af"))
    kind = models.CharField(_("format"), max_length=10, choices=ImportKind.choices)
    filename = models.CharField(_("filnavn"), max_length=255)
    data = models.BinaryField(_("fil"))
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    entity = models.CharField(_("indhold"), max_length=20, blank=True)
    sheet = models.CharField(_("ark"), max_length=100, blank=True)
    mapping = models.JSONField(_("kolonneopsætning"), default=list, blank=True)
    # field key → {a value in the sheet (case-folded): the Styrbar value it means}
    values = models.JSONField(_("værdiopsætning"), default=dict, blank=True)
    # The year of a yearly cost in a sheet without a year column (empty: this year).
    cost_year = models.PositiveSmallIntegerField(_("omkostningsår"), null=True, blank=True)
    info = models.JSONField(_("filoplysninger"), default=dict, blank=True)
    status = choice_field(_("status"), ImportStatus, max_length=12, default=ImportStatus.UPLOADED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    rows = models.JSONField(_("rækker"), default=list, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "data", "rows", "report", "info")

    detail_route = "interop:import_detail"

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def entity_label(self) -> str:
        from interop.export import SHEETS_BY_KEY

        sheet = SHEETS_BY_KEY.get(self.entity)
        return str(sheet.title) if sheet else ""

    @property
    def kind_label(self) -> str:
        """The format's label, also for a kind an app registered (``registry.import_kind``)."""
        from interop.jobs import format_label

        return format_label(self.kind)

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def tabular(self) -> bool:
        return self.kind in (ImportKind.CSV, ImportKind.XLSX)

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.PLANNED, ImportStatus.DONE):
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class KitosSyncRun(DetailPage, OrganizationOwnedModel):
    """One live synchronisation with KITOS, run by the task worker: its progress while it
    runs and its report when it is over."""

    started_by = created_by_reference(_("startet af"))
    trigger = choice_field(_("startet"), SyncTrigger, max_length=10, default=SyncTrigger.MANUAL)
    status = choice_field(_("status"), SyncStatus, max_length=10, default=SyncStatus.QUEUED)
    base_url = models.URLField(_("KITOS-adresse"), blank=True)
    dry_run = models.BooleanField(_("prøvekørsel"), default=False)
    full = models.BooleanField(_("hent alt"), default=False)
    phase = models.CharField(_("trin"), max_length=40, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    started_at = models.DateTimeField(_("påbegyndt"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "report")

    detail_route = "interop:kitos_run_detail"

    class Meta:
        verbose_name = _("KITOS-kørsel")
        verbose_name_plural = _("KITOS-kørsler")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        if self.created_at is None:
            return "KITOS"
        return f"KITOS {timezone.localtime(self.created_at):%d-%m-%Y %H:%M}"

    @property
    def running(self) -> bool:
        return self.status in SYNC_RUNNING

    @property
    def percent(self) -> int:
        if self.status == SyncStatus.DONE:
            return 100
        if not self.steps_total:
            return 0
        return min(100, round(100 * self.steps_done / self.steps_total))
