"""Reference tables of the demo landscape: hubs, interfaces, data objects, shared
components and processes."""

from __future__ import annotations

from portfolio import choices as c

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
