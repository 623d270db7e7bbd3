"""Business areas of the demo landscape: KLE group, afdeling, products and data."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio import choices as c

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
