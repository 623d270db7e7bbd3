"""Fixtures the procurement tests share: an organization and its indkøber."""

from organizations.testing import member_fixture, org

buyer = member_fixture("indkoeber")

__all__ = ["buyer", "org"]
