from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sso.tests.oidc_provider import OidcProvider
from sso.tests.saml_idp import SamlIdp, make_certificate


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


@pytest.fixture(scope="session")
def saml_server() -> Iterator[SamlIdp]:
    """The test SAML identity provider, on loopback for the whole run."""
    server = SamlIdp().start()
    yield server
    server.stop()


@pytest.fixture
def saml_idp(saml_server: SamlIdp) -> Iterator[SamlIdp]:
    saml_server.attack = ""
    yield saml_server
    saml_server.attack = ""


@pytest.fixture
def sp_keys(saml_server: SamlIdp, settings: Any) -> None:
    """Styrbar's own SAML key and certificate (signed requests, published metadata)."""
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = make_certificate(
        saml_server.directory, "styrbar-sp"
    )
