"""Backup and restore of the database (docs/drift/sikkerhedskopi.md).

* SQLite (the default): :func:`sqlite_backup` copies the live database file with SQLite's
  online backup API, page by page, consistent even while the web server and the worker
  write (WAL), into one file that is itself a working database.
* PostgreSQL: :func:`pg_dump_command` / :func:`pg_restore_command` build the ``pg_dump
  --format=custom`` and ``pg_restore`` calls for the configured database.
* :func:`table_fingerprints` reads every table of a database as (row count, digest of the
  rows in primary-key order), so a restore can be compared with its source table by table.

The secret key and other files of ``var/`` (``STYRBAR_VAR_DIR``) belong to a backup too:
without the key, sessions, password-reset links and signed values of the old installation
are invalid (the data itself is not encrypted with it).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any


def sqlite_backup(source: sqlite3.Connection, destination: Path) -> None:
    """Copy the open SQLite database ``source`` into the file ``destination`` (online)."""
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
    finally:
        target.close()


def _pg_arguments(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {"PGPASSWORD": str(settings_dict["PASSWORD"])} if settings_dict.get("PASSWORD") else {}
    return args, env


def pg_dump_command(settings_dict: dict[str, Any], out: Path) -> tuple[list[str], dict[str, str]]:
    """``pg_dump`` of the database as one custom-format file (and the environment it needs)."""
    args, env = _pg_arguments(settings_dict)
    command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(out), *args]
    return [*command, str(settings_dict["NAME"])], env


def pg_restore_command(
    settings_dict: dict[str, Any], dump: Path, database: str
) -> tuple[list[str], dict[str, str]]:
    """``pg_restore`` of a dump into the (empty, existing) database ``database``."""
    args, env = _pg_arguments(settings_dict)
    command = ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", database, *args]
    return [*command, str(dump)], env


TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
}


def table_fingerprints(raw: Any, vendor: str) -> dict[str, tuple[int, str]]:
    """Every table of the database behind the DB-API connection ``raw`` (``vendor``
    "sqlite" or "postgresql"): (rows, SHA-256 of the rows ordered by all columns)."""
    cursor = raw.cursor()
    try:
        cursor.execute(TABLES[vendor])
        tables = sorted(row[0] for row in cursor.fetchall())
        found: dict[str, tuple[int, str]] = {}
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            cursor.execute(f"SELECT * FROM {quoted} WHERE 1 = 0")  # noqa: S608
            names = ['"' + d[0].replace('"', '""') + '"' for d in cursor.description]
            # Each value as the database's own text (no client-side conversion differs).
            as_text = [f"quote({n})" if vendor == "sqlite" else f"{n}::text" for n in names]
            order = ", ".join(str(i + 1) for i in range(len(names)))
            cursor.execute(f"SELECT {', '.join(as_text)} FROM {quoted} ORDER BY {order}")  # noqa: S608
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                count += 1
            found[table] = (count, digest.hexdigest())
    finally:
        cursor.close()
    return found
