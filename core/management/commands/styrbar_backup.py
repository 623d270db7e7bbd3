"""python manage.py styrbar_backup DEST_DIR — a consistent backup of the database and var/.

SQLite: the online backup API (safe while the server and the worker run) into
DEST_DIR/styrbar.sqlite3. PostgreSQL: ``pg_dump --format=custom`` into DEST_DIR/styrbar.pgdump.
Both: the files of ``STYRBAR_VAR_DIR`` except the database files into DEST_DIR/var/.
Restoring is described in docs/drift/sikkerhedskopi.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from core.backup import pg_dump_command, sqlite_backup

DATABASE_SUFFIXES = (".sqlite3", ".sqlite3-wal", ".sqlite3-shm")


class Command(BaseCommand):
    help = "Sikkerhedskopi af databasen og var/ (hemmelig nøgle) til en mappe."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="Mappe til kopien (oprettes)")

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        destination.mkdir(parents=True, exist_ok=True)
        if any(destination.iterdir()):
            raise CommandError(f"{destination} er ikke tom; vælg en ny mappe.")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = destination / "styrbar.sqlite3"
            sqlite_backup(connection.connection, target)
        elif connection.vendor == "postgresql":
            target = destination / "styrbar.pgdump"
            command, env = pg_dump_command(connection.settings_dict, target)
            try:
                subprocess.run(command, check=True, env={**os.environ, **env})  # noqa: S603  (our own argument list, no shell)
            except (OSError, subprocess.CalledProcessError) as exc:
                raise CommandError(f"pg_dump fejlede: {exc}") from exc
        else:
            raise CommandError(f"Ukendt database: {connection.vendor}")
        var_dir = Path(settings.VAR_DIR)
        copied = 0
        if var_dir.is_dir():
            for path in var_dir.rglob("*"):
                if path.is_file() and not path.name.endswith(DATABASE_SUFFIXES):
                    out = destination / "var" / path.relative_to(var_dir)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, out)
                    copied += 1
        self.stdout.write(f"Database: {target} ({target.stat().st_size} bytes)")
        self.stdout.write(f"var/: {copied} filer i {destination / 'var'}")
