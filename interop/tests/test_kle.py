"""KLE import: KL's Emneplan XML into the shared KLE tree, all or nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditEvent
from interop.kle import KleReport, kle_import
from organizations.testing import make_organization, make_user
from portfolio.models import KleSubject

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "kle_synthetic.xml"
FILE_NUMBERS = {
    "80", "80.01", "80.01.00", "80.01.02", "80.01.05", "80.02", "80.02.01",
    "81", "81.01", "81.01.01",
}  # fmt: skip


@pytest.fixture
def root() -> Any:
    return make_user("kle-rod", is_superuser=True)


def tree() -> dict[str, tuple[Any, ...]]:
    return {
        s.number: (
            s.title,
            s.level,
            s.parent.number if s.parent else None,
            s.archive_code,
            s.deletion_years,
            s.deactivated,
        )
        for s in KleSubject.objects.select_related("parent")
    }


def counts(report: KleReport) -> tuple[int, int, int, int]:
    return report.created, report.updated, report.unchanged, report.deactivated


def test_import_replaces_the_fixture_and_reimport_changes_nothing(root: Any) -> None:
    fixture = set(KleSubject.objects.values_list("number", flat=True))
    assert fixture and not fixture & FILE_NUMBERS  # the migration's synthetic tree

    report = kle_import(actor=root, data=DATA.read_bytes(), dry_run=False)

    assert report.errors == [] and report.committed
    assert counts(report) == (10, 0, 0, len(fixture))
    assert report.facets == 3
    subjects = tree()
    assert subjects["80"] == ("Prøveområde for fælles drift", "hovedgruppe", None, "", None, False)
    assert subjects["80.01"][1:3] == ("gruppe", "80")
    assert subjects["80.01.00"] == (
        "Opdigtede indkøb i almindelighed", "emne", "80.01", "K", 5, False
    )  # fmt: skip
    assert subjects["80.01.02"] == (
        "Rammeaftaler om æbler, øl og ål",
        "emne",
        "80.01",
        "B",
        None,
        False,
    )
    assert subjects["80.02.01"][3:] == ("", 3, False)
    assert subjects["80.01.05"][5] is True  # historic in the file → udgået
    # The fixture is kept (usages refer to it) but marked udgået.
    assert all(subjects[n][5] for n in fixture)
    event = AuditEvent.objects.get(object_repr="KLE-import")
    assert event.organization is None and event.actor == root and event.action == "update"
    assert event.changes["created"] == {"before": None, "after": 10}
    assert event.changes["deactivated"] == {"before": None, "after": len(fixture)}

    before = tree()
    again = kle_import(actor=root, data=DATA.read_bytes(), dry_run=False)
    assert counts(again) == (0, 0, 10, 0) and again.errors == []
    assert tree() == before


def test_changed_titles_and_reactivation_are_updates(root: Any) -> None:
    kle_import(actor=root, data=DATA.read_bytes(), dry_run=False)
    KleSubject.objects.filter(number="81.01.01").update(title="Gammel titel", deactivated=True)
    KleSubject.objects.filter(number="81.01").update(archive_code="B")

    report = kle_import(actor=root, data=DATA.read_bytes(), dry_run=False)

    assert counts(report) == (0, 2, 8, 0)
    subject = KleSubject.objects.get(number="81.01.01")
    assert subject.title == "Ansøgning om prøvetilskud" and not subject.deactivated
    assert KleSubject.objects.get(number="81.01").archive_code == ""


def test_subjects_missing_from_a_later_file_are_deactivated_never_deleted(root: Any) -> None:
    kle_import(actor=root, data=DATA.read_bytes(), dry_run=False)
    smaller = DATA.read_text(encoding="utf-8")
    start = smaller.index("  <Hovedgruppe>\n    <HovedgruppeNr>81")
    end = smaller.index("  <HandlingsfacetKategori>")
    smaller = smaller[:start] + smaller[end:]

    report = kle_import(actor=root, data=smaller.encode(), dry_run=False)

    assert counts(report) == (0, 0, 7, 3)
    assert set(
        KleSubject.objects.filter(number__startswith="81").values_list("deactivated", flat=True)
    ) == {True}
    assert KleSubject.objects.filter(number__startswith="81").count() == 3


def test_dry_run_reports_but_changes_nothing(root: Any) -> None:
    before = tree()
    report = kle_import(actor=root, data=DATA.read_bytes(), dry_run=True)
    assert report.dry_run and not report.committed
    assert counts(report) == (10, 0, 0, len(before))
    assert tree() == before
    assert not AuditEvent.objects.filter(object_repr="KLE-import").exists()


def replace(old: str, new: str) -> bytes:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "<EmneNr>81.01.01</EmneNr>",
            "<EmneNr>82.01.01</EmneNr>",
            "Emne 82.01.01 passer ikke med sit overordnede nummer 81.01.",
        ),
        (
            "<GruppeNr>80.02</GruppeNr>",
            "<GruppeNr>80.2</GruppeNr>",
            "Gruppe har et ugyldigt nummer '80.2' (forventet formen 00.00).",
        ),
        (
            "<BevaringJaevnfoerArkivloven>B</BevaringJaevnfoerArkivloven>",
            "<BevaringJaevnfoerArkivloven>X</BevaringJaevnfoerArkivloven>",
            "Emne 80.01.02 har arkivkoden 'X'; tilladt er B, K eller tom.",
        ),
        (
            "<SletningJaevnfoerPersondataloven>P5Y</SletningJaevnfoerPersondataloven>",
            "<SletningJaevnfoerPersondataloven>fem år</SletningJaevnfoerPersondataloven>",
            "Emne 80.01.00 har slettefristen 'femår'; forventet et helt antal år.",
        ),
        (
            "<EmneTitel>Prøvemøder</EmneTitel>",
            "<EmneTitel> </EmneTitel>",
            "Emne 80.02.01 mangler en titel.",
        ),
        (
            "<EmneNr>80.01.02</EmneNr>",
            "<EmneNr>80.01.00</EmneNr>",
            "Nummeret 80.01.00 findes allerede på linje 18.",
        ),
        (
            "<HandlingsfacetNr>G02</HandlingsfacetNr>",
            "<HandlingsfacetNr>P02</HandlingsfacetNr>",
            "Handlingsfacet 'P02' skal have formen G00 (kategoriens bogstav og to cifre) "
            "og en titel.",
        ),
    ],
)
def test_an_invalid_row_rejects_the_whole_file_with_its_line(
    root: Any, old: str, new: str, message: str
) -> None:
    kle_import(actor=root, data=DATA.read_bytes(), dry_run=False)
    before = tree()
    events = AuditEvent.objects.count()
    data = replace(old, new)

    report = kle_import(actor=root, data=data, dry_run=False)

    assert [e.message for e in report.errors] == [message]
    assert report.errors[0].row is not None and report.errors[0].row > 0
    assert not report.committed and counts(report) == (0, 0, 0, 0)
    assert tree() == before and AuditEvent.objects.count() == events


def test_inconsistent_number_error_points_at_the_emne_element(root: Any) -> None:
    data = replace("<EmneNr>81.01.01</EmneNr>", "<EmneNr>82.01.01</EmneNr>")
    report = kle_import(actor=root, data=data, dry_run=False)
    lines = data.decode().splitlines()
    row = report.errors[0].row
    assert row is not None
    assert lines[row - 1].strip() == "<Emne>" and "82.01.01" in lines[row]
    assert not KleSubject.objects.filter(number__startswith="8").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<KLE-Handlingsfacetter/>", "kun handlingsfacetter"),
        (b"<Andet/>", "rodelementet er Andet"),
        (
            b"<KLE-Emneplan><UdgivelsesDato>2026-01-01</UdgivelsesDato></KLE-Emneplan>",
            "ingen hovedgrupper",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<KLE-Emneplan>&x;</KLE-Emneplan>",
            "DTD med entiteter",
        ),
    ],
)
def test_wrong_or_hostile_files_change_nothing(root: Any, data: bytes, message: str) -> None:
    before = tree()
    report = kle_import(actor=root, data=data, dry_run=False)
    assert len(report.errors) == 1 and message in report.errors[0].message
    assert tree() == before


def test_namespaced_file_is_read_by_local_names(root: Any) -> None:
    data = replace("<KLE-Emneplan>", '<KLE-Emneplan xmlns="urn:example:kle">')
    data = data.replace(b"</KLE-Emneplan>", b"</KLE-Emneplan>")
    report = kle_import(actor=root, data=data, dry_run=True)
    assert report.errors == [] and report.created == 10


def test_only_superusers_may_import(root: Any) -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    before = tree()
    with pytest.raises(PermissionDenied):
        kle_import(actor=admin, data=DATA.read_bytes(), dry_run=True)
    with pytest.raises(PermissionDenied):
        kle_import(actor=admin, data=DATA.read_bytes(), dry_run=False)
    assert tree() == before


def run(*args: str) -> tuple[int, list[str]]:
    out = StringIO()
    try:
        call_command("import_kle", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue().strip().splitlines()


def test_command_prints_summary_and_json_last_line(root: Any) -> None:
    code, lines = run(str(DATA), "--user", root.username)
    assert code == 0
    assert lines[0].startswith("KLE importeret fra")
    report = json.loads(lines[-1])
    assert report["created"] == 10 and report["errors"] == [] and report["committed"] is True
    assert AuditEvent.objects.get(object_repr="KLE-import").actor == root

    code, lines = run(str(DATA), "--dry-run")
    assert code == 0 and lines[0].startswith("Prøvekørsel")
    assert json.loads(lines[-1])["unchanged"] == 10


def test_command_exits_non_zero_on_errors(tmp_path: Path) -> None:
    bad = tmp_path / "kle.xml"
    bad.write_bytes(replace("<EmneNr>81.01.01</EmneNr>", "<EmneNr>82.01.01</EmneNr>"))
    before = tree()
    code, lines = run(str(bad))
    assert code == 1
    assert "afvist" in lines[0]
    report = json.loads(lines[-1])
    assert report["committed"] is False
    assert report["errors"][0]["message"].startswith("Emne 82.01.01 passer ikke")
    assert isinstance(report["errors"][0]["row"], int)
    assert tree() == before


def test_command_rejects_a_file_over_the_size_cap(settings: Any) -> None:
    settings.STYRBAR_MAX_UPLOAD_BYTES = 100
    before = tree()
    code, lines = run(str(DATA))
    assert code == 1 and "for stor" in lines[1]
    assert json.loads(lines[-1])["errors"][0]["message"].startswith("Filen er for stor")
    assert tree() == before


def test_command_refuses_non_superusers_missing_users_and_files(tmp_path: Path) -> None:
    plain = make_user("almindelig")
    with pytest.raises(CommandError, match="superbrugere"):
        call_command("import_kle", str(DATA), "--user", plain.username, stdout=StringIO())
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import_kle", str(DATA), "--user", "ingen-sådan", stdout=StringIO())
    with pytest.raises(CommandError, match="Kan ikke læse"):
        call_command("import_kle", str(tmp_path / "mangler.xml"), stdout=StringIO())
