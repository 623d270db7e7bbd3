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
