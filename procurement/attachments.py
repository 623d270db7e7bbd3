"""Files attached to a request: capped in size and count, their type read from the content.

Accepted: PDF, PNG, JPEG, Office Open XML (DOCX, XLSX, PPTX: a zip holding
``[Content_Types].xml``) and plain UTF-8 text (TXT, CSV). The name's extension must agree
with the content; anything else is refused with a Danish message naming the reason and
nothing is stored. Files are served only through the request's page (tenant-checked),
never from a public media URL.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.permissions import has_perm, require
from procurement.models import Attachment, ProcurementRequest
from procurement.services import _audit_request, _fresh, _require_open

MAX_FILES = 20
KINDS = {
    "pdf": ("pdf",),
    "png": ("png",),
    "jpeg": ("jpg", "jpeg"),
    "ooxml": ("docx", "xlsx", "pptx"),
    "text": ("txt", "csv"),
}


def max_bytes() -> int:
    return int(getattr(settings, "STYRBAR_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def sniff(data: bytes) -> str | None:
    """The content's kind (a key of KINDS), or None.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"\\x89PNG\\r\\n\\x1a\\n..."), sniff(b"id;navn\\n1;A\\n")
    ('pdf', 'png', 'text')
    >>> sniff(b"\\x00\\x01binary") is None
    True
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        return "ooxml" if "[Content_Types].xml" in names else None
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text"


def clean_name(name: str) -> str:
    """The file's own name without folders or odd characters (kept readable)."""
    base = re.split(r"[\\/]", name)[-1].strip()
    base = re.sub(r"[^\w.\- ()æøåÆØÅ]", "_", base)[:150]
    return base or "bilag"


def attachment_add(
    *, actor: Any, request: ProcurementRequest, name: str, data: bytes
) -> Attachment:
    """Check and store one file (``procurement.change``), audited on the request."""
    require(actor, request.organization, "procurement.change", request)
    _require_open(request)
    limit = max_bytes()
    if len(data) > limit:
        raise ValidationError(
            _("Filen fylder %(size)s MB; der må højst lægges %(max)s MB op.")
            % {"size": _megabytes(len(data)), "max": _megabytes(limit)}
        )
    if not data:
        raise ValidationError(_("Filen er tom."))
    kind = sniff(data)
    name = clean_name(name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None:
        raise ValidationError(
            _("Filtypen kan ikke lægges op. Brug PDF, PNG, JPEG, DOCX, XLSX, PPTX, TXT eller CSV.")
        )
    if extension not in KINDS[kind]:
        raise ValidationError(
            _("Filnavnet (.%(ext)s) passer ikke til indholdet (%(kind)s).")
            % {"ext": extension or "-", "kind": ", ".join(KINDS[kind]).upper()}
        )
    with transaction.atomic():
        _fresh(request)  # locked: the count below holds against concurrent uploads
        if request.attachments.count() >= MAX_FILES:
            raise ValidationError(_("En anmodning kan højst have %(n)s bilag.") % {"n": MAX_FILES})
        user = actor if getattr(actor, "is_authenticated", False) else None
        attachment = Attachment(
            request=request, name=name, kind=extension, size=len(data), uploaded_by=user
        )
        with _audit_request(actor, request, "attachment", None, name):
            attachment.file.save(name, ContentFile(data), save=False)
            attachment.save()
    return attachment


def attachment_delete(*, actor: Any, attachment: Attachment) -> None:
    """The uploader, or the process team, removes a file."""
    request = attachment.request
    own = attachment.uploaded_by_id is not None and attachment.uploaded_by_id == getattr(
        actor, "pk", None
    )
    if not (own and has_perm(actor, request.organization, "procurement.change", request)):
        require(actor, request.organization, "procurement.run", request)
    _require_open(request)
    name = attachment.name
    with _audit_request(actor, request, "attachment", name, None):
        attachment.delete()
    transaction.on_commit(lambda: attachment.file.delete(save=False))
