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
from django.utils.translation import gettext as _

from businesscases.choices import CaseStatus
from core.export import xml_safe_tree
from core.permissions import require
from core.services import create_audited
from engine.money import format_mio
from organizations.models import Organization
from papers import docx_render, inputs, pdf_render
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
    key, _source = inputs.chosen_strategy(assessment, business_case, roadmap)
    if key:
        return f"Arkitekturstyring: {inputs.option_label(key)}"[:MAX_TITLE]
    if business_case is not None:
        return f"Business case: {business_case.name}"[:MAX_TITLE]
    return "Beslutningsoplæg"


def default_proposed_decision(
    *, assessment: Any = None, business_case: Any = None, roadmap: Any = None
) -> str:
    """The prefilled "Det indstilles, at …" from the chosen strategy, the case and the
    roadmap (Danish: the paper is a Danish committee item)."""
    points: list[str] = []
    key, _source = inputs.chosen_strategy(assessment, business_case, roadmap)
    if key:
        points.append(
            "Økonomiudvalget anbefaler Kommunalbestyrelsen, at kommunen følger "
            f"»{inputs.option_label(key)}« som strategi for arkitekturstyringen"
        )
    if business_case is not None:
        points.append(_case_point(business_case))
    if roadmap is not None:
        points.append(
            f"roadmappen »{roadmap.name}« lægges til grund for det videre arbejde, og at "
            "udvalget orienteres ved hvert af dens beslutningspunkter"
        )
    if not points:
        return ""
    return "\n".join(["Det indstilles, at", *_join(points)])


def _case_point(business_case: Any) -> str:
    """The case's point: approve it with its headline (the expected NPV, rounded as a
    committee reads it; for a shared case the deciding municipality's own NPV first),
    and a risk pool only when there is one. An already approved case is not approved
    again: the committee takes its status, with the actuals, to note."""
    if business_case.status == CaseStatus.APPROVED:
        decided = business_case.decided_at
        when = f", som blev godkendt {decided:%d-%m-%Y}" if decided else ""
        return (
            f"Økonomiudvalget tager status for business casen »{business_case.name}«{when}, "
            "herunder de realiserede gevinster, til efterretning"
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
    text = f"business casen »{business_case.name}« med {value} over {business_case.horizon} år "
    text += "godkendes"
    pool = numbers["risk_pool"]
    if pool is not None and Decimal(pool["pool"]) > 0:
        text += f", og at der afsættes en risikopulje på {format_mio(Decimal(pool['pool']))}"
    return text


def _check_sources(
    organization: Organization, assessment: Any, business_case: Any, roadmap: Any
) -> None:
    errors: dict[str, str] = {}
    if assessment is None and business_case is None and roadmap is None:
        raise ValidationError(_("Vælg mindst én strategivurdering, business case eller roadmap."))
    for field, obj in (
        ("assessment", assessment),
        ("business_case", business_case),
        ("roadmap", roadmap),
    ):
        if obj is not None and obj.organization_id != organization.pk:
            errors[field] = _("Findes ikke i organisationen.")
    if assessment is not None and not assessment.result and "assessment" not in errors:
        errors["assessment"] = _("Strategivurderingen er ikke afsluttet endnu.")
    if errors:
        raise ValidationError(errors)


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
    now: dt.datetime | None = None,
) -> DecisionPaper:
    """Gather the inputs, render DOCX and PDF from them and store all of it (audited).

    Empty ``title`` or ``proposed_decision`` get the defaults above.
    """
    require(actor, organization, "paper.create")
    _check_sources(organization, assessment, business_case, roadmap)
    title = (title or "").strip() or default_title(
        assessment=assessment, business_case=business_case, roadmap=roadmap
    )
    proposed = (proposed_decision or "").strip() or default_proposed_decision(
        assessment=assessment, business_case=business_case, roadmap=roadmap
    )
    gathered = inputs.gather(
        organization=organization,
        title=title,
        proposed_decision=proposed,
        assessment=assessment,
        business_case=business_case,
        roadmap=roadmap,
        author=actor,
        now=now,
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
