"""Which rule classifies a spend line, as fast as a million lines need.

A rule names account ranges, a vendor (CVR number or part of the name) and keywords of
the text; every criterion it names must match. Rules are tried by priority (lowest
first, then creation); the first that matches classifies the line as IT spend or not.
A line no rule matches is not IT spend and shows no rule.

Accounts are compared on their digits, cut to the length of the bound: the range
``227000-227999`` covers 227000 to 227999 and any longer account starting with those
digits (``22700012``); a single value is a range of one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_NOT_DIGIT = re.compile(r"\D")


def digits(value: str) -> str:
    return _NOT_DIGIT.sub("", value or "")


def parse_ranges(text: str) -> list[tuple[str, str]]:
    """``"227000-227999, 457100"`` -> [("227000", "227999"), ("457100", "457100")];
    ValidationError with a Danish message for anything else.

    >>> parse_ranges("227000-227999, 4571")
    [('227000', '227999'), ('4571', '4571')]
    """
    ranges = []
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        lo_text, sep, hi_text = part.partition("-")
        lo, hi = digits(lo_text), digits(hi_text) if sep else digits(lo_text)
        clean = all(
            re.fullmatch(r"[\d. ]+", t.strip()) for t in (lo_text, hi_text if sep else lo_text)
        )
        if not clean or not lo or not hi or lo.ljust(len(hi), "0") > hi.ljust(len(lo), "0"):
            raise ValidationError(
                _("»%(part)s« er ikke en artskonto eller et interval som 227000-227999.")
                % {"part": part}
            )
        ranges.append((lo, hi))
    return ranges


def parse_keywords(text: str) -> list[str]:
    return [w.strip().casefold() for w in (text or "").split(",") if w.strip()]


def in_range(account: str, lo: str, hi: str) -> bool:
    """
    >>> in_range("22700012", "227000", "227999"), in_range("2280", "227000", "227999")
    (True, False)
    """
    return (
        account[: len(lo)].ljust(len(lo), "0") >= lo
        and account[: len(hi)].ljust(len(hi), "0") <= hi
    )


@dataclass(frozen=True)
class CompiledRule:
    id: int
    is_it: bool
    ranges: tuple[tuple[str, str], ...]
    cvr: str
    name_part: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str] | None = None  # the keywords, one search per line

    def fits(self, account: str, vendor_name: str, vendor_cvr: str) -> bool:
        if self.ranges and not any(in_range(account, lo, hi) for lo, hi in self.ranges):
            return False
        if self.cvr and vendor_cvr != self.cvr:
            return False
        return not (self.name_part and self.name_part not in vendor_name)


def compile_rules(rules: Iterable[Any]) -> list[CompiledRule]:
    """Active rules (models or objects with the same fields) in the order they are tried."""
    compiled = []
    for rule in sorted(rules, key=lambda r: (r.priority, r.pk)):
        if not rule.active:
            continue
        vendor = (rule.vendor or "").strip()
        is_cvr = len(vendor) == 8 and vendor.isdigit()
        compiled.append(
            CompiledRule(
                id=rule.pk,
                is_it=rule.is_it,
                ranges=tuple(parse_ranges(rule.accounts)),
                cvr=vendor if is_cvr else "",
                name_part="" if is_cvr else vendor.casefold(),
                keywords=tuple(words := parse_keywords(rule.keywords)),
                pattern=re.compile("|".join(map(re.escape, words))) if words else None,
            )
        )
    return compiled


class Classifier:
    """Classifies lines: the rules whose account and vendor criteria fit are worked out
    once per (account, vendor); only the keywords are looked for per line."""

    def __init__(self, rules: list[CompiledRule]) -> None:
        self.rules = rules
        self._fitting: dict[tuple[str, int], tuple[CompiledRule, ...]] = {}

    def __call__(
        self, account: str, vendor_id: int, vendor_name: str, vendor_cvr: str, text: str
    ) -> tuple[int | None, bool]:
        key = (account, vendor_id)
        fitting = self._fitting.get(key)
        if fitting is None:
            acc, name = digits(account), vendor_name.casefold()
            fitting = tuple(r for r in self.rules if r.fits(acc, name, vendor_cvr))
            self._fitting[key] = fitting
        if not fitting:
            return None, False
        folded = ""
        for rule in fitting:
            if rule.pattern is None:
                return rule.id, rule.is_it
            if not folded:
                folded = text.casefold()
            if rule.pattern.search(folded):
                return rule.id, rule.is_it
        return None, False
