"""Demo channel numbers for Eksempel Kommune (synthetic, and it looks it).

Two years of monthly contacts (the 24 whole months before this month) for the four
services of the demo channel-shift case plus one more area, with a seasonal pattern and
a slow drift towards digital. A communication campaign (an activity of the demo plan,
linked to the case and to a roadmap milestone when there is one) lifts the digital share
of Flytning and Affald og genbrug from the month after it; the other areas only drift.
Also two involvement records, quarterly satisfaction measurements and measured unit
prices for last year. Bulk-inserted without audit events (seeding is not a governed
write); idempotent: an organization with channel numbers is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from channels.choices import ActivityChannel, Audience, Channel, InvolvementKind
from channels.models import (
    ChannelCount,
    CommunicationActivity,
    Involvement,
    Satisfaction,
    ServiceArea,
    UnitCost,
)
from channels.statistics import add_months

CASE_NAME = "Kanalomlægning i Borgerservice"
CAMPAIGN = "Kampagne: Flyt digitalt – og sorter affaldet på nettet"
# (area, contacts a year, digital share at the start, seasonal peak month or 0)
AREAS = (
    ("Pas og kørekort", 24000, Decimal("0.25"), 5),
    ("Flytning", 20000, Decimal("0.55"), 7),
    ("Affald og genbrug", 20000, Decimal("0.40"), 4),
    ("Byggesager: forespørgsler", 10000, Decimal("0.30"), 0),
    ("Boligstøtte", 8000, Decimal("0.45"), 0),
)
CAMPAIGN_AREAS = ("Flytning", "Affald og genbrug")
CAMPAIGN_LIFT = Decimal("0.14")  # share points gained over the two months after it


def _split(total: int, share: Decimal, rng: random.Random) -> dict[str, int]:
    digital = int(total * share)
    personal = total - digital
    chat = int(digital * Decimal("0.06"))
    post = int(digital * Decimal("0.22"))
    attendance = int(personal * Decimal(rng.uniform(0.5, 0.6)))
    return {
        Channel.ATTENDANCE: attendance,
        Channel.PHONE: personal - attendance,
        Channel.SELF_SERVICE: digital - chat - post,
        Channel.DIGITAL_POST: post,
        Channel.CHAT: chat,
    }


def numbers(first: dt.date, campaign: dt.date) -> list[tuple[str, dt.date, dict[str, int]]]:
    """(area, month, contacts per channel) for the 24 months from ``first``."""
    rng = random.Random(2026)  # noqa: S311 - synthetic demo data
    rows = []
    for name, yearly, start, peak in AREAS:
        for i in range(24):
            month = add_months(first, i)
            season = 1.0 + (0.25 if peak and abs(month.month - peak) <= 1 else 0.0)
            total = int(yearly / 12 * season * rng.uniform(0.92, 1.08))
            share = start + Decimal("0.004") * i  # the slow drift
            if name in CAMPAIGN_AREAS and month > campaign:
                gained = 1 if month == add_months(campaign, 1) else 2
                share += CAMPAIGN_LIFT * gained / 2
            share = min(share + Decimal(rng.uniform(-0.01, 0.01)), Decimal("0.85"))
            rows.append((name, month, _split(total, share, rng)))
    return rows


def seed(result: Any) -> None:
    kommune = result.kommune
    if ChannelCount.objects.filter(organization=kommune).exists():
        return
    today = timezone.localdate().replace(day=1)
    first = add_months(today, -24)
    campaign = add_months(first, 12)  # the campaign's month, mid-way
    with transaction.atomic():
        areas = {
            name: ServiceArea.objects.get_or_create(organization=kommune, name=name)[0]
            for name, *_rest in AREAS
        }
        ChannelCount.objects.bulk_create(
            ChannelCount(
                organization=kommune,
                area=areas[name],
                month=month,
                channel=channel,
                contacts=contacts,
                source="Demo: syntetiske kanaltal",
            )
            for name, month, by_channel in numbers(first, campaign)
            for channel, contacts in by_channel.items()
        )
        _plan(kommune, areas, campaign)
        _involvement(kommune, areas, campaign)
        _satisfaction(kommune, areas, first)
        UnitCost.objects.get_or_create(
            organization=kommune,
            year=today.year - 1,
            defaults={
                "in_person": Decimal("231.00"),
                "digital": Decimal("92.00"),
                "source": "Demo: tidsregistrering i Borgerservice (syntetisk)",
            },
        )


def _plan(kommune: Any, areas: dict[str, ServiceArea], campaign: dt.date) -> None:
    from businesscases.models import BusinessCase
    from roadmaps.models import Milestone

    case = BusinessCase.objects.filter(organization=kommune, name=CASE_NAME).first()
    milestone = (
        Milestone.objects.filter(roadmap__organization=kommune).order_by("roadmap", "order").first()
    )
    activity = CommunicationActivity.objects.create(
        organization=kommune,
        name=CAMPAIGN,
        description=(
            "Annoncer i lokalavisen og på sociale medier, plakater i Borgerservice og et brev "
            "i Digital Post til alle, der flyttede det seneste år. Syntetisk demo."
        ),
        audience=Audience.CITIZENS,
        channel=ActivityChannel.SOCIAL,
        date=campaign.replace(day=15),
        owner="Kommunikation og Borgerservice",
        cost=Decimal("185000"),
        milestone=milestone,
        business_case=case,
    )
    activity.areas.set([areas[name] for name in CAMPAIGN_AREAS])
    staff = CommunicationActivity.objects.create(
        organization=kommune,
        name="Medarbejdere i Borgerservice viser selvbetjening ved skranken",
        description="Kort oplæring, så medarbejderne hjælper borgeren i gang på egen telefon.",
        audience=Audience.STAFF,
        channel=ActivityChannel.MEETING,
        date=add_months(campaign, 6).replace(day=3),
        owner="Borgerservice",
        cost=Decimal("40000"),
        business_case=case,
    )
    staff.areas.set([areas["Pas og kørekort"]])


def _involvement(kommune: Any, areas: dict[str, ServiceArea], campaign: dt.date) -> None:
    Involvement.objects.create(
        organization=kommune,
        name="Brugertest af den digitale flytteanmeldelse",
        solution="Digital flytning",
        area=areas["Flytning"],
        kind=InvolvementKind.USER_TEST,
        held_on=add_months(campaign, -3).replace(day=10),
        participants=8,
        findings="Fem af otte fandt ikke, hvor børn tilføjes; to troede, at de var færdige "
        "før kvitteringen.",
        changes="Feltet til børn står nu på første side, og kvitteringen siger tydeligt, at "
        "flytningen er anmeldt.",
    )
    Involvement.objects.create(
        organization=kommune,
        name="Borgerpanel om selvbetjening for ældre",
        solution="Pas og kørekort: tidsbestilling",
        area=areas["Pas og kørekort"],
        kind=InvolvementKind.PANEL,
        held_on=add_months(campaign, 2).replace(day=20),
        participants=14,
        findings="Panelet ville have en telefon at ringe til, hvis MitID driller.",
        changes="Telefonnummeret står nu på alle trin; fritagne borgere kan stadig møde op.",
    )


def _satisfaction(kommune: Any, areas: dict[str, ServiceArea], first: dt.date) -> None:
    rows = []
    for name in ("Flytning", "Pas og kørekort"):
        for quarter in range(8):
            month = add_months(first, quarter * 3 + 2)
            lift = Decimal("6") if name == "Flytning" and quarter >= 4 else Decimal(0)
            rows += [
                Satisfaction(
                    organization=kommune,
                    area=areas[name],
                    channel=Channel.SELF_SERVICE,
                    month=month,
                    satisfied_percent=Decimal("71.0") + quarter + lift,
                    respondents=150 + 10 * quarter,
                    method="Demo: spørgsmål efter endt selvbetjening",
                ),
                Satisfaction(
                    organization=kommune,
                    area=areas[name],
                    channel=Channel.ATTENDANCE,
                    month=month,
                    satisfied_percent=Decimal("84.0"),
                    respondents=60,
                    method="Demo: tablet ved udgangen",
                ),
            ]
    Satisfaction.objects.bulk_create(rows)
