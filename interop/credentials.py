"""Secrets Styrbar must keep to act for an organization (the KITOS password), encrypted.

A secret is stored as a Fernet token (AES-128-CBC with HMAC-SHA256, from the
``cryptography`` package), never as clear text. The key:

* ``STYRBAR_ENCRYPTION_KEY`` in the environment (or the setting of that name): one or more
  Fernet keys separated by commas. The first encrypts; every one decrypts, so a key is
  rotated by putting the new one first and keeping the old one until every secret has
  been saved again.
* otherwise ``var/encryption_key`` beside ``var/secret_key``, generated the first time it is
  needed and readable by the owner only (0600).

The key is kept apart from the database: a copy of the database alone does not reveal a
password. Lose the key and the stored passwords cannot be read; an administrator enters
them again (:class:`SecretUnreadable` says so in Danish).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.translation import gettext as _

KEY_FILE = "encryption_key"
ENV = "STYRBAR_ENCRYPTION_KEY"


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted with the keys at hand; ``str()`` is Danish."""


def key_path() -> Path:
    return Path(settings.VAR_DIR) / KEY_FILE


def _keys() -> list[bytes]:
    configured = getattr(settings, ENV, "") or os.environ.get(ENV, "")
    keys = [k.strip().encode() for k in configured.split(",") if k.strip()]
    if keys:
        return keys
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by the owner only, before the key is written into it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(Fernet.generate_key())
    return [path.read_bytes().strip()]


def _box() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _keys()])
    except ValueError as exc:
        raise SecretUnreadable(
            _("Krypteringsnøglen (%(env)s eller var/%(file)s) er ikke en gyldig Fernet-nøgle.")
            % {"env": ENV, "file": KEY_FILE}
        ) from exc


def encrypt(secret: str) -> str:
    """The secret as a Fernet token (text)."""
    return _box().encrypt(secret.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The secret a token holds; :class:`SecretUnreadable` when no key opens it."""
    try:
        return _box().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as exc:
        raise SecretUnreadable(
            _(
                "Den gemte KITOS-adgangskode kan ikke læses med serverens krypteringsnøgle "
                "(er nøglen skiftet?). En administrator skal angive adgangskoden igen."
            )
        ) from exc
