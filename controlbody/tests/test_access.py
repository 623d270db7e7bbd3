"""Every kontrolorgan page and API operation, for every role and across organizations."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from controlbody.models import AgendaItem, Condition, ControlBody, Meeting
from controlbody.resources import MEETINGS
from core.permissions import roles_with
from core.testing import ALL, ApiCase, ViewCase
from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ViewAccessMixin, fixed, unique

pytestmark = pytest.mark.django_db

_N = itertools.count(1)
RUN = roles_with("controlbody.run")
ORG = "/api/v1/organizations/{org_id}"
MEETING = f"{ORG}/meetings/{{meeting_id}}"
ITEM = f"{MEETING}/agenda/items/{{item_id}}"


class ControlBodyCases:
    def _body(self, organization: Organization) -> ControlBody:
        return ControlBody.objects.get_or_create(organization=organization)[0]

    def make_meeting(self, organization: Organization) -> Meeting:
        return Meeting.objects.create(
            organization=organization,
            body=self._body(organization),
            title=f"Møde {next(_N)}",
            date=dt.date(2030, 1, 10),
        )

    def make_item(self, organization: Organization) -> AgendaItem:
        return AgendaItem.objects.create(
            meeting=self.make_meeting(organization), position=1, title="Punkt"
        )

    def make_condition(self, organization: Organization) -> Condition:
        return Condition.objects.create(
            organization=organization,
            item=self.make_item(organization),
            text="Vilkår",
            owner_name="Driften",
            due_date=dt.date(2030, 2, 1),
        )

    def list_marker(self, organization: Organization) -> str:
        """A meeting and a condition of its own with the same unique text (the meeting and
        condition lists show it)."""
        text = unique("Nabokommunens møde")
        meeting = Meeting.objects.create(
            organization=organization,
            body=self._body(organization),
            title=text,
            date=dt.date(2030, 1, 1),
        )
        item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punkt")
        Condition.objects.create(
            organization=organization,
            item=item,
            text=text,
            owner_name="Driften",
            due_date=dt.date(2030, 2, 1),
        )
        return text


def _post(url_name: str, obj: str, data: dict[str, Any] | None = None) -> ViewCase:
    return ViewCase(url_name, allowed=RUN, obj=obj, method="post", data=fixed(data or {}))


DECISION = {"decision": "til_orientering", "reasoning": "Taget til efterretning."}


class TestControlBodyPages(ControlBodyCases, ViewAccessMixin):
    view_cases = (
        *MEETINGS.view_cases("meeting"),
        ViewCase("controlbody:body", allowed=ALL),
        ViewCase("controlbody:body_edit", allowed=RUN),
        ViewCase(
            "controlbody:body_edit",
            allowed=RUN,
            method="post",
            data=fixed({"name": "Kontrolorgan"}),
        ),
        _post("controlbody:meeting_generate", "meeting"),
        _post("controlbody:meeting_move", "meeting", {"transition": "hold"}),
        _post("controlbody:item_add", "meeting", {"title": "Eventuelt"}),
        ViewCase("controlbody:minutes_docx", allowed=ALL, obj="meeting"),
        ViewCase("controlbody:minutes_pdf", allowed=ALL, obj="meeting"),
        _post("controlbody:item_move", "item", {"direction": "down"}),
        ViewCase("controlbody:item_edit", allowed=RUN, obj="item"),
        _post("controlbody:item_edit", "item", {"title": "Nyt navn"}),
        _post("controlbody:item_delete", "item"),
        _post("controlbody:item_decide", "item", DECISION),
        ViewCase("controlbody:condition_list", allowed=ALL),
        ViewCase("controlbody:condition_detail", allowed=ALL, obj="condition"),
        _post("controlbody:condition_close", "condition", {"status": "opfyldt"}),
    )


def _call(method: str, path: str, obj: str, allowed: frozenset[str] = RUN, **body: str) -> ApiCase:
    return ApiCase(method, path, allowed=allowed, obj=obj, payload=fixed(body) if body else None)


class TestControlBodyApi(ControlBodyCases, ApiAccessMixin):
    api_cases = (
        *MEETINGS.api_cases("meeting"),
        ApiCase("GET", f"{ORG}/control-body"),
        ApiCase("PATCH", f"{ORG}/control-body", allowed=RUN, payload=fixed({"mandate": "Tekst"})),
        _call("GET", f"{MEETING}/agenda", "meeting", ALL),
        _call("POST", f"{MEETING}/agenda", "meeting"),
        _call("POST", f"{MEETING}/agenda/items", "meeting", title="Eventuelt"),
        _call("PATCH", ITEM, "item", title="Nyt navn"),
        _call(
            "POST",
            f"{ITEM}/decision",
            "item",
            decision="til_orientering",
            reasoning="Taget til efterretning.",
        ),
        _call("POST", f"{MEETING}/transitions", "meeting", transition="hold"),
        _call("GET", f"{MEETING}/minutes.docx", "meeting", ALL),
        _call("GET", f"{MEETING}/minutes.pdf", "meeting", ALL),
        ApiCase("GET", f"{ORG}/conditions"),
        _call("GET", f"{ORG}/conditions/{{condition_id}}", "condition", ALL),
        _call("PATCH", f"{ORG}/conditions/{{condition_id}}", "condition", status="opfyldt"),
    )

    def _path(self, case: ApiCase, organization: Organization, obj: Any) -> str:
        if isinstance(obj, AgendaItem):
            path = case.path.replace("{org_id}", str(organization.pk))
            return path.replace("{meeting_id}", str(obj.meeting_id)).replace(
                "{item_id}", str(obj.pk)
            )
        return super()._path(case, organization, obj)
