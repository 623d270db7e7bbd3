"""The minutes (referat) of a meeting as DOCX and PDF, in the decision paper's committee
style and with its machinery (:mod:`papers.document` blocks, :mod:`papers.docx_render`,
:mod:`papers.pdf_render`).

:func:`gather` collects everything the minutes show into one JSON document; :func:`build`
turns it into blocks without reading anything else (no database, clock or language), so
the same inputs give the same bytes. Approving the minutes (:func:`freeze`, the meeting
workflow's freeze hook) stores the inputs and both files on the meeting; before that the
files are a draft rendered from the meeting as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.utils import timezone

from controlbody import choices as c
from controlbody.models import Meeting
from papers import docx_render, pdf_render
from papers.document import DASH, Block, Bullets, Document, Heading, Para, Signature, Table, date

DOCX_TYPE = docx_render.CONTENT_TYPE
PDF_TYPE = pdf_render.CONTENT_TYPE


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def gather(
    meeting: Meeting, *, actor: Any = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The minutes' inputs: plain JSON values only."""
    now = now or timezone.now()
    body = meeting.body
    members = list(body.members.select_related("user").order_by("role", "user__username"))
    roles = dict(c.MemberRole.choices)
    secretary = next((m.user for m in members if m.role == c.MemberRole.SECRETARY), None)
    items = list(meeting.items.order_by("position", "pk").prefetch_related("conditions__owner"))
    decisions = dict(c.Decision.choices)
    kinds = dict(c.ItemKind.choices)
    org = meeting.organization
    return {
        "organization": {"name": org.name, "is_demo": bool(getattr(org, "is_demo", False))},
        "body": {
            "name": body.name,
            "mandate": body.mandate,
            "members": [{"name": _name(m.user), "role": str(roles[m.role])} for m in members],
        },
        "meeting": {
            "title": meeting.title,
            "date": meeting.date.isoformat(),
            "time": meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
            "place": meeting.place,
            "participants": sorted(_name(u) for u in meeting.participants.all()),
            "guests": meeting.guest_names,
        },
        "items": [
            {
                "position": item.position,
                "kind": str(kinds.get(item.kind, item.kind)),
                "title": item.title,
                "description": item.description,
                "decision": item.decision,
                "decision_label": str(decisions.get(item.decision, item.decision)),
                "reasoning": item.reasoning,
                "conditions": [
                    {
                        "text": cond.text,
                        "owner": cond.owner_label,
                        "due_date": cond.due_date.isoformat(),
                    }
                    for cond in item.conditions.all()
                ],
            }
            for item in items
        ],
        "author": _name(secretary)
        or _name(actor if getattr(actor, "is_authenticated", False) else None),
        "generated_at": now.isoformat(),
    }


