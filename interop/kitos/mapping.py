"""KITOS enumeration values and Danish option names → Styrbar's choices.

An enum vocabulary is keyed by the C# member names of its KITOS enum
(:mod:`interop.kitos.enums`): a value is found by its name in any casing (KITOS sends
PascalCase) or by its integer value (sent with ``X-KITOS-SERIALIZE-ENUM-AS-INTEGER``). An
option vocabulary (``enum=None``) maps the Danish names of KITOS' local options, whatever
their casing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interop.kitos.enums import ENUMS, member
from portfolio import choices as c


@dataclass(frozen=True)
class Vocabulary:
    """KITOS values → Styrbar choices, and the choice an empty or unknown value gives."""

    default: Any
    table: dict[str, Any]
    enum: str | None = None

    def __post_init__(self) -> None:
        if self.enum is not None:
            unknown = set(self.table) - set(ENUMS[self.enum])
            assert not unknown, f"{self.enum} has no members {unknown}"

    def lookup(self, value: Any) -> tuple[bool, Any]:
        """(True, the Styrbar value) for a known value, else (False, the default)."""
        if self.enum is not None:
            name = member(self.enum, value)
            if name is not None and name in self.table:
                return True, self.table[name]
            return False, self.default
        key = str(value).strip().casefold()
        for name, mapped in self.table.items():
            if name.casefold() == key:
                return True, mapped
        return False, self.default


LIFECYCLE = Vocabulary(
    c.Lifecycle.UNDECIDED,
    {
        "Undecided": c.Lifecycle.UNDECIDED,
        "NotInUse": c.Lifecycle.NOT_IN_USE,
        "PhasingIn": c.Lifecycle.PHASING_IN,
        "Operational": c.Lifecycle.OPERATIONAL,
        "PhasingOut": c.Lifecycle.PHASING_OUT,
    },
    "LifeCycleStatusChoice",
)
HOSTING = Vocabulary(
    c.Hosting.UNDECIDED,
    {
        "Undecided": c.Hosting.UNDECIDED,
        "OnPremise": c.Hosting.ON_PREMISES,
        "External": c.Hosting.EXTERNAL,
        "Hybrid": c.Hosting.HYBRID,
    },
    "HostingChoice",
)
# Most sensitive first: a usage takes the most sensitive level KITOS lists.
SENSITIVITY = Vocabulary(
    c.DataSensitivity.NONE,
    {
        "LegalData": c.DataSensitivity.CRIMINAL,
        "SensitiveData": c.DataSensitivity.SENSITIVE,
        "PersonData": c.DataSensitivity.PERSONAL,
        "None": c.DataSensitivity.NONE,
    },
    "DataSensitivityLevelChoice",
)
ARCHIVE_DUTY = Vocabulary(
    c.ArchiveDuty.UNDECIDED,
    {
        "Undecided": c.ArchiveDuty.UNDECIDED,
        "B": c.ArchiveDuty.B,
        "K": c.ArchiveDuty.K,
        "Unknown": c.ArchiveDuty.UNKNOWN,
        "PreserveDataCanDiscardDocuments": c.ArchiveDuty.PRESERVE_DATA,
    },
    "ArchiveDutyChoice",
)
RECOMMENDED_ARCHIVE_DUTY = Vocabulary(
    c.ArchiveDuty.UNDECIDED,
    {
        "Undecided": c.ArchiveDuty.UNDECIDED,
        "B": c.ArchiveDuty.B,
        "K": c.ArchiveDuty.K,
        "NoRecommendation": c.ArchiveDuty.UNDECIDED,
        "PreserveDataCanDiscardDocuments": c.ArchiveDuty.PRESERVE_DATA,
    },
    "RecommendedArchiveDutyChoice",
)
RISK = Vocabulary(
    "",
    {"Low": c.Level.LOW, "Medium": c.Level.MEDIUM, "High": c.Level.HIGH, "Undecided": ""},
    "RiskLevelChoice",
)
# GDPR yes/no questions of a usage (business critical, risk assessment, DPIA): only "Yes"
# is a yes; "DontKnow" and "Undecided" are not.
YES_NO_DONT_KNOW = Vocabulary(
    False,
    {"Yes": True, "No": False, "DontKnow": False, "Undecided": False},
    "YesNoDontKnowChoice",
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
        "Yes": c.AgreementConcluded.YES,
        "No": c.AgreementConcluded.NO,
        "Irrelevant": c.AgreementConcluded.IRRELEVANT,
        "Undecided": c.AgreementConcluded.UNDECIDED,
    },
    "YesNoIrrelevantChoice",
)
# KITOS OversightIntervalChoice -> months; "other" and "undecided" have no fixed interval.
OVERSIGHT_INTERVAL = Vocabulary(
    None,
    {
        "BiYearly": 6,
        "Yearly": 12,
        "EveryOtherYear": 24,
        "Other": None,
        "Undecided": None,
    },
    "OversightIntervalChoice",
)
YES_NO_UNDECIDED = Vocabulary(
    False, {"Yes": True, "No": False, "Undecided": False}, "YesNoUndecidedChoice"
)
# KITOS YearSegmentChoice has no half year; Styrbar's HALF_YEAR is never set from KITOS.
NOTICE_RUNS_TO = Vocabulary(
    c.NoticeRunsTo.ANY_DAY,
    {
        "EndOfMonth": c.NoticeRunsTo.MONTH,
        "EndOfQuarter": c.NoticeRunsTo.QUARTER,
        "EndOfCalendarYear": c.NoticeRunsTo.YEAR,
    },
    "YearSegmentChoice",
)
