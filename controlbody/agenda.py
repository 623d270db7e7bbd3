"""The agenda: generated from what is due, then ordered and edited by the secretary.

Sources, in this order on a new agenda:

1. **Procurement requests waiting for the kontrolorgan** (stage ``kontrolorgan``), key
   ``request:<id>``.
2. **Exceptions asked for**: on an open request that has not reached a decision (and is not
   itself waiting in stage kontrolorgan — there the exception is part of its papers), an
   answer "nej"/"ved ikke" to a question that an arkitekt let pass with a reason
   (procurement's override). The override lets the request go on; the kontrolorgan takes
   it up once: an exception decided at an earlier meeting (anything but *udsat*) does not
   come back, a new override of the same answer is a new exception. Key
   ``exception:<answer id>:<time of the override>``.
3. **What falls due** with ``agenda=True`` from every provider of :mod:`core.due` (solution
   reviews due or overdue, overdue conditions — the kontrolorgan's own and procurement's),
   due on or before the meeting's date; the key is the due item's.

Generating again adds only what is not on the agenda yet (one item per key, also kept by a
database constraint) at the end, and keeps the secretary's order, texts and free items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from controlbody import choices as c
from controlbody.models import AgendaItem, Meeting
from core.due import due_items
from procurement import choices as pc
from procurement.models import Answer, ProcurementRequest
from procurement.questions import questions


@dataclass(frozen=True)
class Proposed:
    source_key: str
    kind: str
    title: str
    description: str = ""
    request: ProcurementRequest | None = None
    link: str = ""
    due_date: dt.date | None = None


def _requests(meeting: Meeting) -> list[Proposed]:
    waiting = ProcurementRequest.objects.filter(
        organization=meeting.organization, stage=pc.Stage.KONTROLORGAN
    ).order_by("stage_since", "pk")
    return [
        Proposed(
            source_key=f"request:{r.pk}",
            kind=c.ItemKind.REQUEST,
            title=_("Anskaffelse: %(title)s") % {"title": r.title},
            description=r.problem,
            request=r,
            link=r.get_absolute_url(),
            due_date=r.wanted_date,
        )
        for r in waiting
    ]


def exception_key(answer: Answer) -> str:
    moment = answer.overridden_at or answer.answered_at
    return f"exception:{answer.pk}:{moment.strftime('%Y%m%dT%H%M%S')}"


def _exceptions(meeting: Meeting) -> list[Proposed]:
    org = meeting.organization
    answers = list(
        Answer.objects.filter(
            request__organization=org,
            request__stage__in=[s for s in pc.BEFORE_DECISION if s != pc.Stage.KONTROLORGAN],
            value__in=pc.BLOCKING_ANSWERS,
        )
        .exclude(override_reason="")
        .select_related("request")
        .order_by("overridden_at", "pk")
    )
    if not answers:
        return []
    taken = set(
        AgendaItem.objects.filter(
            meeting__organization=org, kind=c.ItemKind.EXCEPTION, decision__gt=""
        )
        .exclude(decision=c.Decision.POSTPONED)
        .exclude(meeting=meeting)
        .values_list("source_key", flat=True)
    )
    texts: dict[str, dict[str, str]] = {}
    proposed = []
    for answer in answers:
        key = exception_key(answer)
        if key in taken:
            continue
        request = answer.request
        if request.strategy not in texts:
            texts[request.strategy] = {q.key: q.text for q in questions(org, request.strategy)}
        question = texts[request.strategy].get(answer.question_key, answer.question_key)
        proposed.append(
            Proposed(
                source_key=key,
                kind=c.ItemKind.EXCEPTION,
                title=_("Undtagelse: %(title)s") % {"title": request.title},
                description=_(
                    "Spørgsmålet »%(question)s« er besvaret »%(answer)s«, og stopklodsen er "
                    "tilsidesat med begrundelsen: %(reason)s"
                )
                % {
                    "question": question,
                    "answer": answer.get_value_display(),
                    "reason": answer.override_reason,
                },
                request=request,
                link=request.get_absolute_url(),
            )
        )
    return proposed


def _due(meeting: Meeting, today: dt.date) -> list[Proposed]:
    horizon = max(0, (meeting.date - today).days)
    items = due_items(today=today, horizon_days=horizon, organization_ids={meeting.organization_id})
    proposed = []
    seen: set[str] = set()
    for item in items:
        if not item.agenda or item.key in seen:
            continue
        seen.add(item.key)
        overdue = item.is_overdue(today)
        proposed.append(
            Proposed(
                source_key=item.key[:200],
                kind=c.ItemKind.DUE,
                title=f"{item.kind_label}: {item.title}"[:300],
                description=(
                    _("Frist %(date)s (overskredet). Ansvarlig: %(owner)s.")
                    if overdue
                    else _("Frist %(date)s. Ansvarlig: %(owner)s.")
                )
                % {"date": item.due_date.strftime("%d-%m-%Y"), "owner": item.owner or "–"},
                link=item.link[:300],
                due_date=item.due_date,
            )
        )
    return proposed


def proposals(meeting: Meeting, today: dt.date | None = None) -> list[Proposed]:
    """Everything that belongs on the meeting's agenda now, in source order."""
    today = today or timezone.localdate()
    return [*_requests(meeting), *_exceptions(meeting), *_due(meeting, today)]


def add_new(meeting: Meeting, today: dt.date | None = None) -> list[AgendaItem]:
    """Append the proposals not on the agenda yet; returns the new items (caller holds the
    meeting's row lock)."""
    present = set(meeting.items.exclude(source_key="").values_list("source_key", flat=True))
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    new = []
    for offset, p in enumerate(
        (p for p in proposals(meeting, today) if p.source_key not in present), start=1
    ):
        new.append(
            AgendaItem(
                meeting=meeting,
                position=last + offset,
                kind=p.kind,
                source_key=p.source_key,
                title=p.title[:300],
                description=p.description,
                request=p.request,
                link=p.link,
                due_date=p.due_date,
            )
        )
    AgendaItem.objects.bulk_create(new)
    return new


def renumber(meeting: Meeting) -> None:
    """Positions 1..n in the current order."""
    items = list(meeting.items.order_by("position", "pk"))
    for number, item in enumerate(items, start=1):
        item.position = number
    AgendaItem.objects.bulk_update(items, ["position"])


def snapshot(meeting: Meeting) -> dict[str, Any]:
    """The agenda as the audit log records it."""
    return {
        "agenda": [
            [i.position, i.title, i.description, i.source_key]
            for i in meeting.items.order_by("position", "pk")
        ]
    }
