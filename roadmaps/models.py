"""Roadmaps generated from the chosen strategy's template, with political approval gates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.fields import (
    choice_field,
    description_field,
    name_field,
    optional_date,
    optional_reference,
)
from core.models import NamedPage, OrganizationOwnedModel
from roadmaps.choices import GateBody, GateDecision, MilestoneStatus, RoadmapStatus


class Roadmap(NamedPage, OrganizationOwnedModel):
    name = name_field()
    strategy = models.CharField(_("strategi"), max_length=40)
    template_key = models.CharField(_("skabelon"), max_length=40)
    derived = models.BooleanField(
        _("afledt skabelon"),
        default=False,
        help_text=_("Kilderne giver ingen roadmap for strategien; Styrbar har bygget den."),
    )
    knowledge_version = models.CharField(_("vidensbasens version"), max_length=20, blank=True)
    assessment = optional_reference(
        "advisor.Assessment", _("strategivurdering"), related_name="roadmaps"
    )
    start_date = models.DateField(_("startdato"))
    status = choice_field(_("status"), RoadmapStatus, max_length=12, default=RoadmapStatus.ACTIVE)

    detail_route = "roadmaps:roadmap_detail"

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-start_date", "name"]

    def get_strategy_display(self) -> str:
        """The strategy's name in the active language, from the knowledge base."""
        import knowledge

        lang = "en" if (get_language() or "da").startswith("en") else "da"
        try:
            return str(getattr(knowledge.load().option(self.strategy).name, lang))
        except KeyError:
            return self.strategy

    @property
    def progress(self) -> str:
        """ "3 af 6": done milestones of all (from the list selector's counts when present)."""
        total = getattr(self, "milestone_count", None)
        done = getattr(self, "done_count", None)
        if total is None or done is None:
            total = self.milestones.count()
            done = self.milestones.filter(status=MilestoneStatus.DONE).count()
        return gettext("%(done)s af %(total)s") % {"done": done, "total": total}


class Gate(models.Model):
    """A political or executive approval: direktion, økonomiudvalg, kommunalbestyrelse."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="gates")
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    body = models.CharField(_("beslutningsorgan"), max_length=20, choices=GateBody.choices)
    title = name_field(_("titel"))
    planned_date = optional_date(_("planlagt møde"))
    decision = choice_field(
        _("beslutning"), GateDecision, max_length=10, default=GateDecision.PENDING
    )
    decided_on = optional_date(_("besluttet den"))
    meeting_reference = models.CharField(_("mødereference"), max_length=200, blank=True)
    note = models.TextField(_("bemærkning"), blank=True)

    class Meta:
        verbose_name = _("beslutningspunkt")
        verbose_name_plural = _("beslutningspunkter")
        ordering = ["roadmap", "order"]

    def __str__(self) -> str:
        body = str(self.get_body_display())
        return self.title if self.title.startswith(body) else f"{body}: {self.title}"


class Milestone(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    key = models.CharField(_("nøgle"), max_length=40, blank=True)
    title = name_field(_("titel"))
    description = description_field()
    deliverables = models.JSONField(_("leverancer"), default=list, blank=True)
    deliverables_done = models.JSONField(
        _("færdige leverancer"),
        default=list,
        blank=True,
        help_text=_("De leverancer fra listen, der er klaret."),
    )
    owner = optional_reference(settings.AUTH_USER_MODEL, _("ansvarlig"))
    start_date = optional_date(_("start"))
    due_date = optional_date(_("frist"))
    status = choice_field(
        _("status"), MilestoneStatus, max_length=12, default=MilestoneStatus.PLANNED
    )
    completed_on = optional_date(_("gennemført den"))
    gates = models.ManyToManyField(
        Gate,
        verbose_name=_("kræver godkendelse fra"),
        blank=True,
        related_name="milestones",
        help_text=_("Milepælen kan ikke gennemføres, før disse beslutninger er godkendt."),
    )

    class Meta:
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")
        ordering = ["roadmap", "order"]

    def __str__(self) -> str:
        return self.title

    @property
    def organization(self):  # type: ignore[no-untyped-def]
        return self.roadmap.organization

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not done."""
        return (
            self.status != MilestoneStatus.DONE
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )
