"""SAML 2.0 sign-in with pysaml2 (the library djangosaml2 wraps), one service-provider
configuration per identity provider, built from the provider's imported metadata.

What is required of a response: the assertion is signed by a certificate in the
provider's metadata (``want_assertions_signed``; a tampered assertion fails the
signature check in xmlsec1), it is meant for this service provider (audience), its
lifetime holds within the provider's allowed clock skew, and it answers an
authentication request Styrbar sent within the last 15 minutes (InResponseTo; the
request id is kept in the database and used once, so a replayed response is unsolicited).

Styrbar's own key and certificate (``STYRBAR_SAML_KEY_FILE``/``STYRBAR_SAML_CERT_FILE``)
sign the authentication requests, as the OIOSAML profile asks, and are published in the
service-provider metadata (``sso:saml_metadata``).
"""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from typing import Any

from defusedxml import ElementTree
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.mdstore import InMemoryMetaData
from saml2.metadata import entity_descriptor
from saml2.response import StatusError, UnsolicitedResponse
from saml2.sigver import SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from sso.models import IdentityProvider, PendingSamlRequest
from sso.services import Assertion, SsoRefused, groups_from

REQUEST_LIFETIME = dt.timedelta(minutes=15)  # how long a login at the provider may take
MAX_RESPONSE_BYTES = 512 * 1024


def metadata_entity_ids(xml: str) -> list[str]:
    """The identity providers (entity ids with an IdP role) the metadata describes; a
    ValueError with a Danish message when it is not SAML metadata."""
    if not xml.strip():
        raise ValueError(_("Indsæt identitetsudbyderens SAML-metadata."))
    store = InMemoryMetaData(None, xml)
    try:
        store.load()
    except Exception as exc:  # pysaml2 raises several kinds for XML that is not metadata
        raise ValueError(_("Metadata kunne ikke læses som SAML-metadata (XML).")) from exc
    ids = [
        entity_id for entity_id in store.entity if store.entity[entity_id].get("idpsso_descriptor")
    ]
    if not ids:
        raise ValueError(_("Metadata beskriver ingen identitetsudbyder (IDPSSODescriptor)."))
    return ids


def _xmlsec() -> str:
    binary = shutil.which("xmlsec1")
    if binary is None:
        raise SsoRefused(
            "no_xmlsec", _("Serveren mangler programmet xmlsec1, der kontrollerer SAML-signaturer.")
        )
    return binary


def config(request: HttpRequest, provider: IdentityProvider) -> SPConfig:
    acs = request.build_absolute_uri(reverse("sso:saml_acs", args=[provider.slug]))
    entity_id = request.build_absolute_uri(reverse("sso:saml_metadata", args=[provider.slug]))
    keys: dict[str, Any] = {}
    if settings.SAML_SP_KEY_FILE and settings.SAML_SP_CERT_FILE:
        keys = {"key_file": settings.SAML_SP_KEY_FILE, "cert_file": settings.SAML_SP_CERT_FILE}
    conf = SPConfig()
    conf.load(
        {
            "entityid": entity_id,
            "xmlsec_binary": _xmlsec(),
            "service": {
                "sp": {
                    "name": "Styrbar",
                    "endpoints": {"assertion_consumer_service": [(acs, BINDING_HTTP_POST)]},
                    "allow_unsolicited": False,
                    "authn_requests_signed": bool(keys),
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                },
            },
            "metadata": {"inline": [provider.saml_metadata]} if provider.saml_metadata else {},
            "accepted_time_diff": provider.clock_skew_seconds,
            # Groups and Context Handler privileges come under their own names.
            "allow_unknown_attributes": True,
            **keys,
        }
    )
    return conf


def start(request: HttpRequest, provider: IdentityProvider) -> HttpResponse:
    """Redirect to the provider with an authentication request (HTTP-Redirect binding),
    remembering its id for the InResponseTo check."""
    try:
        client = Saml2Client(config(request, provider))
        request_id, info = client.prepare_for_authenticate(
            entityid=provider.saml_entity_id, binding=BINDING_HTTP_REDIRECT
        )
    except SsoRefused:
        raise
    except Exception as exc:  # metadata without a usable SSO endpoint, and the like
        raise SsoRefused(
            "saml_config",
            _("SAML-opsætningen for udbyderen er ufuldstændig: %(error)s")
            % {"error": str(exc)[:200]},
        ) from exc
    PendingSamlRequest.objects.filter(created_at__lt=timezone.now() - REQUEST_LIFETIME).delete()
    PendingSamlRequest.objects.create(request_id=request_id, provider=provider)
    location = dict(info["headers"])["Location"]
    return HttpResponseRedirect(location)


