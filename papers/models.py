"""Decision papers for the økonomiudvalg, stored with the exact inputs they were made from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import created_by_reference, name_field, optional_reference
from core.models import DetailPage, OrganizationOwnedModel


class DecisionPaper(DetailPage, OrganizationOwnedModel):
    """``inputs`` is the complete, JSON-serialised content the documents were rendered from
    (assessment result, business case with lines/risks/result, roadmap, processes, texts),
    so the same DOCX/PDF bytes can be regenerated and the paper never changes afterwards."""

    title = name_field(_("titel"))
    assessment = optional_reference(
        "advisor.Assessment", _("strategivurdering"), related_name="papers"
    )
    business_case = optional_reference(
        "businesscases.BusinessCase", _("business case"), related_name="papers"
    )
    roadmap = optional_reference("roadmaps.Roadmap", _("roadmap"), related_name="papers")
    proposed_decision = models.TextField(_("indstilling"))
    inputs = models.JSONField(_("input"))
    docx = models.BinaryField(_("DOCX"), editable=False)
    pdf = models.BinaryField(_("PDF"), editable=False)
    docx_sha256 = models.CharField(max_length=64, editable=False)
    pdf_sha256 = models.CharField(max_length=64, editable=False)
    created_by = created_by_reference()

    audit_exclude = ("created_at", "updated_at", "docx", "pdf", "inputs")

    detail_route = "papers:paper_detail"

    class Meta:
        verbose_name = _("beslutningsoplæg")
        verbose_name_plural = _("beslutningsoplæg")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
