"""Issue 17, hardening: a Content-Security-Policy without inline script on every answer
Django makes, and no template that would need one (the browser check is
tests/browser/test_csp.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from organizations.testing import logged_in_client, make_organization, make_token, make_user

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("templates/**/*.html")) + sorted(ROOT.glob("*/templates/**/*.html"))


@pytest.mark.django_db
def test_pages_api_and_exports_carry_the_policy_and_no_store() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["laeser"])
    client = logged_in_client(user, org)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")
    answers = [
        client.get(reverse("organizations:dashboard")),
        client.get(reverse("portfolio:usage_list"), {"format": "csv"}),
        client.get(reverse("interop:export_landscape")),
        api.get(f"/api/v1/organizations/{org.pk}/usages"),
        Client().get(reverse("login") if _has("login") else "/konto/login/"),
    ]
    for response in answers:
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "'unsafe-inline'" not in directives["style-src"]
        assert "no-store" in response["Cache-Control"], response


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_needs_inline_script_or_a_style_element(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>"
    assert "javascript:" not in text, "javascript: address"
    assert not HANDLER.search(text), "inline event handler"
    if "/mail/" not in str(path):  # mails are no pages; the policy does not reach them
        assert "<style" not in text, "<style> element"
