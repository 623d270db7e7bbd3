"""Matching a creditor of the financial system to a vendor of the portfolio.

Order (spend analysis, user guide chapter 18):

1. **CVR**: a valid CVR number (eight digits, weighted sum with 2,7,6,5,4,3,2,1 divisible
   by 11) that one candidate carries;
2. **the same name** after normalisation (case, punctuation, legal forms such as A/S, ApS,
   I/S and K/S removed): one candidate is a match, several are ambiguous;
3. **a similar name**: rapidfuzz's ``token_sort_ratio`` at least ``threshold``; a single
   best candidate ahead of the next by at least ``margin`` points is a match, otherwise
   the candidates above the threshold are returned as ambiguous.

Ambiguous results name their candidates and never pick one: a person chooses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

__all__ = ["Candidate", "Match", "cvr_is_valid", "match_vendor", "normalise_name"]

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
LEGAL_FORMS = frozenset(
    {
        "as",
        "aps",
        "is",
        "ks",
        "ps",
        "ivs",
        "amba",
        "fmba",
        "smba",
        "ab",
        "gmbh",
        "ltd",
        "inc",
        "bv",
        "oy",
        "asa",
        "holding",
        "danmark",
        "denmark",
    }
)
_NON_WORD = re.compile(r"[^0-9a-zæøå]+")


def cvr_is_valid(value: str) -> bool:
    """Eight digits, not starting with 0, weighted sum divisible by 11.

    >>> cvr_is_valid("29189846"), cvr_is_valid("29189847"), cvr_is_valid("0123")
    (True, False, False)
    """
    if len(value) != 8 or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0


def normalise_name(name: str) -> str:
    """Case, punctuation and legal forms removed.

    >>> normalise_name("Netcompany A/S"), normalise_name("KMD  ApS.")
    ('netcompany', 'kmd')
    """
    folded = name.casefold().replace("a/s", " as ").replace("i/s", " is ").replace("k/s", " ks ")
    words = [w for w in _NON_WORD.split(folded) if w and w not in LEGAL_FORMS]
    return " ".join(words)


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    cvr: str = ""


@dataclass(frozen=True)
class Match:
    how: str  # "cvr", "navn", "lighed", "tvetydig" or "ingen"
    vendor_id: int | None = None
    candidates: tuple[tuple[int, str, int], ...] = field(default=())  # (id, name, score)


def match_vendor(
    name: str,
    cvr: str,
    candidates: Sequence[Candidate],
    *,
    threshold: int = 90,
    margin: int = 5,
) -> Match:
    """The portfolio vendor a creditor is (see the module docstring).

    >>> vendors = [Candidate(1, "Netcompany A/S", "29189846"), Candidate(2, "Netcompagni ApS"),
    ...            Candidate(3, "Systematic A/S")]
    >>> match_vendor("NETCOMPANY", "29189846", vendors).how
    'cvr'
    >>> match_vendor("Systematic", "", vendors)
    Match(how='navn', vendor_id=3, candidates=())
    >>> match_vendor("Netcompanny", "", vendors).how
    'lighed'
    >>> match_vendor("Netcompa", "", vendors, threshold=80).how
    'tvetydig'
    >>> match_vendor("Ukendt Leverandør", "", vendors).how
    'ingen'
    >>> match_vendor("", "", vendors).how  # no name to match on
    'ingen'
    >>> twins = [Candidate(4, "Kommunedata A/S"), Candidate(5, "Kommunedata ApS")]
    >>> match_vendor("KOMMUNEDATA", "", twins).how  # two vendors by the same name
    'tvetydig'
    """
    if cvr and cvr_is_valid(cvr):
        by_cvr = [c for c in candidates if c.cvr == cvr]
        if len(by_cvr) == 1:
            return Match("cvr", by_cvr[0].id)
    wanted = normalise_name(name)
    if not wanted:
        return Match("ingen")
    normalised = [normalise_name(c.name) for c in candidates]
    same = [c for c, n in zip(candidates, normalised, strict=True) if n == wanted]
    if len(same) == 1:
        return Match("navn", same[0].id)
    if len(same) > 1:
        return Match("tvetydig", None, tuple((c.id, c.name, 100) for c in same))
    found = process.extract(
        wanted, normalised, scorer=fuzz.token_sort_ratio, limit=5, score_cutoff=threshold
    )
    if not found:
        return Match("ingen")
    scored = tuple((candidates[i].id, candidates[i].name, round(score)) for _n, score, i in found)
    if len(found) == 1 or found[0][1] - found[1][1] >= margin:
        return Match("lighed", scored[0][0], scored[:1])
    return Match("tvetydig", None, scored)
