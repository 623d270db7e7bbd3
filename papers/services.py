"""Writes for decision papers: generate (and store) a paper; regenerate it to check it.

A paper is generated once: :func:`paper_create` gathers the inputs (``papers.inputs``),
renders the DOCX and the PDF from them and stores inputs, bytes and SHA-256 hashes in one
audited transaction. :func:`paper_regenerate` renders the stored inputs again; because
the renderers read nothing but the inputs, the bytes and hashes are identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from businesscases.choices import CaseStatus
from core.export import xml_safe_tree
from core.permissions import require
from core.services import create_audited
from engine.money import format_mio
from organizations.models import Organization
from papers import coherence, docx_render, inputs, pdf_render, rules
from papers.choices import Authority, Consultation
from papers.models import DecisionPaper

MAX_TITLE = 200


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def paper_render(paper_inputs: dict[str, Any]) -> tuple[bytes, bytes]:
    """(DOCX, PDF) bytes rendered from ``paper_inputs`` alone (texts XML can hold: a
    control character stored in a name must not stop the paper)."""
    safe = xml_safe_tree(paper_inputs)
    return docx_render.render(safe), pdf_render.render(safe)


def _join(points: list[str]) -> list[str]:
    """Number the points; all but the last end with ',', the second-last with ', og'."""
    numbered = []
    for index, point in enumerate(points, start=1):
        if index < len(points) - 1:
            end = ","
        elif index == len(points) - 1:
            end = ", og"
        else:
            end = "."
        numbered.append(f"{index}. {point}{end}")
    return numbered


def default_title(*, assessment: Any = None, business_case: Any = None, roadmap: Any = None) -> str:
    if business_case is not None:
        if business_case.status == CaseStatus.APPROVED:
            return f"Status for business casen »{business_case.name}«"[:MAX_TITLE]
        return f"Business case: {business_case.name}"[:MAX_TITLE]
    key, _source = inputs.chosen_strategy(assessment, business_case, roadmap)
    if key:
        return f"Arkitekturstyring: {inputs.option_label(key)}"[:MAX_TITLE]
    return "Beslutningsoplæg"


def default_proposed_decision(
    *, assessment: Any = None, business_case: Any = None, roadmap: Any = None
) -> str:
    """The prefilled "Det indstilles, at …": one numbered point per thing the committee
    decides, each reading on from "Administrationen indstiller, at" (Danish: the paper is
    a Danish committee item). A point that needs the Kommunalbestyrelse says the
    Økonomiudvalg recommends it there."""
    points: list[str] = []
    strategy = inputs.strategy_point(assessment, business_case, roadmap)
    proposal = rules.propose(business_case=business_case, strategy_point=bool(strategy))
    onward = proposal.authority == Authority.KOMMUNALBESTYRELSE
    if strategy:
        points.append(
            "Økonomiudvalget over for Kommunalbestyrelsen anbefaler, at kommunen følger "
            f"»{inputs.option_label(strategy)}« som strategi for arkitekturstyringen"
        )
    if business_case is not None:
        points.append(_case_point(business_case, onward=onward))
    if roadmap is not None:
        points.append(
            f"roadmappen »{roadmap.name}« lægges til grund for det videre arbejde, og at "
            "udvalget orienteres ved hvert af dens beslutningspunkter"
        )
    if not points:
        return ""
    return "\n".join(["Det indstilles, at", *_join(points)])


def _case_point(business_case: Any, *, onward: bool = False) -> str:
    """The case's point: approve it with its headline (the expected NPV, rounded as a
    committee reads it; for a shared case the deciding municipality's own NPV first),
    and a risk pool only when there is one. An already approved case is not approved
    again: the committee takes its status, with the actuals, to note."""
    if business_case.status == CaseStatus.APPROVED:
        decided = business_case.decided_at
        when = f", som blev godkendt {timezone.localtime(decided):%d-%m-%Y}" if decided else ""
        return (
            f"status for business casen »{business_case.name}«{when}, herunder de "
            "realiserede gevinster og afvigelserne fra planen, tages til efterretning"
        )
    numbers = inputs.compute_case(
        business_case, list(business_case.lines.all()), list(business_case.risks.all())
    )
    organization = str(business_case.organization)
    own = next((b for b in numbers["by_bearer"] if b["bearer"] == organization), None)
    if own is not None and len(numbers["by_bearer"]) > 1:
        value = (
            f"en nettonutidsværdi for {organization} på {format_mio(Decimal(own['npv']))} "
            f"(hele fællesskabet: {format_mio(Decimal(numbers['npv']))})"
        )
    elif numbers["expected_npv"] is not None:
        value = (
            f"en forventet nettonutidsværdi på {format_mio(Decimal(numbers['expected_npv']))} "
            f"(mest sandsynlige beregning: {format_mio(Decimal(numbers['npv']))})"
        )
    else:
        value = f"en nettonutidsværdi på {format_mio(Decimal(numbers['npv']))}"
    text = "Økonomiudvalget over for Kommunalbestyrelsen anbefaler, at " if onward else ""
    text += f"business casen »{business_case.name}« med {value} over {business_case.horizon} år "
    text += "godkendes"
    pool = numbers["risk_pool"]
    if pool is not None and Decimal(pool["pool"]) > 0:
        text += f", og at der afsættes en risikopulje på {format_mio(Decimal(pool['pool']))}"
    return text


def proposal(*, assessment: Any = None, business_case: Any = None, roadmap: Any = None) -> Any:
    """Styrbar's proposal for who decides and for MED/høring (``papers.rules``)."""
    strategy = inputs.strategy_point(assessment, business_case, roadmap)
    return rules.propose(business_case=business_case, strategy_point=bool(strategy))


