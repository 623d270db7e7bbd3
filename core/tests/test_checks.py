"""styrbar.E001: a database half-way through squashed migrations is refused with a reason."""

import pytest
from django.db.migrations.recorder import MigrationRecorder

from core.checks import squashed_migrations_complete

pytestmark = pytest.mark.django_db

SQUASHED = "0001_squashed_0005_catalog_review_records"


def _forget(*names: str) -> None:
    MigrationRecorder.Migration.objects.filter(app="portfolio", name__in=names).delete()


def test_a_database_at_the_head_passes() -> None:
    assert squashed_migrations_complete(databases=["default"]) == []


def test_a_database_with_every_replaced_migration_but_no_squashed_record_passes() -> None:
    _forget(SQUASHED)
    assert squashed_migrations_complete(databases=["default"]) == []


def test_a_half_applied_squash_is_an_error_that_names_what_is_missing() -> None:
    _forget(SQUASHED, "0005_catalog_review_records", "0004_data_processing_registration")
    [error] = squashed_migrations_complete(databases=["default"])
    assert error.id == "styrbar.E001"
    assert f"portfolio.{SQUASHED}" in error.msg
    assert "mangler: 0004_data_processing_registration, 0005_catalog_review_records" in error.msg
    assert "kørt: 0001_initial, 0002_reference_data, 0003_constraint_messages" in error.msg
    assert "docs/adr/0004" in (error.hint or "")


def test_without_a_database_nothing_is_checked() -> None:
    _forget(SQUASHED, "0005_catalog_review_records")
    assert squashed_migrations_complete(databases=None) == []
