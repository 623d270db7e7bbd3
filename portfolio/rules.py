"""Business rules of the portfolio as pure functions: plain values in, Danish messages out.

The services and every importer (CSV/XLSX, KITOS, ArchiMate) ask the same function, so an
import cannot create what the service refuses. Nothing here reads the database: the
objects passed in are only looked at (their ids, scope, owner and business type).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from portfolio import choices as c


def integration_errors(
    *, organization_id: int | None, source: Any, target: Any, target_component: Any
) -> dict[str, str]:
    """What is wrong with an integration's ends, by field (empty: nothing).

    An integration runs from a usage (``source``) to exactly one target: another usage
    (``target``, never the source itself) or a fælleskommunal component of the catalog
    the organization can see (``target_component``: global, or its own local entry).
    ``source`` and ``target`` may be model instances or primary keys; an unsaved instance
    is only equal to itself.
    """
    if (target is None) == (target_component is None):
        return {
            NON_FIELD_ERRORS: _(
                "Vælg præcis ét mål: et system i anvendelse eller en fælles komponent."
            )
        }
    if target_component is not None:
        visible = (
            target_component.scope == c.Scope.GLOBAL
            or target_component.owner_organization_id == organization_id
        )
        if not visible:
            return {"target_component": _("Systemet findes ikke i kataloget.")}
        if target_component.business_type != c.BusinessType.FAELLESKOMMUNAL:
            return {
                "target_component": _("Vælg en fælleskommunal komponent, fx Serviceplatformen.")
            }
        return {}
    if source is not None and source == target:
        return {"target": _("Et system kan ikke integrere med sig selv.")}
    return {}


def check_integration(
    *, organization_id: int | None, source: Any, target: Any, target_component: Any
) -> None:
    """Raise ``ValidationError`` (keyed by field) when :func:`integration_errors` finds any."""
    errors = integration_errors(
        organization_id=organization_id,
        source=source,
        target=target,
        target_component=target_component,
    )
    if errors:
        raise ValidationError(errors)
