"""Synthetic portfolio landscapes: Eksempel Kommune's, and on request all 98 municipalities'.

* ``seed_portfolio_demo`` (registered as the portfolio's seeder in ``PortfolioConfig.ready``)
  gives the fictional Eksempel Kommune about 400 usages, 250 contracts, 800 integrations
  and 40 processes, on a shared fictional catalog of about 300 systems from 150 vendors.
* ``seed_national`` (``seed_demo --scale national``) adds a synthetic landscape to every
  real municipality — about 40,000 usages and 100,000 integrations in all — for
  benchmarks, and marks each of those municipalities as demo data.

Seeding is not a governed write. Rows are bulk-inserted without AuditEvents (an audit
trail of invented data would only bury the real one) and without the services' per-object
checks; the generator itself keeps every row valid (``portfolio/tests/test_demo.py``).

Everything is deterministic (``random.Random`` with fixed seeds; no set iteration, no
database order feeds the generator) and idempotent: each record has a stable key — a
uuid5 of organization, kind and index for vendors, catalog systems, usages, contracts and
integrations; the name for data objects and processes; the local id for units — and a
second run inserts only what is missing. Children (roles, costs, payments, steps, links)
are created together with their parent, so a parent that already exists is left alone.

All names of systems, vendors and people are invented; vendor websites and e-mail
addresses use the reserved ``.invalid`` domain and the synthetic CVR numbers start with
9. The shared municipal components (Serviceplatformen, Beskedfordeler, …) keep their real
names: they come from the reference-data migration and are integration targets here.
The demo catalog and vendors are shared (every organization sees them) and are marked as
maintained by Eksempel Kommune, so they can be told apart from real entries.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db import models, transaction

from organizations.choices import OrganizationKind, UnitKind
from organizations.demo import DEMO_UNITS, DemoResult
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    ContractPayment,
    ContractRole,
    DataObject,
    ExternalReference,
    Integration,
    KleSubject,
    ProcessStep,
    RoleType,
    SystemUsage,
    UsageCost,
    UsageRole,
    Vendor,
)
from portfolio.validators import CVR_WEIGHTS

T = TypeVar("T")

NAMESPACE = uuid.UUID("5d3f6a52-8c1e-4b8a-9f0e-2a7c61d4b9e3")
SEED = 3_2026
BATCH = 1000

CATALOG_SIZE = 300
VENDOR_COUNT = 150
HOSTING_VENDORS = 10  # operators and consultancies without products of their own
DEMO_SIZE_USAGES = 400
DEMO_SIZE_CONTRACTS = 250
DEMO_SIZE_INTEGRATIONS = 800
DEMO_SIZE_PROCESSES = 40
NATIONAL_INTEGRATIONS_PER_USAGE = 2.5
PAYMENT_YEARS = range(2022, 2028)
MIN_PAYMENT = Decimal("20000")
MAX_PAYMENT = Decimal("4000000")
LAST_CONTRACT_DAY = date(2031, 12, 31)

F = c.BusinessType.FAGSYSTEM
A = c.BusinessType.ADMINISTRATIVT
S = c.BusinessType.SELVBETJENING
INFRA = c.BusinessType.INFRASTRUKTUR
K = c.BusinessType.KONTOR
X = c.BusinessType.ANDET
NONE = c.DataSensitivity.NONE
PERSONAL = c.DataSensitivity.PERSONAL
SENSITIVE = c.DataSensitivity.SENSITIVE
CRIMINAL = c.DataSensitivity.CRIMINAL


class Weighted(Generic[T]):
    """A weighted choice with precomputed cumulative weights."""

    def __init__(self, options: Sequence[tuple[T, float]]) -> None:
        self.population = [value for value, _ in options]
        total = 0.0
        self.cum: list[float] = []
        for _, weight in options:
            total += weight
            self.cum.append(total)

    def pick(self, r: random.Random) -> T:
        return r.choices(self.population, cum_weights=self.cum)[0]

    def sample(self, r: random.Random, k: int) -> list[T]:
        return r.choices(self.population, cum_weights=self.cum, k=k)


# Reference tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A business area: KLE group, the afdeling that owns it, typical products and data."""

    key: str
    kle_group: str
    afdeling: str
    products: tuple[tuple[str, str], ...]  # (business type, product noun)
    sensitivity: tuple[tuple[str, int], ...]
    data: tuple[str, ...]
    weight: int


SOCIAL = ((SENSITIVE, 80), (CRIMINAL, 5), (PERSONAL, 15))
CITIZEN = ((PERSONAL, 70), (SENSITIVE, 10), (NONE, 20))
TECHNICAL = ((NONE, 55), (PERSONAL, 45))

AREAS: tuple[Area, ...] = (
    Area(
        "it",
        "90.03",
        "Digitalisering og IT",
        (
            (A, "ESDH"),
            (INFRA, "Integrationsplatform"),
            (INFRA, "Identitet"),
            (A, "BI"),
            (INFRA, "Backup"),
            (INFRA, "Netværksovervågning"),
            (INFRA, "Endpoint Manager"),
            (INFRA, "Printløsning"),
            (INFRA, "Log og SIEM"),
            (INFRA, "Virtualisering"),
            (K, "Mail"),
            (K, "Intranet"),
            (K, "Videomøde"),
            (K, "Dokumentsamarbejde"),
            (K, "Opgavestyring"),
            (A, "Servicedesk"),
            (A, "Arkivering"),
            (A, "Dokumentskabeloner"),
            (A, "Projektportefølje"),
            (X, "Digital signering"),
            (X, "Spørgeskema"),
        ),
        ((NONE, 35), (PERSONAL, 55), (SENSITIVE, 10)),
        ("Organisationsdata", "Brugerkonti", "Sagsakter", "Sagsindeks"),
        52,
    ),
    Area(
        "oekonomi",
        "90.01",
        "Økonomi og Indkøb",
        (
            (A, "Økonomi"),
            (A, "Fakturahåndtering"),
            (A, "Indkøb"),
            (A, "Budget"),
            (A, "Debitor"),
            (A, "Kontraktstyring"),
            (S, "Betaling"),
            (A, "Anlægskartotek"),
        ),
        ((NONE, 30), (PERSONAL, 70)),
        ("Fakturaer", "Posteringer", "Budgetdata", "Virksomhedsoplysninger", "Udbetalinger"),
        20,
    ),
    Area(
        "personale",
        "90.02",
        "HR og Løn",
        (
            (A, "Løn"),
            (A, "HR"),
            (A, "Rekruttering"),
            (A, "Fravær"),
            (A, "Vagtplan"),
            (A, "Kompetence"),
            (S, "Medarbejderportal"),
            (A, "Arbejdsmiljø"),
        ),
        ((PERSONAL, 55), (SENSITIVE, 45)),
        ("Medarbejderstamdata", "Lønoplysninger", "Fraværsdata", "Cpr-oplysninger"),
        15,
    ),
    Area(
        "dagtilbud",
        "91.01",
        "Dagtilbud",
        (
            (F, "Pladsanvisning"),
            (F, "Dagtilbud"),
            (S, "Pladsbooking"),
            (F, "Tilsyn"),
            (S, "Forældreapp"),
            (F, "Børneportfolio"),
        ),
        CITIZEN,
        ("Pladsanvisningsdata", "Cpr-oplysninger", "Kontaktoplysninger", "Ansøgninger"),
        10,
    ),
    Area(
        "skole",
        "91.02",
        "Skoler",
        (
            (F, "Elevadministration"),
            (F, "Læringsplatform"),
            (F, "Skolekommunikation"),
            (F, "Skolebibliotek"),
            (F, "Skolekørsel"),
            (F, "PPR-journal"),
            (S, "Skoleindskrivning"),
            (F, "Skema"),
        ),
        ((PERSONAL, 60), (SENSITIVE, 40)),
        ("Elevoplysninger", "Cpr-oplysninger", "Kontaktoplysninger", "Helbredsoplysninger"),
        22,
    ),
    Area(
        "familie",
        "91.03",
        "Familieafdelingen",
        (
            (F, "Børnesag"),
            (F, "Familiejournal"),
            (S, "Underretning"),
            (F, "Anbringelse"),
            (F, "Tilbudsoverblik"),
        ),
        ((SENSITIVE, 70), (CRIMINAL, 30)),
        ("Sagsakter", "Journalnotater", "Afgørelser", "Helbredsoplysninger", "Cpr-oplysninger"),
        10,
    ),
    Area(
        "hjemmepleje",
        "92.01",
        "Hjemmepleje",
        (
            (F, "Omsorgsjournal"),
            (F, "Ruteplanlægning"),
            (F, "Nøglesystem"),
            (F, "Velfærdsteknologi"),
            (F, "Madservice"),
            (F, "Medicinhåndtering"),
            (S, "Pårørendeapp"),
        ),
        SOCIAL,
        ("Helbredsoplysninger", "Journalnotater", "Cpr-oplysninger", "Bevillinger"),
        18,
    ),
    Area(
        "hjaelpemidler",
        "92.02",
        "Myndighed Voksne",
        ((F, "Hjælpemiddelsag"), (F, "Hjælpemiddeldepot"), (S, "Hjælpemiddelansøgning")),
        SOCIAL,
        ("Bevillinger", "Helbredsoplysninger", "Ansøgninger", "Adresseoplysninger"),
        6,
    ),
    Area(
        "voksne",
        "92.03",
        "Myndighed Voksne",
        ((F, "Voksensag"), (F, "Botilbud"), (F, "Bostøtte"), (F, "Tilsynsregister")),
        SOCIAL,
        ("Sagsakter", "Journalnotater", "Afgørelser", "Helbredsoplysninger"),
        10,
    ),
    Area(
        "jobcenter",
        "93.01",
        "Jobcenter",
        (
            (F, "Jobcenter"),
            (F, "Jobplan"),
            (F, "Virksomhedsservice"),
            (S, "Jobportal"),
            (F, "Mentorordning"),
        ),
        SOCIAL,
        ("Sagsakter", "Indkomstoplysninger", "Journalnotater", "Virksomhedsoplysninger"),
        14,
    ),
    Area(
        "ydelser",
        "93.02",
        "Ydelser",
        (
            (F, "Ydelse"),
            (F, "Kontanthjælp"),
            (F, "Sygedagpenge"),
            (F, "Boligstøtte"),
            (S, "Ansøgningsportal"),
            (F, "Enkeltydelser"),
        ),
        SOCIAL,
        ("Udbetalinger", "Indkomstoplysninger", "Afgørelser", "Ansøgninger"),
        12,
    ),
    Area(
        "integration",
        "93.03",
        "Jobcenter",
        ((F, "Integration"), (F, "Sprogcenter")),
        SOCIAL,
        ("Sagsakter", "Cpr-oplysninger", "Journalnotater"),
        4,
    ),
    Area(
        "byggeri",
        "94.01",
        "Byggeri og Plan",
        (
            (F, "Byggesag"),
            (F, "Plan"),
            (F, "GIS"),
            (F, "Ejendomsdata"),
            (S, "Byggeansøgning"),
            (F, "Lokalplan"),
        ),
        TECHNICAL,
        ("Byggesagsdokumenter", "Ejendomsdata", "Geodata", "Ansøgninger"),
        18,
    ),
    Area(
        "miljoe",
        "94.02",
        "Natur og Miljø",
        (
            (F, "Miljøtilsyn"),
            (F, "Affald"),
            (F, "Vandløb"),
            (F, "Jordflytning"),
            (S, "Affaldsportal"),
            (F, "Naturregister"),
        ),
        TECHNICAL,
        ("Tilsynsrapporter", "Virksomhedsoplysninger", "Geodata", "Adresseoplysninger"),
        12,
    ),
    Area(
        "vej",
        "94.03",
        "Vej og Park",
        (
            (F, "Vejdata"),
            (F, "Parkering"),
            (F, "Vintertjeneste"),
            (F, "Grøn drift"),
            (S, "Fejlmelding"),
            (F, "Gravetilladelse"),
        ),
        TECHNICAL,
        ("Geodata", "Ansøgninger", "Kontaktoplysninger"),
        10,
    ),
    Area(
        "forebyggelse",
        "95.01",
        "Sundhed og Forebyggelse",
        ((F, "Sundhedsjournal"), (F, "Forebyggelse"), (S, "Sundhedsbooking")),
        SOCIAL,
        ("Helbredsoplysninger", "Journalnotater", "Bookinger"),
        6,
    ),
    Area(
        "genoptraening",
        "95.02",
        "Sundhed og Forebyggelse",
        ((F, "Genoptræning"), (F, "Træningsplan")),
        SOCIAL,
        ("Helbredsoplysninger", "Journalnotater", "Bookinger"),
        6,
    ),
    Area(
        "tandpleje",
        "95.03",
        "Sundhed og Forebyggelse",
        ((F, "Tandpleje"), (S, "Tandplejebooking")),
        SOCIAL,
        ("Helbredsoplysninger", "Bookinger", "Cpr-oplysninger"),
        4,
    ),
    Area(
        "bibliotek",
        "96.01",
        "Biblioteker",
        (
            (F, "Bibliotek"),
            (F, "Materialeindkøb"),
            (S, "Lånerportal"),
            (S, "Arrangementer"),
            (F, "Selvbetjeningsautomat"),
        ),
        CITIZEN,
        ("Lånerdata", "Bookinger", "Kontaktoplysninger"),
        8,
    ),
    Area(
        "foreninger",
        "96.02",
        "Idræt og Foreninger",
        ((F, "Booking"), (F, "Foreningstilskud"), (S, "Halbooking"), (F, "Foreningsregister")),
        CITIZEN,
        ("Bookinger", "Virksomhedsoplysninger", "Kontaktoplysninger", "Udbetalinger"),
        8,
    ),
    Area(
        "borgerservice",
        "97.01",
        "Borgerservice",
        (
            (S, "Selvbetjening"),
            (F, "Kundecenter"),
            (F, "Køsystem"),
            (F, "Telefoni"),
            (S, "Chatbot"),
            (S, "Formularer"),
            (S, "Borgerportal"),
            (A, "Hjemmeside"),
        ),
        CITIZEN,
        ("Kontaktoplysninger", "Ansøgninger", "Cpr-oplysninger", "Adresseoplysninger"),
        26,
    ),
    Area(
        "folkeregister",
        "97.02",
        "Borgerservice",
        ((F, "Pas"), (F, "Kørekort"), (F, "Folkeregister"), (S, "Tidsbestilling")),
        CITIZEN,
        ("Cpr-oplysninger", "Adresseoplysninger", "Bookinger"),
        6,
    ),
    Area(
        "digitalpost",
        "97.03",
        "Borgerservice",
        ((F, "Digital Post-håndtering"), (F, "Fuldmagt"), (S, "Postfritagelse")),
        CITIZEN,
        ("Digital Post-forsendelser", "Fuldmagter", "Cpr-oplysninger"),
        6,
    ),
)
AREA_BY_KEY = {area.key: area for area in AREAS}

