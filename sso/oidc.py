"""OpenID Connect sign-in with Authlib: discovery, authorization code flow with PKCE
(S256), state and nonce kept in the session, the ID token's signature verified against
the provider's published keys and its issuer, audience, expiry and nonce checked, and
RP-initiated logout where the provider offers it."""

from __future__ import annotations

import os
import time
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoOAuth2App
from authlib.integrations.django_client.integration import DjangoIntegration
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from joserfc.errors import BadSignatureError, JoseError

from sso.models import IdentityProvider
from sso.services import Assertion, SsoRefused, groups_from

METADATA_SECONDS = 3600  # discovery document and keys are cached this long
HTTP_TIMEOUT = 10


def client_secret(provider: IdentityProvider) -> str | None:
    """The client secret from the environment variable the provider names (never the
    database); None for a public client."""
    if not provider.client_secret_env:
        return None
    secret = os.environ.get(provider.client_secret_env, "")
    if not secret:
        raise SsoRefused(
            "no_secret",
            _("Udbyderens klienthemmelighed mangler på serveren (miljøvariablen %(name)s).")
            % {"name": provider.client_secret_env},
        )
    return secret


def _metadata(provider: IdentityProvider) -> dict[str, Any]:
    key = f"sso:oidc:{provider.pk}:{provider.updated_at.timestamp()}"
    metadata = cache.get(key)
    if metadata is None:
        app = _app(provider, {})
        try:
            metadata = dict(app.load_server_metadata())
        except Exception as exc:  # network, JSON: the provider could not be reached
            raise SsoRefused(
                "discovery",
                _("Identitetsudbyderen kunne ikke nås (discovery). Prøv igen senere."),
            ) from exc
        cache.set(key, metadata, METADATA_SECONDS)
    return dict(metadata)


def _app(provider: IdentityProvider, metadata: dict[str, Any]) -> DjangoOAuth2App:
    extra = {**metadata, "_loaded_at": time.time()} if metadata else {}
    return DjangoOAuth2App(
        DjangoIntegration(f"sso-{provider.slug}"),
        name=f"sso-{provider.slug}",
        client_id=provider.client_id,
        client_secret=client_secret(provider),
        server_metadata_url=provider.discovery_url,
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "timeout": HTTP_TIMEOUT,
            **({} if provider.client_secret_env else {"token_endpoint_auth_method": "none"}),
        },
        **extra,
    )


def client(provider: IdentityProvider) -> DjangoOAuth2App:
    return _app(provider, _metadata(provider))


def start(request: HttpRequest, provider: IdentityProvider, redirect_uri: str) -> HttpResponse:
    """Redirect to the provider's authorization endpoint (state, nonce, PKCE challenge)."""
    response: HttpResponse = client(provider).authorize_redirect(request, redirect_uri)
    return response


def _refusal(exc: Exception) -> SsoRefused:
    """A library error as a refusal with a Danish message."""
    if isinstance(exc, MismatchingStateError):
        return SsoRefused(
            "replay_or_state",
            _(
                "Login-svaret hører ikke til et login, der er i gang her, eller det er "
                "allerede brugt (genafspillet svar). Start login forfra."
            ),
        )
    if isinstance(exc, BadSignatureError):
        return SsoRefused(
            "bad_signature",
            _("ID-tokenets signatur kunne ikke verificeres. Login er afvist."),
        )
    error = getattr(exc, "error", "")
    claim = getattr(exc, "claim", "") or getattr(exc, "claim_name", "")
    if error == "expired_token":
        return SsoRefused("expired", _("ID-tokenet er udløbet. Login er afvist."))
    if claim in {"aud", "azp"}:
        return SsoRefused(
            "audience",
            _("ID-tokenet er udstedt til en anden modtager (audience). Login er afvist."),
        )
    if claim == "nonce":
        return SsoRefused(
            "nonce", _("ID-tokenets nonce passer ikke til dette login. Login er afvist.")
        )
    if claim == "iss":
        return SsoRefused(
            "issuer", _("ID-tokenet er udstedt af en anden udbyder (issuer). Login er afvist.")
        )
    if isinstance(exc, OAuthError) and error and error != "oauth_error":
        return SsoRefused(
            "provider_error",
            _("Identitetsudbyderen afviste login (%(error)s).") % {"error": error[:60]},
        )
    return SsoRefused(
        "invalid_token", _("Svaret fra identitetsudbyderen er ugyldigt. Login er afvist.")
    )


def finish(request: HttpRequest, provider: IdentityProvider) -> tuple[Assertion, str]:
    """Verify the callback: state (once), code exchange with the PKCE verifier, the ID
    token's signature, issuer, audience, expiry and nonce. Returns the assertion and the
    raw ID token (the hint for RP-initiated logout)."""
    metadata = _metadata(provider)
    app = _app(provider, metadata)
    # Authlib checks the audience only when told to: issuer and audience are essential.
    claims_options = {
        "iss": {"essential": True, "values": [metadata.get("issuer", "")]},
        "aud": {"essential": True, "values": [provider.client_id]},
    }
    try:
        token = app.authorize_access_token(
            request, leeway=provider.clock_skew_seconds, claims_options=claims_options
        )
    except (AuthlibBaseError, JoseError, ValueError) as exc:
        raise _refusal(exc) from exc
    except OSError as exc:  # the token endpoint could not be reached
        raise SsoRefused(
            "token_endpoint", _("Identitetsudbyderen kunne ikke nås. Prøv igen senere.")
        ) from exc
    claims = token.get("userinfo")
    if not claims:  # no ID token (or no nonce): nothing verified, nothing trusted
        raise SsoRefused("no_id_token", _("Identitetsudbyderen sendte intet ID-token."))
    subject = str(claims.get("sub") or "")
    assertion = Assertion(
        subject=subject,
        username=str(claims.get(provider.username_claim) or claims.get("email") or subject),
        email=str(claims.get("email") or ""),
        first_name=str(claims.get("given_name") or ""),
        last_name=str(claims.get("family_name") or ""),
        groups=groups_from(claims.get(provider.roles_claim)),
    )
    return assertion, str(token.get("id_token") or "")


def logout_url(
    provider: IdentityProvider, id_token: str, post_logout_redirect_uri: str
) -> str | None:
    """The provider's end-session URL (RP-initiated logout), or None where it offers none."""
    try:
        metadata = _metadata(provider)
    except SsoRefused:
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    result = _app(provider, metadata).create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri,
        id_token_hint=id_token or None,
        client_id=provider.client_id,
    )
    return str(result["url"])
