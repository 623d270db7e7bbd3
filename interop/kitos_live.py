"""Live KITOS sync from the UI: the connection an administrator keeps, runs in the background
with their progress and report, and the nightly schedule.

* :func:`connection_save` keeps the KITOS address, user, optional KITOS organization and
  the nightly switch; a password given is stored encrypted (:mod:`interop.credentials`),
  none means the server's ``KITOS_PASSWORD`` environment variable. Audited, without the
  password.
* :func:`run_start` queues a :class:`~interop.models.KitosSyncRun` for the task worker;
  :func:`run_execute` (the task body) runs the same live sync as ``manage.py kitos_sync``
  (:func:`interop.kitos_client.kitos_sync`) under the organization's import lock, keeping
  the step it is at (polled by the run's page) and the report.
* :func:`schedule_nightly` queues or runs a sync for every organization that chose the
  nightly run, acting as the administrator who chose it (``manage.py kitos_sync_scheduled``,
  from cron or a systemd timer). That administrator's right is checked again each night.

Only administrators (``kitos.sync``) set the connection up and start a sync; everybody
who may import sees the last sync's status on the import page.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core import audit
from core.choices import AuditAction
from core.permissions import has_perm, require
from interop import credentials
from interop.choices import SYNC_RUNNING, SyncStatus, SyncTrigger
from interop.jobs import import_lock
from interop.kitos.pages import CONTRACTS, DELETED, DPRS, INTERFACES, SYSTEMS, UNITS, USAGES
from interop.kitos_client import IMPORT, LOGIN, MISSING, STEPS, KitosClient, KitosError, kitos_sync
from interop.models import KitosSyncRun, KitosSyncState
from interop.tabular.read import TableError
from organizations.models import Organization

log = logging.getLogger(__name__)

PERMISSION = "kitos.sync"
# A queued or running run that has not moved for this long is taken to have died.
STALE_AFTER = dt.timedelta(hours=6)
PASSWORD_ENV = "KITOS_PASSWORD"  # noqa: S105 - the name of the variable

# What the run's page says while a step runs.
STEP_LABELS = {
    LOGIN: gettext_lazy("Logger ind i KITOS"),
    UNITS: gettext_lazy("Henter organisationsenheder"),
    SYSTEMS: gettext_lazy("Henter it-systemer"),
    INTERFACES: gettext_lazy("Henter snitflader"),
    USAGES: gettext_lazy("Henter systemanvendelser"),
    CONTRACTS: gettext_lazy("Henter kontrakter"),
    DPRS: gettext_lazy("Henter databehandlinger"),
    DELETED: gettext_lazy("Henter poster, der er slettet i KITOS"),
    MISSING: gettext_lazy("Henter it-systemer, som anvendelserne mangler"),
    IMPORT: gettext_lazy("Skriver i Styrbar"),
}


class SyncRejected(ValueError):
    """A sync cannot start; ``str(exc)`` is a Danish message."""


# The connection ---------------------------------------------------------------------------


def connection_get(*, organization: Organization) -> KitosSyncState | None:
    return KitosSyncState.objects.filter(organization=organization).first()


def connection_save(
    *,
    actor: Any,
    organization: Organization,
    base_url: str,
    username: str,
    password: str = "",
    forget_password: bool = False,
    kitos_organization_uuid: uuidlib.UUID | None = None,
    nightly: bool = False,
) -> KitosSyncState:
    """Keep the organization's KITOS connection (audited; the password only as the fact
    that it changed). Turning the nightly run on makes ``actor`` the one it acts as."""
    require(actor, organization, PERMISSION)
    state = connection_get(organization=organization) or KitosSyncState(organization=organization)
    with audit.audited(actor=actor, obj=state, organization=organization) as change:
        if state.base_url != base_url or state.kitos_organization_uuid != kitos_organization_uuid:
            state.last_sync_at = None  # another KITOS (or organization): start with a full sync
        state.base_url = base_url
        state.username = username
        state.kitos_organization_uuid = kitos_organization_uuid
        if password:
            state.password_encrypted = credentials.encrypt(password)
            change.extra["adgangskode"] = _("ny adgangskode gemt (krypteret)")
        elif forget_password and state.password_encrypted:
            state.password_encrypted = ""
            change.extra["adgangskode"] = _("gemt adgangskode slettet")
        if nightly and (not state.nightly or state.scheduled_by_id is None):
            state.scheduled_by = actor
        elif not nightly:
            state.scheduled_by = None
        state.nightly = nightly
        state.save()
    return state


def password_source(state: KitosSyncState | None) -> str:
    """Where the password comes from: ``stored``, ``environment`` or ``""`` (none)."""
    if state is not None and state.password_encrypted:
        return "stored"
    return "environment" if os.environ.get(PASSWORD_ENV) else ""


def password_for(state: KitosSyncState) -> str:
    if state.password_encrypted:
        return credentials.decrypt(state.password_encrypted)
    password = os.environ.get(PASSWORD_ENV, "")
    if not password:
        raise SyncRejected(
            _(
                "Der er ingen KITOS-adgangskode: gem den på KITOS-siden, eller sæt "
                "miljøvariablen %(env)s på serveren."
            )
            % {"env": PASSWORD_ENV}
        )
    return password


def _check_ready(state: KitosSyncState | None) -> KitosSyncState:
    if state is None or not state.base_url or not state.username:
        raise SyncRejected(_("Angiv KITOS' adresse og brugeren, før du synkroniserer."))
    if not password_source(state):
        password_for(state)  # raises the Danish message
    return state


# Runs -------------------------------------------------------------------------------------


def run_list(*, organization: Organization) -> QuerySet[KitosSyncRun]:
    return KitosSyncRun.objects.filter(organization=organization).select_related("started_by")


def run_get(*, organization: Organization, pk: int) -> KitosSyncRun:
    return get_object_or_404(run_list(organization=organization), pk=pk)


def last_run(*, organization: Organization) -> KitosSyncRun | None:
    return run_list(organization=organization).first()


def _queue(
    state: KitosSyncState, actor: Any, trigger: str, *, dry_run: bool, full: bool
) -> KitosSyncRun:
    organization = state.organization
    with transaction.atomic():
        # Two starts at the same moment: the second waits here and then sees the first run.
        KitosSyncState.objects.select_for_update().filter(pk=state.pk).first()
        running = KitosSyncRun.objects.filter(organization=organization, status__in=SYNC_RUNNING)
        # A run whose worker died says nothing for hours: it is over, and says so.
        running.filter(updated_at__lt=timezone.now() - STALE_AFTER).update(
            status=SyncStatus.FAILED,
            error=_("Kørslen stoppede uden at blive færdig (baggrundsprocessen blev afbrudt)."),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if running.exists():
            raise SyncRejected(_("En synkronisering med KITOS kører allerede."))
        return _create_run(state, actor, trigger, dry_run=dry_run, full=full)


def _create_run(
    state: KitosSyncState, actor: Any, trigger: str, *, dry_run: bool, full: bool
) -> KitosSyncRun:
    organization = state.organization
    run = KitosSyncRun.objects.create(
        organization=organization,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
        trigger=trigger,
        base_url=state.base_url,
        dry_run=dry_run,
        full=full,
        steps_total=len(STEPS),
    )
    audit.record(
        actor=actor,
        organization=organization,
        action=AuditAction.CREATE,
        obj=run,
        object_repr=_("KITOS-synkronisering startet"),
        extra={"kitos_sync": {"trigger": trigger, "dry_run": dry_run, "full": full}},
    )
    return run


def run_start(
    *, actor: Any, organization: Organization, dry_run: bool = False, full: bool = False
) -> KitosSyncRun:
    """Queue a sync for the task worker (never run in the web request); the run's page
    shows its progress."""
    require(actor, organization, PERMISSION)
    state = _check_ready(connection_get(organization=organization))
    run = _queue(state, actor, SyncTrigger.MANUAL, dry_run=dry_run, full=full)
    run_kitos_sync.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _update(run: KitosSyncRun, **fields: Any) -> None:
    KitosSyncRun.objects.filter(pk=run.pk).update(updated_at=timezone.now(), **fields)
    for name, value in fields.items():
        setattr(run, name, value)


def _fail(run: KitosSyncRun, message: str, report: dict[str, Any] | None = None) -> None:
    _update(
        run,
        status=SyncStatus.FAILED,
        error=message,
        report=report or {},
        finished_at=timezone.now(),
    )


def run_execute(run_id: int) -> KitosSyncRun:
    """The task body: sign in to KITOS, fetch, import under the organization's import lock,
    and keep the step, the report and the outcome on the run."""
    run = KitosSyncRun.objects.select_related("organization", "started_by").get(pk=run_id)
    if run.status != SyncStatus.QUEUED:
        return run  # a run is executed once
    organization = run.organization
    actor = run.started_by
    _update(run, status=SyncStatus.RUNNING, started_at=timezone.now(), phase=LOGIN)

    def progress(step: str) -> None:
        _update(run, phase=step, steps_done=STEPS.index(step))

    try:
        if actor is None or not actor.is_active or not has_perm(actor, organization, PERMISSION):
            raise PermissionDenied
        state = _check_ready(connection_get(organization=organization))
        client = KitosClient(
            base_url=state.base_url,
            username=state.username,
            password=password_for(state),
            backoff=float(getattr(settings, "STYRBAR_KITOS_RETRY_DELAY", 1.0)),
        )
        with import_lock(organization):  # one import per organization at a time
            report = kitos_sync(
                actor=actor,
                organization=organization,
                client=client,
                kitos_org=state.kitos_organization_uuid,
                dry_run=run.dry_run,
                full=run.full,
                progress=progress,
            )
    except PermissionDenied:
        if run.trigger == SyncTrigger.SCHEDULED:
            message = _(
                "Den administrator, der slog den natlige synkronisering til, har ikke længere "
                "ret til at synkronisere. En administrator skal gemme KITOS-opsætningen igen."
            )
        else:
            message = _("Du har ikke længere ret til at synkronisere med KITOS.")
        _fail(run, message)
        return run
    except (SyncRejected, credentials.SecretUnreadable, KitosError, TableError) as exc:
        _fail(run, str(exc))
        return run
    except Exception:  # the run must end; the traceback goes to the log
        log.exception("KITOS sync run %s failed", run.pk)
        _fail(run, _("Synkroniseringen fejlede uventet; intet er gemt."))
        return run
    result = report.as_json()
    if report.errors:
        _fail(run, "\n".join(str(e["message"]) for e in report.errors[:5]), result)
        return run
    _update(
        run,
        status=SyncStatus.DONE,
        report=result,
        phase=IMPORT,
        steps_done=len(STEPS),
        finished_at=timezone.now(),
    )
    return run


@task()
def run_kitos_sync(run_id: int) -> str:
    return str(run_execute(run_id).status)


# The nightly schedule ----------------------------------------------------------------------


@dataclass
class Scheduled:
    organization: Organization
    run: KitosSyncRun | None
    skipped: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "organization": self.organization.pk,
            "name": self.organization.name,
            "run": self.run.pk if self.run else None,
            "status": str(self.run.status) if self.run else "skipped",
            "error": self.run.error if self.run else self.skipped,
        }


def schedule_nightly(
    *, enqueue: bool = False, organization: Organization | None = None
) -> list[Scheduled]:
    """A sync for every organization that chose the nightly run (``organization``: only
    that one), as the administrator who chose it: queued for the task worker
    (``enqueue``) or run here, one after the other. An organization whose sync is still
    running is skipped and says so."""
    states = KitosSyncState.objects.filter(nightly=True).select_related(
        "organization", "scheduled_by"
    )
    if organization is not None:
        states = states.filter(organization=organization)
    done: list[Scheduled] = []
    for state in states.order_by("organization__name", "pk"):
        try:
            run = _queue(
                state, state.scheduled_by, SyncTrigger.SCHEDULED, dry_run=False, full=False
            )
        except SyncRejected as exc:
            done.append(Scheduled(state.organization, None, str(exc)))
            continue
        if enqueue:
            run_kitos_sync.enqueue(run.pk)
            run.refresh_from_db()
        else:
            run = run_execute(run.pk)
        done.append(Scheduled(state.organization, run))
    return done
