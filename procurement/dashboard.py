"""The procurement card on the dashboard (Overblik)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.orgcache import org_cached
from core.permissions import has_perm
from procurement import choices as c
from procurement.leadtime import percentile, quarter
from procurement.models import LocalQuestion, ProcurementRequest
from procurement.questions import OPEN, STOPPER, asked

WAITING_DAYS = 30


def _decided_days(organization: Any, since: Any, until: Any) -> float | None:
    """Median days from idé to decision for requests decided in [since, until)."""
    from core.models import TransitionRecord
    from procurement.workflow import REQUEST_WORKFLOW

    rows = TransitionRecord.objects.filter(
        machine=REQUEST_WORKFLOW.name,
        organization=organization,
        transition="decide",
        at__gte=since,
        at__lt=until,
    ).values_list("object_id", "at")
    decided = dict(rows)
    created = dict(
        ProcurementRequest.objects.filter(pk__in=[int(k) for k in decided]).values_list(
            "pk", "created_at"
        )
    )
    days = [
        (at - created[int(k)]).total_seconds() / 86400
        for k, at in decided.items()
        if int(k) in created
    ]
    value = percentile(days, 50)
    return None if value is None else round(value)


def _quarter_start(moment: Any) -> Any:
    local = timezone.localtime(moment)
    return local.replace(
        month=(local.month - 1) // 3 * 3 + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def _organization_figures(org: Any, now: Any) -> dict[str, Any]:
    """The card's figures that are the same for every reader in the organization."""
    open_requests = ProcurementRequest.objects.filter(organization=org, stage__in=c.OPEN_STAGES)
    this_start = _quarter_start(now)
    last_start = _quarter_start(this_start - timedelta(days=1))
    return {
        "open": open_requests.count(),
        "waiting": open_requests.filter(stage_since__lt=now - timedelta(days=WAITING_DAYS)).count(),
        "this": _decided_days(org, this_start, now),
        "last": _decided_days(org, last_start, this_start),
        "this_quarter": quarter(now),
        "last_quarter": quarter(last_start),
    }


def _my_open_questions(org: Any, user: Any) -> int:
    """Forvaltning questions still open or stopping in the open requests ``user`` submitted
    or is responsible for."""
    mine = list(
        ProcurementRequest.objects.filter(organization=org, stage__in=c.OPEN_STAGES)
        .filter(Q(responsible=user) | Q(submitted_by=user))
        .prefetch_related("answers")
        .select_related("organization")[:50]
    )
    local = list(LocalQuestion.objects.filter(organization=org, active=True)) if mine else []
    return sum(
        1
        for r in mine
        for item in asked(r, {a.question_key: a for a in r.answers.all()}, local)
        if item.question.addressee == "forvaltning" and item.status in (OPEN, STOPPER)
    )


def request_card(request: HttpRequest) -> dict[str, Any] | None:
    """Open requests, those waiting longer than 30 days in their stage, my open questions
    (forvaltning questions of requests I submitted or answer for) and this quarter's
    median lead time to decision against the last quarter's.

    The organization-wide figures are computed once per change of the organization's
    data and day (:mod:`core.orgcache`); only "mine" is worked out per reader."""
    org = request.organization  # type: ignore[attr-defined]
    if not has_perm(request.user, org, "procurement.view"):
        return None
    now = timezone.now()
    shared = org_cached(
        org,
        "procurement_card",
        lambda: _organization_figures(org, now),
        timezone.localdate(now).isoformat(),
    )
    # "Mine" follows the organization's data too (requests, answers, questions): computed
    # once per change and day for each reader.
    my_questions = org_cached(
        org,
        "procurement_card_mine",
        lambda: _my_open_questions(org, request.user),
        request.user.pk,
        timezone.localdate(now).isoformat(),
    )
    this, last = shared["this"], shared["last"]
    return {
        "title": _("Anskaffelser"),
        "figures": [
            (_("Åbne anmodninger"), shared["open"]),
            (_("Venter over %(n)s dage i fasen") % {"n": WAITING_DAYS}, shared["waiting"]),
            (_("Mine åbne spørgsmål"), my_questions),
            (
                _("Mediandage til beslutning, %(q)s") % {"q": shared["this_quarter"]},
                "–" if this is None else this,
            ),
            (
                _("Mediandage til beslutning, %(q)s") % {"q": shared["last_quarter"]},
                "–" if last is None else last,
            ),
        ],
    }
