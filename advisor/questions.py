"""The assessment wizard's questions: one per fact of the strategy model, in plain Danish.

Each question asks for one fact of :class:`engine.strategy.Profile` (the keys of
``knowledge/data/strategy_model.yaml``). The wizard groups them in four steps. Answers are
stored on the fact's own scale: ``scale`` 1-5, ``share`` 0-1 (typed as percent),
``number`` a plain number. A fact the portfolio can compute (see :mod:`advisor.facts`) is
shown with its computed value and source instead of an empty question.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.common import Text

__all__ = ["QUESTIONS", "STEPS", "Question", "Step", "question", "questions_in"]

SCALE = "scale"
SHARE = "share"
NUMBER = "number"


@dataclass(frozen=True)
class Step:
    key: str
    title: Text
    intro: Text


@dataclass(frozen=True)
class Question:
    """One fact to ask for.

    ``low`` and ``high`` name the ends of a 1-5 scale; ``minimum``/``maximum`` bound a
    number (shares are always 0-1).
    """

    key: str
    step: str
    kind: str
    label: Text
    help: Text
    low: Text | None = None
    high: Text | None = None
    minimum: float = 0.0
    maximum: float | None = None
    decimals: int = 0
    unit: Text | None = None

    def bounds(self) -> tuple[float, float | None]:
        if self.kind == SCALE:
            return 1.0, 5.0
        if self.kind == SHARE:
            return 0.0, 1.0
        return self.minimum, self.maximum


STEPS: tuple[Step, ...] = (
    Step(
        "oekonomi",
        Text("Økonomi og indkøb", "Finances and purchasing"),
        Text(
            "Hvor stort er presset på it-udgifterne, og hvordan købes der it ind i dag?",
            "How hard are IT costs pressed, and how is IT bought today?",
        ),
    ),
    Step(
        "landskab",
        Text("Systemer, data og processer", "Systems, data and processes"),
        Text(
            "Hvordan ser systemlandskabet ud, og hvor godt hænger data og processer sammen?",
            "What does the system landscape look like, and how well do data and processes connect?",
        ),
    ),
    Step(
        "borgere",
        Text("Borgerkontakt", "Citizen contact"),
        Text(
            "Hvordan henvender borgere og virksomheder sig, og hvad kan kommunen bruge på at "
            "fortælle om nye løsninger?",
            "How do citizens and businesses get in touch, and what can the municipality "
            "spend on telling them about new solutions?",
        ),
    ),
    Step(
        "organisation",
        Text("Ledelse og organisation", "Management and organisation"),
        Text(
            "Hvilket mandat og hvilken opbakning har en strategi, og kan kommunen skaffe it-folk?",
            "What mandate and commitment would a strategy have, and can the municipality "
            "find IT staff?",
        ),
    ),
)

_LOW = Text("Meget lavt", "Very low")
_HIGH = Text("Meget højt", "Very high")

QUESTIONS: tuple[Question, ...] = (
    # Økonomi og indkøb
    Question(
        "cost_pressure",
        "oekonomi",
        SCALE,
        Text(
            "Hvor stort er presset for at sænke it-udgifterne?",
            "How strong is the pressure to lower IT costs?",
        ),
        Text(
            "Tænk på budgetforhandlingerne: skal it bidrage med besparelser de næste år, "
            "eller er der ro om it-budgettet?",
            "Think of the budget talks: must IT deliver savings in the coming years, or is "
            "the IT budget left alone?",
        ),
        low=Text("Intet pres", "No pressure"),
        high=Text("Meget stort pres", "Very strong pressure"),
    ),
    Question(
        "purchasing_decentralisation",
        "oekonomi",
        SCALE,
        Text(
            "Hvor meget it købes ind af forvaltningerne selv?",
            "How much IT do the departments buy on their own?",
        ),
        Text(
            "1 betyder, at alle it-indkøb går gennem én central enhed; 5, at hver forvaltning "
            "køber sine egne løsninger uden at spørge it-afdelingen.",
            "1 means every IT purchase goes through one central unit; 5 that each department "
            "buys its own solutions without asking the IT unit.",
        ),
        low=Text("Alt købes centralt", "Everything is bought centrally"),
        high=Text("Alt købes decentralt", "Everything is bought locally"),
    ),
    Question(
        "procurement_lead_time_days",
        "oekonomi",
        NUMBER,
        Text(
            "Hvor mange dage går der typisk fra en forvaltning har et it-behov, til der er "
            "truffet beslutning om købet?",
            "How many days does it typically take from a department's IT need to the decision "
            "to buy?",
        ),
        Text(
            "Måles af anskaffelsesprocessen i Styrbar (median det seneste år), når den er i brug.",
            "Measured by Styrbar's procurement process (median of the last year) once it is "
            "in use.",
        ),
        maximum=1000,
    ),
    Question(
        "show_stopper_share",
        "oekonomi",
        SHARE,
        Text(
            "Hvor stor en del af it-købene bliver holdt op af spørgsmål, ingen kan svare på "
            "(stopklodser)?",
            "What share of IT purchases is held up by questions nobody can answer (show stoppers)?",
        ),
        Text(
            "Måles af anskaffelsesprocessen i Styrbar, når den er i brug.",
            "Measured by Styrbar's procurement process once it is in use.",
        ),
    ),
    Question(
        "spend_outside_central_share",
        "oekonomi",
        SHARE,
        Text(
            "Hvor stor en del af it-udgiften ligger uden for centrale aftaler?",
            "What share of IT spend lies outside central agreements?",
        ),
        Text(
            "Andelen af årets it-betalinger, der ikke er købt gennem EU-udbud, SKI- eller "
            "andre rammeaftaler, KOMBIT eller et nationalt udbud. Styrbar beregner den fra "
            "kontrakternes udbudsform og betalinger.",
            "The share of the year's IT payments not bought through an EU tender, SKI or "
            "other framework agreements, KOMBIT or a national tender. Styrbar computes it "
            "from the contracts' procurement form and payments.",
        ),
    ),
    Question(
        "it_spend_per_inhabitant",
        "oekonomi",
        NUMBER,
        Text(
            "Hvad er it-udgiften pr. indbygger om året?",
            "What is the IT spend per inhabitant per year?",
        ),
        Text(
            "Årets samlede it-udgift fra kommunens eget regnskab delt med indbyggertallet.",
            "The year's total IT spend from the municipality's own accounts divided by the "
            "number of inhabitants.",
        ),
        maximum=100_000,
        unit=Text("kr.", "kr."),
    ),
    Question(
        "inhabitants",
        "oekonomi",
        NUMBER,
        Text(
            "Hvor mange indbyggere har kommunen?",
            "How many inhabitants does the municipality have?",
        ),
        Text(
            "Hentes fra organisationsprofilen, hvis indbyggertallet står dér.",
            "Taken from the organisation profile when the population is filled in there.",
        ),
        minimum=1.0,
        maximum=10_000_000,
    ),
    Question(
        "investment_capacity",
        "oekonomi",
        SCALE,
        Text(
            "Hvor meget er der råd til at investere i digitalisering de næste år?",
            "How much room is there to invest in digitalisation in the coming years?",
        ),
        Text(
            "Tænk på anlægsbudget, puljer og medfinansiering: kan kommunen finansiere en "
            "klynge af projekter og nye systemer, eller skal alt hentes inden for driften?",
            "Think of the capital budget, funds and co-financing: can the municipality fund "
            "a cluster of projects and new systems, or must everything come out of running "
            "costs?",
        ),
        low=Text("Ingen midler", "No funds"),
        high=Text("Rigelige midler", "Ample funds"),
    ),
    # Systemer, data og processer
    Question(
        "overlapping_systems_per_capability",
        "landskab",
        NUMBER,
        Text(
            "Hvor mange systemer dækker i gennemsnit det samme behov?",
            "How many systems cover the same need on average?",
        ),
        Text(
            "Gennemsnitligt antal systemer i drift pr. KLE-emne, som har mindst ét system. "
            "1 betyder intet overlap; 2 betyder, at hvert behov i gennemsnit dækkes af to "
            "systemer.",
            "Average number of systems in use per KLE subject that has at least one system. "
            "1 means no overlap; 2 that each need is covered by two systems on average.",
        ),
        minimum=1.0,
        maximum=50.0,
        decimals=2,
    ),
    Question(
        "integration_coverage",
        "landskab",
        SHARE,
        Text(
            "Hvor mange af systemerne udveksler data via integrationer?",
            "How many of the systems exchange data through integrations?",
        ),
        Text(
            "Andelen af systemer i drift, der har mindst én integration i drift - til et "
            "andet system eller til en fælleskommunal komponent.",
            "The share of systems in use with at least one live integration - to another "
            "system or to a shared municipal component.",
        ),
    ),
    Question(
        "data_collected_twice_share",
        "landskab",
        SHARE,
        Text(
            "I hvor mange processer indtastes de samme data flere gange?",
            "In how many processes is the same data keyed in more than once?",
        ),
        Text(
            "Andelen af de kortlagte forretningsprocesser, hvor mindst ét dataobjekt "
            "indsamles i mere end ét trin.",
            "The share of mapped business processes where at least one data object is "
            "collected in more than one step.",
        ),
    ),
    Question(
        "kombit_component_use",
        "landskab",
        SHARE,
        Text(
            "Hvor mange af KOMBITs støttesystemer bruger kommunen?",
            "How many of KOMBIT's support systems does the municipality use?",
        ),
        Text(
            "Andelen af de fælleskommunale komponenter (Serviceplatformen, Beskedfordeler, "
            "Organisation, Klassifikation m.fl.), som kommunens systemer har en integration "
            "i drift til.",
            "The share of the shared municipal components (Serviceplatformen, "
            "Beskedfordeler, Organisation, Klassifikation and others) that the "
            "municipality's systems have a live integration to.",
        ),
    ),
    Question(
        "process_maturity",
        "landskab",
        SCALE,
        Text(
            "Hvor godt er forretningsprocesserne kortlagt?",
            "How well are the business processes mapped?",
        ),
        Text(
            "1: processerne findes kun i medarbejdernes hoveder. 5: de vigtigste processer "
            "er beskrevet, har en ejer og holdes ved lige.",
            "1: the processes exist only in people's heads. 5: the main processes are "
            "described, have an owner and are kept up to date.",
        ),
        low=Text("Ikke kortlagt", "Not mapped"),
        high=Text("Grundigt kortlagt", "Thoroughly mapped"),
    ),
    # Borgerkontakt
    Question(
        "in_person_contacts_per_inhabitant",
        "borgere",
        NUMBER,
        Text(
            "Hvor mange personlige henvendelser er der pr. indbygger om året?",
            "How many in-person contacts are there per inhabitant per year?",
        ),
        Text(
            "Henvendelser ved fremmøde og telefon i et år delt med indbyggertallet, fx fra "
            "borgerservices statistik. 1,5 betyder 1,5 henvendelser pr. indbygger.",
            "Visits and phone calls in a year divided by the number of inhabitants, e.g. "
            "from the citizen service statistics. 1.5 means 1.5 contacts per inhabitant.",
        ),
        maximum=20.0,
        decimals=2,
    ),
    Question(
        "self_service_adoption",
        "borgere",
        SHARE,
        Text(
            "Hvor stor en del af henvendelserne sker via digital selvbetjening?",
            "What share of contacts happen through digital self-service?",
        ),
        Text(
            "Andelen af alle henvendelser, der klares digitalt uden en medarbejder, fx via "
            "selvbetjeningsløsninger og Borger.dk.",
            "The share of all contacts handled digitally without a member of staff, e.g. "
            "through self-service solutions and Borger.dk.",
        ),
    ),
    Question(
        "communication_budget",
        "borgere",
        SCALE,
        Text(
            "Hvor mange midler er der til at kommunikere om nye løsninger?",
            "How much money is there for communicating about new solutions?",
        ),
        Text(
            "Budget og folk til at fortælle borgere, virksomheder og medarbejdere om nye "
            "digitale løsninger - egne kommunikationsfolk eller indkøbt hjælp.",
            "Budget and people to tell citizens, businesses and staff about new digital "
            "solutions - in-house communicators or bought-in help.",
        ),
        low=_LOW,
        high=_HIGH,
    ),
    Question(
        "citizen_satisfaction_pressure",
        "borgere",
        SCALE,
        Text(
            "Hvor stort er presset for at gøre borgerne mere tilfredse med servicen?",
            "How strong is the pressure to make citizens more satisfied with the service?",
        ),
        Text(
            "Fx politiske mål for borgertilfredshed, klager over ventetid og tilgængelighed, "
            "eller en tilfredshedsmåling, der falder.",
            "E.g. political goals for citizen satisfaction, complaints about waiting times "
            "and access, or a satisfaction survey that is falling.",
        ),
        low=Text("Intet pres", "No pressure"),
        high=Text("Meget stort pres", "Very strong pressure"),
    ),
    # Ledelse og organisation
    Question(
        "political_appetite_central_control",
        "organisation",
        SCALE,
        Text(
            "Hvor stor er viljen til central styring af it?",
            "How strong is the will to steer IT centrally?",
        ),
        Text(
            "Vil direktion og kommunalbestyrelse give et varigt mandat til, at it styres "
            "centralt - også når en forvaltning er uenig?",
            "Will the executive board and the city council give a lasting mandate to steer "
            "IT centrally - also when a department disagrees?",
        ),
        low=Text("Ingen vilje", "No will"),
        high=Text("Stærk vilje", "Strong will"),
    ),
    Question(
        "management_commitment",
        "organisation",
        SCALE,
        Text(
            "Hvor stor er opbakningen fra ledelserne i forvaltningerne?",
            "How strong is the commitment of the departments' managers?",
        ),
        Text(
            "Vil direktører og mellemledere i alle forvaltninger forpligte sig til en fælles "
            "strategi? Uden dem bliver gevinsterne ikke hentet.",
            "Will directors and middle managers in every department commit to a common "
            "strategy? Without them the gains are not realised.",
        ),
        low=Text("Ingen opbakning", "No commitment"),
        high=Text("Fuld opbakning", "Full commitment"),
    ),
    Question(
        "it_recruitment_difficulty",
        "organisation",
        SCALE,
        Text(
            "Hvor svært er det at rekruttere og fastholde it-medarbejdere?",
            "How hard is it to recruit and keep IT staff?",
        ),
        Text(
            "Tænk på de seneste stillingsopslag inden for drift, arkitektur og udvikling: "
            "kom der kvalificerede ansøgere, og bliver de?",
            "Think of the latest job postings in operations, architecture and development: "
            "were there qualified applicants, and do they stay?",
        ),
        low=Text("Let", "Easy"),
        high=Text("Meget svært", "Very hard"),
    ),
    Question(
        "central_team_capacity",
        "organisation",
        SCALE,
        Text(
            "Hvor mange kræfter har den centrale it- og indkøbsenhed til en ny strategi?",
            "How much capacity does the central IT and procurement team have for a new strategy?",
        ),
        Text(
            "Kan enheden forankre hvert it-indkøb, forklare processen for forvaltningerne og "
            "bemande et kontrolorgan - eller er den fuldt optaget af driften i dag?",
            "Can the team anchor every IT purchase, explain the process to the departments "
            "and staff a control body - or is it fully occupied by operations today?",
        ),
        low=Text("Ingen kræfter", "No capacity"),
        high=Text("Rigeligt med kræfter", "Ample capacity"),
    ),
    Question(
        "fragile_operations",
        "organisation",
        SCALE,
        Text(
            "Hvor skrøbelig er it-driften i dag?",
            "How fragile are IT operations today?",
        ),
        Text(
            "Tænk på nedbrud, afhængighed af få nøglepersoner, små serverrum og driftsopgaver, "
            "der kun én kan løse.",
            "Think of outages, dependence on a few key people, small server rooms and "
            "operations tasks only one person can do.",
        ),
        low=Text("Robust", "Robust"),
        high=Text("Meget skrøbelig", "Very fragile"),
    ),
    Question(
        "neighbour_cooperation",
        "organisation",
        SCALE,
        Text(
            "Hvor villige er nabokommunerne til at dele it-driften?",
            "How willing are the neighbouring municipalities to share IT operations?",
        ),
        Text(
            "1 betyder, at ingen nabokommune vil; 5, at der allerede er konkrete drøftelser "
            "om et driftsfællesskab.",
            "1 means no neighbour is willing; 5 that there are already concrete talks about "
            "a shared operations community.",
        ),
        low=Text("Ingen vil", "None willing"),
        high=Text("Konkrete drøftelser", "Concrete talks"),
    ),
)

_BY_KEY = {q.key: q for q in QUESTIONS}


def question(key: str) -> Question:
    """The question for fact ``key`` (KeyError if unknown)."""
    return _BY_KEY[key]


def questions_in(step: str) -> list[Question]:
    """The questions of wizard step ``step``, in order."""
    return [q for q in QUESTIONS if q.step == step]
