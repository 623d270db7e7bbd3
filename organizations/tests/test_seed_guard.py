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


def _no_seeders(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.registry import registry

    monkeypatch.setattr(registry, "seeders", lambda: [])


def test_the_demo_superuser_only_in_the_default_local_database(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.db import connection

    from organizations.demo import DEMO_PASSWORD, DEMO_SUPERUSER

    _no_seeders(monkeypatch)
    out = StringIO()
    call_command("seed_demo", stdout=out)  # the test database: no superuser
    assert not get_user_model().objects.filter(username=DEMO_SUPERUSER).exists()
    assert DEMO_SUPERUSER not in out.getvalue()

    monkeypatch.setitem(connection.settings_dict, "NAME", str(settings.VAR_DIR / "styrbar.sqlite3"))
    monkeypatch.setitem(connection.settings_dict, "ENGINE", "django.db.backends.sqlite3")
    settings.DEBUG, settings.HTTPS = True, False
    out = StringIO()
    call_command("seed_demo", stdout=out)
    user = get_user_model().objects.get(username=DEMO_SUPERUSER)
    assert user.is_superuser and user.check_password(DEMO_PASSWORD)
    assert DEMO_SUPERUSER in out.getvalue()
    call_command("seed_demo", stdout=StringIO())  # idempotent
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
