"""The KITOS API v2 enumerations as KITOS serialises them, and where each sits in a record.

Source: the public repository os2kitos/kitos at commit
0971fe5ca368637552892487bce15302e02f69d0 (2025-06-04):

- ``Presentation.Web/Infrastructure/Config/V2JsonSerializationConfig.cs`` adds Newtonsoft's
  ``StringEnumConverter()`` without a naming strategy, so an enum value is sent as its C#
  member name, in PascalCase (``PhasingIn``, ``PersonData``, ``EndOfQuarter``); property
  names are camelCase (``Global.asax.cs``: ``CamelCasePropertyNamesContractResolver``).
- ``Presentation.Web/Infrastructure/Attributes/V2StyleJsonResponseSerializationAttribute.cs``
  (on ``ApiV2Controller``) skips that converter when the request carries
  ``X-KITOS-SERIALIZE-ENUM-AS-INTEGER: true``; then enum values are sent as their
  integer values (Newtonsoft's default).
- The members and their integer values below are copied from the enums under
  ``Presentation.Web/Models/API/V2/Types/`` (explicit values where the C# declares them);
  which enum a record field holds is read from the response DTOs under
  ``Presentation.Web/Models/API/V2/Response/``.

Only facts about the format live here; what a value means in Styrbar is in
:mod:`interop.kitos.mapping`.
"""

from __future__ import annotations

from typing import Any

INTEGER_HEADER = "X-KITOS-SERIALIZE-ENUM-AS-INTEGER"

# Enum name → {C# member name: integer value}.
ENUMS: dict[str, dict[str, int]] = {
    # Types/SystemUsage/LifeCycleStatusChoice.cs
    "LifeCycleStatusChoice": {
        "Undecided": 0,
        "NotInUse": 1,
        "PhasingIn": 2,
        "Operational": 3,
        "PhasingOut": 4,
    },
    # Types/SystemUsage/HostingChoice.cs
    "HostingChoice": {"Undecided": 0, "OnPremise": 1, "External": 2, "Hybrid": 3},
    # Types/SystemUsage/DataSensitivityLevelChoice.cs
    "DataSensitivityLevelChoice": {"None": 0, "PersonData": 1, "SensitiveData": 2, "LegalData": 3},
    # Types/SystemUsage/RiskLevelChoice.cs
    "RiskLevelChoice": {"Low": 0, "Medium": 1, "High": 2, "Undecided": 3},
    # Types/SystemUsage/ArchiveDutyChoice.cs
    "ArchiveDutyChoice": {
        "Undecided": 0,
        "B": 1,
        "K": 2,
        "Unknown": 3,
        "PreserveDataCanDiscardDocuments": 4,
    },
    # Types/Shared/RecommendedArchiveDutyChoice.cs
    "RecommendedArchiveDutyChoice": {
        "Undecided": 0,
        "B": 1,
        "K": 2,
        "NoRecommendation": 3,
        "PreserveDataCanDiscardDocuments": 4,
    },
    # Types/Shared/YesNoDontKnowChoice.cs
    "YesNoDontKnowChoice": {"No": 0, "Yes": 1, "DontKnow": 2, "Undecided": 3},
    # Types/Shared/YesNoIrrelevantChoice.cs
    "YesNoIrrelevantChoice": {"No": 0, "Yes": 1, "Irrelevant": 2, "Undecided": 3},
    # Types/Shared/YesNoUndecidedChoice.cs
    "YesNoUndecidedChoice": {"No": 0, "Yes": 1, "Undecided": 2},
    # Types/Shared/YesNoPartiallyChoice.cs
    "YesNoPartiallyChoice": {"No": 0, "Yes": 1, "Partially": 2},
    # Types/Shared/OversightIntervalChoice.cs
    "OversightIntervalChoice": {
        "BiYearly": 0,
        "Yearly": 1,
        "EveryOtherYear": 2,
        "Other": 3,
        "Undecided": 4,
    },
    # Types/Contract/YearSegmentChoice.cs
    "YearSegmentChoice": {"EndOfCalendarYear": 0, "EndOfQuarter": 1, "EndOfMonth": 2},
    # Types/Contract/PaymentAuditStatus.cs
    "PaymentAuditStatus": {"White": 0, "Red": 1, "Yellow": 2, "Green": 3},
    # Types/Shared/TrackedEntityTypeChoice.cs (5 used to be ItProject)
    "TrackedEntityTypeChoice": {
        "ItSystem": 0,
        "ItSystemUsage": 1,
        "ItInterface": 2,
        "ItContract": 3,
        "DataProcessingRegistration": 4,
        "OrganizationUnit": 6,
    },
    # Types/Organization/OrganizationUnitOriginChoice.cs
    "OrganizationUnitOriginChoice": {"Kitos": 0, "STSOrganisation": 1},
    # Types/Shared/RegistrationScopeChoice.cs
    "RegistrationScopeChoice": {"Local": 0, "Global": 1},
}

