"""The demo's data processing registrations: realistic, fictional, idempotent."""

from __future__ import annotations

import pytest

from organizations.demo import seed_foundation
from portfolio import choices as c
from portfolio.demo.dprs import SUB_PROCESSORS, seed_dprs
from portfolio.demo.eksempel import seed_eksempel
from portfolio.models import Contract, DataProcessingRegistration, Vendor
from portfolio.validators import cvr_is_valid

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_registration_per_contract_that_needs_one() -> None:
    result = seed_foundation()
    seed_eksempel(result)
    org = result.kommune
    first = seed_dprs(org)
    needing = Contract.objects.filter(organization=org, dpa_required=True, parent=None)
    registrations = DataProcessingRegistration.objects.filter(organization=org)
    assert first.registrations == needing.count() == registrations.count() > 50
    # Every registration names its contract's vendor as processor and covers the contract.
    for registration in registrations.prefetch_related("data_processors", "contracts")[:40]:
        [contract] = registration.contracts.all()
        assert list(registration.data_processors.all()) == [contract.vendor]
        assert registration.name.startswith(contract.name)
    # A realistic spread: concluded and not, oversight on time, overdue and never done,
    # some third-country transfers and sub-processors.
    kinds = set(registrations.values_list("agreement_concluded", flat=True))
    assert {c.AgreementConcluded.YES, c.AgreementConcluded.NO} <= kinds
    assert registrations.filter(transfer_to_third_countries=True).exists()
    concluded = registrations.filter(agreement_concluded=c.AgreementConcluded.YES)
    assert concluded.filter(latest_oversight=None).exists()  # never carried out
    assert registrations.filter(next_oversight__lt="2025-06-01").exists()  # overdue
    assert registrations.filter(next_oversight__gte="2025-06-01").exists()
    assert registrations.filter(usages__isnull=False).exists()
    assert first.sub_processors > 0
    subs = Vendor.objects.filter(name__in=[name for name, _slug in SUB_PROCESSORS])
    assert subs.count() == len(SUB_PROCESSORS)
    for sub in subs:
        assert cvr_is_valid(sub.cvr)
        assert sub.website.endswith(".invalid") and sub.contact_email.endswith(".invalid")
    # A second run adds nothing.
    again = seed_dprs(org)
    assert (again.registrations, again.sub_processors) == (0, 0)
    assert DataProcessingRegistration.objects.filter(organization=org).count() == (
        first.registrations
    )
