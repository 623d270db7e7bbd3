"""Every procurement page and API operation, for every role and across organizations."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from core.permissions import roles_with
from core.testing import ALL, ApiCase, ViewCase
from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ViewAccessMixin, fixed, unique
from procurement.models import Attachment, Condition, LocalQuestion, ProcurementRequest
from procurement.resources import LOCAL_QUESTIONS, REQUESTS

pytestmark = pytest.mark.django_db

_N = itertools.count(1)
RUN = roles_with("procurement.run")
CHANGE = roles_with("procurement.change")
OVERRIDE = roles_with("procurement.override")
REQUEST = "/api/v1/organizations/{org_id}/procurement-requests/{request_id}"


class Procurement:
    def make_request(self, organization: Organization) -> ProcurementRequest:
        return ProcurementRequest.objects.create(
            organization=organization,
            title=f"Behov {next(_N)}",
            problem="Et problem, der skal løses.",
        )

    def make_condition(self, organization: Organization) -> Condition:
        return Condition.objects.create(request=self.make_request(organization), text="Vilkår")

    def make_attachment(self, organization: Organization) -> Attachment:
        attachment = Attachment(
            request=self.make_request(organization), name="notat.txt", kind="txt", size=5
        )
        attachment.file.save("notat.txt", ContentFile(b"notat"), save=True)
        return attachment

    def make_question(self, organization: Organization) -> LocalQuestion:
        return LocalQuestion.objects.create(
            organization=organization,
            key=f"lokal_{next(_N)}",
            text="Er sikkerhedsudvalget orienteret?",
            stage="kontrolorgan",
            addressee="arkitekt",
        )

    def make_costed(self, organization: Organization) -> ProcurementRequest:
        """A request with an expected cost (a business case can be built on it)."""
        request = self.make_request(organization)
        ProcurementRequest.objects.filter(pk=request.pk).update(budget_one_off=250000)
        request.refresh_from_db()
        return request

    def list_marker(self, organization: Organization) -> str:
        """A request and a local question, both with the unique text."""
        marker = unique("Hemmeligt behov")
        ProcurementRequest.objects.create(organization=organization, title=marker, problem="x")
        LocalQuestion.objects.create(
            organization=organization,
            key=f"lokal_{next(_N)}",
            text=marker,
            stage="kontrolorgan",
            addressee="arkitekt",
        )
        return marker


def _post(
    url_name: str, allowed: frozenset[str], data: dict[str, str], obj: str = "request"
) -> ViewCase:
    return ViewCase(url_name, allowed=allowed, obj=obj, method="post", data=fixed(data))


class TestProcurementPages(Procurement, ViewAccessMixin):
    view_cases = (
        *REQUESTS.view_cases("request"),
        *LOCAL_QUESTIONS.view_cases("question"),
        _post("procurement:request_move", RUN, {"transition": "clarify"}),
        _post(
            "procurement:request_answer",
            CHANGE,
            {"question_key": "forretningsbehov", "value": "ja"},
        ),
        _post(
            "procurement:request_override",
            OVERRIDE,
            {"question_key": "forretningsbehov", "reason": "Aftalt"},
        ),
        _post("procurement:request_condition", RUN, {"text": "Exit-plan inden 1. marts"}),
        _post("procurement:request_requirements", CHANGE, {"requirement": "exit_data"}),
        _post("procurement:condition_done", RUN, {}, obj="condition"),
        ViewCase("procurement:request_kravbilag", allowed=ALL, obj="request"),
        ViewCase("procurement:leadtime", allowed=ALL),
        ViewCase(
            "procurement:request_attach",
            allowed=CHANGE,
            obj="request",
            method="post",
            data=lambda t, o: {"file": SimpleUploadedFile("notat.txt", b"Et notat.")},
        ),
        ViewCase("procurement:attachment_download", allowed=ALL, obj="attachment"),
        _post("procurement:attachment_delete", RUN, {}, obj="attachment"),
        _post("procurement:request_case", RUN, {"business_case": ""}),
        _post("procurement:request_case_create", RUN, {}, obj="costed"),
    )


def _on_request(
    method: str, path: str, allowed: frozenset[str] = ALL, **payload: object
) -> ApiCase:
    body = fixed(dict(payload)) if payload else None
    return ApiCase(method, f"{REQUEST}/{path}", allowed=allowed, obj="request", payload=body)


class TestProcurementApi(Procurement, ApiAccessMixin):
    api_cases = (
        *REQUESTS.api_cases("request"),
        *LOCAL_QUESTIONS.api_cases("question"),
        _on_request("GET", "transitions"),
        _on_request("POST", "transitions", RUN, transition="clarify"),
        _on_request("GET", "answers"),
        _on_request(
            "PUT", "answers", CHANGE, answers=[{"question_key": "forretningsbehov", "value": "ja"}]
        ),
        _on_request("GET", "reuse-candidates"),
        ApiCase("GET", "/api/v1/organizations/{org_id}/analyses/procurement-lead-time"),
    )
