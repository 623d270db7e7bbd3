"""KITOS enumeration values and Danish option names → Styrbar's choices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portfolio import choices as c


@dataclass(frozen=True)
class Vocabulary:
    """KITOS values → Styrbar choices, and the choice an empty or unknown value gives."""

    default: Any
    table: dict[str, Any]


LIFECYCLE = Vocabulary(
    c.Lifecycle.UNDECIDED,
    {
        "undecided": c.Lifecycle.UNDECIDED,
        "notInUse": c.Lifecycle.NOT_IN_USE,
        "phasingIn": c.Lifecycle.PHASING_IN,
        "operational": c.Lifecycle.OPERATIONAL,
        "phasingOut": c.Lifecycle.PHASING_OUT,
    },
)
HOSTING = Vocabulary(
    c.Hosting.UNDECIDED,
    {
        "undecided": c.Hosting.UNDECIDED,
        "onPremise": c.Hosting.ON_PREMISES,
        "external": c.Hosting.EXTERNAL,
        "hybrid": c.Hosting.HYBRID,
    },
)
# Most sensitive first: a usage takes the most sensitive level KITOS lists.
SENSITIVITY = {
    "legalData": c.DataSensitivity.CRIMINAL,
    "sensitiveData": c.DataSensitivity.SENSITIVE,
    "personData": c.DataSensitivity.PERSONAL,
    "none": c.DataSensitivity.NONE,
}
ARCHIVE_DUTY = Vocabulary(
    c.ArchiveDuty.UNDECIDED,
    {
        "undecided": c.ArchiveDuty.UNDECIDED,
        "b": c.ArchiveDuty.B,
        "k": c.ArchiveDuty.K,
        "unknown": c.ArchiveDuty.UNKNOWN,
        "preserveDataCanDiscardDocuments": c.ArchiveDuty.PRESERVE_DATA,
        "noRecommendation": c.ArchiveDuty.UNDECIDED,
    },
)
RISK = Vocabulary(
    "", {"low": c.Level.LOW, "medium": c.Level.MEDIUM, "high": c.Level.HIGH, "undecided": ""}
)
BUSINESS_TYPE = Vocabulary(
    c.BusinessType.ANDET,
    {
        "fagsystem": c.BusinessType.FAGSYSTEM,
        "administrativt system": c.BusinessType.ADMINISTRATIVT,
        "administrativt": c.BusinessType.ADMINISTRATIVT,
        "selvbetjening": c.BusinessType.SELVBETJENING,
        "selvbetjeningsløsning": c.BusinessType.SELVBETJENING,
        "infrastruktur": c.BusinessType.INFRASTRUKTUR,
        "fælleskommunal komponent": c.BusinessType.FAELLESKOMMUNAL,
        "fælleskommunal infrastruktur": c.BusinessType.FAELLESKOMMUNAL,
        "kontor- og samarbejdsværktøj": c.BusinessType.KONTOR,
        "kontorsystem": c.BusinessType.KONTOR,
        "andet": c.BusinessType.ANDET,
    },
)
CONTRACT_TYPE = Vocabulary(
    c.ContractType.MAIN,
    {
        "hovedkontrakt": c.ContractType.MAIN,
        "licensaftale": c.ContractType.LICENSE,
        "driftsaftale": c.ContractType.OPERATION,
        "serviceaftale": c.ContractType.SERVICE,
        "udviklingsaftale": c.ContractType.DEVELOPMENT,
        "rammeaftale": c.ContractType.FRAMEWORK,
        "tillægskontrakt": c.ContractType.ADDENDUM,
        "tillægsaftale": c.ContractType.ADDENDUM,
        "andet": c.ContractType.OTHER,
    },
)
PROCUREMENT = Vocabulary(
    "",
    {
        "eu-udbud": c.ProcurementForm.EU_TENDER,
        "udbud": c.ProcurementForm.EU_TENDER,
        "ski": c.ProcurementForm.SKI,
        "ski-rammeaftale": c.ProcurementForm.SKI,
        "rammeaftale": c.ProcurementForm.OTHER_FRAMEWORK,
        "kombit": c.ProcurementForm.KOMBIT,
        "direkte tildeling": c.ProcurementForm.UNDER_THRESHOLD,
        "nationalt udbud": c.ProcurementForm.NATIONAL_TENDER,
        "andet": c.ProcurementForm.OTHER,
    },
)
FREQUENCY = Vocabulary(
    c.Frequency.DAILY,
    {
        "realtid": c.Frequency.REALTIME,
        "timevis": c.Frequency.HOURLY,
        "dagligt": c.Frequency.DAILY,
        "ugentligt": c.Frequency.WEEKLY,
        "månedligt": c.Frequency.MONTHLY,
        "efter behov": c.Frequency.ON_DEMAND,
    },
)
AGREEMENT = Vocabulary(
    c.AgreementConcluded.UNDECIDED,
    {
        "yes": c.AgreementConcluded.YES,
        "no": c.AgreementConcluded.NO,
        "irrelevant": c.AgreementConcluded.IRRELEVANT,
        "undecided": c.AgreementConcluded.UNDECIDED,
    },
)
# KITOS OversightIntervalChoice -> months; "other" and "undecided" have no fixed interval.
OVERSIGHT_INTERVAL = Vocabulary(
    None,
    {
        "biYearly": 6,
        "yearly": 12,
        "everyOtherYear": 24,
        "other": None,
        "undecided": None,
    },
)
YES_NO_UNDECIDED = Vocabulary(False, {"yes": True, "no": False, "undecided": False})
NOTICE_RUNS_TO = Vocabulary(
    c.NoticeRunsTo.ANY_DAY,
    {
        "endOfMonth": c.NoticeRunsTo.MONTH,
        "endOfQuarter": c.NoticeRunsTo.QUARTER,
        "endOfHalfYear": c.NoticeRunsTo.HALF_YEAR,
        "endOfCalendarYear": c.NoticeRunsTo.YEAR,
    },
)
