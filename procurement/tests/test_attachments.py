"""Attachments: capped, checked by content, tenant-scoped, audited."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from organizations.testing import logged_in_client, make_organization, make_user
from procurement import attachments
from procurement.models import Attachment, ProcurementRequest

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def setup(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    request = ProcurementRequest.objects.create(organization=org, title="Behov", problem="x")
    return org, user, request


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("tilbud.pdf", b"%PDF-1.7\n..."),
        ("skitse.png", b"\x89PNG\r\n\x1a\n...."),
        ("foto.JPG", b"\xff\xd8\xff\xe0...."),
        ("kravspec.docx", _docx()),
        ("priser.csv", b"vare;pris\nLicens;1.200,00\n"),
    ],
)
def test_accepted_files_are_stored_and_audited(setup, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    org, user, request = setup
    attachment = attachments.attachment_add(actor=user, request=request, name=name, data=data)
    assert attachment.size == len(data) and attachment.file.read() == data
    event = AuditEvent.objects.filter(organization=org, object_id=str(request.pk)).latest("id")
    assert event.changes["attachment"] == {"before": None, "after": name}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00\x03", "Filtypen kan ikke lægges op"),
        ("tilbud.docx", b"%PDF-1.7", r"passer ikke til indholdet \(PDF\)"),
        ("arkiv.zip", b"PK\x03\x04garbage", "Filtypen kan ikke lægges op"),
        ("tom.txt", b"", "Filen er tom"),
    ],
)
def test_refused_files_change_nothing(setup, name: str, data: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    _org, user, request = setup
    with pytest.raises(ValidationError, match=message):
        attachments.attachment_add(actor=user, request=request, name=name, data=data)
    assert not Attachment.objects.exists()


def test_the_cap_message_states_the_real_size(setup, settings) -> None:  # type: ignore[no-untyped-def]
    _org, user, request = setup
    settings.STYRBAR_MAX_UPLOAD_BYTES = 1024 * 1024
    data = b"a" * (3 * 1024 * 1024 + 200 * 1024)
    with pytest.raises(ValidationError, match=r"fylder 3,2 MB; der må højst lægges 1,0 MB op"):
        attachments.attachment_add(actor=user, request=request, name="stor.txt", data=data)


def test_names_lose_their_folders(setup) -> None:  # type: ignore[no-untyped-def]
    _org, user, request = setup
    attachment = attachments.attachment_add(
        actor=user, request=request, name="../../etc/pass wd<1>.txt", data=b"x"
    )
    assert attachment.name == "pass wd_1_.txt"
    assert "etc" not in (attachment.file.name or "")


def test_a_reader_cannot_upload_and_another_org_cannot_download(setup) -> None:  # type: ignore[no-untyped-def]
    org, user, request = setup
    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        attachments.attachment_add(actor=reader, request=request, name="a.txt", data=b"x")
    attachment = attachments.attachment_add(actor=user, request=request, name="a.txt", data=b"x")
    url = reverse("procurement:attachment_download", args=[attachment.pk])
    own = logged_in_client(reader, org).get(url)
    assert own.status_code == 200 and own.getvalue() == b"x"
    assert own["X-Content-Type-Options"] == "nosniff"
    other = make_organization()
    stranger = make_user(organization=other, roles=["administrator"])
    assert logged_in_client(stranger, other).get(url).status_code == 404


def test_the_upload_page_refuses_a_large_file_before_reading_it(setup, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    org, user, request = setup
    settings.STYRBAR_MAX_UPLOAD_BYTES = 10
    client = logged_in_client(user, org)
    response = client.post(
        reverse("procurement:request_attach", args=[request.pk]),
        {"file": SimpleUploadedFile("a.txt", b"x" * 2048)},
        follow=True,
    )
    assert "der må højst lægges" in response.content.decode()
    assert not Attachment.objects.exists()
