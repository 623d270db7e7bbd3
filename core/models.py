"""Base models every app builds on, and the audit trail."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.choices import AuditAction
from core.fields import optional_reference


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class OrganizationOwnedModel(TimeStampedModel):
    """A record that belongs to exactly one organization (the tenant).

    Read it only through a selector that takes the organization; write it only through
    a service, which records an AuditEvent.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    # Fields left out of audit snapshots (noise).
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")

    class Meta:
        abstract = True


class DetailPage:
    """Mixin for a record whose page is the route ``detail_route`` taking its pk (a plain
    class, not a model base)."""

    detail_route: ClassVar[str]
    pk: Any

    def get_absolute_url(self) -> str:
        return reverse(self.detail_route, kwargs={"pk": self.pk})


class NamedPage(DetailPage):
    """Mixin for a record shown by its ``name`` whose page is the route ``detail_route``."""

    name: Any

    def __str__(self) -> str:
        return str(self.name)


class AppendOnlyModel(models.Model):
    """A record of history: written once, never changed or deleted (one by one)."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type,unused-ignore]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{type(self).__name__} is append-only")


class AuditEvent(AppendOnlyModel):
    """Who did what to which object, when, with the before/after values. Append-only."""

    organization = optional_reference(
        "organizations.Organization",
        _("organisation"),
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor = optional_reference(settings.AUTH_USER_MODEL, _("bruger"), related_name="audit_events")
    actor_label = models.CharField(_("brugernavn"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=20, choices=AuditAction.choices)
    content_type = optional_reference(
        ContentType, _("objekttype"), on_delete=models.PROTECT, related_name=None
    )
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=255, blank=True)
    changes = models.JSONField(_("ændringer"), default=dict, encoder=DjangoJSONEncoder)
    request_id = models.CharField(_("forespørgsels-id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("hændelse i revisionsloggen")
        verbose_name_plural = _("revisionslog")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="audit_org_time_idx"),
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["action", "actor_label", "created_at"], name="audit_login_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"


class TransitionRecord(AppendOnlyModel):
    """One step of a declared workflow (:mod:`core.workflow`): which object moved from
    which state to which, by whom, when and why. Append-only."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("objekttype"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("objekt"), max_length=255, blank=True)
    organization = optional_reference(
        "organizations.Organization", _("organisation"), on_delete=models.PROTECT
    )
    machine = models.CharField(_("arbejdsgang"), max_length=60)
    transition = models.CharField(_("overgang"), max_length=40)
    from_state = models.CharField(_("fra"), max_length=40)
    to_state = models.CharField(_("til"), max_length=40)
    actor = optional_reference(settings.AUTH_USER_MODEL, _("bruger"))
    actor_label = models.CharField(_("brugernavn"), max_length=150, blank=True)
    fields = models.JSONField(
        _("begrundelse og felter"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("overgang i en arbejdsgang")
        verbose_name_plural = _("overgange i arbejdsgange")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="transition_object_idx"),
            models.Index(fields=["machine", "-at"], name="transition_machine_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr}: {self.from_state} → {self.to_state}"


class ProcessLock(models.Model):
    """A held lock of :func:`core.locks.exclusive` on a database without advisory locks
    (SQLite): one row per key while a process holds it."""

    key = models.CharField(_("nøgle"), max_length=200, unique=True)
    holder = models.CharField(_("indehaver"), max_length=200, blank=True)
    acquired_at = models.DateTimeField(_("taget"))

    class Meta:
        verbose_name = _("lås")
        verbose_name_plural = _("låse")

    def __str__(self) -> str:
        return self.key
