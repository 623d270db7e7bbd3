"""Model field shapes the apps share (the migrations see ordinary Django fields).

Each factory returns a fresh field, so one call per model attribute; the arguments the
migrations record (verbose name, ``on_delete``, related name, …) stay the caller's.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


def optional_reference(
    to: Any,
    verbose_name: StrOrPromise,
    *,
    related_name: str | None = "+",
    on_delete: Any = models.SET_NULL,
    **options: Any,
) -> models.ForeignKey[Any, Any]:
    """A reference that may be empty; by default it becomes empty when its target is deleted.

    ``related_name=None`` keeps Django's default reverse accessor.
    """
    if related_name is not None:
        options["related_name"] = related_name
    return models.ForeignKey(
        to, verbose_name=verbose_name, on_delete=on_delete, null=True, blank=True, **options
    )


def user_reference(related_name: str) -> models.ForeignKey[Any, Any]:
    """The user a record belongs to (a membership, a token); the record goes with the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


def unit_reference(
    verbose_name: StrOrPromise, *, related_name: str = "+"
) -> models.ForeignKey[Any, Any]:
    """An optional organization unit (responsible, owning, performing …)."""
    return optional_reference(
        "organizations.OrganizationUnit", verbose_name, related_name=related_name
    )


def created_by_reference(verbose_name: StrOrPromise | None = None) -> models.ForeignKey[Any, Any]:
    """The user who created a record; kept (emptied) when the user is deleted."""
    options: dict[str, Any] = {} if verbose_name is None else {"verbose_name": verbose_name}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", **options
    )


def public_uuid() -> models.UUIDField[Any, Any]:
    """A stable public identifier (KITOS and the API refer to records by it)."""
    return models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


def optional_date(verbose_name: StrOrPromise, **options: Any) -> models.DateField[Any, Any]:
    return models.DateField(verbose_name, null=True, blank=True, **options)


def notes_field() -> models.TextField[Any, str]:
    return models.TextField(_("noter"), blank=True)


def description_field() -> models.TextField[Any, str]:
    return models.TextField(_("beskrivelse"), blank=True)


def valid_period(
    name: str, message: StrOrPromise, *, start: str = "start_date", end: str = "end_date"
) -> models.CheckConstraint:
    """``end`` is empty, ``start`` is empty, or ``end`` is on or after ``start``."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        violation_error_message=message,
    )


def unique_in_organization(
    *fields: str, name: str, message: StrOrPromise | None = None, **options: Any
) -> models.UniqueConstraint:
    """``fields`` are unique within one organization."""
    return models.UniqueConstraint(
        fields=["organization", *fields], name=name, violation_error_message=message, **options
    )


def choice_field(
    verbose_name: StrOrPromise,
    choices: type[models.TextChoices],
    *,
    max_length: int,
    default: str | None = None,
    **options: Any,
) -> models.CharField[Any, str]:
    """A text field restricted to ``choices`` (optionally with a default member)."""
    if default is not None:
        options["default"] = default
    return models.CharField(verbose_name, max_length=max_length, choices=choices.choices, **options)


def optional_many(
    to: Any, verbose_name: StrOrPromise, **options: Any
) -> models.ManyToManyField[Any, Any]:
    """A set of references that may be empty, with no reverse accessor on the target. (A
    field with a reverse accessor is declared in place: the type checker's Django plugin
    creates the reverse attribute only for fields it sees declared.)"""
    return models.ManyToManyField(
        to, verbose_name=verbose_name, blank=True, related_name="+", **options
    )


def name_field(
    verbose_name: StrOrPromise | None = None, **options: Any
) -> models.CharField[Any, str]:
    """A record's required name (200 characters); the verbose name defaults to "navn"."""
    return models.CharField(verbose_name or _("navn"), max_length=200, **options)
