"""A spreadsheet as municipalities keep it: a Danish Excel "systemoversigt" (cp1252, ";")
with their own headers and words. Nothing is dropped silently, related facts land on the
right records, every row error is found in one pass, the value mapping and synonyms work
in the CLI and the wizard's jobs alike."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.models import AuditEvent
from interop import jobs
from interop.models import ImportMapping, ImportStatus
from interop.tabular import read_tables, sheets_from_file
from interop.tabular.cells import choice_resolver
from interop.tabular.commit import import_tables
from interop.tabular.mapping import MODELS, match_headers
from interop.tabular.plan import plan_import
from interop.tabular.read import preview_tables
from knowledge.import_synonyms import import_synonyms
from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.models import Contract, SystemUsage, UsageCost, UsageRole

pytestmark = pytest.mark.django_db

HEADERS = (
    "Systemnavn;Leverandør;Ansvarlig forvaltning;Status;Årlig udgift (kr.);Kontrakt udløber;"
    "Systemejer;Personoplysninger;Bemærkninger;Farve i oversigten"
)
ROWS = "\n".join(
    [
        "",
        "Løn og personale;SD Worx;Borgerservice;Udfases;125.000,00;31-12-2026;Mette Holm;"
        "Følsomme;Skiftes 2027;grøn",
        "Vejsystemet;Vejdirektoratet;Teknik og Miljø;Indføres;48.500;;Jens Vejmand;Nej;;gul",
        "Bogføring;EG A/S;Borgerservice;Under afvikling;;30-06-2025;;Ja;Afløses af ERP;rød",
        "Arkivet;Arkivvæsen;Teknik og Miljø;Afvikles;1.200,50;;;Nej;;",
        "",
    ]
)
SYSTEMOVERSIGT = (HEADERS + ROWS).replace("\n", "\r\n").lstrip().encode("cp1252")


@pytest.fixture
def org() -> Organization:
    org = make_organization(kommunekode=993)
    for name in ("Borgerservice", "Teknik og Miljø"):
        OrganizationUnit.objects.create(organization=org, name=name)
    return org


@pytest.fixture
def editor(org: Organization) -> Any:
    return make_user(organization=org, roles=["arkitekt"])


def _import(org: Organization, editor: Any, data: bytes, **kwargs: Any) -> Any:
    sheets = sheets_from_file(data, entity="usages")
    report, _rows = import_tables(
        actor=editor,
        organization=org,
        sheets=sheets,
        dry_run=kwargs.pop("dry_run", False),
        **kwargs,
    )
    return report


def test_the_headers_of_a_systemoversigt_are_matched_and_the_rest_reported() -> None:
    headers = HEADERS.split(";")
    found = dict(zip(headers, match_headers("usages", headers), strict=True))
    assert {h: key for h, (key, _how) in found.items()} == {
        "Systemnavn": "local_name",
        "Leverandør": "catalog_system__vendor__name",
        "Ansvarlig forvaltning": "responsible_unit__name",
        "Status": "lifecycle",
        "Årlig udgift (kr.)": "yearly_cost",
        "Kontrakt udløber": "contract_end",
        "Systemejer": "system_owner",
        "Personoplysninger": "data_sensitivity",
        "Bemærkninger": "notes",
        "Farve i oversigten": "",
    }


def test_a_systemoversigt_imports_onto_the_right_records(org: Organization, editor: Any) -> None:
    owner = make_user(organization=org, roles=["laeser"], first_name="Mette", last_name="Holm")
    report = _import(org, editor, SYSTEMOVERSIGT, year=2025)
    assert report.errors == [], report.errors
    assert report.committed
    usages = {u.local_name: u for u in SystemUsage.objects.filter(organization=org)}
    assert {n: u.lifecycle for n, u in usages.items()} == {
        "Løn og personale": c.Lifecycle.PHASING_OUT,
        "Vejsystemet": c.Lifecycle.PHASING_IN,
        "Bogføring": c.Lifecycle.PHASING_OUT,
        "Arkivet": c.Lifecycle.PHASING_OUT,
    }
    assert {n: u.data_sensitivity for n, u in usages.items()} == {
        "Løn og personale": c.DataSensitivity.SENSITIVE,
        "Vejsystemet": c.DataSensitivity.NONE,
        "Bogføring": c.DataSensitivity.PERSONAL,
        "Arkivet": c.DataSensitivity.NONE,
    }
    assert usages["Bogføring"].notes == "Afløses af ERP"
    assert usages["Løn og personale"].responsible_unit is not None
    costs = {
        (x.usage.local_name, x.year): x.amount
        for x in UsageCost.objects.filter(usage__organization=org).select_related("usage")
    }
    assert costs == {
        ("Løn og personale", 2025): Decimal("125000.00"),
        ("Vejsystemet", 2025): Decimal("48500"),
        ("Arkivet", 2025): Decimal("1200.50"),
    }
    roles = {
        r.usage.local_name: (r.role_type.key, r.user, r.person_name)
        for r in UsageRole.objects.filter(usage__organization=org).select_related(
            "usage", "role_type", "user"
        )
    }
    assert roles == {
        "Løn og personale": ("systemejer", owner, ""),
        "Vejsystemet": ("systemejer", None, "Jens Vejmand"),
    }
    contracts = {
        x.name: (x.end_date, [u.local_name for u in x.usages.all()], x.vendor.name)
        for x in Contract.objects.filter(organization=org).select_related("vendor")
    }
    assert contracts == {
        "Kontrakt for Løn og personale": (dt.date(2026, 12, 31), ["Løn og personale"], "SD Worx"),
        "Kontrakt for Bogføring": (dt.date(2025, 6, 30), ["Bogføring"], "EG A/S"),
    }
    # The column no field takes is reported, by name, as a warning and in its own list.
    assert report.ignored_columns == [{"sheet": "CSV", "column": 9, "header": "Farve i oversigten"}]
    assert any("Farve i oversigten" in w["message"] for w in report.warnings)
    # Audited: the contracts created, and each usage's cost lines and roles.
    events = AuditEvent.objects.filter(organization=org)
    assert events.filter(action="create", object_repr__startswith="Kontrakt for").count() == 2
    assert events.filter(action="update").count() == 3  # three usages got costs or roles

    # The same file again changes nothing.
    again = _import(org, editor, SYSTEMOVERSIGT, year=2025)
    assert again.committed and again.total("created") == 0 and again.total("updated") == 0
    assert UsageCost.objects.filter(usage__organization=org).count() == 3
    assert UsageRole.objects.filter(usage__organization=org).count() == 2
    assert Contract.objects.filter(organization=org).count() == 2
    # A later file with a new expiry updates the one contract of the usage.
    later = SYSTEMOVERSIGT.replace(b"31-12-2026", b"31-12-2028")
    third = _import(org, editor, later, year=2025)
    assert third.committed and third.counts["contracts"]["updated"] == 1
    assert Contract.objects.get(name="Kontrakt for Løn og personale").end_date == dt.date(
        2028, 12, 31
    )


def test_the_year_of_a_cost_comes_from_its_column(org: Organization, editor: Any) -> None:
    data = "Systemnavn;Årlig udgift;Budgetår\nESDH;10.000;2024\nJob;5000;\n".encode()
    report = _import(org, editor, data, year=2026)
    assert report.committed, report.errors
    assert sorted(UsageCost.objects.values_list("usage__local_name", "year")) == [
        ("ESDH", 2024),
        ("Job", 2026),
    ]


def test_every_row_error_is_found_in_one_pass(org: Organization, editor: Any) -> None:
    data = (
        "Systemnavn;Ansvarlig forvaltning;Status;I drift fra;Årlig udgift;Kontrakt udløber\n"
        "ESDH;Ukendt forvaltning;Måske;32-13-2026;mange penge;i morgen\n"
    ).encode()
    report = _import(org, editor, data, dry_run=True)
    messages = " | ".join(e["message"] for e in report.errors)
    assert all(e["row"] == 2 for e in report.errors)
    for expected in (
        "Ukendt forvaltning",  # the unit does not hide …
        "»Måske« er ikke en gyldig værdi",  # … the lifecycle,
        "»32-13-2026« er ikke en dato",  # the date,
        "»mange penge« er ikke et tal",  # the cost
        "»i morgen« er ikke en dato",  # and the contract's expiry
    ):
        assert expected in messages, messages
    assert not SystemUsage.objects.exists()


def test_a_value_mapping_reads_a_municipalitys_own_word(org: Organization, editor: Any) -> None:
    data = "Systemnavn;Status\nESDH;Måske\nJob;Udfases\n".encode()
    report = _import(org, editor, data, dry_run=True)
    assert [e["message"][:30] for e in report.errors] == ["Livscyklus: »Måske« er ikke en"]
    column = report.values[0]
    assert (column["field"], column["header"]) == ("lifecycle", "Status")
    assert [(v["raw"], v["value"], v["how"]) for v in column["values"]] == [
        ("Måske", None, "unknown"),
        ("Udfases", "phasing_out", "synonym"),
    ]
    mapped = _import(org, editor, data, values={"lifecycle": {"måske": "pilot"}})
    assert mapped.committed, mapped.errors
    assert dict(SystemUsage.objects.values_list("local_name", "lifecycle")) == {
        "ESDH": "pilot",
        "Job": "phasing_out",
    }


def test_the_wizard_job_keeps_values_with_the_saved_mapping(org: Organization, editor: Any) -> None:
    data = "Systemnavn;Status\nESDH;Måske\n".encode()
    job = jobs.job_create(actor=editor, organization=org, filename="s.csv", data=data)
    assert (
        jobs.job_set_mapping(
            actor=editor,
            job=job,
            entity="usages",
            sheet=job.sheet,
            mapping=job.mapping,
            save_as="Forvaltningens liste",
        )
        == []
    )
    job = jobs.job_start(actor=editor, job=job, commit=False)
    assert job.status == ImportStatus.PLANNED and job.report["errors"]
    assert job.report["values"][0]["values"][0]["raw"] == "Måske"
    bad = jobs.job_set_values(
        actor=editor, job=job, values={"lifecycle": {"Måske": "nonsens"}}, cost_year=None
    )
    assert bad and "nonsens" in bad[0]
    assert (
        jobs.job_set_values(
            actor=editor, job=job, values={"lifecycle": {"Måske": "pilot"}}, cost_year=2025
        )
        == []
    )
    job = jobs.job_start(actor=editor, job=job, commit=False)
    assert job.report["errors"] == []
    saved = ImportMapping.objects.get(organization=org, name="Forvaltningens liste")
    assert saved.values == {"lifecycle": {"måske": "pilot"}}


def test_the_cli_uses_synonyms_a_saved_mapping_and_reports_ignored_columns(
    org: Organization, editor: Any, tmp_path: Path
) -> None:
    ImportMapping.objects.create(
        organization=org,
        name="Min liste",
        entity="usages",
        columns={"Systemnavn": "local_name", "Status": "lifecycle"},
        values={"lifecycle": {"måske": "pilot"}},
    )
    path = tmp_path / "systemer.csv"
    path.write_bytes(SYSTEMOVERSIGT)
    out = io.StringIO()
    args = ["--org", "993", "--kind", "csv", "--actor", editor.username, "--year", "2024"]
    call_command("styrbar_import", *args, "--dry-run", str(path), stdout=out)
    text = out.getvalue()
    assert "Ignoreret kolonne »Farve i oversigten«" in text
    result = json.loads(text.strip().splitlines()[-1])
    assert result["errors"] == [] and result["ignored_columns"][0]["column"] == 9
    statuses = next(v for v in result["values"] if v["field"] == "lifecycle")["values"]
    assert {v["raw"]: v["value"] for v in statuses}["Under afvikling"] == "phasing_out"
    path.write_bytes("Systemnavn;Status\nESDH;Måske\n".encode())
    out = io.StringIO()
    call_command("styrbar_import", *args, "--mapping", "Min liste", str(path), stdout=out)
    assert SystemUsage.objects.get(organization=org, local_name="ESDH").lifecycle == "pilot"


# Properties -------------------------------------------------------------------------------

FILLERS = ["(kr.)", "i alt", "kr", "pr.", "DKK", "–", "nuværende", "samlet"]
HEADER_CASES = [
    ("Årlig udgift", "yearly_cost"),
    ("Kontrakt udløber", "contract_end"),
    ("Ansvarlig forvaltning", "responsible_unit__name"),
    ("Lokalt navn", "local_name"),
    ("Systemejer", "system_owner"),
    ("Personoplysninger", "data_sensitivity"),
    ("Konsekvensanalyse DPIA foretaget", "dpia_done"),
    ("Risikovurdering foretaget", "risk_assessment_done"),
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(HEADER_CASES),
    st.permutations(range(4)),
    st.lists(st.sampled_from(FILLERS), max_size=2),
    st.sampled_from([str.lower, str.upper, str.title, lambda s: s]),
)
def test_header_variants_find_their_field(
    case: tuple[str, str], order: list[int], fillers: list[str], casing: Any
) -> None:
    """Word order, extra filler words, "(kr.)" and casing do not change the field a header
    is matched to (by synonym or by a guess shown for confirmation)."""
    phrase, key = case
    words = phrase.split()
    shuffled = [words[i] for i in order if i < len(words)]
    header = casing(" ".join([*shuffled, *fillers]))
    [(found, how)] = match_headers("usages", [header])
    assert found == key, (header, how)
    assert how in ("exact", "synonym", "guess")


SYNONYMS = [
    (entity, field, value, word)
    for field, table in import_synonyms().values.items()
    for value, words in table.items()
    for word in words
    for entity in ("usages", "contracts", "integrations")
    if any(f.name == field for f in MODELS[entity]._meta.get_fields())
]


def test_every_synonym_names_a_choice_of_its_field() -> None:
    assert len(SYNONYMS) > 100
    for entity, field, value, _word in SYNONYMS:
        model_field: Any = MODELS[entity]._meta.get_field(field)
        choices = {str(v) for v, _l in model_field.flatchoices}
        assert value in choices, (entity, field, value)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(SYNONYMS),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.text(" ", max_size=2),
)
def test_choice_synonyms_in_any_case_read_as_their_value(
    synonym: tuple[str, str, str, str], casing: Any, pad: str
) -> None:
    entity, field, value, word = synonym
    resolve = choice_resolver(MODELS[entity]._meta.get_field(field))  # type: ignore[arg-type]
    found, how = resolve(pad + casing(word) + pad)
    assert found == value
    assert how in ("exact", "synonym")


HEADER_WORDS = st.sampled_from(
    [
        "Systemnavn",
        "Status",
        "Farve",
        "Årlig udgift (kr.)",
        "Ejer",
        "Noter",
        "Leverandør",
        "Kontrakt udløber",
        "Budgetår",
        "Afdeling",
        "Ukendt felt",
        "",
        "Personoplysninger",
        "Driftsform",
        "Antal brugere",
        "Hemmelig kolonne",
        "UUID",
    ]
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(HEADER_WORDS, min_size=1, max_size=8))
def test_no_column_is_dropped_without_appearing_in_the_report(
    org: Organization, headers: list[str]
) -> None:
    """Every column of the file is either mapped to a field or listed as ignored (and
    warned of); never both, never neither."""
    header_line = ";".join(["Systemnavn", *headers])
    data = (header_line + "\n" + ";".join(["X", *(["1"] * len(headers))]) + "\n").encode()
    [table] = read_tables(data)
    sheets = sheets_from_file(data, entity="usages")
    plan = plan_import(org, sheets, dry_run=True)
    report = plan.report.as_json()
    mapping = sheets[0].mapping
    ignored = {c["column"] for c in report["ignored_columns"]}
    for index in range(len(table.headers)):
        assert bool(mapping[index]) != (index in ignored), (table.headers, mapping, ignored)
    warned = [w for w in report["warnings"] if w.get("kind") == "ignored_column"]
    assert len(warned) == len(ignored)


def test_the_upload_reads_a_preview_and_leaves_the_rows_to_the_job(
    org: Organization, editor: Any
) -> None:
    lines = ["Systemnavn;Status", *(f"System {n};Udfases" for n in range(500)), ";", ""]
    job = jobs.job_create(
        actor=editor, organization=org, filename="s.csv", data="\n".join(lines).encode()
    )
    [sheet] = job.info["sheets"]
    assert (sheet["rows"], sheet["rows_exact"], len(sheet["sample"])) == (500, True, 3)
    [preview] = preview_tables("\n".join(lines).encode(), rows=3)
    assert len(preview.table.rows) == 3 and preview.row_count == 500
    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["Systemnavn", "Status"])
    for n in range(40):
        book.active.append([f"System {n}", "I drift"])
    book.save(buffer)
    [xlsx] = preview_tables(buffer.getvalue(), rows=3)
    assert [cells[0] for _n, cells in xlsx.table.rows] == ["System 0", "System 1", "System 2"]
    assert (xlsx.row_count, xlsx.exact) == (40, False)
