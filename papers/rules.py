"""Who decides a paper's proposal and whether MED/høring is needed: Styrbar's proposal,
derived from the sources with the rule stated, which the author may change.

Decision authority (*beslutningskompetence*), from the Danish Local Government Act
(kommunestyrelsesloven):

* § 40, stk. 2: the power to grant appropriations (*bevillingsmyndigheden*) lies with the
  Kommunalbestyrelse and cannot be delegated; spending not granted in the annual budget
  may not start before it has granted the appropriation.
* § 18, stk. 2: the Økonomiudvalg's statement is obtained on every matter concerning the
  municipality's economic and general administrative affairs before the
  Kommunalbestyrelse decides it.
* § 60: a formal inter-municipal community normally needs the supervisory authority's
  approval (``shared/domain/facts.md``).
* The knowledge base's decision path for a strategy: first the direktion, then the
  Kommunalbestyrelse for a permanent mandate.

So: a proposal that needs money, changes the budget, sets up a driftsfællesskab or gives
a strategy its mandate goes to the Kommunalbestyrelse after the Økonomiudvalg; a paper
that only takes a status to note (no money, no new mandate) ends in the Økonomiudvalg.
A fagudvalg decides only what the municipality's own delegation gives it; Styrbar cannot
see that delegation, so it never proposes a fagudvalg by itself.

MED/høring (the framework agreement on co-determination, *rammeaftalen om medindflydelse
og medbestemmelse*): changes to work, staff or organisation are put to the MED committee
before the decision. A proposal that changes how work is done (a case with efficiency or
budget gains, a channel shift, a driftsfællesskab, a strategy for the whole municipality)
needs it; a status taken to note does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from businesscases.choices import BudgetReduction, CaseStatus, CaseTemplate, LineKind
from engine.money import format_mio
from papers.choices import Authority, Consultation


@dataclass(frozen=True)
class Proposal:
    """Styrbar's proposal for the paper's authority and consultation fields."""

    authority: str
    authority_basis: str
    consultation: str
    consultation_note: str


def _spending(case: Any) -> Decimal:
    """Investment and operation over the horizon at the most likely value (kroner)."""
    total = Decimal(0)
    for line in case.lines.all():
        if line.kind in (LineKind.INVESTMENT, LineKind.OPERATION):
            factors = [Decimal(str(f)) for f in (line.factors or [])] or [Decimal(1)] * len(
                line.years or []
            )
            total += Decimal(line.mode) * Decimal(line.unit_value) * sum(factors, Decimal(0))
    return total


def _changes_work(case: Any) -> bool:
    return case.template in (CaseTemplate.CHANNEL_SHIFT, CaseTemplate.SHARED_OPERATIONS) or any(
        line.kind in (LineKind.EFFICIENCY, LineKind.ECONOMIC) for line in case.lines.all()
    )


KB_AFTER_OU = (
    " Bevillingsmyndigheden ligger hos Kommunalbestyrelsen (kommunestyrelseslovens § 40, "
    "stk. 2), og Økonomiudvalgets erklæring indhentes, før Kommunalbestyrelsen beslutter "
    "(§ 18, stk. 2)."
)


def authority(*, business_case: Any, strategy_point: bool) -> tuple[str, str]:
    """(authority, the rule in Danish) for the proposal (see the module docstring)."""
    case = business_case
    if case is not None and case.status != CaseStatus.APPROVED:
        if case.template == CaseTemplate.SHARED_OPERATIONS:
            return Authority.KOMMUNALBESTYRELSE, (
                "Forslaget etablerer et driftsfællesskab med andre kommuner. Det besluttes af "
                "Kommunalbestyrelsen, og et formelt fællesskab kræver normalt tilsynets "
                "godkendelse (kommunestyrelseslovens § 60)." + KB_AFTER_OU
            )
        spending = _spending(case)
        if spending > 0:
            return Authority.KOMMUNALBESTYRELSE, (
                f"Business casen kræver udgifter på {format_mio(spending)} over "
                f"{case.horizon} år (mest sandsynlige beløb)." + KB_AFTER_OU + " Er "
                "udgiften allerede bevilget i årsbudgettet, ligger kompetencen efter kommunens "
                "delegation."
            )
        if case.budget_reduction == BudgetReduction.PROPOSED:
            return Authority.KOMMUNALBESTYRELSE, (
                "Business casen foreslår gevinsten taget ud af budgettet, og det ændrer "
                "bevillingerne." + KB_AFTER_OU
            )
    if strategy_point:
        return Authority.KOMMUNALBESTYRELSE, (
            "En strategi for hele kommunens arkitekturstyring er et varigt mandat på tværs "
            "af udvalgenes områder. Den forankres i Kommunalbestyrelsen efter Direktionen og "
            "Økonomiudvalget (beslutningsvejen i vidensbasen; kommunestyrelseslovens § 18, "
            "stk. 2)."
        )
    return Authority.OKONOMIUDVALG, (
        "Oplægget beder hverken om bevilling eller om et nyt mandat. Økonomiudvalget har "
        "indseende med kommunens økonomiske og administrative forhold "
        "(kommunestyrelseslovens § 18, stk. 2) og kan afslutte sagen."
    )


def consultation(*, business_case: Any, strategy_point: bool) -> tuple[str, str]:
    """(consultation status, the reason in Danish) for the proposal."""
    case = business_case
    if case is not None and case.status != CaseStatus.APPROVED and _changes_work(case):
        if case.template == CaseTemplate.SHARED_OPERATIONS:
            what = (
                "It-driften flyttes til et fællesskab med andre kommuner; det berører "
                "medarbejdernes opgaver og kan berøre deres ansættelsesforhold."
            )
        else:
            what = "Business casen ændrer arbejdsgange og regner med gevinster i forvaltningen."
        return Consultation.PENDING, (
            f"{what} Efter rammeaftalen om medindflydelse og medbestemmelse skal MED-udvalget "
            "informeres og høres, før der træffes beslutning."
        )
    if strategy_point:
        return Consultation.PENDING, (
            "Strategien ændrer, hvordan alle forvaltninger anskaffer og styrer it. "
            "Hoved-MED informeres og høres efter rammeaftalen om medindflydelse og "
            "medbestemmelse, før der træffes beslutning."
        )
    return Consultation.NOT_NEEDED, (
        "Oplægget tager status til efterretning og ændrer hverken arbejds- eller personaleforhold."
    )


def propose(*, business_case: Any, strategy_point: bool) -> Proposal:
    body, basis = authority(business_case=business_case, strategy_point=strategy_point)
    status, note = consultation(business_case=business_case, strategy_point=strategy_point)
    return Proposal(str(body), basis, str(status), note)
