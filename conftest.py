"""Project-wide pytest fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):  # type: ignore[no-untyped-def]
    """Tests run in Danish, as the product does by default."""
    settings.LANGUAGE_CODE = "da"
