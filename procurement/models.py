"""An IT acquisition from a forvaltning's need to a decision and hand-over.

A :class:`ProcurementRequest` moves through the stages of :mod:`procurement.workflow`;
its :class:`Answer`\\ s answer the questions of ``knowledge/data/procurement.yaml`` (and
the municipality's :class:`LocalQuestion`\\ s); its :class:`Condition`\\ s are the terms
the decision set, followed to closure.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import (
    choice_field,
    description_field,
    name_field,
    optional_date,
    optional_reference,
    unit_reference,
)
from core.models import OrganizationOwnedModel
from procurement import choices as c

AMOUNT: dict[str, Any] = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}


class ProcurementRequest(OrganizationOwnedModel):
    """A need for IT (behov / it-anskaffelse) submitted by a member of the organization."""

    title = name_field(_("titel"))
    problem = models.TextField(_("hvilket problem skal løses"))
    unit = unit_reference(_("forvaltning/enhed"), related_name="procurement_requests")
    business_process = optional_reference(
        "portfolio.BusinessProcess", _("forretningsproces"), related_name="procurement_requests"
    )
    kle_subjects = models.ManyToManyField(
        "portfolio.KleSubject", verbose_name=_("KLE-emner"), blank=True, related_name="+"
    )
    users_count = models.PositiveIntegerField(_("antal brugere"), null=True, blank=True)
    affected = choice_field(
        _("hvem berøres"), c.Affected, max_length=12, default=c.Affected.INTERNAL
    )
    channels = models.JSONField(_("kanaler"), default=list, blank=True)
    personal_data = choice_field(
        _("personoplysninger"), c.PersonalData, max_length=10, default=c.PersonalData.NONE
    )
    budget_one_off = models.DecimalField(
        _("forventet engangsudgift (kr.)"), null=True, blank=True, **AMOUNT
    )
    budget_yearly = models.DecimalField(
        _("forventet årlig udgift (kr.)"), null=True, blank=True, **AMOUNT
    )
    wanted_date = optional_date(_("ønsket dato"))
    responsible = optional_reference(settings.AUTH_USER_MODEL, _("ansvarlig i forvaltningen"))
    responsible_name = models.CharField(_("ansvarlig (navn)"), max_length=200, blank=True)
    submitted_by = optional_reference(settings.AUTH_USER_MODEL, _("indsendt af"))
    strategy = models.CharField(
        _("styringsstrategi"),
        max_length=40,
        blank=True,
        help_text=_("Den strategi, spørgsmålene følger (kommunens valgte, når den er valgt)."),
    )
    stage = choice_field(_("fase"), c.Stage, max_length=16, default=c.Stage.IDE, db_index=True)
    stage_since = models.DateTimeField(_("i fasen siden"), default=timezone.now)
    # Reuse: the request ended by choosing an existing solution
    reuse_usage = optional_reference("portfolio.SystemUsage", _("genbrugt system"))
    reuse_contract = optional_reference("portfolio.Contract", _("genbrugt kontrakt"))
    avoided_yearly = models.DecimalField(
        _("undgået årlig udgift (kr.)"), null=True, blank=True, **AMOUNT
    )
    # Decision
    decision_body = models.CharField(
        _("besluttende organ"), max_length=16, choices=c.DecisionBody.choices, blank=True
    )
    decision_reference = models.CharField(_("mødereference"), max_length=200, blank=True)
    decision_text = models.TextField(_("beslutning"), blank=True)
    decided_on = optional_date(_("besluttet"))
    business_case = optional_reference("businesscases.BusinessCase", _("business case"))
    requirements = models.JSONField(_("valgte krav"), default=list, blank=True)
    # Hand-over into the portfolio
    usage = optional_reference("portfolio.SystemUsage", _("system i porteføljen"))
    contract = optional_reference("portfolio.Contract", _("kontrakt"))
    description = description_field()

    audit_children = ("conditions",)

    class Meta:
        verbose_name = _("anskaffelse")
        verbose_name_plural = _("anskaffelser")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "stage"], name="procreq_org_stage_idx"),
            models.Index(fields=["organization", "updated_at"], name="procreq_org_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:request_detail", args=[self.pk])

    @property
    def total_five_years(self) -> Decimal:
        """One-off plus five years of the yearly cost (what "large" is measured on)."""
        return (self.budget_one_off or Decimal(0)) + 5 * (self.budget_yearly or Decimal(0))

    @property
    def ended(self) -> bool:
        return self.stage in c.ENDED_STAGES


REQUEST_FIELDS = (
    "title",
    "problem",
    "business_process",
    "kle_subjects",
    "unit",
    "users_count",
    "affected",
    "channels",
    "personal_data",
    "budget_one_off",
    "budget_yearly",
    "wanted_date",
    "responsible",
    "responsible_name",
    "strategy",
)
"""What a member fills in (the guided form and the API write the same fields)."""


class LocalQuestion(OrganizationOwnedModel):
    """A question the municipality adds to the shipped ones."""

    key = models.SlugField(_("nøgle"), max_length=40)
    text = models.TextField(_("spørgsmål"))
    stage = models.CharField(
        _("fase"),
        max_length=16,
        choices=[
            (s, c.Stage(s).label)
            for s in ("afklaring", "kontrolorgan", "beslutning", "anskaffelse")
        ],
    )
    addressee = choice_field(_("stilles til"), c.Addressee, max_length=12)
    stops = models.BooleanField(
        _("stopper anmodningen"),
        default=False,
        help_text=_("»Nej« eller »ved ikke« stopper anmodningen, til det er løst."),
    )
    strategies = models.JSONField(
        _("strategier"), default=list, blank=True, help_text=_("Tom: stilles under alle.")
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("lokalt spørgsmål")
        verbose_name_plural = _("lokale spørgsmål")
        ordering = ["stage", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"],
                name="localquestion_unique_key",
                violation_error_message=_("Der findes allerede et spørgsmål med denne nøgle."),
            )
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("procurement:question_detail", args=[self.pk])


class Answer(models.Model):
    """The answer to one question of one request, and how long it blocked the request."""

    request = models.ForeignKey(
        ProcurementRequest, on_delete=models.CASCADE, related_name="answers"
    )
    question_key = models.CharField(_("spørgsmål"), max_length=40)
    value = choice_field(_("svar"), c.AnswerValue, max_length=14)
    note = models.TextField(_("uddybning"), blank=True)
    answered_by = optional_reference(settings.AUTH_USER_MODEL, _("besvaret af"))
    answered_at = models.DateTimeField(_("besvaret"), default=timezone.now)
    override_reason = models.TextField(_("begrundelse for tilsidesættelse"), blank=True)
    overridden_by = optional_reference(settings.AUTH_USER_MODEL, _("tilsidesat af"))
    overridden_at = models.DateTimeField(_("tilsidesat"), null=True, blank=True)
    blocked_since = models.DateTimeField(_("blokerer siden"), null=True, blank=True)
    blocked_seconds = models.PositiveBigIntegerField(_("blokeret i alt (sekunder)"), default=0)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["request", "question_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "question_key"], name="answer_unique_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.get_value_display()}"


class Condition(models.Model):
    """A term (vilkår) a decision set, with an owner and a due date, followed to closure."""

    request = models.ForeignKey(
        ProcurementRequest, on_delete=models.CASCADE, related_name="conditions"
    )
    text = models.TextField(_("vilkår"))
    owner = optional_reference(settings.AUTH_USER_MODEL, _("ansvarlig"))
    owner_name = models.CharField(_("ansvarlig (navn)"), max_length=200, blank=True)
    due_date = optional_date(_("frist"))
    done_on = optional_date(_("opfyldt"))

    class Meta:
        verbose_name = _("vilkår")
        verbose_name_plural = _("vilkår")
        ordering = ["request", "due_date", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


def _attachment_path(instance: "Attachment", filename: str) -> str:
    return f"procurement/{instance.request.organization_id}/{instance.request_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a request (size-capped, type checked by its content)."""

    request = models.ForeignKey(
        ProcurementRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("fil"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("filnavn"), max_length=200)
    kind = models.CharField(_("filtype"), max_length=10)
    size = models.PositiveBigIntegerField(_("størrelse (byte)"))
    uploaded_by = optional_reference(settings.AUTH_USER_MODEL, _("lagt op af"))
    uploaded_at = models.DateTimeField(_("lagt op"), default=timezone.now)

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        ordering = ["request", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
