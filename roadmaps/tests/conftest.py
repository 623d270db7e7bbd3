"""Fixtures shared by the roadmap tests: an organization and its architect."""

from organizations.testing import architect, org

__all__ = ["architect", "org"]
