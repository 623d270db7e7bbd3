# Styrbar as a container image on Debian 12 (bookworm), with the project's own install steps:
# requirements.lock, npm ci, scripts/build-assets.mjs, collectstatic and the compiled English
# catalogue. docs/drift/container.md explains how to run it (web and worker from the same
# image, PostgreSQL outside it).

# --- front-end packages (npm ci from package-lock.json, copied into static/vendor) ---------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts/build-assets.mjs scripts/build-assets.mjs
RUN node scripts/build-assets.mjs

# --- the application -------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STYRBAR_VAR_DIR=/var/lib/styrbar \
    STATIC_ROOT=/app/staticfiles \
    STYRBAR_LOG_FORMAT=json

# pg_dump/pg_restore for `manage.py styrbar_backup`; nothing else is needed at run time
# (psycopg, lxml, numpy, reportlab and Pillow come as wheels with their libraries).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system styrbar \
 && useradd --system --gid styrbar --home-dir /app --shell /usr/sbin/nologin styrbar

WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN python -m venv /app/.venv \
 && /app/.venv/bin/pip install -r requirements.lock
ENV PATH=/app/.venv/bin:$PATH

COPY . .
COPY --from=assets /build/static/vendor static/vendor

# Build-time only: a throw-away key so the settings load (never written to the image's
# var directory), plain HTTP for the management commands.
RUN pybabel compile --domain=django --directory=locale --statistics \
 && SECRET_KEY=build-only-not-a-secret STYRBAR_HTTPS=0 \
    python manage.py collectstatic --noinput -v0 \
 && mkdir -p /var/lib/styrbar \
 && chown styrbar:styrbar /var/lib/styrbar

USER styrbar
VOLUME ["/var/lib/styrbar"]
EXPOSE 8000

# The web server; the task worker is the same image with
#   python manage.py db_worker --queue-name default
# gunicorn.conf.py binds to loopback; in a container it listens on all interfaces.
CMD ["gunicorn", "config.wsgi:application", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
