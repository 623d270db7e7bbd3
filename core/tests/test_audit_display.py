"""The audit trail reads as text for people: labels, names, ja/nej, Danish dates and
numbers, child rows as lines; one query per related model for a whole page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.audit_display import readable
from core.models import AuditEvent
from organizations.testing import make_organization, make_user
from portfolio import services
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db


def _text(values: list[Any]) -> str:
    return " | ".join(str(v) for v in values)


def _lines(event: AuditEvent) -> dict[str, tuple[str, str]]:
    [(_, lines)] = readable([event])
    return {line.label: (_text(line.before), _text(line.after)) for line in lines}


@pytest.fixture
def setting() -> tuple[Any, Any]:
    org = make_organization()
    actor = make_user(organization=org, roles=["administrator"], first_name="Ida", last_name="Holm")
    return org, actor


def test_a_changed_usage_shows_labels_names_and_danish_values(setting: tuple[Any, Any]) -> None:
    org, actor = setting
    usage = f.usage(org)
    unit = f.unit(org, "Borgerservice")
    with translation.override("da"):
        services.usage_update(
            actor=actor,
            usage=usage,
            lifecycle="phasing_out",
            responsible_unit=unit,
            business_critical=True,
            valid_from=dt.date(2026, 1, 17),
        )
        event = AuditEvent.objects.filter(object_id=str(usage.pk)).latest("id")
        lines = _lines(event)
    assert lines["Livscyklus"] == ("I drift", "Under udfasning")
    assert "Borgerservice" in lines["Ansvarlig enhed"][1]
    assert f'href="{unit.get_absolute_url()}"' in lines["Ansvarlig enhed"][1]
    assert lines["Forretningskritisk"] == ("nej", "ja")
    assert lines["I drift fra"][1] == "17-01-2026"
    shown = repr(lines)
    for internal in (
        "operational",
        "phasing_out",
        "business_critical",
        "True",
        "False",
        "2026-01-17",
    ):
        assert internal not in shown


def test_child_rows_are_readable_lines_of_what_changed(setting: tuple[Any, Any]) -> None:
    org, actor = setting
    usage = f.usage(org)
    with translation.override("da"):
        services.usage_costs_set(
            actor=actor,
            usage=usage,
            lines=[{"year": 2024, "kind": "license", "amount": Decimal("1234567.5"), "note": ""}],
        )
        event = AuditEvent.objects.filter(object_id=str(usage.pk)).latest("id")
        before, after = next(iter(_lines(event).values()))
    assert before == "–"
    assert "År: 2024" in after and "Art: Licens" in after
    assert "1.234.567,50" in after
    assert "license" not in after and "{" not in after


def test_a_deleted_related_object_is_named_as_deleted_not_as_an_id(
    setting: tuple[Any, Any],
) -> None:
    org, actor = setting
    usage = f.usage(org)
    unit = f.unit(org, "Midlertidig")
    services.usage_update(actor=actor, usage=usage, responsible_unit=unit)
    event = AuditEvent.objects.filter(object_id=str(usage.pk)).latest("id")
    unit_pk = unit.pk
    usage.responsible_unit = None
    usage.save()
    unit.delete()
    with translation.override("da"):
        after = _lines(event)["Ansvarlig enhed"][1]
        kind = str(type(unit)._meta.verbose_name).capitalize()
    assert after == f"{kind} (slettet, id {unit_pk})"


def test_a_page_of_events_costs_one_query_per_related_model(setting: tuple[Any, Any]) -> None:
    org, actor = setting
    units = [f.unit(org, f"Enhed {n}") for n in range(6)]
    for unit in units:
        services.usage_update(actor=actor, usage=f.usage(org), responsible_unit=unit)
    few = list(AuditEvent.objects.select_related("content_type").order_by("id")[:2])
    many = list(AuditEvent.objects.select_related("content_type").order_by("id"))
    with CaptureQueriesContext(connection) as small:
        readable(few)
    with CaptureQueriesContext(connection) as large:
        readable(many)
    assert len(many) > len(few)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_values_of_an_unknown_shape_are_shown_not_crashed() -> None:
    event = AuditEvent(
        action="update",
        changes={"import": {"before": None, "after": {"counts": {"created": 2}, "file": "a.csv"}}},
    )
    event.pk = 1
    with translation.override("da"):
        [(_, [line])] = readable([event])
    assert line.label == "Import"
    assert _text(line.after) == "Antal: (Oprettet: 2); Fil: a.csv"