def build(inputs: dict[str, Any], *, draft: bool = False) -> Document:
    org = inputs["organization"]
    meeting = inputs["meeting"]
    body = inputs["body"]
    demo = bool(org["is_demo"])
    header = f"{org['name']} · Referat fra {body['name']}"
    if demo:
        header = f"Demodata · {header}"
    when = date(meeting["date"]) + (f" kl. {meeting['time']}" if meeting["time"] else "")
    blocks: list[Block] = [
        Table(
            "Mødeoplysninger",
            ("", ""),
            (
                ("Organ", body["name"]),
                ("Møde", meeting["title"]),
                ("Tidspunkt", when),
                ("Sted", meeting["place"] or DASH),
                ("Deltagere", ", ".join(meeting["participants"]) or DASH),
                ("Gæster", ", ".join(meeting["guests"]) or DASH),
                ("Referent", inputs["author"] or DASH),
            ),
            widths=(0.25, 0.75),
            key_value=True,
        ),
    ]
    if draft:
        blocks.insert(0, Para("Udkast – referatet er ikke godkendt.", "small"))
    blocks.append(Heading("Dagsorden"))
    blocks.append(
        Bullets(tuple(f"{i['position']}. {i['title']}" for i in inputs["items"]) or (DASH,))
    )
    conditions: list[tuple[str, ...]] = []
    for item in inputs["items"]:
        blocks.append(Heading(f"Punkt {item['position']}. {item['title']}", 2))
        blocks.append(Para(f"Type: {item['kind']}", "small"))
        if item["description"]:
            blocks.append(Para(item["description"]))
        blocks.append(Para(f"Beslutning: {item['decision_label'] if item['decision'] else DASH}"))
        if item["reasoning"]:
            blocks.append(Para(f"Begrundelse: {item['reasoning']}"))
        for cond in item["conditions"]:
            conditions.append(
                (str(item["position"]), cond["text"], cond["owner"] or DASH, date(cond["due_date"]))
            )
        if item["conditions"]:
            blocks.append(
                Bullets(
                    tuple(
                        f"Vilkår: {x['text']} (ansvarlig: {x['owner'] or DASH}, "
                        f"frist {date(x['due_date'])})"
                        for x in item["conditions"]
                    )
                )
            )
    blocks.append(Heading("Vilkår fastsat på mødet"))
    if conditions:
        blocks.append(
            Table(
                "Vilkår, ansvarlige og frister",
                ("Punkt", "Vilkår", "Ansvarlig", "Frist"),
                tuple(conditions),
                widths=(0.1, 0.5, 0.22, 0.18),
            )
        )
    else:
        blocks.append(Para("Mødet fastsatte ingen vilkår."))
    blocks.append(Signature("Referatet godkendt af formanden"))
    return Document(
        title=f"Referat: {meeting['title']}",
        subtitle=f"{body['name']} · {date(meeting['date'])}",
        header=header,
        footer=f"{org['name']} · {date(meeting['date'])}",
        author=inputs["author"] or org["name"],
        organization=org["name"],
        demo=demo,
        generated_at=dt.datetime.fromisoformat(inputs["generated_at"]),
        blocks=tuple(blocks),
        keywords=("referat", "kontrolorgan"),
        comments="Genereret af Styrbar ud fra referatets gemte input.",
    )


def render(inputs: dict[str, Any], *, draft: bool = False) -> tuple[bytes, bytes]:
    """(DOCX, PDF) bytes from the inputs alone."""
    document = build(inputs, draft=draft)
    return docx_render.render_document(document), pdf_render.render_document(document)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def freeze(meeting: Meeting, *, actor: Any, now: dt.datetime) -> dict[str, Any]:
    """Store the minutes' inputs and files on the meeting (the approval's freeze hook)."""
    stored = json.loads(json.dumps(gather(meeting, actor=actor, now=now)))
    docx, pdf = render(stored)
    meeting.minutes_inputs = stored
    meeting.minutes_docx = docx
    meeting.minutes_pdf = pdf
    meeting.minutes_docx_sha256 = sha256(docx)
    meeting.minutes_pdf_sha256 = sha256(pdf)
    return {"minutes_docx_sha256": meeting.minutes_docx_sha256}


def files(meeting: Meeting) -> tuple[bytes, bytes, bool]:
    """(DOCX, PDF, approved): the stored files of approved minutes, else a draft."""
    if meeting.status == c.MeetingStatus.APPROVED and meeting.minutes_docx:
        return bytes(meeting.minutes_docx), bytes(meeting.minutes_pdf or b""), True
    docx, pdf = render(json.loads(json.dumps(gather(meeting))), draft=True)
    return docx, pdf, False


def regenerate(meeting: Meeting) -> bool:
    """Render the stored inputs again: True when both files are identical to the stored."""
    if not meeting.minutes_inputs:
        return False
    docx, pdf = render(meeting.minutes_inputs)
    return sha256(docx) == meeting.minutes_docx_sha256 and sha256(pdf) == meeting.minutes_pdf_sha256
