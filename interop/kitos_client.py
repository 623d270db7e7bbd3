"""A small client for KITOS's REST API v2 and the live sync built on it.

Token: ``POST /api/authorize/GetToken`` with ``{"email", "password"}`` → ``response.token``
(a JWT sent as ``Authorization: Bearer …``). Lists are bare arrays paged with ``page``
(0-based) and ``pageSize`` (max 250), read until a short page. Later runs ask only for
``changedSinceGtEq`` (the start of the last successful sync) plus the deleted-entities
feed (``/api/v2/delta-feed/deleted-entities?deletedSinceUTC=…``). A 401 re-authenticates
once; 5xx and network errors are retried with exponential backoff and then fail with a
clear message. All pages are fetched before anything is written, and the write runs in one
transaction, so a failed sync leaves the previous data untouched. Only stdlib urllib.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import require
from interop.kitos.context import KitosReport
from interop.kitos.enums import INTEGER_HEADER
from interop.kitos.importer import apply_pages
from interop.kitos.pages import CONTRACTS, DELETED, DPRS, INTERFACES, SYSTEMS, UNITS, USAGES
from interop.models import KitosSyncState
from organizations.models import Organization

PAGE_SIZE = 250


class KitosError(Exception):
    """KITOS could not be reached or refused; nothing has been written."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class KitosClient:
    base_url: str
    username: str
    password: str = field(repr=False)
    page_size: int = PAGE_SIZE
    tries: int = 3
    backoff: float = 1.0
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    token: str | None = field(default=None, repr=False)
    requests: int = 0
    # Ask KITOS for enum values as integers (X-KITOS-SERIALIZE-ENUM-AS-INTEGER); the import
    # reads both forms.
    enum_as_integer: bool = False

    def __post_init__(self) -> None:
        if urllib.parse.urlsplit(self.base_url).scheme not in ("http", "https"):
            raise KitosError(_("KITOS' adresse skal begynde med https:// (eller http://)."))

    def _request(self, url: str, **kwargs: Any) -> urllib.request.Request:
        """A request to the KITOS base URL (its scheme is checked: http or https only)."""
        return urllib.request.Request(url, **kwargs)  # noqa: S310

    def _open(self, request: urllib.request.Request) -> Any:
        """Send a request, retrying 5xx and network errors; return the decoded JSON body."""
        for attempt in range(1, self.tries + 1):
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    body = response.read()
                return json.loads(body) if body else None
            except urllib.error.HTTPError as exc:
                if exc.code < 500:
                    raise
                problem = f"HTTP {exc.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                problem = str(getattr(exc, "reason", exc))
            except json.JSONDecodeError as exc:
                raise KitosError(_("KITOS svarede ikke med JSON: %(err)s") % {"err": exc}) from exc
            if attempt < self.tries:
                self.sleep(self.backoff * 2 ** (attempt - 1))
        raise KitosError(
            _("KITOS svarer ikke (%(problem)s) efter %(n)s forsøg: %(url)s")
            % {"problem": problem, "n": self.tries, "url": request.full_url}
        )

    def authenticate(self) -> None:
        body = json.dumps({"email": self.username, "password": self.password}).encode()
        request = self._request(
            self._url("/api/authorize/GetToken"),
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            data = self._open(request)
        except urllib.error.HTTPError as exc:
            raise KitosError(
                _(
                    "KITOS afviste login for %(user)s (HTTP %(code)s). "
                    "Kontrollér KITOS-brugeren og adgangskoden."
                )
                % {"user": self.username, "code": exc.code}
            ) from exc
        token = (data or {}).get("response", data or {}).get("token")
        if not token:
            raise KitosError(_("KITOS returnerede ingen adgangsnøgle."))
        self.token = str(token)

    def _url(self, path: str, params: dict[str, Any] | None = None) -> str:
        query = urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v is not None})
        return self.base_url.rstrip("/") + path + (f"?{query}" if query else "")

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET one resource; re-authenticate once on 401."""
        if self.token is None:
            self.authenticate()
        for renewed in (False, True):
            headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
            if self.enum_as_integer:
                headers[INTEGER_HEADER] = "true"
            request = self._request(self._url(path, params), headers=headers)
            try:
                return self._open(request)
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and not renewed:
                    self.authenticate()
                    continue
                raise KitosError(
                    _("KITOS afviste %(path)s (HTTP %(code)s).") % {"path": path, "code": exc.code},
                    status=exc.code,
                ) from exc
        raise KitosError(_("KITOS afviste adgangsnøglen."))  # pragma: no cover - loop returns

    def get_all(self, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every page of a list endpoint (page from 0, until a short page)."""
        records: list[dict[str, Any]] = []
        page = 0
        while True:
            batch = self.get(path, {**(params or {}), "page": page, "pageSize": self.page_size})
            if not isinstance(batch, list):
                raise KitosError(_("KITOS svarede ikke med en liste: %(path)s") % {"path": path})
            records.extend(batch)
            if len(batch) < self.page_size:
                return records
            page += 1


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def find_kitos_organization(client: KitosClient, cvr: str) -> uuidlib.UUID:
    """The KITOS organization with this CVR number."""
    for record in client.get_all("/api/v2/organizations", {"cvrContent": cvr}):
        if str(record.get("cvr") or "") == cvr and record.get("uuid"):
            return uuidlib.UUID(str(record["uuid"]))
    raise KitosError(_("KITOS kender ingen organisation med CVR-nummer %(cvr)s.") % {"cvr": cvr})


