"""KITOS API v2 pages: the kinds of records, recognising a page by its keys, reading
files of bare JSON arrays."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

Record = dict[str, Any]

UNITS = "organization-units"
SYSTEMS = "it-systems"
INTERFACES = "it-interfaces"
USAGES = "it-system-usages"
CONTRACTS = "it-contracts"
DPRS = "data-processing-registrations"
DELETED = "deleted-entities"
KINDS = (UNITS, SYSTEMS, INTERFACES, USAGES, CONTRACTS, DPRS, DELETED)
REPORT_KINDS = (
    "units",
    "vendors",
    "catalog-systems",
    "usages",
    "contracts",
    "integrations",
    DPRS,
)


class KitosImportError(Exception):
    """The import could not run at all (unreadable file, unknown shape)."""


def detect_kind(records: list[Record]) -> str | None:
    """The KITOS endpoint a page came from, judged by its first record's keys."""
    if not records:
        return None
    keys = set(records[0])
    if {"entityUuid", "entityType"} <= keys:
        return DELETED
    if "systemContext" in keys:
        return USAGES
    if "oversight" in keys:  # before contracts: a registration also has systemUsages
        return DPRS
    if keys & {"supplier", "agreementPeriod", "systemUsages", "parentContract"}:
        return CONTRACTS
    if keys & {"exposedBySystem", "interfaceId"}:
        return INTERFACES
    if keys & {"rightsHolder", "businessType", "recommendedArchiveDuty", "exposedInterfaces"}:
        return SYSTEMS
    if keys & {"parentOrganizationUnit", "unitId", "ean", "origin"}:
        return UNITS
    return None


def read_pages(files: list[bytes], kind: str | None = None) -> dict[str, list[Record]]:
    """Parse JSON pages (each a bare array) and group their records by KITOS kind."""
    pages: dict[str, list[Record]] = defaultdict(list)
    for number, raw in enumerate(files, start=1):
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise KitosImportError(
                _("Fil %(n)s er ikke gyldig JSON: %(err)s") % {"n": number, "err": exc}
            ) from exc
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise KitosImportError(
                _("Fil %(n)s er ikke en KITOS-side (en JSON-liste af objekter).") % {"n": number}
            )
        page_kind = kind or detect_kind(data)
        if data and page_kind not in KINDS:
            raise KitosImportError(
                _("Fil %(n)s: kan ikke afgøre, hvilken slags KITOS-data den indeholder.")
                % {"n": number}
            )
        if page_kind:
            pages[page_kind].extend(data)
    return dict(pages)
