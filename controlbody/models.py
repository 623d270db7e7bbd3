"""The kontrolorgan (control body) of an organization, its meetings, agendas and conditions.

One :class:`ControlBody` per organization with its :class:`BodyMember`\\ s and mandate;
:class:`Meeting`\\ s (planlagt → afholdt → referat godkendt, see
:mod:`controlbody.workflow`) with :class:`AgendaItem`\\ s generated from what is due and
ordered by the secretary; each item's decision and the :class:`Condition`\\ s it set,
followed until they are closed. An approved meeting keeps its minutes' inputs and the
DOCX/PDF rendered from them, so they regenerate identically.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from controlbody import choices as c
from core.fields import choice_field, name_field, optional_date, optional_reference
from core.models import DetailPage, OrganizationOwnedModel


class ControlBody(OrganizationOwnedModel):
    """The organization's kontrolorgan: who sits in it and what it is mandated to do."""

    name = name_field(default="Kontrolorgan")
    mandate = models.TextField(_("kommissorium"), blank=True)
    established_by = optional_reference(
        "roadmaps.Milestone",
        _("etableret ved milepæl"),
        help_text=_("Den milepæl i roadmappen, der indførte kontrolorganet."),
    )

    audit_children = ("members",)

    class Meta:
        verbose_name = _("kontrolorgan")
        verbose_name_plural = _("kontrolorganer")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                name="controlbody_one_per_organization",
                violation_error_message=_("Organisationen har allerede et kontrolorgan."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("controlbody:body")


class BodyMember(models.Model):
    body = models.ForeignKey(ControlBody, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = choice_field(_("rolle"), c.MemberRole, max_length=10, default=c.MemberRole.MEMBER)

    class Meta:
        verbose_name = _("medlem af kontrolorganet")
        verbose_name_plural = _("medlemmer af kontrolorganet")
        ordering = ["body", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["body", "user"], name="bodymember_unique_user"),
            models.UniqueConstraint(
                fields=["body", "role"],
                condition=~Q(role="medlem"),
                name="bodymember_one_chair_one_secretary",
                violation_error_message=_("Kontrolorganet har kun én formand og én sekretær."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Meeting(DetailPage, OrganizationOwnedModel):
    detail_route = "controlbody:meeting_detail"

    body = models.ForeignKey(ControlBody, on_delete=models.PROTECT, related_name="meetings")
    title = name_field(_("titel"))
    date = models.DateField(_("dato"))
    start_time = models.TimeField(_("tidspunkt"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("deltagere"), blank=True, related_name="+"
    )
    guests = models.TextField(
        _("gæster"), blank=True, help_text=_("Én pr. linje: navn og evt. rolle.")
    )
    status = choice_field(
        _("status"), c.MeetingStatus, max_length=20, default=c.MeetingStatus.PLANNED, db_index=True
    )
    agenda_generated_at = models.DateTimeField(_("dagsorden dannet"), null=True, blank=True)
    minutes_inputs = models.JSONField(_("referatets input"), null=True, blank=True, editable=False)
    minutes_docx = models.BinaryField(_("referat (DOCX)"), null=True, editable=False)
    minutes_pdf = models.BinaryField(_("referat (PDF)"), null=True, editable=False)
    minutes_docx_sha256 = models.CharField(
        _("referatets kontrolsum (DOCX, SHA-256)"), max_length=64, blank=True, editable=False
    )
    minutes_pdf_sha256 = models.CharField(
        _("referatets kontrolsum (PDF, SHA-256)"), max_length=64, blank=True, editable=False
    )

    audit_exclude = (
        "created_at",
        "updated_at",
        "minutes_inputs",
        "minutes_docx",
        "minutes_pdf",
    )

    class Meta:
        verbose_name = _("møde i kontrolorganet")
        verbose_name_plural = _("møder i kontrolorganet")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organization", "date"], name="meeting_org_date_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def guest_names(self) -> list[str]:
        return [line.strip() for line in self.guests.splitlines() if line.strip()]


class AgendaItem(models.Model):
    """One point on a meeting's agenda; ``source_key`` says where a generated point came
    from (empty for a point the secretary added), so generating again adds only new ones."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("nummer"))
    kind = choice_field(_("type"), c.ItemKind, max_length=12, default=c.ItemKind.FREE)
    source_key = models.CharField(_("kilde"), max_length=200, blank=True)
    title = models.CharField(_("overskrift"), max_length=300)
    description = models.TextField(_("sagsfremstilling"), blank=True)
    request = optional_reference(
        "procurement.ProcurementRequest",
        _("anskaffelse"),
        related_name="control_items",
    )
    link = models.CharField(_("link til sagen"), max_length=300, blank=True)
    due_date = optional_date(_("frist"))
    decision = models.CharField(
        _("beslutning"), max_length=24, choices=c.Decision.choices, blank=True, default=""
    )
    reasoning = models.TextField(_("begrundelse"), blank=True)
    decided_at = models.DateTimeField(_("besluttet"), null=True, blank=True)
    decided_by = optional_reference(settings.AUTH_USER_MODEL, _("registreret af"))

    class Meta:
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source_key"],
                condition=~Q(source_key=""),
                name="agendaitem_unique_source",
                violation_error_message=_("Punktet står allerede på dagsordenen."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#punkt-{self.pk}"


class Condition(OrganizationOwnedModel):
    """A term (vilkår) the kontrolorgan set with a decision, followed until it is closed.

    On a procurement request the condition is also procurement's own
    :class:`procurement.models.Condition` (``request_condition``), which the request page
    shows and procurement's deadlines follow. Procurement never edits a condition's text,
    owner or due date after it was set, so the copy here is the same fact; whether it is
    still open is decided by both: closing here closes procurement's too, and one marked
    met on the request page is met here (see ``is_open``)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField(_("vilkår"))
    owner = optional_reference(settings.AUTH_USER_MODEL, _("ansvarlig"))
    owner_name = models.CharField(_("ansvarlig (navn)"), max_length=200, blank=True)
    due_date = models.DateField(_("frist"))
    status = choice_field(
        _("status"), c.ConditionStatus, max_length=10, default=c.ConditionStatus.OPEN
    )
    closed_on = optional_date(_("lukket"))
    closing_note = models.TextField(_("bemærkning ved lukning"), blank=True)
    request_condition = models.OneToOneField(
        "procurement.Condition",
        verbose_name=_("vilkår på anskaffelsen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="control_condition",
    )

    class Meta:
        verbose_name = _("vilkår fra kontrolorganet")
        verbose_name_plural = _("vilkår fra kontrolorganet")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["organization", "status", "due_date"], name="ctrlcond_open_idx")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("controlbody:condition_detail", args=[self.pk])

    @property
    def owner_label(self) -> str:
        if self.owner is not None:
            return str(self.owner.get_full_name() or self.owner.get_username())
        return self.owner_name

    @property
    def effective_status(self) -> str:
        """Met on the request page counts as met here."""
        linked = self.request_condition
        if self.status == c.ConditionStatus.OPEN and linked is not None and linked.done_on:
            return c.ConditionStatus.MET
        return self.status

    @property
    def status_label(self) -> str:
        return str(dict(c.ConditionStatus.choices)[self.effective_status])

    @property
    def is_open(self) -> bool:
        return self.effective_status == c.ConditionStatus.OPEN


def open_conditions_q(prefix: str = "") -> Q:
    """The open conditions (also not met on the request page), as a filter."""
    return Q(**{f"{prefix}status": c.ConditionStatus.OPEN}) & (
        Q(**{f"{prefix}request_condition__isnull": True})
        | Q(**{f"{prefix}request_condition__done_on__isnull": True})
    )
