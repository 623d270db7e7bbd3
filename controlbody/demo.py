"""Demo: Eksempel Kommune's kontrolorgan (fictional people, systems and decisions).

Members from the demo users (Arne Arkitekt chairs, Anne Administrator is secretary),
established by the roadmap milestone that introduces a kontrolorgan when there is one;
five past meetings with decided points, approved minutes and conditions (two met or lapsed,
two overdue, one still running); one meeting in two weeks with an agenda generated from
what is due (the requests waiting for the kontrolorgan, the overdue conditions, …).
Everything goes through the services, so the audit log and the workflows are the real ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from controlbody import choices as c
from controlbody import services
from controlbody.models import ControlBody, Meeting
from roadmaps.models import Milestone

MANDATE = (
    "Kontrolorganet gennemgår alle anskaffelser over beløbsgrænsen og alle løsninger i drift "
    "sammen med systemejeren, løbende og efter en fast kadence. Det kan godkende, godkende "
    "med vilkår, afvise eller udsætte, og det følger sine vilkår, til de er lukket."
)

# (days before today, title, [(point, decision, reasoning, [(condition, due date in days from
# today, closed as)])])
PAST: list[tuple[int, str, list[tuple[str, str, str, list[tuple[str, int, str]]]]]] = [
    (
        150,
        "Kontrolorganets møde – januar",
        [
            (
                "Løsningsgennemgang: Sagsbehandlingssystem for byggesager",
                c.Decision.APPROVED_WITH_CONDITIONS,
                "Løsningen lever op til kravene, men styringsplanen er ikke testet i år.",
                [
                    (
                        "Test styringsplanens opdateringsprocedure og dokumentér resultatet",
                        -120,
                        "opfyldt",
                    )
                ],
            ),
            (
                "Orientering om ny fælleskommunal komponent",
                c.Decision.NOTED,
                "Taget til efterretning.",
                [],
            ),
        ],
    ),
    (
        120,
        "Kontrolorganets møde – februar",
        [
            (
                "Løsningsgennemgang: Bookingsystem til idrætshaller",
                c.Decision.APPROVED_WITH_CONDITIONS,
                "Tilgængelighedserklæringen mangler for mobilappen.",
                [("Offentliggør tilgængelighedserklæring for mobilappen", -90, "bortfaldet")],
            ),
        ],
    ),
    (
        90,
        "Kontrolorganets møde – marts",
        [
            (
                "Løsningsgennemgang: Elevplatform i skolerne",
                c.Decision.APPROVED_WITH_CONDITIONS,
                "Databehandleraftalen er udløbet; tilsyn med databehandleren mangler.",
                [("Forny databehandleraftalen og gennemfør tilsyn", -20, "")],
            ),
        ],
    ),
    (
        60,
        "Kontrolorganets møde – april",
        [
            (
                "Ønske om undtagelse: lokal installation af kortværktøj",
                c.Decision.APPROVED_WITH_CONDITIONS,
                "Undtagelsen gives midlertidigt, til den fælles GIS-platform er klar.",
                [("Udarbejd exit-plan for den lokale installation", -5, "")],
            ),
            ("Status på anskaffelser", c.Decision.NOTED, "Taget til efterretning.", []),
        ],
    ),
    (
        30,
        "Kontrolorganets møde – maj",
        [
            (
                "Løsningsgennemgang: Borgerrettet selvbetjening for parkering",
                c.Decision.APPROVED_WITH_CONDITIONS,
                "Løsningen understøtter ikke alle browsere, den lover.",
                [("Dokumentér test på alle understøttede browsere", 30, "")],
            ),
            (
                "Kontrakt for skoleintra-afløser",
                c.Decision.POSTPONED,
                "Afventer leverandørens svar.",
                [],
            ),
        ],
    ),
]


def _milestone(kommune: Any) -> Milestone | None:
    return (
        Milestone.objects.filter(roadmap__organization=kommune, title__icontains="kontrolorgan")
        .order_by("pk")
        .first()
    )


def seed(result: Any) -> ControlBody | None:
    kommune, users = result.kommune, result.users
    chair, secretary = users["arkitekt"], users["admin"]
    existing = ControlBody.objects.filter(organization=kommune).first()
    if existing is not None and Meeting.objects.filter(body=existing).exists():
        return existing
    today = timezone.localdate()
    with transaction.atomic():
        body = services.body_save(
            actor=chair,
            organization=kommune,
            name="Kontrolorgan for digitalisering",
            mandate=MANDATE,
            established_by=_milestone(kommune),
            members=[
                (chair, c.MemberRole.CHAIR),
                (secretary, c.MemberRole.SECRETARY),
                (users["systemejer"], c.MemberRole.MEMBER),
                (users["indkoeber"], c.MemberRole.MEMBER),
            ],
        )
        people = [chair, secretary, users["systemejer"], users["indkoeber"]]
        for days, title, points in PAST:
            _past_meeting(chair, kommune, people, today - dt.timedelta(days=days), title, points)
        upcoming = services.meeting_create(
            actor=secretary,
            organization=kommune,
            title="Kontrolorganets møde – næste",
            date=today + dt.timedelta(days=14),
            start_time=dt.time(13, 0),
            place="Rådhuset, mødelokale 3",
            guests="Systemejer for parkering (gæst)",
            participants=people,
        )
        services.agenda_generate(actor=secretary, meeting=upcoming, today=today)
    return body


def _past_meeting(
    actor: Any,
    kommune: Any,
    people: list[Any],
    day: dt.date,
    title: str,
    points: list[tuple[str, str, str, list[tuple[str, int, str]]]],
) -> None:
    meeting = services.meeting_create(
        actor=actor,
        organization=kommune,
        title=title,
        date=day,
        start_time=dt.time(9, 30),
        place="Rådhuset, mødelokale 3",
        participants=people,
    )
    items = [services.item_add(actor=actor, meeting=meeting, title=point) for point, *_ in points]
    services.meeting_move(actor=actor, meeting=meeting, transition_name="hold")
    closings = []
    for item, (_point, decision, reasoning, conditions) in zip(items, points, strict=True):
        rows = [
            {
                "text": text,
                "due_date": timezone.localdate() + dt.timedelta(days=offset),
                "owner": people[2],
            }
            for text, offset, _closed in conditions
        ]
        decided = services.item_decide(
            actor=actor, item=item, decision=decision, reasoning=reasoning, conditions=rows
        )
        for condition, (_text, _offset, closed) in zip(
            decided.conditions.all(), conditions, strict=True
        ):
            if closed:
                closings.append((condition, closed))
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(15, 0)))
    services.meeting_move(
        actor=actor, meeting=meeting, transition_name="approve_minutes", now=moment
    )
    for condition, status in closings:
        services.condition_close(
            actor=actor,
            condition=condition,
            status=status,
            closing_note="Dokumentation modtaget." if status == "opfyldt" else "Appen er udfaset.",
            closed_on=min(condition.due_date, timezone.localdate()),
        )
