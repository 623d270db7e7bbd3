"""A roadmap with political gates: completing a gated milestone is refused until
direktion and økonomiudvalg have approved, in that order; then the timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from roadmaps import services
from roadmaps.models import Milestone
from tests.browser.conftest import assert_accessible, login, open_module


def test_gates_block_completion_until_approved_then_timeline(page: Any, demo: Any) -> None:
    start = timezone.localdate() - dt.timedelta(days=30)
    roadmap = services.roadmap_create_from_strategy(
        actor=demo.users["arkitekt"],
        organization=demo.kommune,
        strategy="standardisering",
        start_date=start,
        name="Standardiseret it-indkøb 2027",
    )
    first = roadmap.milestones.get(order=1)
    login(page, "arkitekt", DEMO_PASSWORD)

    open_module(page, "Roadmaps")
    page.get_by_role("link", name="Standardiseret it-indkøb 2027").click()
    expect(page.get_by_role("heading", name="Standardiseret it-indkøb 2027")).to_be_visible()
    milestone_table = page.locator("#milestone-table")
    expect(milestone_table).to_contain_text("Forslag til Økonomiudvalget")
    expect(milestone_table).to_contain_text("Direktionen (afventer)")
    assert_accessible(page)

    # Completing the proposal milestone is refused: its gates are not approved.
    page.get_by_role("button", name="Markér som gennemført Forslag til Økonomiudvalget").click()
    error = page.locator(".alert-error")
    expect(error).to_contain_text("kan ikke markeres som gennemført")
    expect(error).to_contain_text("Direktionen")
    assert Milestone.objects.get(pk=first.pk).status == "planned"
    assert_accessible(page)

    # The økonomiudvalg cannot approve before the direktion.
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    gates = page.locator("#gate-table")
    gates.get_by_role("link", name="Registrér beslutning om Økonomiudvalget: Forslag").click()
    page.get_by_label("Godkendt").check()
    page.get_by_label("Besluttet den").fill(yesterday)
    page.get_by_label("Mødereference").fill("ØU 14-04-2026, pkt. 7")
    page.get_by_role("button", name="Registrér beslutning").click()
    expect(page.locator(".form-error-message").first).to_contain_text(
        "før Direktionen har godkendt"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Annullér").click()

    # Approve in the decision path's order.
    for name, reference in (
        ("Direktionen: Forslag", "Direktionsmøde 02-04-2026, pkt. 3"),
        ("Økonomiudvalget: Forslag", "ØU 14-04-2026, pkt. 7"),
    ):
        page.locator("#gate-table").get_by_role(
            "link", name=f"Registrér beslutning om {name}"
        ).click()
        page.get_by_label("Godkendt").check()
        page.get_by_label("Besluttet den").fill(yesterday)
        page.get_by_label("Mødereference").fill(reference)
        page.get_by_role("button", name="Registrér beslutning").click()
        expect(page.locator(".alert-success")).to_contain_text("Beslutningen er registreret.")
        expect(page.locator("#gate-table")).to_contain_text(reference)

    page.get_by_role("button", name="Markér som gennemført Forslag til Økonomiudvalget").click()
    expect(page.locator(".alert-success")).to_contain_text("er markeret som gennemført")
    expect(page.locator("#milestone-table")).to_contain_text("Gennemført")
    assert Milestone.objects.get(pk=first.pk).status == "done"

    # The timeline: a drawn chart and the same data in a table.
    page.get_by_role("link", name="Tidslinje").click()
    expect(
        page.get_by_role("heading", name="Tidslinje for Standardiseret it-indkøb 2027")
    ).to_be_visible()
    expect(page.locator("[data-chart='chart-timeline'][data-drawn='true']")).to_be_visible()
    table = page.locator("#timeline-table")
    expect(table).to_contain_text("Forslag til Økonomiudvalget")
    expect(table).to_contain_text("Direktionen: godkendt")
    assert_accessible(page)
