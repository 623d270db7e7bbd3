"""Fixtures the review tests share: an organization and its arkitekt (kontrolorgan)."""

from organizations.testing import member_fixture, org

architect = member_fixture("arkitekt")

__all__ = ["architect", "org"]
