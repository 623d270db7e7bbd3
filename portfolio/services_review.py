"""Review of local catalog entries proposed for the shared catalog (superusers only).

An organization proposes one of its local entries (``CatalogSystem.proposed``); the
installation's superusers, who maintain the shared catalog, approve or reject it:

* approve: ``scope=GLOBAL, proposed=False``. The proposing organization stays
  ``owner_organization`` and so keeps maintaining the entry (as the demo catalog does);
* reject: ``proposed=False``; the entry stays local to its organization.

No model holds the decision: it is the AuditEvent of the change, recorded with the
proposing organization as its organization (so the decision and the reason appear in that
organization's audit log) and ``changes["review"]["after"]`` holding
``{"decision", "note", "reason", "duplicate_of", "duplicate_of_name"}``.

Reads (the proposal list with possible duplicates, the decision history) live here too, to
keep the review in one module; they are not org-scoped because only superusers call them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditAction, record, snapshot
from core.models import AuditEvent
from portfolio import choices as c
from portfolio.models import CatalogSystem

APPROVED = "approved"
REJECTED = "rejected"

# Same-vendor names at least this similar (difflib ratio, 0–1) count as possible duplicates.
SIMILARITY = 0.8
# A name contained word-for-word in another (same vendor) counts when at least this long.
MIN_CONTAINED = 4
HISTORY_LIMIT = 50

# Reading ---------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Lower case, punctuation and runs of spaces folded to one space.

    >>> normalise_name("  KMD-Nexus (Omsorg) ")
    'kmd nexus omsorg'
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def _names(system: CatalogSystem) -> list[str]:
    """Normalised name and former names (KITOS separates them by comma or semicolon)."""
    names = [normalise_name(system.name)]
    names += [normalise_name(n) for n in re.split(r"[,;\n]", system.former_names or "")]
    return [n for n in dict.fromkeys(names) if n]


def similar(a: str, b: str) -> bool:
    """Two normalised names that probably mean the same system (used within one vendor).

    >>> similar("sbsys", "sbsys esdh"), similar("opus", "kmd opus"), similar("sd", "sd løn")
    (True, True, False)
    """
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= MIN_CONTAINED and set(short.split()) <= set(long.split()):
        return True
    return SequenceMatcher(None, a, b).ratio() >= SIMILARITY


@dataclass(frozen=True)
class Duplicate:
    """A shared-catalog entry (or another proposal) the proposal may duplicate."""

    system: CatalogSystem
    same_name: bool  # same normalised name (or former name); else same vendor, similar name
    proposal: bool  # the other entry is itself a proposal, not yet in the shared catalog


@dataclass(frozen=True)
class Proposal:
    system: CatalogSystem
    duplicates: tuple[Duplicate, ...]

    @property
    def exact_duplicate(self) -> bool:
        return any(d.same_name and not d.proposal for d in self.duplicates)

    @property
    def global_duplicates(self) -> list[CatalogSystem]:
        return [d.system for d in self.duplicates if not d.proposal]


def _proposals() -> Any:
    return CatalogSystem.objects.filter(proposed=True).select_related(
        "vendor", "owner_organization"
    )


def _match(
    proposals: Sequence[CatalogSystem], candidates: Iterable[CatalogSystem]
) -> list[Proposal]:
    """Pair each proposal with its possible duplicates among candidates (in memory).

    Same name is a dictionary look-up; similar names are compared only within one vendor,
    so the work grows with the size of a vendor's portfolio, not of the catalog.
    """
    by_name: dict[str, list[CatalogSystem]] = defaultdict(list)
    by_vendor: dict[int, list[tuple[CatalogSystem, list[str]]]] = defaultdict(list)
    for candidate in candidates:
        names = _names(candidate)
        for name in names:
            by_name[name].append(candidate)
        if candidate.vendor_id is not None:
            by_vendor[candidate.vendor_id].append((candidate, names))
    result = []
    for system in proposals:
        names = _names(system)
        found: dict[int, Duplicate] = {}
        for name in names:
            for other in by_name.get(name, ()):
                if other.pk != system.pk:
                    found.setdefault(other.pk, Duplicate(other, True, other.proposed))
        for other, other_names in by_vendor.get(system.vendor_id or 0, ()):
            if other.pk == system.pk or other.pk in found:
                continue
            if any(similar(a, b) for a in names for b in other_names):
                found[other.pk] = Duplicate(other, False, other.proposed)
        ordered = sorted(
            found.values(), key=lambda d: (d.proposal, not d.same_name, d.system.name.lower())
        )
        result.append(Proposal(system=system, duplicates=tuple(ordered)))
    return result


def _candidates(proposals: Sequence[CatalogSystem]) -> list[CatalogSystem]:
    """The shared catalog (one query, only the columns matching needs) plus the proposals."""
    shared = list(
        CatalogSystem.objects.filter(scope=c.Scope.GLOBAL, proposed=False)
        .select_related("vendor")
        .only("name", "former_names", "vendor", "vendor__name", "deactivated", "proposed")
    )
    return shared + list(proposals)


def proposal_list() -> list[Proposal]:
    """Every entry proposed for the shared catalog, oldest first, with possible duplicates.

    Two queries whatever the number of proposals: the proposals, the shared catalog.
    """
    proposals = list(_proposals().order_by("created_at", "pk"))
    return _match(proposals, _candidates(proposals))


def proposal_get(*, pk: Any) -> Proposal:
    """One catalog entry (proposed or already decided) with its possible duplicates."""
    system = CatalogSystem.objects.select_related("vendor", "owner_organization").get(pk=pk)
    others = list(_proposals().exclude(pk=system.pk))
    return _match([system], _candidates(others))[0]


@dataclass(frozen=True)
class Decision:
    event: AuditEvent
    decision: str  # APPROVED or REJECTED
    note: str
    reason: str
    duplicate_of: int | None
    duplicate_of_name: str

    @property
    def approved(self) -> bool:
        return self.decision == APPROVED


def _decisions(events: Iterable[AuditEvent]) -> list[Decision]:
    decisions = []
    for event in events:
        review = (event.changes.get("review") or {}).get("after") or {}
        decisions.append(
            Decision(
                event=event,
                decision=review.get("decision", ""),
                note=review.get("note", ""),
                reason=review.get("reason", ""),
                duplicate_of=review.get("duplicate_of"),
                duplicate_of_name=review.get("duplicate_of_name", ""),
            )
        )
    return decisions


def _review_events() -> Any:
    content_type = ContentType.objects.get_for_model(CatalogSystem)
    return (
        AuditEvent.objects.filter(content_type=content_type, changes__has_key="review")
        .select_related("organization")
        .order_by("-created_at", "-pk")
    )


def review_history(*, limit: int = HISTORY_LIMIT) -> list[Decision]:
    """The latest review decisions across the installation, newest first."""
    return _decisions(_review_events()[:limit])


def review_decisions(*, system: CatalogSystem) -> list[Decision]:
    """The review decisions on one catalog entry, newest first."""
    return _decisions(_review_events().filter(object_id=str(system.pk)))


# Writing -------------------------------------------------------------------------------


def _require_superuser(actor: Any) -> None:
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Kun superbrugere kan behandle forslag til det fælles katalog."))


def _lock_proposal(system: CatalogSystem) -> CatalogSystem:
    """The entry re-read under a row lock; refused unless it is still a proposal."""
    locked = CatalogSystem.objects.select_for_update(of=("self",)).select_related(
        "owner_organization"
    )
    fresh = locked.get(pk=system.pk)
    if not fresh.proposed:
        raise ValidationError(_("Systemet er ikke foreslået til det fælles katalog."))
    return fresh


def _decide(
    *, actor: Any, system: CatalogSystem, review: dict[str, Any], **fields: Any
) -> CatalogSystem:
    before = snapshot(system)
    for name, value in fields.items():
        setattr(system, name, value)
    system.full_clean()
    system.save()
    record(
        actor=actor,
        organization=system.owner_organization,
        action=AuditAction.UPDATE,
        obj=system,
        before=before,
        after=snapshot(system),
        extra={"review": review},
    )
    return system


@transaction.atomic
def proposal_approve(*, actor: Any, system: CatalogSystem, note: str = "") -> CatalogSystem:
    """Take the proposal into the shared catalog; the proposer keeps maintaining it."""
    _require_superuser(actor)
    fresh = _lock_proposal(system)
    if fresh.deactivated:
        raise ValidationError(
            _("Systemet er deaktiveret og kan ikke optages i det fælles katalog.")
        )
    if fresh.parent_id is not None:
        parent = CatalogSystem.objects.only("scope").get(pk=fresh.parent_id)
        if parent.scope != c.Scope.GLOBAL:
            raise ValidationError(
                _(
                    "Det overordnede system står ikke i det fælles katalog. "
                    "Optag det først, eller fjern koblingen."
                )
            )
    review = {"decision": APPROVED, "note": note.strip(), "reason": ""}
    return _decide(actor=actor, system=fresh, review=review, scope=c.Scope.GLOBAL, proposed=False)


@transaction.atomic
def proposal_reject(
    *,
    actor: Any,
    system: CatalogSystem,
    reason: str,
    duplicate_of: CatalogSystem | None = None,
) -> CatalogSystem:
    """Decline the proposal; the entry stays local. ``duplicate_of`` names the shared entry
    the organization should use instead."""
    _require_superuser(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Angiv en begrundelse for afvisningen.")})
    fresh = _lock_proposal(system)
    if duplicate_of is not None and (
        duplicate_of.scope != c.Scope.GLOBAL or duplicate_of.pk == fresh.pk
    ):
        raise ValidationError({"duplicate_of": _("Vælg et system, der står i det fælles katalog.")})
    review = {
        "decision": REJECTED,
        "note": "",
        "reason": reason,
        "duplicate_of": duplicate_of.pk if duplicate_of else None,
        "duplicate_of_name": duplicate_of.name if duplicate_of else "",
    }
    return _decide(actor=actor, system=fresh, review=review, proposed=False)
