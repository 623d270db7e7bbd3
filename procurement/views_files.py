"""The request page's attachments and business-case buttons."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _

from businesscases.models import BusinessCase
from core.permissions import require
from core.views import ObjectActionView, OrgView
from procurement import attachments, cases, selectors
from procurement.models import Attachment, ProcurementRequest
from procurement.views import RequestAction


class AttachmentAddView(RequestAction):
    def act(self, obj: ProcurementRequest) -> str:
        require(self.request.user, self.organization, "procurement.change", obj)
        upload = self.request.FILES.get("file")
        if upload is None:
            raise ValidationError(_("Vælg en fil."))
        if upload.size and upload.size > attachments.max_bytes():
            # Refused before the file is read, with its real size.
            raise ValidationError(
                _("Filen fylder %(size)s MB; der må højst lægges %(max)s MB op.")
                % {
                    "size": attachments._megabytes(upload.size),
                    "max": attachments._megabytes(attachments.max_bytes()),
                }
            )
        attachments.attachment_add(
            actor=self.request.user, request=obj, name=upload.name or "", data=upload.read()
        )
        return _("Bilaget er lagt op.")

    def get_success_url(self, obj: Any, outcome: Any) -> str:
        return f"{obj.get_absolute_url()}#bilag"

    get_error_url = ObjectActionView.get_error_url


class AttachmentDeleteView(ObjectActionView):
    permission = "procurement.view"
    selector_get = staticmethod(selectors.attachment_get)

    def act(self, obj: Attachment) -> str:
        attachments.attachment_delete(actor=self.request.user, attachment=obj)
        return _("Bilaget er slettet.")

    def get_success_message(self, obj: Any, outcome: Any) -> str:
        return str(outcome)

    def get_error_url(self, obj: Attachment) -> str:
        return f"{obj.request.get_absolute_url()}#bilag"

    def get_success_url(self, obj: Attachment, outcome: Any) -> str:
        return self.get_error_url(obj)


class AttachmentDownloadView(OrgView):
    permission = "procurement.view"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = selectors.attachment_get(organization=self.organization, pk=pk)
        content_type = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class BusinessCaseLinkView(RequestAction):
    """The business case a request links to, saved against the request's version."""

    versioned = True

    def conflict_rows(self, current: ProcurementRequest) -> list[tuple[Any, str, str]]:
        pk = self.request.POST.get("business_case") or ""
        chosen = (
            BusinessCase.objects.filter(organization=self.organization, pk=pk).first()
            if pk.isdigit()
            else None
        )
        mine = chosen.name if chosen else _("Ingen")
        theirs = current.business_case.name if current.business_case else _("Ingen")
        return [(_("Business case"), mine, theirs)] if mine != theirs else []

    def act(self, obj: ProcurementRequest) -> str:
        pk = self.request.POST.get("business_case") or ""
        case = None
        if pk:
            case = BusinessCase.objects.filter(organization=self.organization, pk=pk).first()
            if case is None or not pk.isdigit():
                raise ValidationError(_("Business casen findes ikke."))
        cases.business_case_link(actor=self.request.user, request=obj, case=case)
        return _("Business casen er koblet til.") if case else _("Business casen er koblet fra.")


class BusinessCaseCreateView(RequestAction):
    def act(self, obj: ProcurementRequest) -> str:
        case = cases.business_case_from_request(actor=self.request.user, request=obj)
        return _("Business casen »%(name)s« er oprettet som kladde.") % {"name": case.name}
