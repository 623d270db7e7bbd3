"""Fixtures shared by the import tests: an organization and its editor (``redaktoer``)."""

from organizations.testing import editor, org

__all__ = ["editor", "org"]
