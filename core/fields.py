"""Model field shapes the apps share (the migrations see ordinary Django fields)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django_stubs_ext import StrOrPromise


def optional_reference(
    to: Any, verbose_name: StrOrPromise, *, related_name: str = "+", **options: Any
) -> models.ForeignKey[Any, Any]:
    """A reference that may be empty and becomes empty when its target is deleted."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        **options,
    )
