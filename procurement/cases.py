"""A request's business case: link one the organization has, or start one from the
request's own figures (a draft the business-case screens then complete)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from businesscases.choices import LineKind
from businesscases.models import BusinessCase
from businesscases.services import case_create, case_rows_set
from core.permissions import require
from core.services import update_audited
from procurement.models import ProcurementRequest
from procurement.services import _fresh

HORIZON = 5
SOURCE = "Anmodningens forventede udgift (ét tal: ret spændet lav-høj)"


def business_case_link(
    *, actor: Any, request: ProcurementRequest, case: BusinessCase | None
) -> ProcurementRequest:
    """Link (or with ``None`` unlink) a business case of the same organization."""
    require(actor, request.organization, "procurement.run", request)
    if case is not None and case.organization_id != request.organization_id:
        raise ValidationError({"business_case": _("Business casen findes ikke.")})
    with transaction.atomic():
        _fresh(request)
        return update_audited(obj=request, actor=actor, business_case=case)


def _line(name: str, kind: str, amount: Decimal, years: list[int]) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kind,
        "low": amount,
        "mode": amount,
        "high": amount,
        "years": years,
        "source": SOURCE,
    }


@transaction.atomic
def business_case_from_request(*, actor: Any, request: ProcurementRequest) -> BusinessCase:
    """A draft case over five years from this year: the one-off cost as an investment in
    the first year and the yearly cost as operation in every year; the request links it.
    Benefits are the case owner's to add (the request knows none)."""
    require(actor, request.organization, "procurement.run", request)
    _fresh(request)  # locked: two clicks at once make one case, not two
    if request.business_case_id is not None:
        raise ValidationError(_("Anmodningen har allerede en business case."))
    if not (request.budget_one_off or request.budget_yearly):
        raise ValidationError(
            _("Anmodningen har ingen forventet udgift at bygge business casen på.")
        )
    case = case_create(
        actor=actor,
        organization=request.organization,
        name=_("%(title)s (anskaffelse %(id)s)") % {"title": request.title[:150], "id": request.pk},
        description=request.problem,
        start_year=timezone.localdate().year,
        horizon=HORIZON,
    )
    lines = []
    if request.budget_one_off:
        lines.append(_line(_("Anskaffelse"), LineKind.INVESTMENT, request.budget_one_off, [0]))
    if request.budget_yearly:
        lines.append(
            _line(
                _("Drift og licens"),
                LineKind.OPERATION,
                request.budget_yearly,
                list(range(HORIZON)),
            )
        )
    case_rows_set(actor=actor, case=case, relation="lines", rows=lines)
    business_case_link(actor=actor, request=request, case=case)
    return case
