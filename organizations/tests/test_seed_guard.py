"""`make run` seeds the demo (users with the public demo password) only into the default
local SQLite database (issue 17)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from organizations.management.commands.seed_demo import demo_database_problem

pytestmark = pytest.mark.django_db


def test_make_runs_seeding_refuses_another_database_and_creates_no_user() -> None:
    from django.contrib.auth import get_user_model

    # The test database is never the default local file.
    assert "standarddatabase" in demo_database_problem()
    before = get_user_model().objects.count()
    with pytest.raises(CommandError, match="offentlige demo-adgangskode"):
        call_command("seed_demo", only_default_database=True, stdout=StringIO())
    assert get_user_model().objects.count() == before


def test_the_default_database_in_production_settings_is_refused(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    default = str(settings.VAR_DIR / "styrbar.sqlite3")
    monkeypatch.setitem(connection.settings_dict, "NAME", default)
    monkeypatch.setitem(connection.settings_dict, "ENGINE", "django.db.backends.sqlite3")
    settings.DEBUG, settings.HTTPS = False, True
    assert "produktionsopsætning" in demo_database_problem()
    settings.HTTPS = False
    assert demo_database_problem() == ""
