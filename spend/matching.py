"""Matching the organization's creditors to the vendors of its own portfolio.

The candidates are the vendors the organization's portfolio names: the vendors of its
contracts, of the catalog systems it uses and the vendors it created. Vendors are shared
between organizations, but a creditor is only ever matched to a vendor of its own
organization's portfolio, never to one another organization uses
(:func:`engine.matching.match_vendor`). A user's own choice (``manuel``) is kept.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from engine.matching import Candidate, match_vendor
from organizations.models import Organization
from portfolio.models import Vendor
from spend import choices as c
from spend.models import SpendVendor


def portfolio_vendors(organization: Organization) -> list[Vendor]:
    return list(
        Vendor.objects.filter(
            Q(contracts__organization=organization)
            | Q(systems__usages__organization=organization)
            | Q(created_by=organization)
        )
        .distinct()
        .order_by("pk")
    )


def match_vendors(*, organization: Organization) -> int:
    """(Re)match every creditor not chosen by hand; returns how many changed."""
    candidates = [Candidate(v.pk, v.name, v.cvr) for v in portfolio_vendors(organization)]
    changed: list[SpendVendor] = []
    for spend_vendor in SpendVendor.objects.filter(organization=organization).exclude(
        match=c.MatchHow.MANUAL
    ):
        found = match_vendor(spend_vendor.name, spend_vendor.cvr, candidates)
        values: dict[str, Any] = {
            "vendor_id": found.vendor_id,
            "match": found.how,
            "match_candidates": [
                {"id": pk, "name": name, "score": score} for pk, name, score in found.candidates
            ],
        }
        if any(getattr(spend_vendor, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(spend_vendor, key, value)
            changed.append(spend_vendor)
    SpendVendor.objects.bulk_update(
        changed, ["vendor", "match", "match_candidates"], batch_size=500
    )
    return len(changed)