# Product nouns every municipality has, and how strongly others integrate with them.
HUBS: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "ESDH": (40, "Journalisering", ("Sagsakter", "Journalnotater")),
    "Integrationsplatform": (30, "Dataudveksling via integrationsplatform", ()),
    "Identitet": (25, "Brugersynkronisering", ("Brugerkonti", "Organisationsdata")),
    "Økonomi": (25, "Bogføring", ("Posteringer", "Fakturaer")),
    "BI": (15, "Dataudtræk til BI", ()),
    "Løn": (12, "Lønindberetning", ("Lønoplysninger", "Medarbejderstamdata")),
    "GIS": (10, "Geodataopslag", ("Geodata", "Ejendomsdata")),
    "Borgerportal": (10, "Borgerhenvendelser", ("Ansøgninger", "Kontaktoplysninger")),
    "Omsorgsjournal": (10, "Omsorgsdata", ("Helbredsoplysninger", "Bevillinger")),
    "Jobcenter": (10, "Sagsoplysninger til jobcenter", ("Sagsakter", "Indkomstoplysninger")),
    "Ydelse": (10, "Ydelsesoplysninger", ("Udbetalinger", "Afgørelser")),
    "Elevadministration": (8, "Elevdata", ("Elevoplysninger",)),
    "Byggesag": (6, "Byggesagsoplysninger", ("Byggesagsdokumenter", "Ejendomsdata")),
}
GENERIC_INTERFACES = (
    "Stamdataudveksling",
    "Overførsel af {data}",
    "Eksport af {data}",
    "Opslag i {target}",
    "Synkronisering med {target}",
    "Natlig batch til {target}",
)

DATA_OBJECTS: tuple[tuple[str, bool], ...] = (
    ("Cpr-oplysninger", True),
    ("Adresseoplysninger", True),
    ("Kontaktoplysninger", True),
    ("Sagsakter", True),
    ("Journalnotater", True),
    ("Afgørelser", True),
    ("Ansøgninger", True),
    ("Bevillinger", True),
    ("Udbetalinger", True),
    ("Indkomstoplysninger", True),
    ("Helbredsoplysninger", True),
    ("Elevoplysninger", True),
    ("Pladsanvisningsdata", True),
    ("Medarbejderstamdata", True),
    ("Lønoplysninger", True),
    ("Fraværsdata", True),
    ("Brugerkonti", True),
    ("Bookinger", True),
    ("Lånerdata", True),
    ("Digital Post-forsendelser", True),
    ("Fuldmagter", True),
    ("Sagsindeks", True),
    ("Ydelsesindeks", True),
    ("Fakturaer", False),
    ("Posteringer", False),
    ("Budgetdata", False),
    ("Organisationsdata", False),
    ("Virksomhedsoplysninger", False),
    ("Ejendomsdata", False),
    ("Geodata", False),
    ("Byggesagsdokumenter", False),
    ("Tilsynsrapporter", False),
    ("Hændelsesbeskeder", False),
    ("Klassifikationer", False),
)

API = c.Technology.API
MESSAGE = c.Technology.MESSAGE
# Shared component -> (weight, [(interface, technology, data objects)])
COMPONENTS: dict[str, tuple[int, tuple[tuple[str, str, tuple[str, ...]], ...]]] = {
    "Serviceplatformen": (
        30,
        (
            ("CPR-opslag", API, ("Cpr-oplysninger", "Adresseoplysninger")),
            ("CVR-opslag", API, ("Virksomhedsoplysninger",)),
            ("Digital Post-afsendelse", API, ("Digital Post-forsendelser",)),
            ("eIndkomst-opslag", API, ("Indkomstoplysninger",)),
            ("NemKonto-udbetaling", API, ("Udbetalinger",)),
            ("Adresseopslag (DAR)", API, ("Adresseoplysninger",)),
            ("Ejendomsopslag (BBR)", API, ("Ejendomsdata",)),
        ),
    ),
    "Beskedfordeler": (
        12,
        (
            ("Hændelsesbeskeder", MESSAGE, ("Hændelsesbeskeder",)),
            ("Sagsbeskeder", MESSAGE, ("Hændelsesbeskeder", "Sagsindeks")),
        ),
    ),
    "Fordelingskomponent": (
        10,
        (
            ("Dokumentforsendelse", MESSAGE, ("Sagsakter",)),
            ("Indgående post", MESSAGE, ("Digital Post-forsendelser",)),
        ),
    ),
    "Organisation": (
        10,
        (
            ("Organisationsdata", API, ("Organisationsdata",)),
            ("Brugersynkronisering", API, ("Brugerkonti",)),
        ),
    ),
    "Klassifikation": (5, (("KLE-opslag", API, ("Klassifikationer",)),)),
    "Sags- og dokumentindeks": (
        10,
        (
            ("Sagsindeksering", MESSAGE, ("Sagsindeks",)),
            ("Dokumentindeksering", MESSAGE, ("Sagsindeks", "Sagsakter")),
        ),
    ),
    "Ydelsesindeks": (6, (("Ydelsesindberetning", MESSAGE, ("Ydelsesindeks", "Udbetalinger")),)),
    "Adgangsstyring": (
        10,
        (
            ("Login via Context Handler", API, ("Brugerkonti",)),
            ("Brugersystemroller", API, ("Brugerkonti", "Organisationsdata")),
        ),
    ),
    "Administrationsmodul": (2, (("Opsætning af snitflader", API, ("Organisationsdata",)),)),
    "SAPA": (5, (("Sagsoverblik til borgeren", API, ("Sagsindeks",)),)),
}

