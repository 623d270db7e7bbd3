"""Styrbar settings: one file, driven by the environment (see README, "Konfiguration")."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("STYRBAR_VAR_DIR", BASE_DIR / "var"))
VERSION = "0.1.0"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a key generated once into var/secret_key."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI from our own static files, not a CDN
    "core",
    "organizations",
    "accounts",
    "sso",
    "notifications",
    "portfolio",
    "advisor",
    "businesscases",
    "roadmaps",
    "papers",
    "interop",
    "procurement",
    "controlbody",
    "spend",
    "reviews",
    "sharing",
    "channels",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestIdMiddleware",
    "core.metrics.RequestMetricsMiddleware",
    "core.replica.ReplicaMiddleware",
    "core.middleware.NoStoreMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "organizations.middleware.CurrentOrganizationMiddleware",
    "core.middleware.ControlCharacterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (or another SQLite file) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'styrbar.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A PostgreSQL read replica for the read-heavy pages (core.replica; docs/drift/skalering.md).
if os.environ.get("STYRBAR_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["STYRBAR_REPLICA_DATABASE_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
STYRBAR_READ_REPLICA = "replica" if "replica" in DATABASES else ""
STYRBAR_REPLICA_LAG_SECONDS = int(os.environ.get("STYRBAR_REPLICA_LAG_SECONDS", "10"))
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("STYRBAR_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "organizations:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failed logins.
LOGIN_FAILURE_LIMIT = int(os.environ.get("STYRBAR_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("STYRBAR_LOGIN_LOCKOUT_MINUTES", "15"))

# Language and formats: Danish first, English available.
LANGUAGE_CODE = os.environ.get("STYRBAR_LANGUAGE", "da")
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STYRBAR_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# The cache of derived figures and shared pages (core.orgcache): local memory per process
# by default; STYRBAR_CACHE_URL (redis://host:port/db) shares one Redis between the
# processes and nodes, so a page rendered by one worker is not rendered again by the next.
if os.environ.get("STYRBAR_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["STYRBAR_CACHE_URL"],
            "KEY_PREFIX": os.environ.get("STYRBAR_CACHE_PREFIX", "styrbar"),
            "TIMEOUT": 600,
        }
    }

# Upload limits (bytes); imports check their own, larger cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("STYRBAR_MAX_REQUEST_BYTES", 5 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
STYRBAR_MAX_UPLOAD_BYTES = int(os.environ.get("STYRBAR_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# How long a second import of the same organization waits for the first (seconds).
STYRBAR_IMPORT_LOCK_WAIT = int(os.environ.get("STYRBAR_IMPORT_LOCK_WAIT", "600"))

# E-mail (password reset, notifications): SMTP through Django's mail (README, "E-mail").
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "styrbar@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# Implicit TLS (usually port 465) or STARTTLS (usually 587); never both.
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Where the site is reached, for the links in e-mails.
STYRBAR_BASE_URL = os.environ.get("STYRBAR_BASE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)

# Security. STYRBAR_HTTPS (default: on unless DEBUG) says the site is served over HTTPS,
# which turns on secure cookies, HSTS and the redirect to HTTPS. `make run` serves plain
# HTTP on 127.0.0.1 and therefore sets STYRBAR_HTTPS=0.
HTTPS = env_bool("STYRBAR_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("STYRBAR_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("STYRBAR_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("STYRBAR_BEHIND_PROXY", False) else None
)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$", r"^api/v1/ready$", r"^metrics$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logging: one JSON object per line (python-json-logger) with the request id and the
# organization (core.logging), or plain text with STYRBAR_LOG_FORMAT=text.
LOG_FORMAT = os.environ.get("STYRBAR_LOG_FORMAT", "json").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(organization)s] "
            "%(message)s"
        },
        "json": {
            "()": "core.logging.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s "
            "%(organization)s",
        },
    },
    "filters": {
        "no_client_error_traceback": {"()": "core.logging.NoClientErrorTraceback"},
        "request_context": {"()": "core.logging.RequestContextFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if LOG_FORMAT == "text" else "json",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["no_client_error_traceback"]},
    },
}

# Observability (core.metrics, docs/drift/overvaagning.md): who may read /metrics, and how
# old the oldest waiting task may be before /api/v1/ready answers 503 (0: not checked).
METRICS_ALLOWED = env_list("STYRBAR_METRICS_ALLOWED", "127.0.0.1/32,::1/128")
for _network in METRICS_ALLOWED:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"STYRBAR_METRICS_ALLOWED: {_error}") from None
READY_QUEUE_MAX_AGE = int(os.environ.get("STYRBAR_READY_QUEUE_MAX_AGE", "900"))

NINJA_PAGINATION_MAX_LIMIT = 100
API_MAX_LIMIT = 100
API_DEFAULT_LIMIT = 50

# SAML single sign-on: Styrbar's own key and certificate (PEM files) sign authentication
# requests and are published in the service-provider metadata (guide, chapter 21).
SAML_SP_KEY_FILE = os.environ.get("STYRBAR_SAML_KEY_FILE", "")
SAML_SP_CERT_FILE = os.environ.get("STYRBAR_SAML_CERT_FILE", "")
