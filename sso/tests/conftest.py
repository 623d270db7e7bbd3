from __future__ import annotations

from collections.abc import Iterator

import pytest

from sso.tests.oidc_provider import OidcProvider


@pytest.fixture(scope="session")
def oidc_server() -> Iterator[OidcProvider]:
    """The test OpenID Connect provider, on loopback for the whole run."""
    server = OidcProvider().start()
    yield server
    server.stop()


@pytest.fixture
def oidc_provider(oidc_server: OidcProvider) -> Iterator[OidcProvider]:
    oidc_server.attack = ""
    yield oidc_server
    oidc_server.attack = ""