# Per KITOS kind: the path of every enum-valued field in its response DTO → the enum.
# A path is a tuple of property names; "*" stands for every item of a list.
FIELDS: dict[str, dict[tuple[str, ...], str]] = {
    # Response/SystemUsage/ItSystemUsageResponseDTO.cs and its parts
    "it-system-usages": {
        ("general", "validity", "lifeCycleStatus"): "LifeCycleStatusChoice",
        ("general", "containsAITechnology"): "YesNoUndecidedChoice",
        ("general", "webAccessibilityCompliance"): "YesNoPartiallyChoice",
        ("gdpr", "businessCritical"): "YesNoDontKnowChoice",
        ("gdpr", "hostedAt"): "HostingChoice",
        ("gdpr", "dataSensitivityLevels", "*"): "DataSensitivityLevelChoice",
        ("gdpr", "technicalPrecautionsInPlace"): "YesNoDontKnowChoice",
        ("gdpr", "userSupervision"): "YesNoDontKnowChoice",
        ("gdpr", "riskAssessmentConducted"): "YesNoDontKnowChoice",
        ("gdpr", "riskAssessmentResult"): "RiskLevelChoice",
        ("gdpr", "dpiaConducted"): "YesNoDontKnowChoice",
        ("gdpr", "retentionPeriodDefined"): "YesNoDontKnowChoice",
        ("archiving", "archiveDuty"): "ArchiveDutyChoice",
    },
    # Response/System/ItSystemResponseDTO.cs, RecommendedArchiveDutyResponseDTO.cs
    "it-systems": {
        ("recommendedArchiveDuty", "id"): "RecommendedArchiveDutyChoice",
        ("scope",): "RegistrationScopeChoice",
    },
    # Response/Interface/ItInterfaceResponseDTO.cs
    "it-interfaces": {("scope",): "RegistrationScopeChoice"},
    # Response/Contract/ItContractResponseDTO.cs and its parts
    "it-contracts": {
        ("procurement", "procurementInitiated"): "YesNoUndecidedChoice",
        ("termination", "terms", "noticePeriodExtendsCurrent"): "YearSegmentChoice",
        ("termination", "terms", "noticeByEndOf"): "YearSegmentChoice",
        ("payments", "external", "*", "auditStatus"): "PaymentAuditStatus",
        ("payments", "internal", "*", "auditStatus"): "PaymentAuditStatus",
    },
    # Response/DataProcessing/DataProcessingRegistrationResponseDTO.cs and its parts
    "data-processing-registrations": {
        ("general", "isAgreementConcluded"): "YesNoIrrelevantChoice",
        ("general", "transferToInsecureThirdCountries"): "YesNoUndecidedChoice",
        ("general", "hasSubDataProcessors"): "YesNoUndecidedChoice",
        ("general", "subDataProcessors", "*", "transferToInsecureThirdCountry"): (
            "YesNoUndecidedChoice"
        ),
        ("oversight", "oversightInterval"): "OversightIntervalChoice",
        ("oversight", "isOversightCompleted"): "YesNoUndecidedChoice",
    },
    # Response/Organization/OrganizationUnitResponseDTO.cs
    "organization-units": {("origin",): "OrganizationUnitOriginChoice"},
    # Response/Tracking/TrackingEventResponseDTO.cs
    "deleted-entities": {("entityType",): "TrackedEntityTypeChoice"},
}


def member(enum: str, value: Any) -> str | None:
    """The C# member name a serialised value stands for: the name in any casing, or the
    integer value (also as a digit string); None when it is no member of ``enum``.

    >>> member("LifeCycleStatusChoice", "PhasingIn"), member("LifeCycleStatusChoice", 2)
    ('PhasingIn', 'PhasingIn')
    >>> member("HostingChoice", "onPremise"), member("HostingChoice", "3")
    ('OnPremise', 'Hybrid')
    >>> member("HostingChoice", "cloud") is None, member("HostingChoice", True) is None
    (True, True)
    """
    members = ENUMS[enum]
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        number = int(value)
        return next((name for name, n in members.items() if n == number), None)
    key = str(value).strip().casefold()
    return next((name for name in members if name.casefold() == key), None)


def _convert(value: Any, path: tuple[str, ...], enum: str, to: str) -> Any:
    """``value`` with the field at ``path`` turned into names (``to="name"``) or integers."""
    if not path:
        name = member(enum, value)
        if name is None:
            return value
        return name if to == "name" else ENUMS[enum][name]
    head, rest = path[0], path[1:]
    if head == "*":
        if not isinstance(value, list):
            return value
        return [_convert(item, rest, enum, to) for item in value]
    if isinstance(value, dict) and head in value:
        return {**value, head: _convert(value[head], rest, enum, to)}
    return value


def serialise(kind: str, record: dict[str, Any], *, as_integer: bool = False) -> dict[str, Any]:
    """A record with its enum fields as KITOS sends them: PascalCase member names, or the
    integer values when the client asked with :data:`INTEGER_HEADER`."""
    for path, enum in FIELDS.get(kind, {}).items():
        record = _convert(record, path, enum, "integer" if as_integer else "name")
    return record
