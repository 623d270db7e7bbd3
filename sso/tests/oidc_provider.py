"""A small OpenID Connect provider for the tests, started on loopback.

Built on Authlib's authorization server (the Flask integration): the authorization code
grant with PKCE required (S256) and the OpenID Connect extension that signs ID tokens
with an RSA key generated per run (RS256, published at ``jwks_uri``). It serves
discovery, a login form, the token endpoint and an end-session endpoint.

Tests can make it misbehave the way an attacker or a broken provider would
(``provider.attack``): ``"tamper"`` changes a byte of the ID token's signature,
``"expired"`` issues a token that expired an hour ago, ``"audience"`` issues it to
another client.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server


@dataclass
class Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        allowed = {"openid", "email", "profile"}
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in {"client_secret_basic", "client_secret_post"}

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):  # type: ignore[misc]
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: dict[str, Any]
    nonce: str
    code_challenge: str
    code_challenge_method: str
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


class OidcProvider:
    """The provider; ``start()`` serves it on 127.0.0.1 at a free port."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(4), "use": "sig"})
        self.clients: dict[str, Client] = {}
        self.codes: dict[str, Code] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.attack = ""
        self.logouts: list[dict[str, str]] = []
        self.app = self._build()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"

    # Set-up -----------------------------------------------------------------------------

    def add_client(self, client_id: str, secret: str, redirect_uri: str) -> None:
        self.clients[client_id] = Client(client_id, secret, [redirect_uri])

    def add_user(self, username: str, **claims: Any) -> None:
        self.users[username] = {"sub": f"sub-{username}", "preferred_username": username, **claims}

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> OidcProvider:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # The Flask app ----------------------------------------------------------------------

    def _build(self) -> Flask:
        app = Flask("test_oidc_provider")
        provider = self

        class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code: str, req: Any) -> None:
                provider.codes[code] = Code(
                    code=code,
                    client_id=req.client.client_id,
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.scope,
                    user=req.user,
                    nonce=req.payload.data.get("nonce", ""),
                    code_challenge=req.payload.data.get("code_challenge", ""),
                    code_challenge_method=req.payload.data.get("code_challenge_method", ""),
                )

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                item = provider.codes.get(code)
                return item if item and item.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> dict[str, Any]:
                return authorization_code.user

        class IdToken(OpenIDCode):  # type: ignore[misc]
            def exists_nonce(self, nonce: str, req: Any) -> bool:
                return any(code.nonce == nonce for code in provider.codes.values())

            def resolve_client_private_key(self, client: Client) -> Any:
                return provider.key

            def get_client_algorithm(self, client: Client) -> str:
                return "RS256"

            def get_encode_header(self, client: Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": provider.key.kid or ""}

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                now = int(time.time())
                claims: dict[str, Any] = {
                    "iss": provider.issuer,
                    "aud": [client.get_client_id()],
                    "iat": now,
                    "exp": now + 300,
                }
                if provider.attack == "expired":
                    claims.update(iat=now - 7200, exp=now - 3600, auth_time=now - 7200)
                if provider.attack == "audience":
                    claims["aud"] = ["en-anden-klient"]
                return claims

            def generate_user_info(self, user: dict[str, Any], scope: str) -> UserInfo:
                return UserInfo(user)

        server = AuthorizationServer(
            app, query_client=self.clients.get, save_token=lambda token, req: None
        )
        server.register_grant(
            CodeGrant, [CodeChallenge(required=True), IdToken(require_nonce=True)]
        )

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                jwks_uri=f"{self.issuer}/jwks",
                end_session_endpoint=f"{self.issuer}/logout",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            )

        @app.get("/jwks")
        def jwks() -> Any:
            return jsonify(keys=[self.key.as_dict(private=False)])

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize() -> Any:
            if request.method == "GET":
                grant = server.get_consent_grant(end_user=None)
                return (
                    '<!doctype html><html lang="da"><head><title>Testudbyder: log ind</title>'
                    '</head><body><main><h1>Testudbyder</h1><form method="post">'
                    '<label for="username">Brugernavn</label>'
                    '<input id="username" name="username" autocomplete="username">'
                    '<button type="submit">Log ind</button></form></main></body></html>'
                    if grant
                    else ""
                )
            user = self.users.get(request.form.get("username", ""))
            if user is None:
                return "Ukendt bruger", 403
            return server.create_authorization_response(grant_user=user)

        @app.post("/token")
        def token() -> Any:
            response = server.create_token_response()
            if self.attack == "tamper" and response.status_code == 200:
                body = response.get_json()
                head, payload, signature = body["id_token"].split(".")
                raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
                raw[10] ^= 0x01
                body["id_token"] = ".".join(
                    [head, payload, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()]
                )
                return jsonify(body)
            return response

        @app.get("/logout")
        def logout() -> Any:
            self.logouts.append(dict(request.args))
            target = request.args.get("post_logout_redirect_uri", "")
            return ("", 302, {"Location": target}) if target else "Logget ud"

        return app
