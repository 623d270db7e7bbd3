"""The kontrolorgan's meeting from agenda to minutes: plan a meeting, generate its agenda
(a procurement request waiting for the kontrolorgan and a solution review that is due),
read the case papers, hold the meeting, approve the request with a condition (the request
moves on), hold the review with the systemejer and complete it with a finding, approve
and download the minutes, then see the overdue condition on the next meeting's agenda;
axe on every page state. Each step is a function of its own, called in order."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
from playwright.sync_api import expect

from controlbody import services
from controlbody.choices import MemberRole
from controlbody.models import Condition, Meeting
from organizations.demo import DEMO_PASSWORD
from portfolio.models import RoleType, UsageRole
from procurement.choices import Stage
from procurement.models import ProcurementRequest
from procurement.tests.test_workflow import make_request, walk
from reviews.choices import ActionStatus, ReviewStatus
from reviews.models import SolutionReview
from reviews.tests.factories import make_review, make_usage
from tests.browser.conftest import assert_accessible, login

TITLE = "Fælles videoplatform til borgermøder"
SYSTEM = "Booking af lokaler"
FINDING = "Bookingen virker ikke i Safari på iPhone"
CONDITION = "Tilgængelighedserklæring offentliggøres"
YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def _setup(demo: Any) -> ProcurementRequest:
    users = demo.users
    services.body_save(
        actor=users["arkitekt"],
        organization=demo.kommune,
        name="Kontrolorgan for digitalisering",
        mandate="Gennemgår anskaffelser og løsninger i drift.",
        members=[(users["arkitekt"], MemberRole.CHAIR), (users["admin"], MemberRole.SECRETARY)],
    )
    # A system in operation whose review is due today, with its systemejer.
    usage = make_usage(demo.kommune, local_name=SYSTEM, data_sensitivity="personal")
    # (get_or_create: transactional browser tests flush the rows the migrations made)
    owner_role, _new = RoleType.objects.get_or_create(
        key="systemejer", organization=None, defaults={"name": "Systemejer", "grants_edit": True}
    )
    UsageRole.objects.create(usage=usage, role_type=owner_role, user=users["systemejer"])
    make_review(demo.kommune, usage=usage, planned_date=dt.date.today())
    request = make_request(demo.kommune, users["arkitekt"], title=TITLE)
    return walk(users["arkitekt"], request, Stage.KONTROLORGAN)


def plan_meeting(page: Any, title: str, day: dt.date) -> None:
    page.get_by_role("navigation", name="Moduler").get_by_role("link", name="Kontrolorgan").click()
    expect(page.get_by_role("heading", name="Kontrolorgan for digitalisering")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Planlæg møde").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Sted").fill("Rådhuset, mødelokale 3")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    assert_accessible(page)


def generate_agenda(page: Any, expected: str) -> None:
    page.get_by_role("button", name="Dan dagsorden").click()
    expect(page.locator(".alert-success")).to_contain_text("nye punkter")
    expect(page.locator("#agenda")).to_contain_text(expected)
    assert_accessible(page)


def read_case_papers(page: Any) -> None:
    _item(page, TITLE).get_by_role("link", name="Vis sagens papirer").click()
    expect(page.get_by_role("table", name="Spørgsmål og svar")).to_be_visible()
    expect(page.get_by_role("heading", name="Genbrugskandidater")).to_be_visible()
    assert_accessible(page)


def hold_meeting(page: Any) -> None:
    page.get_by_role("button", name="Markér mødet som afholdt").click()
    expect(page.locator("#meeting-status")).to_have_text("Afholdt")
    assert_accessible(page)


def _item(page: Any, text: str) -> Any:
    return page.locator("#agenda li.styrbar-agenda-item", has_text=text)


def decide_request_with_condition(page: Any, request: ProcurementRequest) -> None:
    item = _item(page, TITLE)
    item.locator("details summary").click()
    form = item.locator("form").filter(has=page.get_by_label("Begrundelse"))
    # DKFDS draws its own radio button; the label is what a user clicks.
    form.locator("label", has_text="Godkendt med vilkår").click()
    expect(form.get_by_label("Godkendt med vilkår")).to_be_checked()
    form.get_by_label("Begrundelse").fill(
        "Behovet er afklaret; tilgængeligheden skal dokumenteres."
    )
    form.get_by_label("Vilkår 1").fill(CONDITION)
    form.get_by_label("eller ansvarlig (navn)").first.fill("Borgerservice")
    # A deadline that has passed when the next meeting's agenda is made.
    form.get_by_label("Frist").first.fill(YESTERDAY.isoformat())
    assert_accessible(page)
    form.get_by_role("button", name="Registrér beslutning").click()
    expect(page.locator(".alert-success")).to_contain_text("Godkendt med vilkår")
    expect(page.locator("#agenda")).to_contain_text(CONDITION)
    assert_accessible(page)
    request.refresh_from_db()
    assert request.stage == Stage.BESLUTNING
    assert request.conditions.get().text == CONDITION


def hold_review_with_a_finding(page: Any) -> None:
    """From the agenda to the review page: every checklist item answered, one a finding;
    the review completed with the systemejer; back on the agenda it is taken to note."""
    meeting_url = page.url
    _item(page, SYSTEM).get_by_role("link", name="Åbn sagen").click()
    expect(page.get_by_role("heading", name="Tjekliste")).to_be_visible()
    assert_accessible(page)
    groups = page.locator("#tjekliste div.form-group[id^=punkt-]")
    for n in range(groups.count()):
        group = groups.nth(n)
        answer = "Fund" if n == 0 else "I orden"
        group.locator("label.form-label", has_text=answer).first.click()
        if n == 0:
            group.get_by_label("Note").fill(FINDING)
    page.get_by_role("button", name="Gem svar").click()
    expect(page.locator("#handlinger")).to_contain_text(FINDING)
    assert_accessible(page)
    page.get_by_label("Afholdt dato").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Afslut gennemgangen").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert_accessible(page)
    review = SolutionReview.objects.get(usage__local_name=SYSTEM)
    assert (review.status, review.held_date) == (ReviewStatus.COMPLETED, dt.date.today())
    finding = review.findings.get()
    assert finding.status == ActionStatus.OPEN and finding.due_date is not None
    assert finding.owner is not None
    # Back at the meeting: the review item is taken to note.
    page.goto(meeting_url)
    item = _item(page, SYSTEM)
    item.locator("details summary").click()
    form = item.locator("form").filter(has=page.get_by_label("Begrundelse"))
    form.locator("label", has_text="Til orientering").click()
    form.get_by_label("Begrundelse").fill("Gennemgået med systemejeren; et fund følges.")
    form.get_by_role("button", name="Registrér beslutning").click()
    expect(page.locator(".alert-success")).to_contain_text("Til orientering")
    assert_accessible(page)


def approve_minutes(page: Any, meeting_title: str) -> None:
    page.get_by_role("button", name="Godkend referatet").click()
    expect(page.locator("#meeting-status")).to_have_text("Referat godkendt")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Referat som Word (DOCX)").click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert f"Referat: {meeting_title}" in text and CONDITION in text
    meeting = Meeting.objects.get(title=meeting_title)
    assert meeting.minutes_docx_sha256


STEPS = (
    "plan_meeting",
    "generate_agenda",
    "read_case_papers",
    "hold_meeting",
    "decide_request_with_condition",
    "hold_review_with_a_finding",
    "approve_minutes",
    "next_agenda_has_the_overdue_condition",
)


def test_a_meeting_from_agenda_to_minutes_and_the_condition_on_the_next(
    page: Any, demo: Any
) -> None:
    request = _setup(demo)
    login(page, "arkitekt", DEMO_PASSWORD)
    first = "Kontrolorganets møde i dag"
    plan_meeting(page, first, dt.date.today())
    generate_agenda(page, f"Anskaffelse: {TITLE}")
    expect(page.locator("#agenda")).to_contain_text(SYSTEM)
    read_case_papers(page)
    hold_meeting(page)
    decide_request_with_condition(page, request)
    hold_review_with_a_finding(page)
    approve_minutes(page, first)

    # The next meeting: the condition's deadline has passed, so it is on the agenda.
    plan_meeting(page, "Kontrolorganets næste møde", dt.date.today() + dt.timedelta(days=14))
    # (procurement reports it: the request's own condition, opened from the agenda)
    generate_agenda(page, f"Vilkår: {CONDITION}")
    _item(page, CONDITION).get_by_role("link", name="Åbn sagen").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.locator("#vilkaar")).to_contain_text(CONDITION)
    assert_accessible(page)
    assert Condition.objects.get().is_open
