"""Posted spend lines from the financial system, their vendors, classification rules,
the pre-aggregated months and the shadow-it candidates with their triage.

Lines and months are plain tables written in bulk (``spend.store``): they carry no
timestamps or audit of their own; the import that wrote them (:class:`SpendImport`) is
audited. See docs/adr/0005-spend-storage.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import choice_field, optional_reference, unique_in_organization
from core.models import DetailPage, OrganizationOwnedModel
from spend import choices as c


def money_field(verbose_name: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2)  # type: ignore[arg-type]


class SpendSource(DetailPage, OrganizationOwnedModel):
    """A financial system export the organization imports from, with its column mapping."""

    detail_route = "spend:source_detail"

    name = models.CharField(_("navn"), max_length=100)
    # header (as in the file) -> field key ('' = ignore), saved after each import
    columns = models.JSONField(_("kolonner"), default=dict, blank=True)

    class Meta:
        verbose_name = _("forbrugskilde")
        verbose_name_plural = _("forbrugskilder")
        ordering = ["name"]
        constraints = [unique_in_organization("name", name="spend_source_unique_name")]

    def __str__(self) -> str:
        return self.name


class SpendImport(OrganizationOwnedModel):
    """One import of a file: the period it replaced and what it wrote."""

    source = models.ForeignKey(
        SpendSource, verbose_name=_("kilde"), on_delete=models.CASCADE, related_name="imports"
    )
    filename = models.CharField(_("filnavn"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    lines = models.PositiveIntegerField(_("linjer"), default=0)
    replaced = models.PositiveIntegerField(_("erstattede linjer"), default=0)
    total = money_field(_("beløb i alt (kr.)"))
    created_by = optional_reference(settings.AUTH_USER_MODEL, _("importeret af"), related_name="+")

    class Meta:
        verbose_name = _("forbrugsimport")
        verbose_name_plural = _("forbrugsimporter")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.period_start}–{self.period_end})"


class SpendVendor(DetailPage, OrganizationOwnedModel):
    """A creditor as the financial system names it, with its match in the portfolio.

    ``key`` is the CVR number when the lines carry a valid one, else the creditor number,
    else the normalised name; lines of one key belong to one spend vendor."""

    key = models.CharField(_("nøgle"), max_length=220)
    name = models.CharField(_("kreditor"), max_length=200)
    number = models.CharField(_("kreditornr."), max_length=50, blank=True)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    vendor = optional_reference(
        "portfolio.Vendor", _("leverandør i porteføljen"), related_name="spend_vendors"
    )
    match = choice_field(_("match"), c.MatchHow, max_length=10, default=c.MatchHow.NONE)
    # [{"id": vendor id, "name": ..., "score": 0-100}] for fuzzy and ambiguous matches
    match_candidates = models.JSONField(_("mulige leverandører"), default=list, blank=True)

    detail_route = "spend:vendor_detail"

    class Meta:
        verbose_name = _("kreditor")
        verbose_name_plural = _("kreditorer")
        ordering = ["name"]
        constraints = [unique_in_organization("key", name="spend_vendor_unique_key")]

    def __str__(self) -> str:
        return self.name


class ClassificationRule(DetailPage, OrganizationOwnedModel):
    """A rule that says whether a spend line is IT spend (first match by priority)."""

    name = models.CharField(_("navn"), max_length=200)
    priority = models.PositiveIntegerField(
        _("prioritet"), default=100, help_text=_("Laveste tal prøves først.")
    )
    is_it = models.BooleanField(_("it-forbrug"), default=True)
    category = models.CharField(_("kategori"), max_length=100, blank=True)
    accounts = models.CharField(
        _("artskonti"),
        max_length=500,
        blank=True,
        help_text=_("Intervaller adskilt af komma, fx 227000-227999, 457100. Kun cifre tæller."),
    )
    vendor = models.CharField(
        _("kreditor"),
        max_length=200,
        blank=True,
        help_text=_("Et CVR-nummer eller en tekst, som kreditorens navn skal indeholde."),
    )
    keywords = models.CharField(
        _("nøgleord i teksten"),
        max_length=1000,
        blank=True,
        help_text=_("Ord adskilt af komma; et af dem skal stå i bilagsteksten."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    example = models.BooleanField(
        _("eksempel"), default=False, help_text=_("Kopieret fra eksempelreglerne; tilpas den.")
    )

    detail_route = "spend:rule_detail"

    class Meta:
        verbose_name = _("klassifikationsregel")
        verbose_name_plural = _("klassifikationsregler")
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.name


class SpendLine(models.Model):
    """One posted line. ``month`` is the first day of the posting month.

    Every index costs each of the millions of inserts a B-tree update, so the foreign keys
    that the composite indexes below already lead with (organization) or that are only
    followed when a whole organization is deleted (source, batch, vendor) have no index of
    their own; ``rule`` keeps one, since deleting a rule sets it to null across the table.
    The replace-by-period delete (organization, source, dates) reads the (organization,
    posted) index the line list uses, or on PostgreSQL the table itself when the period is
    most of it; an index with the source as well cost every insert for that one query.

    The references have no database constraint (``db_constraint=False``): PostgreSQL checks
    a foreign key with one trigger query per inserted row, which was 31 of the server's
    47 s of CPU in a 1,000,000-line import (docs/adr/0005-spend-storage.md). Lines are
    written only by the import and the reclassification, which hold the organization's
    import lock and write ids they read in the same transaction; deleting a rule or a
    source takes the same lock (:func:`spend.store.lines_locked`), and every delete goes
    through the ORM, which cascades (or sets the rule to null) as ``on_delete`` says.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source = models.ForeignKey(
        SpendSource,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    batch = models.ForeignKey(
        SpendImport,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    row = models.PositiveIntegerField(_("række i filen"))
    posted = models.DateField(_("bogført"))
    month = models.DateField(_("måned"))
    vendor = models.ForeignKey(
        SpendVendor,
        verbose_name=_("kreditor"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    unit = models.CharField(_("omkostningssted"), max_length=100, blank=True)
    account = models.CharField(_("art"), max_length=30, blank=True)
    function = models.CharField(_("funktion"), max_length=30, blank=True)
    amount = money_field(_("beløb (kr.)"))
    text = models.CharField(_("tekst"), max_length=250, blank=True)
    rule = models.ForeignKey(
        ClassificationRule,
        verbose_name=_("regel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    is_it = models.BooleanField(_("it-forbrug"), default=False)

    class Meta:
        verbose_name = _("forbrugslinje")
        verbose_name_plural = _("forbrugslinjer")
        indexes = [
            models.Index(fields=["organization", "posted"], name="spendline_org_posted"),
            models.Index(fields=["organization", "vendor"], name="spendline_org_vendor"),
        ]

    def __str__(self) -> str:
        return f"{self.posted} {self.amount}"

    @property
    def rule_label(self) -> str:
        """Which rule classified the line (the list shows it on every line)."""
        return self.rule.name if self.rule_id and self.rule else str(_("ingen regel (ikke it)"))


class SpendMonth(models.Model):
    """Pre-aggregated lines: one row per month, vendor, unit, account and IT flag."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    vendor = models.ForeignKey(SpendVendor, on_delete=models.CASCADE, related_name="+")
    unit = models.CharField(max_length=100, blank=True)
    account = models.CharField(max_length=30, blank=True)
    is_it = models.BooleanField(default=False)
    amount = money_field(_("beløb (kr.)"))
    lines = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organization", "month"], name="spendmonth_org_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.amount}"


class ShadowCandidate(DetailPage, OrganizationOwnedModel):
    """IT spend the portfolio does not explain, grouped by vendor, unit (and year for
    payments above the agreed). Kept across imports so the triage is remembered;
    ``current`` says whether the last computation still found it."""

    kind = choice_field(_("type"), c.CandidateKind, max_length=14)
    vendor = models.ForeignKey(
        SpendVendor, verbose_name=_("kreditor"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.CharField(_("omkostningssted"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), default=0)  # 0: all years
    amount = money_field(_("beløb (kr.)"))
    lines = models.PositiveIntegerField(_("linjer"), default=0)
    first_seen = models.DateField(_("først set"))
    last_seen = models.DateField(_("sidst set"))
    # what the candidate was measured against: the contract, its end, the agreed amount
    detail = models.JSONField(_("grundlag"), default=dict, blank=True)
    current = models.BooleanField(_("aktuel"), default=True)
    status = choice_field(_("vurdering"), c.Triage, max_length=12, default=c.Triage.OPEN)
    note = models.TextField(_("begrundelse"), blank=True)
    contract = optional_reference(
        "portfolio.Contract", _("kontrakt"), on_delete=models.SET_NULL, related_name="+"
    )
    usage = optional_reference(
        "portfolio.SystemUsage", _("system"), on_delete=models.SET_NULL, related_name="+"
    )
    request = optional_reference(
        "procurement.ProcurementRequest",
        _("anskaffelse"),
        on_delete=models.SET_NULL,
        related_name="+",
    )
    triaged_by = optional_reference(settings.AUTH_USER_MODEL, _("vurderet af"), related_name="+")
    triaged_at = models.DateTimeField(_("vurderet"), null=True, blank=True)

    detail_route = "spend:candidate_detail"

    class Meta:
        verbose_name = _("skygge-it-kandidat")
        verbose_name_plural = _("skygge-it-kandidater")
        ordering = ["-amount", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "vendor", "unit", "year"],
                name="shadow_candidate_unique",
            )
        ]

    def __str__(self) -> str:
        unit = f", {self.unit}" if self.unit else ""
        return f"{self.vendor.name}{unit}"

    @property
    def year_label(self) -> str:
        return str(self.year) if self.year else ""

    @property
    def open(self) -> bool:
        return self.status == c.Triage.OPEN and self.current
