"""Reuse first: what the municipality already has that may cover a request's need.

Ranked candidates, each with a score (0-100) and the reasons for it:

* **usages** of the organization's own landscape: shared KLE subjects (the catalog
  system's, plus the usage's local additions, minus its removals), use in the request's
  business process, and a name or description like the need (rapidfuzz on a simple Danish
  normaliser);
* **contracts** of the organization with unused options, and framework agreements
  (rammeaftaler), that cover a candidate system or match the need by name;
* the **fælleskommunale components** (KOMBIT) whose name or description matches, or that
  share KLE subjects;
* **systems other municipalities on the installation use** for the same KLE subjects:
  the catalog system's public name and how many municipalities use it, never their data.

Queries do not grow with the number of candidates (one per kind, plus the KLE tables).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz

from portfolio import choices as pc
from portfolio.models import CatalogSystem, Contract, ProcessStep, SystemUsage
from procurement.models import ProcurementRequest

KLE_WEIGHT, PROCESS_WEIGHT, TEXT_WEIGHT = 50, 25, 25
TEXT_THRESHOLD = 60  # a fuzzy match below this is not a reason
LIMIT = 15

_STOP = frozenset(
    [
        "af",
        "alle",
        "at",
        "bliver",
        "de",
        "den",
        "der",
        "det",
        "du",
        "eller",
        "en",
        "er",
        "et",
        "for",
        "fra",
        "har",
        "hvor",
        "i",
        "ikke",
        "kan",
        "med",
        "men",
        "og",
        "om",
        "os",
        "på",
        "sig",
        "skal",
        "som",
        "til",
        "ud",
        "vi",
        "vil",
        "være",
        "ved",
        "nye",
        "ny",
        "nyt",
        "system",
        "systemer",
        "løsning",
        "løsninger",
        "the",
        "and",
        "of",
        "to",
    ]
)
_SUFFIXES = ("erne", "ene", "ers", "er", "en", "et", "e", "s")


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case, letters and digits only, Danish stop words out, common endings off.

    >>> normalise("Bookingsystemer til lokalerne")
    'booking lokal'
    """
    words = re.findall(r"[0-9a-zæøå]+", text.lower())
    stems = []
    for word in words:
        if word in _STOP or len(word) < 2:
            continue
        for suffix in _SUFFIXES:
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        if word.endswith("system") and len(word) > 6:
            word = word[: -len("system")]
        stems.append(word)
    return " ".join(stems)


def similarity(need: str, text: str) -> int:
    """How alike the need and ``text`` are (0-100, rapidfuzz WRatio), both normalised."""
    if not need or not text:
        return 0
    return int(fuzz.WRatio(need, text))


@dataclass
class Candidate:
    kind: str  # usage | contract | component | elsewhere
    name: str
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    pk: int | None = None
    url: str = ""
    route: str = ""  # the detail page's URL name; ``url`` is filled for the returned ones
    usage_pk: int | None = None  # a contract's best-matching usage

    @property
    def kind_label(self) -> str:
        return {
            "usage": _("System i kommunen"),
            "contract": _("Kontrakt"),
            "component": _("Fælleskommunal komponent"),
            "elsewhere": _("Bruges i andre kommuner"),
        }[self.kind]


def _kle(request: ProcurementRequest) -> set[int]:
    subjects = set(request.kle_subjects.values_list("pk", flat=True))
    if request.business_process_id and request.business_process.kle_subject_id:
        subjects.add(request.business_process.kle_subject_id)
    return subjects


def _usage_kle(organization: Any, subjects: set[int]) -> dict[int, set[int]]:
    """Per usage of the organization: which of ``subjects`` it covers (effective KLE)."""
    by_usage: dict[int, set[int]] = defaultdict(set)
    if not subjects:
        return by_usage
    usages = SystemUsage.objects.filter(organization=organization)
    for usage, subject in usages.filter(catalog_system__kle_subjects__in=subjects).values_list(
        "pk", "catalog_system__kle_subjects"
    ):
        by_usage[usage].add(subject)
    for usage, subject in usages.filter(kle_additions__in=subjects).values_list(
        "pk", "kle_additions"
    ):
        by_usage[usage].add(subject)
    for usage, subject in usages.filter(kle_removals__in=subjects).values_list(
        "pk", "kle_removals"
    ):
        by_usage[usage].discard(subject)
    return by_usage


def _reasons_for_kle(covered: int, wanted: int) -> str:
    return ngettext(
        "Dækker %(n)s af anmodningens %(m)s KLE-emner",
        "Dækker %(n)s af anmodningens %(m)s KLE-emner",
        covered,
    ) % {"n": covered, "m": wanted}


def _usages(request: ProcurementRequest, need: str, subjects: set[int]) -> list[Candidate]:
    organization = request.organization
    covered = _usage_kle(organization, subjects)
    in_process: set[int] = set()
    if request.business_process_id:
        in_process = set(
            ProcessStep.objects.filter(process_id=request.business_process_id).values_list(
                "usages", flat=True
            )
        ) - {None}
    rows = (
        SystemUsage.objects.filter(organization=organization)
        .exclude(lifecycle=pc.Lifecycle.NOT_IN_USE)
        .values_list("pk", "local_name", "catalog_system__name", "catalog_system__description")
    )
    found = []
    for pk, local_name, system_name, description in rows:
        name = local_name or system_name
        candidate = Candidate("usage", name, pk=pk, route="portfolio:usage_detail")
        hits = covered.get(pk, set())
        if hits:
            candidate.score += round(KLE_WEIGHT * len(hits) / len(subjects))
            candidate.reasons.append(_reasons_for_kle(len(hits), len(subjects)))
        if pk in in_process:
            candidate.score += PROCESS_WEIGHT
            candidate.reasons.append(
                _("Bruges allerede i processen »%(p)s«") % {"p": request.business_process}
            )
        text = max(similarity(need, normalise(name)), similarity(need, normalise(description)) - 10)
        if text >= TEXT_THRESHOLD:
            candidate.score += round(TEXT_WEIGHT * text / 100)
            candidate.reasons.append(
                _("Navn eller beskrivelse ligner behovet (%(p)s %%)") % {"p": text}
            )
        if candidate.reasons:
            found.append(candidate)
    return found


