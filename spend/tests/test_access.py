"""Every spend page and API operation, for every role and across organizations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.permissions import roles_with
from core.testing import ALL, ApiCase, ViewCase
from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ViewAccessMixin, fixed, unique
from spend import choices as c
from spend.models import (
    ClassificationRule,
    ShadowCandidate,
    SpendImport,
    SpendLine,
    SpendSource,
    SpendVendor,
)
from spend.resources import RULES, SOURCES

pytestmark = pytest.mark.django_db

TRIAGE = roles_with("spend.triage")
RULE_ROLES = roles_with("spend.rules")
IMPORT = roles_with("spend.import")
ORG = "/api/v1/organizations/{org_id}"


def _source_payload(test: object, organization: Organization) -> dict[str, object]:
    return {
        "name": unique("Opus"),
        "columns": {"Bogføringsdato": "posted", "CVR-nr.": "cvr", "Beløb": "amount", "Moms": ""},
    }


class SpendCases:
    def make_vendor(self, organization: Organization, name: str = "Kreditor") -> SpendVendor:
        return SpendVendor.objects.create(
            organization=organization, key=f"navn:{unique(name)}", name=name
        )

    def make_candidate(
        self, organization: Organization, name: str = "Skyggesoft"
    ) -> ShadowCandidate:
        return ShadowCandidate.objects.create(
            organization=organization,
            kind=c.CandidateKind.NO_AGREEMENT,
            vendor=self.make_vendor(organization, name),
            unit="Jobcenter",
            amount=Decimal(1000),
            lines=1,
            first_seen=dt.date(2025, 1, 1),
            last_seen=dt.date(2025, 1, 1),
        )

    def make_triaged(self, organization: Organization) -> ShadowCandidate:
        candidate = self.make_candidate(organization)
        candidate.status = c.Triage.NOT_IT
        candidate.note = "Kontorstole"
        candidate.save()
        return candidate

    def make_rule(self, organization: Organization) -> ClassificationRule:
        return ClassificationRule.objects.create(
            organization=organization, name="Licenser", keywords="licens"
        )

    def make_source(self, organization: Organization) -> SpendSource:
        return SpendSource.objects.create(
            organization=organization,
            name=unique("Økonomisystem"),
            columns={"Bilagsdato": "posted", "Kreditor": "vendor_name", "Beløb": "amount"},
        )

    def list_marker(self, organization: Organization) -> str:
        """A creditor, a line, a candidate and a rule that all carry the same text."""
        text = unique("Nabokommunens kreditor")
        candidate = self.make_candidate(organization, text)
        source = SpendSource.objects.create(organization=organization, name=text)
        batch = SpendImport.objects.create(
            organization=organization,
            source=source,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 1, 1),
            total=Decimal(5),
        )
        SpendLine.objects.create(
            organization=organization,
            source=source,
            batch=batch,
            row=2,
            posted=dt.date(2025, 1, 1),
            month=dt.date(2025, 1, 1),
            vendor=candidate.vendor,
            amount=Decimal(5),
            text=text,
        )
        ClassificationRule.objects.create(organization=organization, name=text, keywords="x")
        return text


class TestSpendPages(SpendCases, ViewAccessMixin):
    view_cases = (
        *RULES.view_cases("rule"),
        *SOURCES.view_cases("source"),
        ViewCase("spend:overview", allowed=ALL),
        ViewCase("spend:line_list", allowed=ALL),
        ViewCase("spend:vendor_list", allowed=ALL),
        ViewCase("spend:vendor_detail", allowed=ALL, obj="vendor"),
        ViewCase(
            "spend:vendor_choose",
            allowed=TRIAGE,
            obj="vendor",
            method="post",
            data=fixed({"vendor": ""}),
            redirect="spend:vendor_detail",
        ),
        ViewCase("spend:candidate_list", allowed=ALL),
        ViewCase("spend:candidate_detail", allowed=ALL, obj="candidate"),
        ViewCase(
            "spend:candidate_triage",
            allowed=TRIAGE,
            obj="candidate",
            method="post",
            data=fixed({"decision": "ikke_it", "note": "Kontorstole"}),
            redirect="spend:candidate_list",
        ),
        ViewCase(
            "spend:candidate_reopen",
            allowed=TRIAGE,
            obj="triaged",
            method="post",
            redirect="spend:candidate_detail",
        ),
        ViewCase(
            "spend:reclassify",
            allowed=RULE_ROLES,
            method="post",
            data=fixed({}),
            redirect="spend:rule_list",
        ),
    )


class TestSpendApi(SpendCases, ApiAccessMixin):
    api_cases = (
        *RULES.api_cases("rule"),
        ApiCase("GET", f"{ORG}/spend-sources"),
        ApiCase("POST", f"{ORG}/spend-sources", allowed=IMPORT, payload=_source_payload, ok=(201,)),
        ApiCase("GET", f"{ORG}/spend-sources/{{pk}}", obj="source"),
        ApiCase(
            "PATCH",
            f"{ORG}/spend-sources/{{pk}}",
            allowed=IMPORT,
            obj="source",
            payload=_source_payload,
        ),
        ApiCase("DELETE", f"{ORG}/spend-sources/{{pk}}", allowed=IMPORT, obj="source", ok=(204,)),
        ApiCase("GET", f"{ORG}/spend-lines"),
        ApiCase("GET", f"{ORG}/spend-vendors"),
        ApiCase("GET", f"{ORG}/analyses/spend"),
        ApiCase("GET", f"{ORG}/analyses/shadow-it"),
        ApiCase(
            "POST",
            f"{ORG}/shadow-it/{{candidate_id}}/triage",
            allowed=TRIAGE,
            obj="candidate",
            payload=fixed({"decision": "ikke_it", "note": "Kontorstole"}),
        ),
    )
