"""A need from submission to operation: the guided form, clarification, a show stopper
refused and then overridden by an arkitekt, reuse candidates, the decision with a
condition, implementation and the hand-over into the portfolio; axe on every page state."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from organizations.demo import DEMO_PASSWORD
from portfolio.models import CatalogSystem, KleSubject, SystemUsage
from portfolio.tests import factories as f
from procurement.models import Condition, ProcurementRequest
from tests.browser.conftest import assert_accessible, login

# Set to a directory to keep screenshots of the pages (for a look by eye).
SCREENSHOTS = os.environ.get("STYRBAR_SCREENSHOTS", "")
TITLE = "Booking af mødelokaler"
CONDITION = "Databehandleraftalen er underskrevet før idriftsættelse"


def _screenshot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def _landscape(demo: Any) -> tuple[KleSubject, CatalogSystem]:
    """Two usages the request should find (one shares its KLE subject, one has a name like
    the need) and the catalog system the request is handed over with."""
    # Reference data from the migrations is flushed between transactional tests.
    kle, _ = KleSubject.objects.get_or_create(
        number="00.01.10", defaults={"title": "Mødelokaler (syntetisk)", "level": "emne"}
    )
    portal = f.catalog_system(None, name="Lokaleportalen (katalog)", vendor=f.vendor())
    portal.kle_subjects.add(kle)
    f.usage(demo.kommune, local_name="Lokaleportalen", catalog_system=portal)
    f.usage(demo.kommune, local_name="Mødebooking")
    target = f.catalog_system(None, name="Fjordbooking", vendor=f.vendor(name="Fjordsystemer A/S"))
    return kle, target


def _answer(page: Any, key: str, value: str, note: str = "") -> None:
    item = page.locator(f"#q-{key}")
    item.get_by_label("Svar", exact=True).select_option(value)
    if note:
        item.get_by_label("Uddybning (valgfri)").fill(note)
    item.get_by_role("button", name="svar").click()
    expect(page.locator(".alert-success")).to_contain_text("Svaret er gemt.")
    expect(page.locator(f"#q-{key}")).to_contain_text("Svar:")


def _move(page: Any, name: str, label: str) -> None:
    page.locator(f"#move-{name}").get_by_role("button", name=label).click()


def _stage(page: Any, label: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(f"fasen »{label}«")
    expect(page.locator(".styrbar-stages [aria-current='step']")).to_contain_text(label)


def test_a_need_from_submission_to_the_portfolio(page: Any, demo: Any) -> None:
    kle, target = _landscape(demo)
    login(page, "indkoeber", DEMO_PASSWORD)

    # The list, then the guided form.
    page.get_by_role("navigation", name="Moduler").get_by_role("link", name="Anskaffelser").click()
    expect(page.get_by_role("heading", name="Anskaffelser", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Opret").click()
    expect(page.get_by_label("Hvilket problem skal løses")).to_be_visible()
    assert_accessible(page)
    _screenshot(page, "01-create.png")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    assert not ProcurementRequest.objects.exists()
    assert_accessible(page)
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Hvilket problem skal løses").fill(
        "Mødelokaler bookes i et delt regneark, og dobbeltbookinger er hyppige."
    )
    page.get_by_label("KLE-emner").select_option(str(kle.pk))
    page.get_by_label("Forvaltning/enhed").select_option(label="Borgerservice")
    page.get_by_label("Antal brugere").fill("400")
    page.get_by_label("Hvem berøres").select_option("citizens")
    page.get_by_role("group", name="Kanaler").get_by_label("Digital selvbetjening").check()
    page.get_by_label("Personoplysninger").select_option("ordinary")
    page.get_by_label("Forventet engangsudgift (kr.)").fill("40.000")
    page.get_by_label("Forventet årlig udgift (kr.)").fill("12.000")
    page.get_by_label("Ansvarlig (navn)").fill("Bente Borgerservice")
    page.get_by_label("Styringsstrategi").select_option("borgernaer_service")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    request = ProcurementRequest.objects.get(title=TITLE)
    assert request.stage == "ide" and request.strategy == "borgernaer_service"
    assert request.channels == ["self_service"] and request.budget_yearly == 12000

    # An idea: the stage bar, reuse candidates (own KLE subject first, then a like name).
    expect(page.locator(".styrbar-stages [aria-current='step']")).to_contain_text("Idé")
    candidates = page.locator("#reuse-candidates tbody tr")
    expect(candidates.first).to_contain_text("Lokaleportalen")
    expect(candidates.first).to_contain_text("Dækker 1 af anmodningens 1 KLE-emner")
    expect(page.locator("#reuse-candidates")).to_contain_text("Mødebooking")
    expect(page.locator("#reuse-candidates")).to_contain_text("ligner behovet")
    assert_accessible(page)
    _screenshot(page, "02-idea.png")

    # Clarification: the stage's questions are open; answering one moves nothing.
    _move(page, "clarify", "Start afklaring")
    _stage(page, "Afklaring")
    expect(page.locator("#status")).to_contain_text("Indkøber")
    expect(page.locator("#fase-afklaring details")).to_have_attribute("open", "")
    expect(page.locator("#fase-kontrolorgan details")).not_to_have_attribute("open", "")
    assert_accessible(page)
    _screenshot(page, "03-clarification.png")
    _answer(page, "eksisterende_loesning", "ja", "Lokaleportalen kan ikke tage imod borgere.")
    expect(page.locator("#q-eksisterende_loesning")).to_contain_text("Besvaret")
    assert_accessible(page)
    _answer(page, "forretningsbehov", "ja")
    _answer(page, "totalomkostning", "ja")
    _answer(page, "alle_platforme", "ja")
    _answer(page, "kontraktvej", "nej", "Ingen rammeaftale dækker borgerbooking.")
    stopper = page.locator("#q-kontraktvej")
    expect(stopper).to_contain_text("Stopklods")
    expect(page.locator("#videre .alert-warning")).to_contain_text("Er kontraktvejen valgt")
    assert_accessible(page)
    _screenshot(page, "04-show-stopper.png")

    # The show stopper refuses the move, naming the question.
    _move(page, "to_decision", "Send til beslutning")
    error = page.locator(".alert-error")
    expect(error).to_contain_text("Anmodningen kan ikke gå videre, før disse spørgsmål er løst")
    expect(error).to_contain_text("»Er kontraktvejen valgt")
    assert ProcurementRequest.objects.get(pk=request.pk).stage == "afklaring"
    assert_accessible(page)

    # An indkøber may not override; an arkitekt overrides with a reason.
    expect(stopper.get_by_role("button", name="Tilsidesæt")).to_have_count(0)
    page.get_by_role("button", name="Log af").click()
    login(page, "arkitekt", DEMO_PASSWORD)
    page.goto(request.get_absolute_url())
    stopper = page.locator("#q-kontraktvej")
    stopper.get_by_label("Begrundelse for at tilsidesætte").fill(
        "Direkte køb under tærskelværdien er aftalt med indkøbschefen."
    )
    stopper.get_by_role("button", name="Tilsidesæt").click()
    expect(page.locator(".alert-success")).to_contain_text("Stopklodsen er tilsidesat")
    expect(page.locator("#q-kontraktvej")).to_contain_text("Tilsidesat")
    expect(page.locator("#q-kontraktvej")).to_contain_text("aftalt med indkøbschefen")
    expect(page.locator("#videre .alert-warning")).to_have_count(0)
    assert_accessible(page)
    _screenshot(page, "05-overridden.png")

    # Decision: the earlier stages' show stoppers are answered first.
    _move(page, "to_decision", "Send til beslutning")
    _stage(page, "Beslutning")
    expect(page.locator(".styrbar-stages .styrbar-stage-skipped")).to_contain_text("Kontrolorgan")
    expect(page.locator("#fase-kontrolorgan details")).to_have_attribute("open", "")
    assert_accessible(page)
    _answer(page, "databehandling", "ja", "Databehandleraftale efter kommunens skabelon.")
    _answer(page, "tilgaengelighed", "ja")
    _answer(page, "exit", "ja")
    decide = page.locator("#move-decide")
    decide.get_by_label("Besluttende organ").select_option(label="Anskaffelsesteamet")
    decide.get_by_label("Beslutning", exact=True).fill("Godkendt inden for budgettet.")
    decide.get_by_label("Mødereference (valgfri)").fill("Anskaffelsesteamet, møde 12, pkt. 3")
    _screenshot(page, "06-decision.png")
    decide.get_by_role("button", name="Registrér beslutning").click()
    _stage(page, "Anskaffelse")
    expect(page.locator("#vilkaar")).to_contain_text("Godkendt inden for budgettet.")

    # A condition with an owner and a due date.
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    conditions = page.locator("#vilkaar")
    text = conditions.get_by_role("textbox", name=re.compile(r"^Vilkår"))
    expect(text).to_be_visible()
    text.fill(CONDITION)
    conditions.get_by_label("Ansvarlig", exact=True).select_option(label="Inge Indkøber")
    conditions.get_by_label("Frist").fill(due)
    conditions.get_by_role("button", name="Tilføj vilkår").click()
    expect(page.locator(".alert-success")).to_contain_text("Vilkåret er tilføjet.")
    expect(page.locator("#conditions")).to_contain_text(CONDITION)
    expect(page.locator("#conditions")).to_contain_text("Inge Indkøber")
    assert_accessible(page)
    _screenshot(page, "07-decided.png")

    # Implementation, then operation: the usage is created from a catalog system.
    _answer(page, "governanceplan", "ja", "Opdateringer testes hvert kvartal.")
    _move(page, "implement", "Anskaffet: start implementering")
    _stage(page, "Implementering")
    assert_accessible(page)
    go_live = page.locator("#move-go_live")
    go_live.get_by_label("Eller opret fra katalogsystem").select_option(label="Fjordbooking")
    go_live.get_by_role("button", name="I drift: overdrag til porteføljen").click()
    _stage(page, "I drift")
    expect(page.get_by_text("Anmodningen er afsluttet: I drift.")).to_be_visible()
    page.locator("#conditions").get_by_role("button", name=re.compile("^Opfyldt")).click()
    expect(page.locator(".alert-success")).to_contain_text("Vilkåret er markeret som opfyldt.")
    assert Condition.objects.get(request=request).done_on == timezone.localdate()
    expect(page.locator("#moves tbody tr")).to_have_count(5)
    assert_accessible(page)
    _screenshot(page, "08-in-operation.png")

    # The hand-over: the usage carries what the request knew.
    usage = SystemUsage.objects.get(organization=demo.kommune, catalog_system=target)
    assert ProcurementRequest.objects.get(pk=request.pk).usage == usage
    assert list(usage.kle_additions.all()) == [kle]
    assert usage.data_sensitivity == "personal"
    page.locator("#oplysninger").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    details = page.locator("main dl")
    expect(details).to_contain_text("Fjordbooking")
    expect(details).to_contain_text("Borgerservice")
    assert_accessible(page)
    page.get_by_role("link", name="Platforme og styringsplan").click()
    expect(page.get_by_text("Alle gængse browsere: ja")).to_be_visible()
    expect(page.locator("main dl").last).to_contain_text("Bente Borgerservice")
    page.get_by_role("link", name="GDPR og sikkerhed").click()
    expect(page.locator("main dl").first).to_contain_text("Almindelige personoplysninger")

    # The lead time of the one request that went all the way.
    page.get_by_role("navigation", name="Moduler").get_by_role("link", name="Gennemløbstid").click()
    expect(page.get_by_role("heading", name="Gennemløbstid for anskaffelser")).to_be_visible()
    summary = page.locator("#leadtime-summary")
    expect(summary).to_contain_text("Anmodninger i alt: 1, heraf åbne: 0.")
    expect(summary).to_contain_text("1 er besluttet")
    expect(page.locator("[data-chart='chart-stages'][data-drawn='true']")).to_be_visible()
    assert_accessible(page)
    _screenshot(page, "09-leadtime.png")
