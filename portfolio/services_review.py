"""Review of local catalog entries proposed for the shared catalog (superusers only).

An organization proposes one of its local entries (``CatalogSystem.proposed``); the
installation's superusers, who maintain the shared catalog, approve or reject it:

* approve: ``scope=GLOBAL, proposed=False``. The proposing organization stays
  ``owner_organization`` and so keeps maintaining the entry (as the demo catalog does);
* reject: ``proposed=False``; the entry stays local to its organization.

Both are transitions of :data:`REVIEW_WORKFLOW` (:mod:`core.workflow`), whose state is
read from ``proposed`` and ``scope`` (local, proposed, shared). Each decision is a
:class:`~core.models.TransitionRecord` with ``fields`` ``{"note", "reason",
"duplicate_of", "duplicate_of_name"}``, and an AuditEvent of the change recorded with the
proposing organization as its organization (so the decision and the reason appear in that
organization's audit log) and ``changes["review"]["after"]`` holding the same values and
the ``decision``.

Reads (the proposal list with possible duplicates, the decision history) live here too, to
keep the review in one module; they are not org-scoped because only superusers call them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import TransitionRecord
from core.workflow import Machine, Transition, records, transition
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


# The review's states, read from ``proposed`` and ``scope``.
LOCAL, PROPOSED, SHARED = "local", "proposed", "shared"


def review_state(system: CatalogSystem) -> str:
    if system.proposed:
        return PROPOSED
    return SHARED if system.scope == c.Scope.GLOBAL else LOCAL


@dataclass(frozen=True)
class Decision:
    """One review decision, read from its TransitionRecord."""

    record: TransitionRecord

    @property
    def decision(self) -> str:  # APPROVED or REJECTED
        return APPROVED if self.record.to_state == SHARED else REJECTED

    @property
    def approved(self) -> bool:
        return self.decision == APPROVED

    @property
    def note(self) -> str:
        return str(self.record.fields.get("note", ""))

    @property
    def reason(self) -> str:
        return str(self.record.fields.get("reason", ""))

    @property
    def duplicate_of(self) -> int | None:
        pk = self.record.fields.get("duplicate_of")
        return int(pk) if pk is not None else None

    @property
    def duplicate_of_name(self) -> str:
        return str(self.record.fields.get("duplicate_of_name", ""))


def review_history(*, limit: int = HISTORY_LIMIT) -> list[Decision]:
    """The latest review decisions across the installation, newest first."""
    rows = records(REVIEW_WORKFLOW).select_related("organization")[:limit]
    return [Decision(row) for row in rows]


def review_decisions(*, system: CatalogSystem) -> list[Decision]:
    """The review decisions on one catalog entry, newest first."""
    return [Decision(row) for row in records(REVIEW_WORKFLOW, system)]


# Writing -------------------------------------------------------------------------------


def _require_superuser(actor: Any, organization: Any = None, obj: Any = None) -> None:
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Kun superbrugere kan behandle forslag til det fælles katalog."))


def _approvable(system: CatalogSystem, fields: Mapping[str, Any]) -> None:
    if system.deactivated:
        raise ValidationError(
            _("Systemet er deaktiveret og kan ikke optages i det fælles katalog.")
        )
    if system.parent_id is not None:
        parent = CatalogSystem.objects.only("scope").get(pk=system.parent_id)
        if parent.scope != c.Scope.GLOBAL:
            raise ValidationError(
                _(
                    "Det overordnede system står ikke i det fælles katalog. "
                    "Optag det først, eller fjern koblingen."
                )
            )


def _shared_duplicate(system: CatalogSystem, fields: Mapping[str, Any]) -> None:
    duplicate_of = fields.get("duplicate_of")
    if duplicate_of is not None and (
        duplicate_of.scope != c.Scope.GLOBAL or duplicate_of.pk == system.pk
    ):
        raise ValidationError({"duplicate_of": _("Vælg et system, der står i det fælles katalog.")})


def _review(decision: str, **fields: Any) -> Callable[..., dict[str, Any]]:
    """Apply a decision: set the fields and give the audit event the review's values."""

    def apply(system: CatalogSystem, actor: Any, given: Mapping[str, Any]) -> dict[str, Any]:
        for name, value in fields.items():
            setattr(system, name, value)
        review = {"decision": decision, "note": given.get("note", ""), "reason": ""}
        if decision == REJECTED:
            duplicate = given.get("duplicate_of")
            review |= {
                "reason": given["reason"],
                "duplicate_of": duplicate.pk if duplicate else None,
                "duplicate_of_name": duplicate.name if duplicate else "",
            }
        return {"review": review}

    return apply


NOT_PROPOSED = gettext_lazy("Systemet er ikke foreslået til det fælles katalog.")
REVIEW_WORKFLOW = Machine(
    name="portfolio.catalog_review",
    model=CatalogSystem,
    states=(LOCAL, PROPOSED, SHARED),
    state=review_state,
    final=(LOCAL, SHARED),
    organization=lambda system: system.owner_organization,
    transitions=(
        Transition(
            "approve",
            (PROPOSED,),
            SHARED,
            permission=_require_superuser,
            refusal=NOT_PROPOSED,
            check=_approvable,
            apply=_review(APPROVED, scope=c.Scope.GLOBAL, proposed=False),
        ),
        Transition(
            "reject",
            (PROPOSED,),
            LOCAL,
            permission=_require_superuser,
            required={"reason": gettext_lazy("Angiv en begrundelse for afvisningen.")},
            refusal=NOT_PROPOSED,
            check=_shared_duplicate,
            apply=_review(REJECTED, proposed=False),
        ),
    ),
)
"""An organization's proposal of a local entry for the shared catalog, decided by a
superuser (proposing is an ordinary change of the entry's ``proposed`` mark)."""


def proposal_approve(*, actor: Any, system: CatalogSystem, note: str = "") -> CatalogSystem:
    """Take the proposal into the shared catalog; the proposer keeps maintaining it."""
    return transition(REVIEW_WORKFLOW, system, "approve", actor=actor, note=note.strip())


def proposal_reject(
    *,
    actor: Any,
    system: CatalogSystem,
    reason: str,
    duplicate_of: CatalogSystem | None = None,
) -> CatalogSystem:
    """Decline the proposal; the entry stays local. ``duplicate_of`` names the shared entry
    the organization should use instead."""
    return transition(
        REVIEW_WORKFLOW,
        system,
        "reject",
        actor=actor,
        reason=reason.strip(),
        duplicate_of=duplicate_of,
        duplicate_of_name=duplicate_of.name if duplicate_of else None,
    )