# The steps of a live sync, in order (:func:`kitos_sync` tells its ``progress`` each one
# as it begins): sign in and find the organization, fetch each kind, fetch the catalog
# systems that changed usages name, write.
LOGIN = "login"
MISSING = "missing-systems"
IMPORT = "import"
STEPS = (LOGIN, UNITS, SYSTEMS, INTERFACES, USAGES, CONTRACTS, DPRS, DELETED, MISSING, IMPORT)

Progress = Callable[[str], None]


def fetch(
    client: KitosClient,
    kitos_org: uuidlib.UUID,
    since: dt.datetime | None,
    progress: Progress | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Every page the sync needs, fetched before anything is written."""
    org = str(kitos_org)
    changed = _iso(since)
    requests: list[tuple[str, str, dict[str, Any]]] = [
        (UNITS, f"/api/v2/organizations/{org}/organization-units", {}),
        (SYSTEMS, "/api/v2/it-systems", {"usedInOrganizationUuid": org}),
        (INTERFACES, "/api/v2/it-interfaces", {"usedInOrganizationUuid": org}),
        (USAGES, "/api/v2/it-system-usages", {"organizationUuid": org}),
        (CONTRACTS, "/api/v2/it-contracts", {"organizationUuid": org}),
        (DPRS, "/api/v2/data-processing-registrations", {"organizationUuid": org}),
    ]
    pages: dict[str, list[dict[str, Any]]] = {}
    for kind, path, params in requests:
        if progress is not None:
            progress(kind)
        if kind != UNITS:
            params = {**params, "changedSinceGtEq": changed}
        pages[kind] = client.get_all(path, params)
    if progress is not None:
        progress(DELETED)
    pages[DELETED] = (
        client.get_all("/api/v2/delta-feed/deleted-entities", {"deletedSinceUTC": changed})
        if since is not None
        else []
    )
    if progress is not None:
        progress(MISSING)
    # A changed usage may point to a catalog system that did not change: fetch those too.
    known = {str(r.get("uuid")) for r in pages[SYSTEMS]}
    from portfolio.models import CatalogSystem

    wanted = {
        str((r.get("systemContext") or {}).get("uuid"))
        for r in pages[USAGES]
        if (r.get("systemContext") or {}).get("uuid")
    } - known
    stored = {
        str(u) for u in CatalogSystem.objects.filter(uuid__in=wanted).values_list("uuid", flat=True)
    }
    # GET /api/v2/it-systems/{uuid} (ItSystemV2Controller.GetItSystem) also answers for a
    # deactivated system, which the list leaves out unless includeDeactivated=true. A system
    # KITOS will not show (403, 404) is left to the import, which reports the usages that
    # name it and imports the rest.
    for system_uuid in sorted(wanted - stored):
        try:
            pages[SYSTEMS].append(client.get(f"/api/v2/it-systems/{system_uuid}"))
        except KitosError as exc:
            if exc.status not in (403, 404):
                raise
    return pages


def kitos_sync(
    *,
    actor: Any,
    organization: Organization,
    client: KitosClient,
    kitos_org: uuidlib.UUID | None = None,
    dry_run: bool = False,
    full: bool = False,
    progress: Progress | None = None,
) -> KitosReport:
    """Fetch from a live KITOS and import; later runs fetch only deltas since the last sync.
    ``progress`` is told each of :data:`STEPS` as it begins."""
    require(actor, organization, "portfolio.change")
    state = KitosSyncState.objects.filter(organization=organization).first()
    since = None if full or state is None else state.last_sync_at
    started = timezone.now()
    report = KitosReport(dry_run=dry_run)
    try:
        if progress is not None:
            progress(LOGIN)
        if client.token is None:
            client.authenticate()
        kitos_org = kitos_org or (state.kitos_organization_uuid if state else None)
        if kitos_org is None:
            if not organization.cvr:
                raise KitosError(
                    _("Angiv KITOS-organisationens UUID (organisationen har intet CVR).")
                )
            kitos_org = find_kitos_organization(client, organization.cvr)
        pages = fetch(client, kitos_org, since, progress)
    except KitosError as exc:
        report.error("KITOS", str(exc))
        return report
    if progress is not None:
        progress(IMPORT)
    report = apply_pages(
        actor=actor,
        organization=organization,
        pages=pages,
        dry_run=dry_run,
        source=client.base_url,
    )
    if report.committed:
        KitosSyncState.objects.update_or_create(
            organization=organization,
            defaults={
                "base_url": client.base_url,
                "kitos_organization_uuid": kitos_org,
                "last_sync_at": started,
            },
        )
    return report