# (name, area key) — the first ones are the overarching processes others sit under.
PROCESS_PARENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Myndighedsbehandling på børneområdet": ("familie", ("dagtilbud", "skole", "familie")),
    "Myndighedsbehandling for ældre og voksne": (
        "hjemmepleje",
        ("hjemmepleje", "hjaelpemidler", "voksne"),
    ),
    "Beskæftigelse og forsørgelse": ("jobcenter", ("jobcenter", "ydelser", "integration")),
    "Borgerbetjening": ("borgerservice", ("borgerservice", "folkeregister", "digitalpost")),
}
PROCESSES: tuple[tuple[str, str], ...] = (
    ("Pladsanvisning i dagtilbud", "dagtilbud"),
    ("Tilsyn med dagtilbud", "dagtilbud"),
    ("Skoleindskrivning", "skole"),
    ("Visitation til specialundervisning", "skole"),
    ("Bevilling af skolekørsel", "skole"),
    ("Behandling af underretninger", "familie"),
    ("Forebyggende foranstaltninger for børn og unge", "familie"),
    ("Visitation til hjemmepleje", "hjemmepleje"),
    ("Levering af hjemmehjælp", "hjemmepleje"),
    ("Madservice til hjemmeboende", "hjemmepleje"),
    ("Bevilling af hjælpemidler", "hjaelpemidler"),
    ("Udlån fra hjælpemiddeldepot", "hjaelpemidler"),
    ("Bevilling af bostøtte", "voksne"),
    ("Visitation til botilbud", "voksne"),
    ("Jobsamtaler og jobplan", "jobcenter"),
    ("Virksomhedsrettet indsats", "jobcenter"),
    ("Tilkendelse af kontanthjælp", "ydelser"),
    ("Opfølgning på sygedagpenge", "ydelser"),
    ("Udbetaling af enkeltydelser", "ydelser"),
    ("Introduktionsprogram for nyankomne", "integration"),
    ("Byggesagsbehandling", "byggeri"),
    ("Lokalplanlægning", "byggeri"),
    ("Miljøtilsyn med virksomheder", "miljoe"),
    ("Affaldsordning for husstande", "miljoe"),
    ("Vintertjeneste", "vej"),
    ("Gravetilladelser", "vej"),
    ("Sundhedstilbud til borgere", "forebyggelse"),
    ("Genoptræning efter sygehusophold", "genoptraening"),
    ("Børnetandpleje", "tandpleje"),
    ("Udlån og reservering af materialer", "bibliotek"),
    ("Booking af lokaler og haller", "foreninger"),
    ("Tilskud til foreninger", "foreninger"),
    ("Borgerhenvendelser i kundecenteret", "borgerservice"),
    ("Flytning og adresseændring", "folkeregister"),
    ("Udstedelse af pas", "folkeregister"),
    ("Fritagelse for Digital Post", "digitalpost"),
    ("Fakturabehandling", "oekonomi"),
    ("Budgetlægning", "oekonomi"),
    ("Lønkørsel", "personale"),
    ("Rekruttering og ansættelse", "personale"),
    ("Oprettelse af brugere og rettigheder", "it"),
    ("Håndtering af sikkerhedshændelser", "it"),
)
# (step name, what the step collects, what it reads); "*" = the area's own data.
STEPS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Modtag ansøgning eller henvendelse", ("Kontaktoplysninger", "Ansøgninger"), ()),
    ("Identificér borgeren eller virksomheden", (), ("Cpr-oplysninger", "Adresseoplysninger")),
    ("Registrér sagen", ("*",), ("Kontaktoplysninger",)),
    ("Indhent oplysninger", ("*",), ("Cpr-oplysninger",)),
    ("Vurdér og visitér", (), ("*",)),
    ("Partshøring", ("Journalnotater",), ("*",)),
    ("Træf afgørelse", ("Afgørelser",), ("*",)),
    ("Levér ydelsen eller indsatsen", ("*",), ("Afgørelser",)),
    ("Underret borgeren via Digital Post", (), ("Afgørelser", "Kontaktoplysninger")),
    ("Journalisér og afslut", (), ("Sagsakter",)),
)
RECOLLECTED = "Kontaktoplysninger"  # collected again late in some processes (a finding)

STEM_HEADS = (
    "Nord",
    "Syd",
    "Øst",
    "Vest",
    "Fjord",
    "Klit",
    "Lyng",
    "Hede",
    "Skov",
    "Mose",
    "Eng",
    "Strand",
    "Bølge",
    "Sten",
    "Sol",
    "Måne",
    "Stjerne",
    "Kilde",
    "Bakke",
    "Dal",
    "Ravne",
    "Ugle",
    "Trane",
    "Odder",
    "Birke",
)
STEM_TAILS = (
    "lys",
    "vind",
    "bro",
    "bo",
    "havn",
    "lund",
    "vang",
    "sø",
    "ager",
    "holm",
    "kær",
    "top",
    "spir",
    "rod",
    "fyr",
)
VENDOR_FORMS = (
    "{stem} Software ApS",
    "{stem}systemer A/S",
    "{stem} Data ApS",
    "{stem} IT A/S",
    "{stem} Digital ApS",
    "{stem}soft ApS",
    "{stem} Løsninger A/S",
    "{stem} Informatik A/S",
    "{stem} Teknologi ApS",
)
HOSTING_FORMS = ("{stem} Drift A/S", "{stem} Hosting ApS", "{stem} Consult ApS")
NAME_VARIANTS = (" Pro", " Plus", " 365", " Flex", " Go", " Basis", " Online", " Next", " Cloud")
MODULE_SUFFIXES = ("Mobil", "Analyse", "Borgervendt", "Integrationsmodul")
FIRST_NAMES = (
    "Anne",
    "Bente",
    "Camilla",
    "Dorte",
    "Eva",
    "Frida",
    "Gitte",
    "Hanne",
    "Ida",
    "Julie",
    "Karen",
    "Line",
    "Mette",
    "Nina",
    "Pia",
    "Rikke",
    "Sara",
    "Tina",
    "Ulla",
    "Vibeke",
    "Anders",
    "Bo",
    "Christian",
    "Dennis",
    "Erik",
    "Frederik",
    "Henrik",
    "Jakob",
    "Kasper",
    "Lars",
    "Martin",
    "Niels",
    "Ole",
    "Peter",
    "Rasmus",
    "Søren",
    "Thomas",
    "Ulrik",
    "Viggo",
    "Mads",
)
LAST_NAMES = (
    "Andersen",
    "Bech",
    "Christensen",
    "Dahl",
    "Eriksen",
    "Frost",
    "Gregersen",
    "Holm",
    "Iversen",
    "Juhl",
    "Kjær",
    "Lund",
    "Mortensen",
    "Nygaard",
    "Overgaard",
    "Poulsen",
    "Rasmussen",
    "Skov",
    "Thygesen",
    "Vestergaard",
    "Winther",
    "Østergaard",
    "Bruun",
    "Mikkelsen",
)
NOTES = (
    "Genudbud forventes inden for to år.",
    "Afventer fælleskommunal løsning.",
    "Overlapper delvist med et andet system i kommunen.",
    "Kandidat til konsolidering i driftsfællesskabet.",
    "Leverandøren har varslet ny version.",
)
CONTRACT_LABELS: dict[str, str] = {
    c.ContractType.MAIN: "Kontrakt",
    c.ContractType.LICENSE: "Licensaftale",
    c.ContractType.OPERATION: "Driftsaftale",
    c.ContractType.SERVICE: "Serviceaftale",
    c.ContractType.DEVELOPMENT: "Udviklingsaftale",
    c.ContractType.FRAMEWORK: "Rammeaftale",
    c.ContractType.ADDENDUM: "Tillægsaftale",
}
ACTIVE = frozenset(c.ACTIVE_LIFECYCLES)

W_LIFECYCLE = Weighted(
    [
        (c.Lifecycle.OPERATIONAL, 70),
        (c.Lifecycle.PHASING_OUT, 8),
        (c.Lifecycle.PHASING_IN, 6),
        (c.Lifecycle.PILOT, 3),
        (c.Lifecycle.NOT_IN_USE, 5),
        (c.Lifecycle.UNDECIDED, 8),
    ]
)
W_HOSTING = {
    INFRA: Weighted(
        [
            (c.Hosting.ON_PREMISES, 45),
            (c.Hosting.DRIFTSFAELLESSKAB, 20),
            (c.Hosting.HYBRID, 15),
            (c.Hosting.EXTERNAL, 15),
            (c.Hosting.UNDECIDED, 5),
        ]
    ),
    S: Weighted([(c.Hosting.SAAS, 75), (c.Hosting.EXTERNAL, 20), (c.Hosting.UNDECIDED, 5)]),
    K: Weighted([(c.Hosting.SAAS, 75), (c.Hosting.HYBRID, 20), (c.Hosting.UNDECIDED, 5)]),
    "*": Weighted(
        [
            (c.Hosting.SAAS, 35),
            (c.Hosting.EXTERNAL, 25),
            (c.Hosting.ON_PREMISES, 15),
            (c.Hosting.DRIFTSFAELLESSKAB, 10),
            (c.Hosting.HYBRID, 7),
            (c.Hosting.UNDECIDED, 8),
        ]
    ),
}
W_USER_COUNT = Weighted(
    [
        (c.UserCount.UNDER_10, 25),
        (c.UserCount.FROM_10_TO_50, 35),
        (c.UserCount.FROM_50_TO_100, 15),
        (c.UserCount.OVER_100, 15),
        (c.UserCount.UNDECIDED, 10),
    ]
)
W_CONTRACT_TYPE = Weighted(
    [
        (c.ContractType.MAIN, 35),
        (c.ContractType.LICENSE, 25),
        (c.ContractType.OPERATION, 12),
        (c.ContractType.SERVICE, 15),
        (c.ContractType.DEVELOPMENT, 5),
        (c.ContractType.FRAMEWORK, 8),
    ]
)
W_PROCUREMENT = Weighted(
    [
        (c.ProcurementForm.EU_TENDER, 25),
        (c.ProcurementForm.SKI, 30),
        (c.ProcurementForm.UNDER_THRESHOLD, 22),
        (c.ProcurementForm.OTHER_FRAMEWORK, 8),
        (c.ProcurementForm.KOMBIT, 5),
        (c.ProcurementForm.NATIONAL_TENDER, 7),
        (c.ProcurementForm.OTHER, 3),
    ]
)
W_NOTICE = Weighted([(3, 45), (6, 35), (12, 20)])
W_RUNS_TO = Weighted(
    [
        (c.NoticeRunsTo.ANY_DAY, 20),
        (c.NoticeRunsTo.MONTH, 35),
        (c.NoticeRunsTo.QUARTER, 25),
        (c.NoticeRunsTo.HALF_YEAR, 5),
        (c.NoticeRunsTo.YEAR, 15),
    ]
)
W_OPTIONS = Weighted([(0, 50), (1, 20), (2, 20), (3, 10)])
W_TECHNOLOGY = Weighted(
    [
        (c.Technology.API, 45),
        (c.Technology.FILE, 25),
        (c.Technology.MESSAGE, 8),
        (c.Technology.DATABASE, 10),
        (c.Technology.MANUAL, 12),
    ]
)
W_FREQUENCY = Weighted(
    [
        (c.Frequency.REALTIME, 30),
        (c.Frequency.HOURLY, 10),
        (c.Frequency.DAILY, 35),
        (c.Frequency.WEEKLY, 10),
        (c.Frequency.MONTHLY, 7),
        (c.Frequency.ON_DEMAND, 8),
    ]
)
W_STATUS = Weighted(
    [
        (c.IntegrationStatus.ACTIVE, 85),
        (c.IntegrationStatus.PLANNED, 5),
        (c.IntegrationStatus.PHASING_OUT, 6),
        (c.IntegrationStatus.RETIRED, 4),
    ]
)
W_CADENCE = Weighted(
    [
        (c.Cadence.MONTHLY, 15),
        (c.Cadence.QUARTERLY, 35),
        (c.Cadence.HALF_YEARLY, 20),
        (c.Cadence.YEARLY, 15),
        (c.Cadence.ON_RELEASE, 15),
    ]
)
W_COMPONENT = Weighted([(name, weight) for name, (weight, _) in COMPONENTS.items()])
W_COMPONENT_SOURCE: dict[str, float] = {F: 3.0, S: 2.5, A: 2.0, INFRA: 0.6, K: 0.3, X: 0.5}
W_EXTRA_INSTANCE: dict[str, float] = {F: 3.0, S: 2.0, K: 2.0, A: 1.0, INFRA: 1.0, X: 1.0}


