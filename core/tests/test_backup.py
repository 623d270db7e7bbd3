"""Backup and restore (issue 17): a backup restored into a fresh database holds every
table as the source did, row for row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from core.backup import pg_dump_command, pg_restore_command, sqlite_backup, table_fingerprints
from organizations.testing import make_organization, make_user
from portfolio.tests import factories as f


def _data() -> None:
    org = make_organization(kommunekode=None)
    make_user(organization=org, roles=["arkitekt"])
    usage = f.usage(org, local_name="Løn æøå", notes="Linje 1\nLinje 2")
    f.integration(org, source=usage)
    f.contract(org, name="Driftsaftale")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite online backup")
def test_sqlite_online_backup_restores_every_table(tmp_path: Path) -> None:
    _data()
    connection.ensure_connection()
    copy = tmp_path / "styrbar-backup.sqlite3"
    sqlite_backup(connection.connection, copy)
    restored = sqlite3.connect(copy)
    try:
        source = table_fingerprints(connection.connection, "sqlite")
        assert source == table_fingerprints(restored, "sqlite")
        assert source["portfolio_systemusage"][0] >= 1 and len(source) > 40
    finally:
        restored.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump / pg_restore")
def test_pg_dump_restored_into_a_fresh_database_holds_every_table(tmp_path: Path) -> None:
    _data()
    settings_dict: dict[str, Any] = connection.settings_dict
    dump = tmp_path / "styrbar.pgdump"
    command, env = pg_dump_command(settings_dict, dump)
    subprocess.run(command, check=True, env={**os.environ, **env}, timeout=300)
    fresh = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        command, env = pg_restore_command(settings_dict, dump, fresh)
        subprocess.run(command, check=True, env={**os.environ, **env}, timeout=300)
        connection.ensure_connection()
        source = table_fingerprints(connection.connection, "postgresql")
        params = connection.get_connection_params()
        with psycopg.connect(**{**params, "dbname": fresh}) as restored:
            assert source == table_fingerprints(restored, "postgresql")
        assert source["portfolio_systemusage"][0] >= 1 and len(source) > 40
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite online backup")
def test_the_backup_command_writes_the_database_and_var(tmp_path: Path, settings: Any) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    _data()
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text("hemmelig")
    (var / "styrbar.sqlite3-wal").write_text("not copied")
    settings.VAR_DIR = var
    out = tmp_path / "kopi"
    call_command("styrbar_backup", str(out), stdout=StringIO())
    assert (out / "var" / "secret_key").read_text() == "hemmelig"
    assert not (out / "var" / "styrbar.sqlite3-wal").exists()
    with sqlite3.connect(out / "styrbar.sqlite3") as restored:
        assert table_fingerprints(restored, "sqlite") == table_fingerprints(
            connection.connection, "sqlite"
        )
    with pytest.raises(CommandError, match="ikke tom"):
        call_command("styrbar_backup", str(out), stdout=StringIO())
