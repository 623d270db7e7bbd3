"""The spend card on the dashboard (Overblik)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.orgcache import shared_card
from core.permissions import has_perm
from spend.facts import _mio
from spend.selectors import outside_central


@shared_card
def spend_card(request: HttpRequest) -> dict[str, Any] | None:
    """The share of the last twelve months' IT spend outside central agreements and the
    open shadow-it candidates; nothing before the first import. Cached per organization
    under its newest audit event (an import, a triage, a rule or a contract is one), so
    the five queries run once per change instead of on every dashboard (issue 17, load)."""
    org = request.organization  # type: ignore[attr-defined]
    if not has_perm(request.user, org, "spend.view"):
        return None
    measured = outside_central(organization=org)
    if measured is None:
        return None
    share = measured.share
    return {
        "title": _("Forbrug"),
        "figures": [
            (
                _("It-forbrug %(start)s–%(end)s")
                % {"start": f"{measured.start:%m.%Y}", "end": f"{measured.end:%m.%Y}"},
                _mio(measured.it_total),
            ),
            (
                _("Heraf uden for centrale aftaler"),
                "–" if share is None else f"{share * 100:.0f} %".replace(".", ","),
            ),
            (_("Uvurderede skygge-it-kandidater"), measured.candidates),
            (_("Kandidaternes beløb"), _mio(measured.candidates_total)),
        ],
    }
