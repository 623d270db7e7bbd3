"""Fixtures shared by the strategy tests: the architect of the module's ``org``."""

from organizations.testing import architect

__all__ = ["architect"]
