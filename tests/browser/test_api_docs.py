"""The API documentation works offline: with every request to another host blocked, the
Swagger UI page still renders the API's title and operations from our own static files."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import expect


def test_api_docs_render_with_the_network_blocked(page: Any, live_server: Any) -> None:
    own = urlsplit(live_server.url).netloc
    blocked: list[str] = []

    def only_our_own(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_our_own)
    # The bundle is about 1.5 MB and the OpenAPI document is built on first request.
    page.set_default_timeout(60_000)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Styrbar API", timeout=60_000)
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=60_000)
    assert blocked == []
