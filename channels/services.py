"""Audited writes: permission first, then the references checked to be the
organization's own, then the generic audited write (which also compares the version a
form or ``If-Match`` expects)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from channels.models import CommunicationActivity, Involvement, Satisfaction, UnitCost
from core.permissions import require
from core.services import create_audited, delete_audited, update_audited

PERMISSION = "channels.change"


def _own(organization: Any, fields: dict[str, Any]) -> None:
    """Every referenced object belongs to the organization (else a Danish error)."""
    for name in ("milestone", "business_case", "area", "usage"):
        obj = fields.get(name)
        if obj is None:
            continue
        owner = getattr(obj, "organization_id", None)
        if owner is None and name == "milestone":
            owner = obj.roadmap.organization_id
        if owner != organization.pk:
            raise ValidationError({name: _("Vælg en af organisationens egne.")})
    for area in fields.get("areas") or ():
        if area.organization_id != organization.pk:
            raise ValidationError({"areas": _("Vælg organisationens egne serviceområder.")})


def _split(fields: dict[str, Any], many: tuple[str, ...]) -> dict[str, Any]:
    return {name: fields.pop(name) for name in many if name in fields}


def activity_create(*, actor: Any, organization: Any, **fields: Any) -> CommunicationActivity:
    require(actor, organization, PERMISSION)
    _own(organization, fields)
    m2m = _split(fields, ("areas",))
    return create_audited(
        model=CommunicationActivity, actor=actor, organization=organization, m2m=m2m, **fields
    )


def activity_update(
    *, actor: Any, activity: CommunicationActivity, **fields: Any
) -> CommunicationActivity:
    require(actor, activity.organization, PERMISSION, activity)
    _own(activity.organization, fields)
    m2m = _split(fields, ("areas",))
    return update_audited(obj=activity, actor=actor, m2m=m2m, **fields)


def activity_delete(*, actor: Any, activity: CommunicationActivity) -> None:
    require(actor, activity.organization, PERMISSION, activity)
    delete_audited(obj=activity, actor=actor)


def involvement_create(*, actor: Any, organization: Any, **fields: Any) -> Involvement:
    require(actor, organization, PERMISSION)
    _own(organization, fields)
    return create_audited(model=Involvement, actor=actor, organization=organization, **fields)


def involvement_update(*, actor: Any, involvement: Involvement, **fields: Any) -> Involvement:
    require(actor, involvement.organization, PERMISSION, involvement)
    _own(involvement.organization, fields)
    return update_audited(obj=involvement, actor=actor, **fields)


def involvement_delete(*, actor: Any, involvement: Involvement) -> None:
    require(actor, involvement.organization, PERMISSION, involvement)
    delete_audited(obj=involvement, actor=actor)


def satisfaction_create(*, actor: Any, organization: Any, **fields: Any) -> Satisfaction:
    require(actor, organization, PERMISSION)
    _own(organization, fields)
    if fields.get("month") is not None:
        fields["month"] = fields["month"].replace(day=1)
    return create_audited(model=Satisfaction, actor=actor, organization=organization, **fields)


def satisfaction_update(*, actor: Any, satisfaction: Satisfaction, **fields: Any) -> Satisfaction:
    require(actor, satisfaction.organization, PERMISSION, satisfaction)
    _own(satisfaction.organization, fields)
    if fields.get("month") is not None:
        fields["month"] = fields["month"].replace(day=1)
    return update_audited(obj=satisfaction, actor=actor, **fields)


def satisfaction_delete(*, actor: Any, satisfaction: Satisfaction) -> None:
    require(actor, satisfaction.organization, PERMISSION, satisfaction)
    delete_audited(obj=satisfaction, actor=actor)


def unitcost_create(*, actor: Any, organization: Any, **fields: Any) -> UnitCost:
    require(actor, organization, PERMISSION)
    return create_audited(model=UnitCost, actor=actor, organization=organization, **fields)


def unitcost_update(*, actor: Any, unitcost: UnitCost, **fields: Any) -> UnitCost:
    require(actor, unitcost.organization, PERMISSION, unitcost)
    return update_audited(obj=unitcost, actor=actor, **fields)


def unitcost_delete(*, actor: Any, unitcost: UnitCost) -> None:
    require(actor, unitcost.organization, PERMISSION, unitcost)
    delete_audited(obj=unitcost, actor=actor)
