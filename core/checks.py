"""A database stopped half-way through migrations that were later squashed is refused.

Django leaves such an app out of `migrate` without a word when the replaced files are gone
(ADR 0004); this check names the app and what it needs instead.
"""

from collections.abc import Iterable
from typing import Any

from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def half_applied(connection: Any) -> list[tuple[str, list[str], list[str]]]:
    """(squashed migration, replaced names applied, replaced names missing) per app."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    applied = set(recorder.applied_migrations())
    found = []
    for key, migration in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.items():
        replaces = [tuple(r) for r in getattr(migration, "replaces", [])]
        done = [r for r in replaces if r in applied]
        if done and len(done) < len(replaces) and key not in applied:
            missing = [r[1] for r in replaces if r not in applied]
            found.append((f"{key[0]}.{key[1]}", [r[1] for r in done], missing))
    return found


@register(Tags.database)
def squashed_migrations_complete(
    app_configs: Iterable[Any] | None = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[Error]:
    errors = []
    for alias in databases or []:
        for squashed, done, missing in half_applied(connections[alias]):
            errors.append(
                Error(
                    f"Databasen '{alias}' har kun kørt en del af de migreringer, som "
                    f"{squashed} erstatter (kørt: {', '.join(done)}; mangler: "
                    f"{', '.join(missing)}).",
                    hint="Opgradér først til udgaven før sammenlægningen (main dbecde4), kør "
                    "migrate dér, og opgradér så hertil. Se docs/adr/0004-squashed-migrations.md.",
                    id="styrbar.E001",
                )
            )
    return errors