def _refusal(exc: Exception) -> SsoRefused:
    if isinstance(exc, UnsolicitedResponse):
        return SsoRefused(
            "replay_or_state",
            _(
                "Login-svaret hører ikke til et login, der er i gang her, eller det er "
                "allerede brugt (genafspillet svar). Start login forfra."
            ),
        )
    if isinstance(exc, SignatureError) or type(exc).__name__ == "IncorrectlySigned":
        return SsoRefused(
            "bad_signature",
            _("SAML-svarets signatur kunne ikke verificeres. Login er afvist."),
        )
    if isinstance(exc, ResponseLifetimeExceed | ToEarly):
        return SsoRefused(
            "expired", _("SAML-svaret er udløbet eller endnu ikke gyldigt. Login er afvist.")
        )
    if "AudienceRestriction" in str(exc):
        return SsoRefused(
            "audience",
            _("SAML-svaret er udstedt til en anden tjeneste (audience). Login er afvist."),
        )
    if isinstance(exc, StatusError):
        return SsoRefused(
            "provider_error",
            _("Identitetsudbyderen afviste login (%(error)s).") % {"error": str(exc)[:100]},
        )
    return SsoRefused("invalid_response", _("SAML-svaret er ugyldigt. Login er afvist."))


def finish(request: HttpRequest, provider: IdentityProvider) -> Assertion:
    """Verify the POSTed response and read the user from its assertion."""
    raw = request.POST.get("SAMLResponse", "")
    if not raw or len(raw) > MAX_RESPONSE_BYTES:
        raise SsoRefused("no_response", _("Der kom intet gyldigt SAML-svar med."))
    with transaction.atomic():
        # The request this response answers, locked and consumed: a replay finds none.
        pending = (
            PendingSamlRequest.objects.select_for_update()
            .filter(
                request_id=_in_response_to(raw),
                provider=provider,
                created_at__gte=timezone.now() - REQUEST_LIFETIME,
            )
            .first()
        )
        outstanding = {pending.request_id: provider.slug} if pending else {}
        try:
            client = Saml2Client(config(request, provider))
            response = client.parse_authn_request_response(raw, BINDING_HTTP_POST, outstanding)
        except SsoRefused:
            raise
        except Exception as exc:
            raise _refusal(exc) from exc
        if response is None or response.assertion is None or pending is None:
            raise SsoRefused("invalid_response", _("SAML-svaret er ugyldigt. Login er afvist."))
        pending.delete()
    if response.issuer() != provider.saml_entity_id:
        raise SsoRefused(
            "issuer", _("SAML-svaret er udstedt af en anden udbyder (issuer). Login er afvist.")
        )
    identity = response.get_identity()
    subject = str(response.name_id.text if response.name_id is not None else "")

    def first(name: str) -> str:
        values = identity.get(name) or []
        return str(values[0]) if values else ""

    return Assertion(
        subject=subject,
        username=first(provider.username_claim) or first("email") or subject,
        email=first("email") or first("mail"),
        first_name=first("givenName"),
        last_name=first("sn") or first("surname"),
        groups=expand_privileges(groups_from(identity.get(provider.roles_claim))),
    )


def expand_privileges(values: tuple[str, ...]) -> tuple[str, ...]:
    """Group values as they are, except a Context Handler privilege list (OIOSAML Basic
    Privilege Profile: base64-encoded XML of ``PrivilegeGroup``/``Privilege`` elements,
    sent as ``dk:gov:saml:attribute:Privileges_intermediate``), which gives its
    privileges. The groups' ``Scope`` (e.g. a CVR number) is not read: the mapping per
    organization decides what a privilege gives where."""
    found: list[str] = []
    for value in values:
        privileges = _privileges(value)
        found.extend(privileges if privileges is not None else [value])
    return tuple(dict.fromkeys(found))


def _privileges(value: str) -> list[str] | None:
    if "<" in value or len(value) < 16:
        return None
    try:
        root = ElementTree.fromstring(base64.b64decode(value, validate=True))
    except Exception:  # not base64 XML: an ordinary group name
        return None
    return [
        (element.text or "").strip()
        for element in root.iter()
        if isinstance(element.tag, str)
        and element.tag.rsplit("}", 1)[-1] == "Privilege"
        and (element.text or "").strip()
    ]


def _in_response_to(raw: str) -> str:
    """The InResponseTo of a (base64) SAML response, read without trusting it: it only
    picks the pending request that pysaml2 then checks the signed response against."""
    try:
        root = ElementTree.fromstring(base64.b64decode(raw, validate=False))
    except Exception:  # not base64 or not XML: pysaml2 refuses it next
        return ""
    return str(root.get("InResponseTo", ""))[:100]


def sp_metadata(request: HttpRequest, provider: IdentityProvider) -> str:
    """Styrbar's service-provider metadata (entity id, ACS, signing certificate)."""
    return str(entity_descriptor(config(request, provider)))
