"""Does the paper hold one proposal? The consistency check of its sources.

A paper is built around one proposal: its business case, the strategy whose advantages,
disadvantages and risks it shows, and its roadmap. :func:`check` compares the sources
through the links the data has, and nothing else:

* every source belongs to the deciding organization;
* the case's status: a rejected case or a draft cannot be put forward (a draft has no
  frozen version); an approved case is taken to note, and a proposed decision that asks
  to approve it again is refused;
* the frozen version: a submitted or approved case must compute to the same NPV as its
  last frozen version (``CaseVersion``), or the paper would present other numbers than
  the ones frozen for the decision;
* ``BusinessCase.assessment`` and ``Roadmap.assessment``: a case or roadmap made under
  another strategy assessment than the paper's belongs to another proposal (refused);
* ``BusinessCase.milestone``: a case tied to a milestone of another roadmap than the
  paper's belongs to another proposal (refused);
* the strategy: the case template's strategy (``inputs.TEMPLATE_STRATEGY``), the
  assessment's choice and the roadmap's strategy should be the same (a warning: the
  models do not link them, the strategy key is all they share);
* a newer completed assessment supersedes the paper's (a warning);
* the roadmap's decision points for the Økonomiudvalg or Kommunalbestyrelsen that are
  already decided (a warning: the paper must not ask for them again).

Whether a case has been replaced by a later copy cannot be checked: the models keep no
link between a case and its copy. The paper says so.

Each result is an :class:`Item` with a status (``ok``, ``warning``, ``refused``,
``not_linked``) and a Danish text; the paper lists them in its appendix and repeats the
warnings up front, the form shows them before generation, and refusals stop it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from businesscases.choices import CaseStatus
from papers import inputs
from roadmaps.choices import GateBody, GateDecision

OK, WARNING, REFUSED, NOT_LINKED = "ok", "warning", "refused", "not_linked"

NOT_CHECKABLE = (
    "Om business casen er afløst af en nyere kopi, kan ikke kontrolleres: Styrbar gemmer "
    "ingen kobling mellem en business case og dens kopi."
)


@dataclass(frozen=True)
class Item:
    key: str
    status: str
    text: str
    field: str = ""  # the form field a refusal belongs to


@dataclass
class Coherence:
    items: list[Item] = field(default_factory=list)

    def add(self, key: str, status: str, text: str, field: str = "") -> None:
        self.items.append(Item(key, status, text, field))

    @property
    def refusals(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for item in self.items:
            if item.status == REFUSED:
                errors.setdefault(item.field or "__all__", []).append(item.text)
        return errors

    @property
    def warnings(self) -> list[str]:
        return [item.text for item in self.items if item.status == WARNING]

    def as_inputs(self) -> dict[str, Any]:
        return {"items": [asdict(item) for item in self.items], "not_checkable": NOT_CHECKABLE}


def _day(value: Any) -> str:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%d-%m-%Y}"


def _case_status(result: Coherence, case: Any, proposed_decision: str) -> None:
    name = f"»{case.name}«"
    if case.status == CaseStatus.REJECTED:
        result.add(
            "case_status",
            REFUSED,
            f"Business casen {name} er afvist og kan ikke forelægges. Kopiér den til en ny "
            "kladde, ret den og indsend den igen.",
            "business_case",
        )
    elif case.status == CaseStatus.DRAFT:
        result.add(
            "case_status",
            REFUSED,
            f"Business casen {name} er en kladde. Indsend den først, så oplægget bygger på en "
            "frosset version, som ikke kan ændres efter udvalgets behandling.",
            "business_case",
        )
    elif case.status == CaseStatus.APPROVED:
        decided = f" {_day(case.decided_at)}" if case.decided_at else ""
        asks_again = [
            line
            for line in proposed_decision.splitlines()
            if case.name.lower() in line.lower()
            and re.search(r"\bgodkend(es|er|e)\b", line.lower())
        ]
        if asks_again:
            result.add(
                "case_status",
                REFUSED,
                f"Business casen {name} blev godkendt{decided}. Den kan ikke forelægges til "
                "godkendelse igen; indstil i stedet, at status tages til efterretning.",
                "proposed_decision",
            )
        else:
            result.add(
                "case_status",
                OK,
                f"Business casen {name} blev godkendt{decided}; oplægget tager dens status "
                "til efterretning.",
            )
    else:
        result.add("case_status", OK, f"Business casen {name} er indsendt til beslutning.")


def _frozen(result: Coherence, case: Any) -> None:
    if case.status not in (CaseStatus.SUBMITTED, CaseStatus.APPROVED):
        return
    number = case.current_version
    version = case.versions.filter(number=number).first()
    if version is None:
        result.add(
            "frozen_version",
            WARNING,
            f"Styrbar har ingen frosset version {number} af business casen; tallene er "
            "casens nuværende.",
        )
        return
    frozen = (version.snapshot or {}).get("result", {}).get("npv")
    from businesscases.compute import compute

    # The NPV needs no simulation (the frozen result's NPV is the evaluated one too).
    npv = compute(case, with_simulation=False).result.npv
    current = str(npv.quantize(Decimal("0.01"), ROUND_HALF_UP))
    if frozen is not None and Decimal(str(frozen)) != Decimal(str(current)):
        result.add(
            "frozen_version",
            REFUSED,
            f"Business casens tal afviger fra den frosne version {number} (nettonutidsværdi "
            f"{frozen} kr. frosset, {current} kr. nu). Oplægget kan ikke vise andre tal end "
            "dem, der blev frosset til beslutningen.",
            "business_case",
        )
    else:
        result.add(
            "frozen_version",
            OK,
            f"Tallene er den frosne version {number} af business casen.",
        )


def _links(result: Coherence, assessment: Any, case: Any, roadmap: Any) -> None:
    if case is not None:
        if case.assessment_id is None:
            result.add(
                "case_assessment",
                NOT_LINKED,
                "Business casen er ikke knyttet til en strategivurdering.",
            )
        elif assessment is not None and case.assessment_id != assessment.pk:
            result.add(
                "case_assessment",
                REFUSED,
                f"Business casen »{case.name}« er lavet under strategivurderingen "
                f"»{case.assessment}«, ikke under »{assessment}«. Den hører til et andet "
                "forslag.",
                "business_case",
            )
        elif assessment is not None:
            result.add(
                "case_assessment", OK, "Business casen er lavet under oplæggets strategivurdering."
            )
        if case.milestone_id is None:
            result.add("case_roadmap", NOT_LINKED, "Business casen er ikke knyttet til en milepæl.")
        elif roadmap is not None and case.milestone.roadmap_id != roadmap.pk:
            result.add(
                "case_roadmap",
                REFUSED,
                f"Business casen »{case.name}« hører til milepælen »{case.milestone.title}« i "
                f"roadmappen »{case.milestone.roadmap.name}«, ikke til »{roadmap.name}«.",
                "roadmap",
            )
        elif roadmap is not None:
            result.add(
                "case_roadmap",
                OK,
                f"Business casen hører til milepælen »{case.milestone.title}« i roadmappen.",
            )
    if roadmap is not None and assessment is not None:
        if roadmap.assessment_id is not None and roadmap.assessment_id != assessment.pk:
            result.add(
                "roadmap_assessment",
                REFUSED,
                f"Roadmappen »{roadmap.name}« er lavet ud fra strategivurderingen "
                f"»{roadmap.assessment}«, ikke »{assessment}«.",
                "roadmap",
            )
        elif roadmap.assessment_id == assessment.pk:
            result.add(
                "roadmap_assessment", OK, "Roadmappen er lavet ud fra oplæggets strategivurdering."
            )


def _strategies(result: Coherence, assessment: Any, case: Any, roadmap: Any) -> None:
    named: list[tuple[str, str]] = []
    if case is not None and case.template in inputs.TEMPLATE_STRATEGY:
        named.append(("business casens skabelon", inputs.TEMPLATE_STRATEGY[case.template]))
    if assessment is not None and assessment.chosen_option:
        named.append(("strategivurderingens valg", assessment.chosen_option))
    if roadmap is not None and roadmap.strategy:
        named.append(("roadmappen", roadmap.strategy))
    # A driftsfællesskab case is assessed beside the four strategies, not instead of one.
    shared = [key for _, key in named if key == "driftsfaellesskab"]
    keys = {key for _, key in named if key != "driftsfaellesskab"}
    if shared and len(named) > 1:
        result.add(
            "strategy",
            OK,
            "Business casen er et driftsfællesskab; det vurderes ved siden af strategien for "
            "arkitekturstyringen og hører derfor sammen med den valgte strategi.",
        )
        if roadmap is not None and roadmap.strategy != "driftsfaellesskab":
            result.add(
                "strategy_roadmap",
                WARNING,
                f"Roadmappen »{roadmap.name}« gennemfører "
                f"»{inputs.option_label(roadmap.strategy)}«, "
                "ikke driftsfællesskabet. Lad roadmappen ude af oplægget, eller forelæg den "
                "for sig.",
            )
        return
    if len(keys) > 1:
        said = "; ".join(f"{who}: »{inputs.option_label(key)}«" for who, key in named)
        result.add(
            "strategy",
            WARNING,
            f"Kilderne peger på forskellige strategier ({said}). Fordele, ulemper og risici "
            "gælder kun den ene; vælg kilder, der hører til samme forslag.",
        )
    elif keys:
        (key,) = keys
        result.add(
            "strategy",
            OK if len(named) > 1 else NOT_LINKED,
            f"Alle kilder hører til strategien »{inputs.option_label(key)}«."
            if len(named) > 1
            else f"Kun én kilde angiver en strategi (»{inputs.option_label(key)}«).",
        )


def _superseded(result: Coherence, organization: Any, assessment: Any) -> None:
    newer = (
        Assessment.objects.filter(
            organization=organization,
            status=AssessmentStatus.COMPLETED,
            version__gt=assessment.version,
        )
        .order_by("-version")
        .first()
    )
    if newer is not None:
        result.add(
            "assessment_superseded",
            WARNING,
            f"Strategivurderingen »{assessment}« er afløst af en nyere afsluttet vurdering "
            f"(version {newer.version}).",
        )
    else:
        result.add(
            "assessment_superseded", OK, "Strategivurderingen er kommunens nyeste afsluttede."
        )


def _gates(result: Coherence, roadmap: Any) -> None:
    political = (GateBody.OKONOMIUDVALG, GateBody.KOMMUNALBESTYRELSE)
    gates = [g for g in roadmap.gates.all() if g.body in political]
    decided = [g for g in gates if g.decision != GateDecision.PENDING]
    pending = [g for g in gates if g.decision == GateDecision.PENDING]
    if decided:
        names = ", ".join(
            f"»{g.title}« ({g.get_decision_display().lower()}"
            + (f" {g.decided_on:%d-%m-%Y})" if g.decided_on else ")")
            for g in decided
        )
        result.add("gates_decided", OK, f"Allerede truffet i roadmappen: {names}.")
    if pending:
        result.add(
            "gate_pending",
            OK,
            f"Oplægget hører til roadmappens næste politiske beslutningspunkt »{pending[0].title}« "
            f"({pending[0].get_body_display()}).",
        )
    elif gates:
        result.add(
            "gate_pending",
            WARNING,
            f"Roadmappen »{roadmap.name}« har intet ventende beslutningspunkt for "
            "Økonomiudvalget eller Kommunalbestyrelsen; alle er allerede truffet.",
        )


def check(
    *,
    organization: Any,
    assessment: Any = None,
    business_case: Any = None,
    roadmap: Any = None,
    proposed_decision: str = "",
) -> Coherence:
    """The consistency check of one paper's sources (see the module docstring)."""
    result = Coherence()
    for name, label, obj in (
        ("assessment", "Strategivurderingen", assessment),
        ("business_case", "Business casen", business_case),
        ("roadmap", "Roadmappen", roadmap),
    ):
        if obj is not None and obj.organization_id != organization.pk:
            result.add("organization", REFUSED, f"{label} findes ikke i organisationen.", name)
    if result.refusals:
        return result
    if business_case is not None:
        _case_status(result, business_case, proposed_decision)
        _frozen(result, business_case)
    _links(result, assessment, business_case, roadmap)
    _strategies(result, assessment, business_case, roadmap)
    if assessment is not None:
        _superseded(result, organization, assessment)
    if roadmap is not None:
        _gates(result, roadmap)
    return result
