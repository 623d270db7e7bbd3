"""Fixtures shared by the roadmap tests: an organization and its architect, and a clock
held on the day the modules' dates were worked out (:data:`factories.TODAY`)."""

import pytest

from core.testing import hold_day
from organizations.testing import architect, org
from roadmaps.tests.factories import TODAY

__all__ = ["architect", "org"]


@pytest.fixture(autouse=True)
def _same_day(monkeypatch: pytest.MonkeyPatch) -> None:
    hold_day(monkeypatch, TODAY)
