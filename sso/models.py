"""Identity providers, the organizations they sign in to, and how their groups become roles.

A provider holds no secret in clear text: an OpenID Connect client secret is read from the
environment variable the provider names (``client_secret_env``); a SAML provider needs no
secret (its metadata carries its public signing certificates).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.models import TimeStampedModel
from sso.choices import Protocol


class IdentityProvider(TimeStampedModel):
    """An OpenID Connect provider or a SAML identity provider of the installation."""

    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(
        _("kortnavn"),
        max_length=50,
        unique=True,
        help_text=_("Bruges i adressen, fx »entra-eksempel«."),
    )
    protocol = models.CharField(_("protokol"), max_length=10, choices=Protocol.choices)
    is_active = models.BooleanField(_("aktiv"), default=True)
    organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("organisationer"),
        related_name="identity_providers",
        blank=True,
    )
    # OpenID Connect
    discovery_url = models.URLField(
        _("discovery-adresse"),
        blank=True,
        help_text=_("Udbyderens .well-known/openid-configuration."),
    )
    client_id = models.CharField(_("klient-id"), max_length=200, blank=True)
    client_secret_env = models.CharField(
        _("miljøvariabel med klienthemmelighed"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Z][A-Z0-9_]*$", _("Skriv navnet på en miljøvariabel, fx OIDC_X."))
        ],
        help_text=_("Hemmeligheden gemmes ikke i databasen. Tom: offentlig klient med PKCE."),
    )
    scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile")
    username_claim = models.CharField(
        _("claim eller attribut med brugernavn"), max_length=100, default="preferred_username"
    )
    roles_claim = models.CharField(
        _("claim eller attribut med grupper/roller"), max_length=200, default="groups"
    )
    # SAML
    saml_metadata = models.TextField(
        _("SAML-metadata (IdP)"),
        blank=True,
        help_text=_("Identitetsudbyderens metadata (XML) med dens signeringscertifikater."),
    )
    saml_entity_id = models.CharField(_("IdP'ens entity-id"), max_length=300, blank=True)
    clock_skew_seconds = models.PositiveIntegerField(_("tilladt urforskel (sekunder)"), default=120)

    class Meta:
        verbose_name = _("identitetsudbyder")
        verbose_name_plural = _("identitetsudbydere")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExternalIdentity(TimeStampedModel):
    """The user a provider's subject (``sub`` or SAML NameID) signs in as."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="identities"
    )
    subject = models.CharField(_("emne (sub/NameID)"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    last_login_at = models.DateTimeField(_("sidste login"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekstern identitet")
        verbose_name_plural = _("eksterne identiteter")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.provider.slug}:{self.subject}"


class RoleMapping(TimeStampedModel):
    """A group, claim value or privilege of the provider that gives a role in one
    organization; kept by the organization's administrator."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identitetsudbyder"),
        on_delete=models.CASCADE,
        related_name="role_mappings",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="sso_role_mappings",
    )
    external_value = models.CharField(_("gruppe eller privilegium"), max_length=300)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("rolletilknytning")
        verbose_name_plural = _("rolletilknytninger")
        ordering = ["external_value", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "organization", "external_value", "role"],
                name="sso_mapping_unique",
                violation_error_message=_("Tilknytningen findes allerede."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_value} → {self.get_role_display()}"


class LoginPolicy(TimeStampedModel):
    """Whether the organization's members may sign in with a local password."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="login_policy",
    )
    local_login_enabled = models.BooleanField(_("lokalt login tilladt"), default=True)

    class Meta:
        verbose_name = _("loginpolitik")
        verbose_name_plural = _("loginpolitikker")

    def __str__(self) -> str:
        return str(self.organization)


class PendingSamlRequest(models.Model):
    """An authentication request sent to a SAML provider and not yet answered.

    Kept in the database, not the session: the provider answers with a cross-site POST,
    which carries no ``SameSite=Lax`` session cookie, and any web node may receive it. An
    answer consumes its request, so a replayed response finds none (unsolicited)."""

    request_id = models.CharField(max_length=100, unique=True)
    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("udestående SAML-forespørgsel")
        verbose_name_plural = _("udestående SAML-forespørgsler")

    def __str__(self) -> str:
        return self.request_id
