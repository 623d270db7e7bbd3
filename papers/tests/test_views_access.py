"""Every decision paper screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from organizations.models import Organization
from organizations.testing import Entity, ViewAccessMixin, ViewCase, unique
from papers.models import DecisionPaper
from papers.tests import factories as f

pytestmark = pytest.mark.django_db

CREATORS = frozenset({"arkitekt", "administrator"})


def _create_post(test: Any, org: Organization) -> dict[str, Any]:
    return {"title": "Oplæg via formular", "roadmap": f.roadmap(org).pk}


def _suggest_post(test: Any, org: Organization) -> dict[str, Any]:
    return {"foreslaa": "1", "roadmap": f.roadmap(org).pk}


class PaperFactories:
    def make_paper(self, org: Organization) -> DecisionPaper:
        return f.paper(org)

    def list_marker(self, org: Organization) -> str:
        marker = unique("Hemmeligt oplæg")
        f.paper(org, title=marker)
        return marker


class TestPaperViews(PaperFactories, ViewAccessMixin):
    view_cases = (
        *Entity("paper", change=CREATORS).pages(
            "papers:paper", create=_create_post, only=("list", "create", "detail", "history")
        ),
        ViewCase("papers:paper_create", allowed=CREATORS, method="post", data=_suggest_post),
        ViewCase("papers:paper_docx", obj="paper"),
        ViewCase("papers:paper_pdf", obj="paper"),
        ViewCase("papers:paper_verify", obj="paper"),
    )