def _contracts(
    request: ProcurementRequest, need: str, usages: dict[int, Candidate]
) -> list[Candidate]:
    today = timezone.localdate()
    rows = (
        Contract.objects.filter(organization=request.organization, terminated=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(
            Q(options_used__lt=F("options_offered")) | Q(contract_type=pc.ContractType.FRAMEWORK)
        )
        .values_list("pk", "name", "contract_type", "options_offered", "options_used", "usages")
    )
    merged: dict[int, Candidate] = {}
    for pk, name, kind, offered, used, usage_pk in rows:
        candidate = merged.get(pk)
        if candidate is None:
            candidate = merged[pk] = Candidate(
                "contract", name, pk=pk, route="portfolio:contract_detail"
            )
            if kind == pc.ContractType.FRAMEWORK:
                candidate.reasons.append(_("Rammeaftale"))
            if used < offered:
                candidate.reasons.append(
                    ngettext("%(n)s ubrugt option", "%(n)s ubrugte optioner", offered - used)
                    % {"n": offered - used}
                )
            text = similarity(need, normalise(name))
            if text >= TEXT_THRESHOLD:
                candidate.score = round(TEXT_WEIGHT * text / 100)
                candidate.reasons.append(_("Navnet ligner behovet (%(p)s %%)") % {"p": text})
        match = usages.get(usage_pk) if usage_pk else None
        if match is not None and match.score > candidate.score:
            candidate.score = match.score
            candidate.usage_pk = usage_pk
            candidate.reasons.append(_("Dækker systemet »%(s)s«") % {"s": match.name})
    return [c for c in merged.values() if c.score > 0]


def _components(need: str, subjects: set[int]) -> list[Candidate]:
    rows = CatalogSystem.objects.filter(
        business_type=pc.BusinessType.FAELLESKOMMUNAL, scope=pc.Scope.GLOBAL, deactivated=False
    ).annotate(shared=Count("kle_subjects", filter=Q(kle_subjects__in=subjects)))
    found = []
    for pk, name, description, shared in rows.values_list("pk", "name", "description", "shared"):
        candidate = Candidate("component", name, pk=pk, route="portfolio:catalog_detail")
        if shared:
            candidate.score += round(KLE_WEIGHT * shared / len(subjects))
            candidate.reasons.append(_reasons_for_kle(shared, len(subjects)))
        text = max(similarity(need, normalise(name)), similarity(need, normalise(description)) - 10)
        if text >= TEXT_THRESHOLD:
            candidate.score += round(TEXT_WEIGHT * text / 100)
            candidate.reasons.append(_("Beskrivelsen ligner behovet (%(p)s %%)") % {"p": text})
        if candidate.reasons:
            candidate.reasons.insert(0, _("Fælleskommunal komponent (KOMBIT)"))
            found.append(candidate)
    return found


def _elsewhere(request: ProcurementRequest, subjects: set[int]) -> list[Candidate]:
    """Catalog systems other organizations use for these KLE subjects: name and count."""
    if not subjects:
        return []
    own = SystemUsage.objects.filter(organization=request.organization).values("catalog_system_id")
    rows = (
        SystemUsage.objects.exclude(organization=request.organization)
        .filter(catalog_system__kle_subjects__in=subjects, catalog_system__scope=pc.Scope.GLOBAL)
        .exclude(catalog_system_id__in=own)
        .values("catalog_system_id", "catalog_system__name")
        .annotate(
            municipalities=Count("organization", distinct=True),
            shared=Count("catalog_system__kle_subjects", distinct=True),
        )
        .order_by("-shared", "-municipalities", "catalog_system__name")[:LIMIT]
    )
    found = []
    for row in rows:
        n = row["municipalities"]
        candidate = Candidate(
            "elsewhere",
            row["catalog_system__name"],
            pk=row["catalog_system_id"],
            route="portfolio:catalog_detail",
            score=round(KLE_WEIGHT * 0.8 * row["shared"] / len(subjects)),
        )
        candidate.reasons.append(_reasons_for_kle(row["shared"], len(subjects)))
        candidate.reasons.append(
            ngettext(
                "Bruges af %(n)s anden kommune på installationen",
                "Bruges af %(n)s andre kommuner på installationen",
                n,
            )
            % {"n": n}
        )
        found.append(candidate)
    return found


def candidates(request: ProcurementRequest, limit: int = LIMIT) -> list[Candidate]:
    """The ranked candidates (highest score first, then name), at most ``limit``."""
    need = normalise(f"{request.title} {request.problem}")
    subjects = _kle(request)
    usages = _usages(request, need, subjects)
    found = [
        *usages,
        *_contracts(request, need, {u.pk: u for u in usages if u.pk is not None}),
        *_components(need, subjects),
        *_elsewhere(request, subjects),
    ]
    found.sort(key=lambda c: (-c.score, c.name.lower(), c.kind))
    ranked = [c for c in found if c.score > 0][:limit]
    for candidate in ranked:
        candidate.url = reverse(candidate.route, args=[candidate.pk])
    return ranked