# Small helpers -------------------------------------------------------------------------


def key(*parts: object) -> uuid.UUID:
    """The stable uuid of a seeded record."""
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def make_cvr(r: random.Random) -> str:
    """A synthetic CVR number that passes the modulus-11 check (and starts with 9).

    >>> from portfolio.validators import cvr_is_valid
    >>> all(cvr_is_valid(make_cvr(random.Random(n))) for n in range(200))
    True
    """
    while True:
        digits = [9, r.randrange(10), *(r.randrange(10) for _ in range(5))]
        check = -sum(d * w for d, w in zip(digits, CVR_WEIGHTS[:7], strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def slugify_da(text: str) -> str:
    """An ASCII slug of a Danish name.

    >>> slugify_da("Ørnebjerg Løsninger A/S")
    'oernebjerg-loesninger-a-s'
    """
    folded = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    out = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in folded)
    return "-".join(part for part in out.split("-") if part)


def random_date(r: random.Random, first_year: int, last_year: int) -> date:
    return date(r.randint(first_year, last_year), r.randint(1, 12), r.randint(1, 28))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def amount(r: random.Random, low: float, high: float, skew: float = 1.0) -> Decimal:
    """A log-uniform amount in kr., rounded to 100 kr.; skew > 1 favours small amounts."""
    value = low * (high / low) ** (r.random() ** skew)
    return Decimal(max(int(low), min(int(high), round(value, -2)))).quantize(Decimal("0.01"))


def _through(model: type[models.Model], name: str) -> tuple[Any, str, str]:
    rel: Any = model._meta.get_field(name)
    return (
        rel.remote_field.through,
        rel.m2m_field_name() + "_id",
        rel.m2m_reverse_field_name() + "_id",
    )


def _link(model: type[models.Model], name: str, pairs: Sequence[tuple[int, int]]) -> None:
    through, left, right = _through(model, name)
    through.objects.bulk_create(
        (through(**{left: a, right: b}) for a, b in pairs), batch_size=BATCH
    )


# The shared catalog --------------------------------------------------------------------


@dataclass
class CatalogEntry:
    index: int
    uuid: uuid.UUID
    name: str
    area: Area
    business_type: str
    noun: str
    vendor: int
    kle: list[str]
    parent: int | None = None
    deactivated: bool = False
    pk: int = 0
    vendor_pk: int = 0
    vendor_slug: str = ""


@dataclass
class VendorEntry:
    index: int
    uuid: uuid.UUID
    name: str
    stem: str
    cvr: str
    hosting: bool
    areas: list[str]
    size: float
    pk: int = 0


@dataclass
class Catalog:
    vendors: list[VendorEntry]
    systems: list[CatalogEntry]
    kle: dict[str, KleSubject]
    components: dict[str, CatalogSystem]

    @property
    def kle_emner(self) -> list[KleSubject]:
        return [s for s in self.kle.values() if s.level == c.KleLevel.EMNE]


def plan_catalog() -> tuple[list[VendorEntry], list[CatalogEntry]]:
    """The fictional vendors and catalog systems (deterministic; nothing is saved)."""
    r = random.Random(f"{SEED}:catalog")  # noqa: S311 - synthetic data, not security
    stems = [head + tail for head in STEM_HEADS for tail in STEM_TAILS]
    r.shuffle(stems)
    area_weights = Weighted([(a.key, float(a.weight)) for a in AREAS])
    vendors: list[VendorEntry] = []
    for i in range(VENDOR_COUNT):
        stem = stems[i]
        hosting = i < HOSTING_VENDORS
        form = r.choice(HOSTING_FORMS if hosting else VENDOR_FORMS)
        areas: list[str] = []
        if not hosting:
            for area_name in area_weights.sample(r, r.choice((1, 1, 2, 2, 3))):
                if area_name not in areas:
                    areas.append(area_name)
        vendors.append(
            VendorEntry(
                index=i,
                uuid=key("demo", "vendor", i),
                name=form.format(stem=stem),
                stem=stem,
                cvr=make_cvr(r),
                hosting=hosting,
                areas=areas,
                size=r.paretovariate(1.3),
            )
        )
    by_area: dict[str, Weighted[int]] = {}
    for area in AREAS:
        options = [(v.index, v.size) for v in vendors if area.key in v.areas]
        by_area[area.key] = Weighted(
            options or [(v.index, v.size) for v in vendors if not v.hosting]
        )

    modules = CATALOG_SIZE // 25
    area_keys = [a.key for a in AREAS for _ in range(2)]
    area_keys += area_weights.sample(r, CATALOG_SIZE - modules - len(area_keys))
    product_order = {a.key: r.sample(a.products, len(a.products)) for a in AREAS}
    used: dict[str, int] = {a.key: 0 for a in AREAS}
    names: set[str] = set()
    systems: list[CatalogEntry] = []
    kle_groups: dict[str, list[str]] = {}
    for emne in KLE_EMNER:
        kle_groups.setdefault(emne.rsplit(".", 1)[0], []).append(emne)

    def unique(name: str) -> str:
        candidate = name
        variants = iter(NAME_VARIANTS)
        while candidate in names:
            candidate = name + next(variants, f" {len(names)}")
        names.add(candidate)
        return candidate

    for area_key in area_keys:
        area = AREA_BY_KEY[area_key]
        business_type, noun = product_order[area_key][used[area_key] % len(area.products)]
        used[area_key] += 1
        vendor = vendors[by_area[area_key].pick(r)]
        for _attempt in range(12):  # prefer a vendor without this product yet
            if f"{vendor.stem} {noun}" not in names:
                break
            vendor = vendors[r.choice((by_area[area_key].pick(r), r.randrange(VENDOR_COUNT)))]
            if vendor.hosting:
                vendor = vendors[by_area[area_key].pick(r)]
        emner = kle_groups[area.kle_group]
        kle = r.sample(emner, min(len(emner), r.choice((1, 1, 2))))
        if r.random() < 0.15:
            extra = r.choice(KLE_EMNER)
            if extra not in kle:
                kle.append(extra)
        i = len(systems)
        systems.append(
            CatalogEntry(
                index=i,
                uuid=key("demo", "catalog", i),
                name=unique(f"{vendor.stem} {noun}"),
                area=area,
                business_type=business_type,
                noun=noun,
                vendor=vendor.index,
                kle=kle,
                deactivated=noun not in HUBS and r.random() < 0.03,
            )
        )
    parents = [s for s in systems if s.business_type in (F, A) and not s.deactivated]
    for parent in r.sample(parents, modules):
        i = len(systems)
        systems.append(
            CatalogEntry(
                index=i,
                uuid=key("demo", "catalog", i),
                name=unique(f"{parent.name} {r.choice(MODULE_SUFFIXES)}"),
                area=parent.area,
                business_type=parent.business_type,
                noun=f"{parent.noun}-modul",
                vendor=parent.vendor,
                kle=list(parent.kle),
                parent=parent.index,
            )
        )
    return vendors, systems


def _load_kle_numbers() -> tuple[str, ...]:
    import json
    from pathlib import Path

    data = json.loads(
        (Path(__file__).resolve().parent / "data" / "kle_synthetic.json").read_text("utf-8")
    )
    return tuple(row["number"] for row in data["subjects"] if row["level"] == "emne")


KLE_EMNER = _load_kle_numbers()


def seed_catalog(owner: Organization) -> Catalog:
    """Create the missing fictional vendors and catalog systems; return the whole catalog."""
    vendors, systems = plan_catalog()
    r = random.Random(f"{SEED}:catalog-details")  # noqa: S311 - synthetic data
    kle = {s.number: s for s in KleSubject.objects.all()}
    existing_vendors = dict(
        Vendor.objects.filter(uuid__in=[v.uuid for v in vendors]).values_list("uuid", "pk")
    )
    taken_cvrs = set(
        Vendor.objects.filter(cvr__in=[v.cvr for v in vendors]).values_list("cvr", flat=True)
    )
    new_vendors = []
    for v in vendors:
        slug = slugify_da(v.stem)
        contact = f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"
        if v.uuid in existing_vendors:
            continue
        new_vendors.append(
            Vendor(
                uuid=v.uuid,
                name=v.name,
                cvr=v.cvr if v.cvr not in taken_cvrs else "",
                contact_name=contact,
                contact_email=f"salg@{slug}.invalid",
                website=f"https://www.{slug}.invalid",
                created_by=owner,
            )
        )
    Vendor.objects.bulk_create(new_vendors, batch_size=BATCH)
    existing_vendors.update({v.uuid: v.pk for v in new_vendors})
    for v in vendors:
        v.pk = existing_vendors[v.uuid]

    existing = dict(
        CatalogSystem.objects.filter(uuid__in=[s.uuid for s in systems]).values_list("uuid", "pk")
    )
    new_systems: list[CatalogSystem] = []
    for s in systems:
        vendor = vendors[s.vendor]
        s.vendor_pk = vendor.pk
        s.vendor_slug = slugify_da(vendor.stem)
        former = (
            f"{r.choice(STEM_HEADS)}{r.choice(STEM_TAILS)} {s.noun}" if r.random() < 0.1 else ""
        )
        duty = _archive_duty(kle, s.kle) if r.random() < 0.8 else c.ArchiveDuty.UNDECIDED
        if s.uuid in existing:
            continue
        type_label = str(c.BusinessType(s.business_type).label).lower()
        group = kle[s.area.kle_group].title.lower() if s.area.kle_group in kle else s.area.key
        new_systems.append(
            CatalogSystem(
                uuid=s.uuid,
                name=s.name,
                former_names=former,
                description=f"Fiktivt {type_label} til {group} (demodata).",
                vendor_id=vendor.pk,
                business_type=s.business_type,
                recommended_archive_duty=duty,
                scope=c.Scope.GLOBAL,
                owner_organization=owner,
                deactivated=s.deactivated,
            )
        )
    # Parents first: modules point to systems that precede them in the plan.
    CatalogSystem.objects.bulk_create(new_systems, batch_size=BATCH)
    existing.update({system.uuid: system.pk for system in new_systems})
    for s in systems:
        s.pk = existing[s.uuid]
    created = {system.uuid for system in new_systems}
    modules = [
        CatalogSystem(pk=s.pk, parent_id=systems[s.parent].pk)
        for s in systems
        if s.parent is not None and s.uuid in created
    ]
    CatalogSystem.objects.bulk_update(modules, ["parent"], batch_size=BATCH)
    _link(
        CatalogSystem,
        "kle_subjects",
        [(s.pk, kle[n].pk) for s in systems if s.uuid in created for n in s.kle if n in kle],
    )
    components = {
        system.name: system
        for system in CatalogSystem.objects.filter(
            business_type=c.BusinessType.FAELLESKOMMUNAL,
            owner_organization__isnull=True,
            name__in=list(COMPONENTS),
        )
    }
    return Catalog(vendors=vendors, systems=systems, kle=kle, components=components)


def _archive_duty(kle: dict[str, KleSubject], numbers: list[str]) -> str:
    codes = [kle[n].archive_code for n in numbers if n in kle]
    return c.ArchiveDuty.B if "B" in codes else c.ArchiveDuty.K


# One municipality's landscape ----------------------------------------------------------


@dataclass(frozen=True)
class LandscapeSize:
    usages: int
    contracts: int
    integrations: int
    processes: int

    @classmethod
    def scaled(cls, usages: int, integrations_per_usage: float) -> LandscapeSize:
        return cls(
            usages=usages,
            contracts=round(usages * 0.625),
            integrations=round(usages * integrations_per_usage),
            processes=max(3, min(len(PROCESSES), round(usages / 10))),
        )


@dataclass
class Holder:
    """Who holds a role: a user or a named (fictional) person."""

    user: Any = None
    name: str = ""
    email: str = ""


@dataclass
class _Usage:
    entry: CatalogEntry
    unit: str
    obj: SystemUsage
    personal: bool
    self_service: bool


@dataclass
class Plan:
    data_objects: list[DataObject] = field(default_factory=list)
    usages: list[_Usage] = field(default_factory=list)
    using_units: list[tuple[int, int]] = field(default_factory=list)
    kle_additions: list[tuple[int, int]] = field(default_factory=list)
    kle_removals: list[tuple[int, int]] = field(default_factory=list)
    roles: list[tuple[int, UsageRole]] = field(default_factory=list)
    costs: list[tuple[int, UsageCost]] = field(default_factory=list)
    references: list[tuple[int, ExternalReference]] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    contract_parent: dict[int, int] = field(default_factory=dict)
    contract_usages: list[tuple[int, int]] = field(default_factory=list)
    payments: list[tuple[int, ContractPayment]] = field(default_factory=list)
    contract_roles: list[tuple[int, ContractRole]] = field(default_factory=list)
    integrations: list[tuple[Integration, int, int | None, int | None]] = field(
        default_factory=list
    )  # (row, source, target usage, contract)
    integration_data: list[tuple[int, str]] = field(default_factory=list)
    processes: list[tuple[BusinessProcess, int | None]] = field(default_factory=list)
    steps: list[tuple[int, ProcessStep, list[int], list[str], list[str]]] = field(
        default_factory=list
    )


@dataclass
class SeedCounts:
    usages: int = 0
    contracts: int = 0
    integrations: int = 0
    processes: int = 0

    def add(self, other: SeedCounts) -> None:
        self.usages += other.usages
        self.contracts += other.contracts
        self.integrations += other.integrations
        self.processes += other.processes


class Landscape:
    """Plans one organization's synthetic landscape, then inserts what is missing."""

    def __init__(
        self,
        *,
        organization: Organization,
        catalog: Catalog,
        units: dict[str, OrganizationUnit],
        size: LandscapeSize,
        seed: str,
        prefix: str,
        email_domain: str,
        users: dict[str, Any] | None = None,
    ) -> None:
        self.org = organization
        self.catalog = catalog
        self.units = units
        self.size = size
        self.r = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.prefix = prefix
        self.email_domain = email_domain
        self.users = users or {}
        self.roles = {rt.key: rt for rt in RoleType.objects.filter(organization__isnull=True)}
        self.plan = Plan()
        self.people = [self._person() for _ in range(max(8, size.usages // 8))]
        self.afdelinger = [
            name for afdelinger in DEMO_UNITS.values() for name in afdelinger if name in units
        ]
        self.forvaltninger = [name for name in DEMO_UNITS if name in units]
        self.teams = {
            afdeling: [t for t in teams if t in units]
            for afdelinger in DEMO_UNITS.values()
            for afdeling, teams in afdelinger.items()
        }

    # people -------------------------------------------------------------------------

    def _person(self) -> Holder:
        first, last = self.r.choice(FIRST_NAMES), self.r.choice(LAST_NAMES)
        email = f"{slugify_da(first)}.{slugify_da(last)}@{self.email_domain}".replace("-", "")
        return Holder(name=f"{first} {last}", email=email)

    def _holder(self) -> Holder:
        return self.r.choice(self.people)

    # planning -----------------------------------------------------------------------

    def build(self) -> Plan:
        self.plan.data_objects = [
            DataObject(organization=self.org, name=name, personal_data=personal)
            for name, personal in DATA_OBJECTS
        ]
        self._plan_usages()
        self._plan_contracts()
        self._plan_integrations()
        self._plan_processes()
        return self.plan

    def _choose_systems(self) -> list[tuple[CatalogEntry, str, bool]]:
        """(catalog entry, responsible afdeling, is an extra instance) for every usage."""
        r, n = self.r, self.size.usages
        systems = self.catalog.systems
        live = [s for s in systems if not s.deactivated]
        chosen: list[CatalogEntry] = []
        if n >= 30:
            for noun in HUBS:
                candidates = [s for s in live if s.noun == noun]
                if candidates:
                    chosen.append(r.choice(candidates))
        picked = {s.index for s in chosen}
        distinct = min(int(len(systems) * 0.9), round(n * 0.7))
        rest = [s for s in systems if s.index not in picked]
        chosen += r.sample(rest, max(0, min(len(rest), distinct - len(chosen))))
        rows = [(s, s.area.afdeling, False) for s in chosen[:n]]
        extra = Weighted([(s.index, W_EXTRA_INSTANCE[s.business_type]) for s in live])
        seen = {(s.index, unit) for s, unit, _ in rows}
        while len(rows) < n:
            entry = systems[extra.pick(r)]
            unit = r.choice(self.afdelinger)
            if (entry.index, unit) in seen and len(seen) < len(live) * len(self.afdelinger):
                continue
            seen.add((entry.index, unit))
            rows.append((entry, unit, True))
        r.shuffle(rows)
        return rows

    def _plan_usages(self) -> None:
        r, plan = self.r, self.plan
        rows = self._choose_systems()
        owners = self._demo_owners(rows)
        for i, (entry, unit_name, extra) in enumerate(rows):
            usage, personal, self_service = self._usage(i, entry, unit_name, extra)
            plan.usages.append(_Usage(entry, unit_name, usage, personal, self_service))
            unit = self.units[unit_name]
            linked = [unit.pk]
            if entry.business_type in (K, INFRA) and r.random() < 0.6:
                linked += [self.units[f].pk for f in self.forvaltninger]
            else:
                linked += [t.pk for t in (self.units[t] for t in self.teams.get(unit_name, []))]
                for other in r.sample(self.afdelinger, r.choice((0, 0, 1, 2))):
                    linked.append(self.units[other].pk)
            for unit_pk in dict.fromkeys(linked):
                plan.using_units.append((i, unit_pk))
            if r.random() < 0.05:
                plan.kle_additions.append((i, self.r.choice(self.catalog.kle_emner).pk))
            if r.random() < 0.03 and entry.kle and entry.kle[0] in self.catalog.kle:
                plan.kle_removals.append((i, self.catalog.kle[entry.kle[0]].pk))
            self._plan_roles(i, usage, owners.get(i))
            self._plan_costs(i, usage)
            if r.random() < 0.15:
                plan.references.append(
                    (
                        i,
                        ExternalReference(
                            title="Leverandørens dokumentation",
                            url=f"https://www.{entry.vendor_slug}.invalid/dokumentation",
                        ),
                    )
                )

    def _demo_owners(self, rows: list[tuple[CatalogEntry, str, bool]]) -> dict[int, Any]:
        """Which usages the demo users own: the systemejer a handful in their own area."""
        if not self.users:
            return {}
        owners: dict[int, Any] = {}
        mine = [i for i, (_, unit, _) in enumerate(rows) if unit in ("Jobcenter", "Ydelser")]
        for i in mine[:8]:
            owners[i] = self.users["systemejer"]
        it = [i for i, (e, _, _) in enumerate(rows) if e.area.key == "it" and i not in owners]
        for i in it[: len(it) // 2]:
            owners[i] = self.users["arkitekt"]
        others = [i for i in range(len(rows)) if i not in owners]
        for i in others[:: max(1, len(others) // 30)]:
            owners[i] = self.users["redaktoer"]
        return owners

    def _usage(
        self, i: int, entry: CatalogEntry, unit_name: str, extra: bool
    ) -> tuple[SystemUsage, bool, bool]:
        r = self.r
        lifecycle = W_LIFECYCLE.pick(r)
        if entry.deactivated:
            lifecycle = r.choice((c.Lifecycle.PHASING_OUT, c.Lifecycle.NOT_IN_USE))
        valid_from: date | None = None
        valid_to: date | None = None
        if lifecycle == c.Lifecycle.OPERATIONAL:
            valid_from = random_date(r, 2006, 2025)
        elif lifecycle == c.Lifecycle.PHASING_OUT:
            valid_from, valid_to = random_date(r, 2005, 2018), random_date(r, 2027, 2028)
        elif lifecycle == c.Lifecycle.PHASING_IN:
            valid_from = random_date(r, 2026, 2027)
        elif lifecycle == c.Lifecycle.PILOT:
            valid_from = random_date(r, 2026, 2026)
            valid_to = valid_from + timedelta(days=365)
        elif lifecycle == c.Lifecycle.NOT_IN_USE:
            valid_from, valid_to = random_date(r, 2005, 2014), random_date(r, 2019, 2025)
        sensitivity = Weighted(list(entry.area.sensitivity)).pick(r)
        if entry.business_type in (INFRA, K) and sensitivity in (SENSITIVE, CRIMINAL):
            sensitivity = PERSONAL
        personal = sensitivity != NONE
        risky = sensitivity in (SENSITIVE, CRIMINAL)
        risk_done = personal and r.random() < 0.82
        self_service = entry.business_type == S
        group = self.catalog.kle.get(entry.area.kle_group)
        purpose = (
            f"Behandling af personoplysninger i forbindelse med {group.title.lower()}."
            if personal and group is not None
            else ""
        )
        criticality = Weighted(
            [(c.Level.HIGH, 20), (c.Level.MEDIUM, 45), (c.Level.LOW, 25), ("", 10)]
        ).pick(r)
        usage = SystemUsage(
            uuid=key(self.org.pk, "usage", i),
            organization=self.org,
            catalog_system_id=entry.pk,
            local_name=f"{entry.name} – {unit_name}" if extra else "",
            local_id=f"SYS-{i + 1:04d}",
            version=f"{r.randint(1, 12)}.{r.randint(0, 9)}" if r.random() < 0.6 else "",
            lifecycle=lifecycle,
            valid_from=valid_from,
            valid_to=valid_to,
            responsible_unit=self.units[unit_name],
            user_count=W_USER_COUNT.pick(r),
            hosting=W_HOSTING.get(entry.business_type, W_HOSTING["*"]).pick(r),
            data_sensitivity=sensitivity,
            gdpr_purpose=purpose,
            risk_assessment_done=risk_done,
            risk_assessment_date=random_date(r, 2021, 2026) if risk_done else None,
            risk_level=(r.choice((c.Level.MEDIUM, c.Level.HIGH)) if risky else c.Level.LOW)
            if risk_done
            else "",
            criticality=criticality,
            business_critical=criticality == c.Level.HIGH and r.random() < 0.7,
            socially_critical=criticality == c.Level.HIGH and risky and r.random() < 0.4,
            archive_duty=_usage_archive_duty(r, self.catalog, entry),
        )
        if risky and r.random() < 0.55:
            usage.dpia_done = True
            usage.dpia_date = random_date(r, 2019, 2026)
        self._platforms(usage, entry, self_service)
        if r.random() < 0.45:
            usage.update_cadence = W_CADENCE.pick(r)
            usage.test_cadence = W_CADENCE.pick(r)
            usage.governance_responsible = self._holder().name
            usage.last_tested = random_date(r, 2023, 2026)
        if lifecycle in ACTIVE and r.random() < 0.8:
            self._time(usage, lifecycle)
        if r.random() < 0.1:
            usage.notes = r.choice(NOTES)
        return usage, personal, self_service

    def _platforms(self, usage: SystemUsage, entry: CatalogEntry, self_service: bool) -> None:
        r = self.r
        saas = usage.hosting == c.Hosting.SAAS
        usage.supports_browsers = self_service or saas
        usage.supports_windows = not self_service or r.random() < 0.5
        usage.supports_macos = self_service or (saas and r.random() < 0.6)
        usage.supports_ios = self_service and r.random() < 0.75
        usage.supports_android = usage.supports_ios and r.random() < 0.95
        if not self_service:
            return
        gap = r.random()
        if gap < 0.15:  # no accessibility statement at all
            usage.wcag_status = c.WcagStatus.UNKNOWN
            return
        usage.accessibility_statement_url = (
            f"https://www.{self.email_domain}/tilgaengelighed/{slugify_da(entry.name)}"
        )
        if gap < 0.3:  # a statement that is years old
            usage.wcag_status = r.choice((c.WcagStatus.PARTIAL, c.WcagStatus.UNKNOWN))
            usage.wcag_date = random_date(r, 2019, 2022)
        else:
            usage.wcag_status = r.choice(
                (c.WcagStatus.COMPLIANT, c.WcagStatus.COMPLIANT, c.WcagStatus.PARTIAL)
            )
            usage.wcag_date = random_date(r, 2026, 2026)  # current (within 12 months)

    def _time(self, usage: SystemUsage, lifecycle: str) -> None:
        r = self.r
        if lifecycle == c.Lifecycle.PHASING_OUT:
            functional, technical = r.randint(1, 3), r.randint(1, 2)
        elif lifecycle in (c.Lifecycle.PHASING_IN, c.Lifecycle.PILOT):
            functional, technical = r.randint(3, 4), r.randint(3, 4)
        else:
            functional, technical = r.randint(1, 4), r.randint(1, 4)
        high_f, high_t = functional >= 3, technical >= 3
        disposition = {
            (True, True): c.TimeDisposition.INVEST,
            (True, False): c.TimeDisposition.MIGRATE,
            (False, True): c.TimeDisposition.TOLERATE,
            (False, False): c.TimeDisposition.ELIMINATE,
        }[(high_f, high_t)]
        if r.random() < 0.04:  # contradicts the fits: the TIME warning must find these
            disposition = {
                (True, True): c.TimeDisposition.ELIMINATE,
                (True, False): c.TimeDisposition.TOLERATE,
                (False, True): c.TimeDisposition.MIGRATE,
                (False, False): c.TimeDisposition.INVEST,
            }[(high_f, high_t)]
        usage.time_disposition = disposition
        usage.functional_fit = functional
        usage.technical_fit = technical

    def _plan_roles(self, i: int, usage: SystemUsage, demo_owner: Any) -> None:
        r, roles = self.r, self.plan.roles

        def add(key_: str, holder: Holder) -> None:
            if key_ in self.roles:
                roles.append(
                    (
                        i,
                        UsageRole(
                            role_type=self.roles[key_],
                            user=holder.user,
                            person_name="" if holder.user else holder.name,
                            email="" if holder.user else holder.email,
                        ),
                    )
                )

        if demo_owner is not None:
            add("systemejer", Holder(user=demo_owner))
        elif r.random() < 0.9:  # the rest are gaps for the data-quality page
            add("systemejer", self._holder())
        if r.random() < 0.6:
            add("systemansvarlig", self._holder())
        if r.random() < 0.35:
            add("forretningsejer", self._holder())
        if usage.data_sensitivity != NONE and r.random() < 0.4:
            add("dataejer", self._holder())
        if usage.data_sensitivity in (SENSITIVE, CRIMINAL) and r.random() < 0.15:
            add("sikkerhedsansvarlig", self._holder())
        if r.random() < 0.2:
            add("superbruger", self._holder())

    def _plan_costs(self, i: int, usage: SystemUsage) -> None:
        r = self.r
        if usage.lifecycle not in ACTIVE or r.random() > 0.65:
            return
        kinds = [(c.CostKind.INTERNAL, 10_000, 300_000)]
        if usage.hosting in (c.Hosting.ON_PREMISES, c.Hosting.HYBRID):
            kinds.append((c.CostKind.OPERATION, 20_000, 600_000))
        if r.random() < 0.15:
            kinds.append((c.CostKind.LICENSE, 10_000, 500_000))
        for kind, low, high in kinds:
            base = amount(r, low, high, skew=1.5)
            for year in range(2023, 2027):
                growth = Decimal(1 + 0.03 * (year - 2023))
                self.plan.costs.append(
                    (
                        i,
                        UsageCost(
                            year=year,
                            kind=kind,
                            amount=(base * growth).quantize(Decimal("1")).quantize(Decimal("0.01")),
                        ),
                    )
                )

    def _plan_contracts(self) -> None:
        r, plan = self.r, self.plan
        candidates = [
            i
            for i, u in enumerate(plan.usages)
            if u.obj.lifecycle != c.Lifecycle.NOT_IN_USE and r.random() > 0.1
        ]
        r.shuffle(candidates)
        addenda = round(self.size.contracts * 0.08)
        base_count = min(len(candidates), self.size.contracts - addenda)
        hosting_vendors = [v for v in self.catalog.vendors if v.hosting]
        covered: list[list[int]] = [[i] for i in candidates[:base_count]]
        by_vendor: dict[int, list[int]] = {}
        for ci, members in enumerate(covered):
            by_vendor.setdefault(plan.usages[members[0]].entry.vendor_pk, []).append(ci)
        vendors: list[int] = [plan.usages[m[0]].entry.vendor_pk for m in covered]
        types = [W_CONTRACT_TYPE.pick(r) for _ in covered]
        operations = [ci for ci, t in enumerate(types) if t == c.ContractType.OPERATION]
        for ci in operations:
            if r.random() < 0.6:
                vendors[ci] = r.choice(hosting_vendors).pk
        with_products = {s.vendor for s in self.catalog.systems}
        consultancies = [v.pk for v in self.catalog.vendors if v.index not in with_products]
        for ci, contract_type in enumerate(types):
            helpers = (c.ContractType.SERVICE, c.ContractType.DEVELOPMENT)
            if contract_type in helpers and consultancies and r.random() < 0.4:
                vendors[ci] = r.choice(consultancies)
        for i in candidates[base_count:]:
            same = by_vendor.get(plan.usages[i].entry.vendor_pk)
            if same and r.random() < 0.7:
                covered[r.choice(same)].append(i)
            elif operations:
                covered[r.choice(operations)].append(i)
            elif covered:
                covered[r.choice(range(len(covered)))].append(i)
        for ci, members in enumerate(covered):
            self._contract(ci, members, types[ci], vendors[ci], parent=None)
        for ai in range(addenda if covered else 0):
            parent_index = r.randrange(len(covered))
            ci = len(plan.contracts)
            self._contract(
                ci,
                covered[parent_index][:1],
                c.ContractType.ADDENDUM,
                plan.contracts[parent_index].vendor_id,
                parent=parent_index,
                ordinal=ai + 1,
            )

    def _contract(
        self,
        ci: int,
        members: list[int],
        contract_type: str,
        vendor_pk: int | None,
        *,
        parent: int | None,
        ordinal: int = 0,
    ) -> None:
        r, plan = self.r, self.plan
        first = plan.usages[members[0]]
        if parent is None:
            start = random_date(r, 2018, 2026)
            end = min(
                add_months(start, 12 * r.randint(2, 8)) - timedelta(days=1), LAST_CONTRACT_DAY
            )
        else:
            mother = plan.contracts[parent]
            assert mother.start_date is not None and mother.end_date is not None
            span = max(0, (mother.end_date - mother.start_date).days)
            start = mother.start_date + timedelta(days=r.randint(0, span))
            end = mother.end_date
        label = CONTRACT_LABELS[contract_type]
        if parent is not None:
            name = f"{label} {ordinal} til {plan.contracts[parent].name}"[:200]
        elif contract_type == c.ContractType.OPERATION and len(members) > 1:
            name = f"{label} – {first.unit} ({len(members)} systemer)"
        else:
            name = f"{label} – {first.entry.name}"
        personal = any(plan.usages[m].personal for m in members)
        offered = W_OPTIONS.pick(r) if parent is None else 0
        used = r.randint(0, offered) if offered else 0
        terminated = parent is None and r.random() < 0.04
        contract = Contract(
            uuid=key(self.org.pk, "contract", ci),
            organization=self.org,
            number=f"{self.prefix}-{start.year}-{ci + 1:04d}",
            name=name,
            vendor_id=vendor_pk,
            contract_type=contract_type,
            procurement_form=W_PROCUREMENT.pick(r) if parent is None else "",
            start_date=start,
            end_date=end,
            irrevocable_until=min(add_months(start, 12 * r.randint(1, 3)), end)
            if r.random() < 0.4
            else None,
            notice_months=W_NOTICE.pick(r),
            notice_runs_to=W_RUNS_TO.pick(r),
            options_offered=offered,
            options_used=used,
            option_months=r.choice((12, 12, 24)),
            terminated=terminated,
            terminated_date=start + timedelta(days=r.randint(0, (end - start).days))
            if terminated
            else None,
            responsible_unit=self.units[first.unit],
        )
        if personal and parent is None:
            contract.dpa_required = True
            if r.random() < 0.85:  # the rest: personal data without a DPA (a gap)
                contract.dpa_concluded = True
                contract.dpa_date = start + timedelta(days=r.randint(0, 60))
                contract.dpa_supervision_months = r.choice((12, 12, 24))
                if r.random() < 0.8:
                    nxt = contract.dpa_date
                    while nxt < date(2025, 6, 1):
                        nxt = add_months(nxt, contract.dpa_supervision_months)
                    contract.dpa_next_supervision = nxt
        plan.contracts.append(contract)
        if parent is not None:
            plan.contract_parent[ci] = parent
        for m in dict.fromkeys(members):
            plan.contract_usages.append((ci, m))
        self._payments(ci, start, end, contract_type, len(members))
        holder = self._holder()
        if self.users and r.random() < 0.3:
            holder = Holder(user=self.users["indkoeber"])
        plan.contract_roles.append(
            (
                ci,
                ContractRole(
                    kind=c.ContractRoleKind.OWNER,
                    user=holder.user,
                    person_name=holder.name if holder.user is None else "",
                ),
            )
        )
        if r.random() < 0.5:
            manager = self._holder()
            plan.contract_roles.append(
                (ci, ContractRole(kind=c.ContractRoleKind.MANAGER, person_name=manager.name))
            )
        if contract.dpa_concluded and r.random() < 0.5:
            dpa = self._holder()
            plan.contract_roles.append(
                (ci, ContractRole(kind=c.ContractRoleKind.DPA_RESPONSIBLE, person_name=dpa.name))
            )

    def _payments(self, ci: int, start: date, end: date, contract_type: str, n: int) -> None:
        r = self.r
        scale = 0.3 if contract_type == c.ContractType.ADDENDUM else 1.0
        base = amount(r, 20_000, min(1_500_000 * n, 3_000_000) * scale or 20_000, skew=1.8)
        years = [y for y in PAYMENT_YEARS if start.year <= y <= end.year]
        for year in years:
            growth = Decimal(1 + 0.025 * (year - years[0]))
            operation = _clamp((base * growth).quantize(Decimal("1")))
            self.plan.payments.append(
                (ci, ContractPayment(year=year, stream=c.PaymentStream.OPERATION, amount=operation))
            )
            if year == start.year and contract_type != c.ContractType.OPERATION:
                acquisition = _clamp(base * Decimal(str(round(r.uniform(0.5, 3.0), 2))))
                self.plan.payments.append(
                    (
                        ci,
                        ContractPayment(
                            year=year, stream=c.PaymentStream.ACQUISITION, amount=acquisition
                        ),
                    )
                )
            if r.random() < 0.08:
                self.plan.payments.append(
                    (
                        ci,
                        ContractPayment(
                            year=year,
                            stream=c.PaymentStream.OTHER,
                            amount=amount(r, 20_000, 250_000, skew=1.5),
                        ),
                    )
                )

    def _plan_integrations(self) -> None:
        r, plan = self.r, self.plan
        usages = plan.usages
        if len(usages) < 2:
            return
        components = [n for n in COMPONENTS if n in self.catalog.components]
        w_component = Weighted([(n, COMPONENTS[n][0]) for n in components])
        sources = Weighted(
            [
                (i, W_COMPONENT_SOURCE[u.entry.business_type] * (1.5 if u.personal else 0.5))
                for i, u in enumerate(usages)
            ]
        )
        targets = Weighted(
            [
                (i, float(HUBS[u.entry.noun][0]) if u.entry.noun in HUBS else 1.0)
                for i, u in enumerate(usages)
            ]
        )
        any_source = Weighted([(i, 1.0) for i in range(len(usages))])
        contracts_of: dict[int, list[int]] = {}
        for ci, ui in plan.contract_usages:
            contracts_of.setdefault(ui, []).append(ci)
        seen: set[tuple[int, object, str]] = set()
        share = 0.35 if components else 0.0
        attempts = 0
        while (
            len(plan.integrations) < self.size.integrations
            and attempts < self.size.integrations * 20
        ):
            attempts += 1
            if r.random() < share:
                source = sources.pick(r)
                component = w_component.pick(r)
                interface, technology, data = r.choice(COMPONENTS[component][1])
                target: int | None = None
                target_component: CatalogSystem | None = self.catalog.components[component]
                pair: tuple[int, object, str] = (source, component, interface)
            else:
                source = any_source.pick(r)
                target = targets.pick(r)
                if target == source:
                    continue
                target_component = None
                noun = usages[target].entry.noun
                area_data = usages[source].entry.area.data
                if noun in HUBS and r.random() < 0.8:
                    interface = HUBS[noun][1]
                    data = HUBS[noun][2] or (r.choice(area_data),)
                else:
                    picked = r.choice(area_data)
                    interface = r.choice(GENERIC_INTERFACES).format(
                        data=picked.lower(), target=usages[target].entry.name
                    )
                    data = (picked,)
                technology = W_TECHNOLOGY.pick(r)
                pair = (source, target, interface)
            if pair in seen:
                continue
            seen.add(pair)
            index = len(plan.integrations)
            status = W_STATUS.pick(r)
            if usages[source].obj.lifecycle == c.Lifecycle.NOT_IN_USE:
                status = c.IntegrationStatus.RETIRED
            contract = None
            if source in contracts_of and r.random() < 0.3:
                contract = r.choice(contracts_of[source])
            row = Integration(
                uuid=key(self.org.pk, "integration", index),
                organization=self.org,
                target_component=target_component,
                interface_name=interface[:200],
                technology=technology,
                frequency=W_FREQUENCY.pick(r),
                direction=c.Direction.TWO_WAY if r.random() < 0.2 else c.Direction.ONE_WAY,
                status=status,
            )
            plan.integrations.append((row, source, target, contract))
            for name in dict.fromkeys(data):
                plan.integration_data.append((index, name))

    def _plan_processes(self) -> None:
        r, plan = self.r, self.plan
        by_area: dict[str, list[int]] = {}
        esdh: list[int] = []
        for i, u in enumerate(plan.usages):
            if u.obj.lifecycle in ACTIVE:
                by_area.setdefault(u.entry.area.key, []).append(i)
                if u.entry.noun == "ESDH":
                    esdh.append(i)
        count = self.size.processes
        parents = list(PROCESS_PARENTS.items())[: max(0, count // 10)]
        leaves = r.sample(PROCESSES, min(len(PROCESSES), count - len(parents)))
        parent_of_area: dict[str, int] = {}
        for pi, (name, (area_key, children)) in enumerate(parents):
            plan.processes.append((self._process(name, area_key), None))
            self._steps(pi, area_key, by_area, esdh)
            for child in children:
                parent_of_area[child] = pi
        for name, area_key in leaves:
            pi = len(plan.processes)
            plan.processes.append((self._process(name, area_key), parent_of_area.get(area_key)))
            self._steps(pi, area_key, by_area, esdh)

    def _process(self, name: str, area_key: str) -> BusinessProcess:
        area = AREA_BY_KEY[area_key]
        kle = self.catalog.kle.get(area.kle_group)
        return BusinessProcess(
            organization=self.org,
            name=name,
            owner_unit=self.units[area.afdeling],
            kle_subject=kle,
            description=f"Syntetisk proces: {kle.title if kle else area_key} (demodata).",
        )

    def _steps(
        self, pi: int, area_key: str, by_area: dict[str, list[int]], esdh: list[int]
    ) -> None:
        r = self.r
        area = AREA_BY_KEY[area_key]
        k = r.randint(3, 8)
        chosen = sorted(r.sample(range(len(STEPS)), k))
        pool = by_area.get(area_key) or [i for ids in by_area.values() for i in ids]
        recollect = r.random() < 0.3
        for order, step_index in enumerate(chosen, start=1):
            name, collects, reads = STEPS[step_index]
            usages = r.sample(pool, min(len(pool), r.choice((1, 1, 2)))) if pool else []
            if name.startswith("Journalisér") and esdh:
                usages = [esdh[0]]
            area_data = r.choice(area.data)
            collected = [area_data if d == "*" else d for d in collects]
            read = [area_data if d == "*" else d for d in reads]
            if recollect and order == len(chosen) and RECOLLECTED not in collected:
                collected.append(RECOLLECTED)  # the same data asked for again
            self.plan.steps.append(
                (
                    pi,
                    ProcessStep(order=order, name=name, unit=self.units[area.afdeling]),
                    list(dict.fromkeys(usages)),
                    list(dict.fromkeys(collected)),
                    [d for d in dict.fromkeys(read) if d not in collected],
                )
            )

    # persisting -----------------------------------------------------------------------

    def save(self) -> SeedCounts:
        """Insert what is missing; return how many usages/contracts/… were created."""
        plan, org = self.plan, self.org
        counts = SeedCounts()
        objects = {d.name: d.pk for d in DataObject.objects.filter(organization=org)}
        missing = [d for d in plan.data_objects if d.name not in objects]
        DataObject.objects.bulk_create(missing, batch_size=BATCH)
        objects.update({d.name: d.pk for d in missing})

        # usages
        usage_pk = dict(SystemUsage.objects.filter(organization=org).values_list("uuid", "pk"))
        new_usages = [u.obj for u in plan.usages if u.obj.uuid not in usage_pk]
        SystemUsage.objects.bulk_create(new_usages, batch_size=BATCH)
        usage_pk.update({u.uuid: u.pk for u in new_usages})
        upk = [usage_pk[u.obj.uuid] for u in plan.usages]
        created = {u.uuid for u in new_usages}
        fresh = {i for i, u in enumerate(plan.usages) if u.obj.uuid in created}
        counts.usages = len(new_usages)
        if fresh:
            _link(
                SystemUsage,
                "using_units",
                [(upk[i], unit) for i, unit in plan.using_units if i in fresh],
            )
            _link(
                SystemUsage,
                "kle_additions",
                [(upk[i], s) for i, s in plan.kle_additions if i in fresh],
            )
            _link(
                SystemUsage,
                "kle_removals",
                [(upk[i], s) for i, s in plan.kle_removals if i in fresh],
            )
            UsageRole.objects.bulk_create(
                _children(plan.roles, fresh, upk, "usage_id"), batch_size=BATCH
            )
            UsageCost.objects.bulk_create(
                _children(plan.costs, fresh, upk, "usage_id"), batch_size=BATCH
            )
            ExternalReference.objects.bulk_create(
                _children(plan.references, fresh, upk, "usage_id"), batch_size=BATCH
            )

        # contracts: the ones without a parent first
        contract_pk = dict(Contract.objects.filter(organization=org).values_list("uuid", "pk"))
        new_idx = [ci for ci, k in enumerate(plan.contracts) if k.uuid not in contract_pk]
        for wave in (
            [ci for ci in new_idx if ci not in plan.contract_parent],
            [ci for ci in new_idx if ci in plan.contract_parent],
        ):
            contracts = [plan.contracts[ci] for ci in wave]
            for ci, contract in zip(wave, contracts, strict=True):
                if ci in plan.contract_parent:
                    parent = plan.contracts[plan.contract_parent[ci]]
                    contract.parent_id = contract_pk[parent.uuid]
            Contract.objects.bulk_create(contracts, batch_size=BATCH)
            contract_pk.update({k.uuid: k.pk for k in contracts})
        cpk = [contract_pk[k.uuid] for k in plan.contracts]
        fresh_c = set(new_idx)
        counts.contracts = len(new_idx)
        if fresh_c:
            _link(
                Contract,
                "usages",
                [(cpk[ci], upk[ui]) for ci, ui in plan.contract_usages if ci in fresh_c],
            )
            ContractPayment.objects.bulk_create(
                _children(plan.payments, fresh_c, cpk, "contract_id"), batch_size=BATCH
            )
            ContractRole.objects.bulk_create(
                _children(plan.contract_roles, fresh_c, cpk, "contract_id"), batch_size=BATCH
            )

        # integrations
        integration_pk = dict(
            Integration.objects.filter(organization=org).values_list("uuid", "pk")
        )
        new_rows: list[Integration] = []
        new_index: list[int] = []
        for index, (row, source, target, via) in enumerate(plan.integrations):
            if row.uuid in integration_pk:
                continue
            row.source_id = upk[source]
            row.target_id = upk[target] if target is not None else None
            row.contract_id = cpk[via] if via is not None else None
            new_rows.append(row)
            new_index.append(index)
        Integration.objects.bulk_create(new_rows, batch_size=BATCH)
        ipk = {index: row.pk for index, row in zip(new_index, new_rows, strict=True)}
        counts.integrations = len(new_rows)
        _link(
            Integration,
            "data_objects",
            [(ipk[index], objects[name]) for index, name in plan.integration_data if index in ipk],
        )

        # processes and their steps
        process_pk = dict(
            BusinessProcess.objects.filter(organization=org).values_list("name", "pk")
        )
        new_p = [pi for pi, (p, _) in enumerate(plan.processes) if p.name not in process_pk]
        for wave in (
            [pi for pi in new_p if plan.processes[pi][1] is None],
            [pi for pi in new_p if plan.processes[pi][1] is not None],
        ):
            rows_p = []
            for pi in wave:
                process, mother = plan.processes[pi]
                if mother is not None:
                    process.parent_id = process_pk[plan.processes[mother][0].name]
                rows_p.append(process)
            BusinessProcess.objects.bulk_create(rows_p, batch_size=BATCH)
            process_pk.update({p.name: p.pk for p in rows_p})
        counts.processes = len(new_p)
        fresh_p = set(new_p)
        steps = []
        links: list[tuple[ProcessStep, list[int], list[str], list[str]]] = []
        for pi, step, usages, collects, reads in plan.steps:
            if pi in fresh_p:
                step.process_id = process_pk[plan.processes[pi][0].name]
                steps.append(step)
                links.append((step, usages, collects, reads))
        ProcessStep.objects.bulk_create(steps, batch_size=BATCH)
        _link(ProcessStep, "usages", [(s.pk, upk[u]) for s, us, _, _ in links for u in us])
        _link(ProcessStep, "collects", [(s.pk, objects[d]) for s, _, cs, _ in links for d in cs])
        _link(ProcessStep, "reads", [(s.pk, objects[d]) for s, _, _, rs in links for d in rs])
        return counts


def _usage_archive_duty(r: random.Random, catalog: Catalog, entry: CatalogEntry) -> str:
    if r.random() < 0.25:
        return c.ArchiveDuty.UNDECIDED
    return _archive_duty(catalog.kle, entry.kle)


def _clamp(value: Decimal) -> Decimal:
    return min(MAX_PAYMENT, max(MIN_PAYMENT, value)).quantize(Decimal("0.01"))


def _children(rows: list[tuple[int, T]], fresh: set[int], pks: list[int], attname: str) -> list[T]:
    out = []
    for index, row in rows:
        if index in fresh:
            setattr(row, attname, pks[index])
            out.append(row)
    return out


# Entry points --------------------------------------------------------------------------


def seed_eksempel(result: DemoResult) -> SeedCounts:
    """Eksempel Kommune's landscape on the shared demo catalog; returns what was created."""
    catalog = seed_catalog(result.kommune)
    landscape = Landscape(
        organization=result.kommune,
        catalog=catalog,
        units=result.units,
        size=LandscapeSize(
            usages=DEMO_SIZE_USAGES,
            contracts=DEMO_SIZE_CONTRACTS,
            integrations=DEMO_SIZE_INTEGRATIONS,
            processes=DEMO_SIZE_PROCESSES,
        ),
        seed=f"{SEED}:eksempel",
        prefix="EK",
        email_domain="eksempel.invalid",
        users=result.users,
    )
    landscape.build()
    return landscape.save()


def seed_portfolio_demo(result: DemoResult) -> None:
    """The portfolio's demo seeder (registered in ``PortfolioConfig.ready``; run by
    ``seed_demo``)."""
    seed_eksempel(result)


NATIONAL_UNIT_PREFIX = "SYN"


def national_units(organization: Organization) -> dict[str, OrganizationUnit]:
    """A small forvaltning/afdeling tree (the demo's, without teams), keyed by local id."""
    existing = {
        unit.local_id: unit
        for unit in OrganizationUnit.objects.filter(
            organization=organization, local_id__startswith=f"{NATIONAL_UNIT_PREFIX}-"
        )
    }
    wanted: list[tuple[str, str, str, str | None]] = []  # local id, name, kind, parent id
    for f_index, (forvaltning, afdelinger) in enumerate(DEMO_UNITS.items(), start=1):
        top = f"{NATIONAL_UNIT_PREFIX}-F{f_index:02d}"
        wanted.append((top, forvaltning, UnitKind.FORVALTNING, None))
        for a_index, afdeling in enumerate(afdelinger, start=1):
            wanted.append((f"{top}A{a_index:02d}", afdeling, UnitKind.AFDELING, top))
    for level in (UnitKind.FORVALTNING, UnitKind.AFDELING):
        rows = [
            OrganizationUnit(
                organization=organization,
                local_id=local_id,
                name=name,
                kind=kind,
                parent=existing[parent] if parent else None,
            )
            for local_id, name, kind, parent in wanted
            if kind == level and local_id not in existing
        ]
        OrganizationUnit.objects.bulk_create(rows, batch_size=BATCH)
        existing.update({unit.local_id: unit for unit in rows})
    return {name: existing[local_id] for local_id, name, _, _ in wanted}


def size_factors(codes: Sequence[int]) -> dict[int, float]:
    """A synthetic size factor per municipality (mean 1 over the codes given).

    >>> factors = size_factors([101, 147, 151, 153])
    >>> round(sum(factors.values()) / 4, 6)
    1.0
    """
    raw = {
        code: random.Random(f"{SEED}:size:{code}").lognormvariate(0, 0.55)  # noqa: S311
        for code in codes
    }
    mean = sum(raw.values()) / len(raw)
    return {code: value / mean for code, value in raw.items()}


def seed_national(
    result: DemoResult,
    *,
    municipalities: int | None = None,
    usages_per: int = DEMO_SIZE_USAGES,
    integrations_per_usage: float = NATIONAL_INTEGRATIONS_PER_USAGE,
    progress: Callable[[str], None] | None = None,
) -> SeedCounts:
    """Synthetic landscapes on the real municipalities (all 98, or the first ``municipalities``
    by kommunekode), for benchmarks. Each one is marked ``is_demo`` before it is seeded.

    ``usages_per`` is the average; each municipality gets it times its synthetic size
    factor. Every municipality is seeded in its own transaction.
    """
    catalog = seed_catalog(result.kommune)
    kommuner = list(
        Organization.objects.filter(
            kind=OrganizationKind.KOMMUNE, kommunekode__isnull=False
        ).order_by("kommunekode")
    )
    factors = size_factors([k.kommunekode for k in kommuner if k.kommunekode is not None])
    if municipalities is not None:
        kommuner = kommuner[:municipalities]
    total = SeedCounts()
    started = time.perf_counter()
    for n, kommune in enumerate(kommuner, start=1):
        code = kommune.kommunekode
        assert code is not None
        with transaction.atomic():
            Organization.objects.filter(pk=kommune.pk).update(is_demo=True)
            landscape = Landscape(
                organization=kommune,
                catalog=catalog,
                units=national_units(kommune),
                size=LandscapeSize.scaled(
                    max(5, round(usages_per * factors[code])), integrations_per_usage
                ),
                seed=f"{SEED}:national:{code}",
                prefix=f"K{code}",
                email_domain=f"kommune{code}.invalid",
            )
            landscape.build()
            total.add(landscape.save())
        if progress is not None and (n % 10 == 0 or n == len(kommuner)):
            progress(
                f"{n}/{len(kommuner)} municipalities, {total.usages} usages, "
                f"{total.integrations} integrations ({time.perf_counter() - started:.0f} s)"
            )
    return total
