"""A small SAML 2.0 identity provider for the tests, started on loopback.

pysaml2's ``Server`` acting as the IdP, with a key and self-signed certificate made per
run (``make_certificate``): it reads the authentication request (HTTP-Redirect binding),
shows a login form, and answers with a signed assertion through the HTTP-POST binding
(an auto-submitting form to Styrbar's assertion consumer service).

``idp.attack`` makes it misbehave: ``"tamper"`` changes a signed attribute value after
signing, ``"expired"`` issues an assertion two hours ago with five minutes' life, ``"ahead"``
with its clock 90 seconds fast,
``"audience"`` issues it to another service provider.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from unittest import mock

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import Flask, request
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, time_util
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from werkzeug.serving import make_server


def make_certificate(directory: Path, name: str) -> tuple[str, str]:
    """A 2048-bit RSA key and a self-signed certificate valid for a day: (key, cert) paths."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


class SamlIdp:
    """The identity provider; ``start()`` serves it on 127.0.0.1 at a free port."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="styrbar-saml-"))
        self.key_file, self.cert_file = make_certificate(self.directory, "test-idp")
        self.users: dict[str, dict[str, list[str]]] = {}
        self.attack = ""
        self.sp_metadata = ""
        self.app = self._build()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.entity_id = f"{self.base}/metadata"

    def config(self) -> IdPConfig:
        conf = IdPConfig()
        conf.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": shutil.which("xmlsec1"),
                "service": {
                    "idp": {
                        "name": "Testudbyder (SAML)",
                        "endpoints": {
                            "single_sign_on_service": [(f"{self.base}/sso", BINDING_HTTP_REDIRECT)]
                        },
                        "policy": {"default": {"lifetime": {"minutes": 5}}},
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "want_authn_requests_signed": False,
                    }
                },
                "key_file": self.key_file,
                "cert_file": self.cert_file,
                "metadata": {"inline": [self.sp_metadata]} if self.sp_metadata else {},
            }
        )
        return conf

    @property
    def metadata(self) -> str:
        """The IdP's metadata, for import into Styrbar."""
        return str(entity_descriptor(self.config()))

    def add_user(self, uid: str, **attributes: list[str]) -> None:
        self.users[uid] = {"uid": [uid], **attributes}

    def start(self) -> SamlIdp:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _build(self) -> Flask:
        app = Flask("test_saml_idp")

        @app.get("/sso")
        def login_form() -> Any:
            server = Server(config=self.config())
            server.parse_authn_request(request.args["SAMLRequest"], BINDING_HTTP_REDIRECT)
            saml_request = html.escape(request.args["SAMLRequest"])
            relay_state = html.escape(request.args.get("RelayState", ""))
            return (
                '<!doctype html><html lang="da"><head><title>Test-IdP (SAML): log ind</title>'
                '</head><body><main><h1>Test-IdP (SAML)</h1><form method="post">'
                f'<input type="hidden" name="SAMLRequest" value="{saml_request}">'
                f'<input type="hidden" name="RelayState" value="{relay_state}">'
                '<label for="username">Brugernavn</label>'
                '<input id="username" name="username" autocomplete="username">'
                '<button type="submit">Log ind</button></form></main></body></html>'
            )

        @app.post("/sso")
        def answer() -> Any:
            user = self.users.get(request.form.get("username", ""))
            if user is None:
                return "Ukendt bruger", 403
            server = Server(config=self.config())
            req = server.parse_authn_request(request.form["SAMLRequest"], BINDING_HTTP_REDIRECT)
            message = req.message
            destination = message.assertion_consumer_service_url
            audience = (
                "https://andet.eksempel.invalid/sp"
                if self.attack == "audience"
                else message.issuer.text
            )
            shift = {"expired": -7200, "ahead": 90}.get(self.attack)
            with idp_clock(shift) if shift else nullcontext():
                response = self._respond(server, user, message, destination, audience)
            xml = str(response)
            if self.attack == "tamper":
                xml = re.sub(r"g-laesere", "g-admins", xml, count=1)
            info = server.apply_binding(
                BINDING_HTTP_POST,
                xml,
                destination,
                request.form.get("RelayState", ""),
                response=True,
            )
            return info["data"]

        return app

    @staticmethod
    def _respond(
        server: Server, user: dict[str, Any], message: Any, destination: str, audience: str
    ) -> Any:
        return server.create_authn_response(
            identity=dict(user),
            in_response_to=message.id,
            destination=destination,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"id-{user['uid'][0]}"),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=True,
            sign_response=False,
        )


@contextmanager
def idp_clock(shift: int) -> Iterator[None]:
    """The IdP's clock ``shift`` seconds off while it issues one assertion (5 minutes'
    life): two hours behind gives a genuinely expired assertion, 90 seconds ahead one
    that is valid only within the service provider's clock-skew tolerance."""

    def instant(format: str = time_util.TIME_FORMAT, time_stamp: float = 0) -> str:
        return str(time_util.instant(format, time_stamp or time.time() + shift))

    def in_a_while(**delta: Any) -> str:
        return str(time_util.in_a_while(seconds=shift + delta.pop("seconds", 0), **delta))

    with (
        mock.patch("saml2.assertion.instant", instant),
        mock.patch("saml2.assertion.in_a_while", in_a_while),
        mock.patch("saml2.entity.instant", instant),
    ):
        yield
