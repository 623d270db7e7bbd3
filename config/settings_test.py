"""Test settings: the real settings, served over plain HTTP, with a fast password hasher."""

import os

os.environ.setdefault("STYRBAR_HTTPS", "0")
os.environ.setdefault(
    "STYRBAR_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("STYRBAR_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Look static files up per request instead of scanning STATIC_ROOT for every test client.
WHITENOISE_AUTOREFRESH = True
LANGUAGE_CODE = "da"  # tests assert Danish texts whatever STYRBAR_LANGUAGE says
INSTALLED_APPS = [*INSTALLED_APPS, "tests.registry_app"]  # noqa: F405 - the checklist test module

# A second database standing in for a read replica (core.replica; only the tests that ask
# for it, databases=["default", "replica"], create it: test_<name>_replica). The router
# stays off (STYRBAR_READ_REPLICA empty) unless such a test turns it on.
_primary = DATABASES["default"]  # noqa: F405
_sqlite = _primary["ENGINE"].endswith("sqlite3")
DATABASES["replica"] = {  # noqa: F405
    **_primary,
    # Tables from the models, not the migrations: the data migrations read through the
    # default connection, and a real replica gets its rows by replication anyway.
    "TEST": {"NAME": None if _sqlite else f"test_{_primary['NAME']}_replica", "MIGRATE": False},
}
STYRBAR_READ_REPLICA = ""