def coherence_check(
    organization: Organization,
    *,
    assessment: Any = None,
    business_case: Any = None,
    roadmap: Any = None,
    proposed_decision: str = "",
) -> coherence.Coherence:
    """The consistency check (``papers.coherence``) with the sources' own checks first:
    at least one source, a completed assessment."""
    if assessment is None and business_case is None and roadmap is None:
        raise ValidationError(_("Vælg mindst én strategivurdering, business case eller roadmap."))
    result = coherence.check(
        organization=organization,
        assessment=assessment,
        business_case=business_case,
        roadmap=roadmap,
        proposed_decision=proposed_decision,
    )
    errors = result.refusals
    if assessment is not None and not assessment.result and "assessment" not in errors:
        errors["assessment"] = [_("Strategivurderingen er ikke afsluttet endnu.")]
    if errors:
        raise ValidationError(errors)
    return result


@transaction.atomic
def paper_create(
    *,
    actor: Any,
    organization: Organization,
    title: str = "",
    assessment: Any = None,
    business_case: Any = None,
    roadmap: Any = None,
    proposed_decision: str = "",
    authority: str = "",
    authority_basis: str = "",
    consultation: str = "",
    consultation_note: str = "",
    financing: str = "",
    now: dt.datetime | None = None,
) -> DecisionPaper:
    """Gather the inputs, render DOCX and PDF from them and store all of it (audited).

    Empty ``title``, ``proposed_decision``, ``authority`` (with its basis) and
    ``consultation`` (with its note) get Styrbar's proposals. The consistency check
    (``papers.coherence``) runs first: a refusal is a ValidationError naming the field,
    and nothing is stored; its warnings go into the paper.
    """
    require(actor, organization, "paper.create")
    sources = {"assessment": assessment, "business_case": business_case, "roadmap": roadmap}
    title = (title or "").strip() or default_title(**sources)
    proposed = (proposed_decision or "").strip() or default_proposed_decision(**sources)
    checked = coherence_check(organization, proposed_decision=proposed, **sources)
    suggested = proposal(**sources)
    authority = authority or suggested.authority
    if authority not in Authority.values:
        raise ValidationError({"authority": _("Vælg et af udvalgene på listen.")})
    authority_basis = (authority_basis or "").strip()
    if not authority_basis:
        if authority != suggested.authority:
            raise ValidationError(
                {
                    "authority_basis": _(
                        "Angiv, hvad beslutningskompetencen bygger på, når du vælger en anden "
                        "end Styrbars forslag."
                    )
                }
            )
        authority_basis = suggested.authority_basis
    consultation = consultation or suggested.consultation
    if consultation not in Consultation.values:
        raise ValidationError({"consultation": _("Vælg en af mulighederne på listen.")})
    consultation_note = (consultation_note or "").strip()
    if not consultation_note and consultation == suggested.consultation:
        consultation_note = suggested.consultation_note
    gathered = inputs.gather(
        organization=organization,
        title=title,
        proposed_decision=proposed,
        assessment=assessment,
        business_case=business_case,
        roadmap=roadmap,
        author=actor,
        now=now,
        statements={
            "authority": authority,
            "authority_basis": authority_basis,
            "consultation": consultation,
            "consultation_note": consultation_note,
            "financing": (financing or "").strip(),
        },
        coherence=checked.as_inputs(),
    )
    # Exactly what the database will hand back (plain JSON), so regeneration starts from
    # the same values.
    stored = json.loads(json.dumps(gathered))
    docx, pdf = paper_render(stored)
    return create_audited(
        model=DecisionPaper,
        actor=actor,
        organization=organization,
        title=title,
        assessment=assessment,
        business_case=business_case,
        roadmap=roadmap,
        proposed_decision=proposed,
        authority=authority,
        authority_basis=authority_basis,
        consultation=consultation,
        consultation_note=consultation_note,
        financing=(financing or "").strip(),
        inputs=stored,
        docx=docx,
        pdf=pdf,
        docx_sha256=sha256(docx),
        pdf_sha256=sha256(pdf),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@dataclass(frozen=True)
class Regenerated:
    docx: bytes
    pdf: bytes
    docx_sha256: str
    pdf_sha256: str
    docx_matches: bool
    pdf_matches: bool

    @property
    def matches(self) -> bool:
        return self.docx_matches and self.pdf_matches


def paper_regenerate(*, paper: DecisionPaper) -> Regenerated:
    """Render the stored inputs again and compare with the stored documents' hashes.

    Nothing is written: a paper never changes after it was generated.
    """
    docx, pdf = paper_render(paper.inputs)
    docx_hash, pdf_hash = sha256(docx), sha256(pdf)
    return Regenerated(
        docx=docx,
        pdf=pdf,
        docx_sha256=docx_hash,
        pdf_sha256=pdf_hash,
        docx_matches=docx_hash == paper.docx_sha256,
        pdf_matches=pdf_hash == paper.pdf_sha256,
    )
