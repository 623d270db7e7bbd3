"""Writes of the spend app beyond the import: a person's vendor choice and reclassifying
the lines after the rules changed (a background task)."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _
from django_tasks import task

from core import audit
from core.choices import AuditAction
from core.permissions import require
from organizations.models import Organization
from spend import candidates
from spend import choices as c
from spend.classify import Classifier, compile_rules
from spend.matching import portfolio_vendors
from spend.models import ClassificationRule, SpendLine, SpendVendor
from spend.store import lines_locked, rebuild_months

CHUNK = 20000


def vendor_choose(*, actor: Any, spend_vendor: SpendVendor, vendor_id: int | None) -> SpendVendor:
    """A person's choice of the portfolio vendor a creditor is (or none); only vendors of
    the organization's own portfolio can be chosen. Kept over later automatic matching."""
    organization = spend_vendor.organization
    require(actor, organization, "spend.triage")
    allowed = {v.pk: v for v in portfolio_vendors(organization)}
    if vendor_id is not None and vendor_id not in allowed:
        raise ValidationError(
            {"vendor": _("Leverandøren findes ikke i organisationens portefølje.")}
        )
    with transaction.atomic(), audit.audited(actor=actor, obj=spend_vendor):
        spend_vendor.vendor = allowed.get(vendor_id) if vendor_id else None
        spend_vendor.match = c.MatchHow.MANUAL  # "none of them" is a choice too
        if vendor_id:
            spend_vendor.match_candidates = []
        spend_vendor.save()
    candidates.refresh(organization=organization)
    return spend_vendor


def reclassify(*, organization: Organization) -> int:
    """Classify every line of the organization again by the current rules, rebuild the
    monthly table and the candidates; returns how many lines changed. Holds the
    organization's import lock, as an import does (:func:`spend.store.lines_locked`), so
    no rule is deleted between reading the rules and writing them to the lines."""
    with lines_locked(organization, wait=math.inf), transaction.atomic():
        return _reclassify(organization)


def _reclassify(organization: Organization) -> int:
    classify = Classifier(
        compile_rules(ClassificationRule.objects.filter(organization=organization))
    )
    vendors = {
        pk: (name, cvr)
        for pk, name, cvr in SpendVendor.objects.filter(organization=organization).values_list(
            "pk", "name", "cvr"
        )
    }
    changed = 0
    last_pk = 0
    while True:
        rows = list(
            SpendLine.objects.filter(organization=organization, pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "account", "vendor_id", "text", "rule_id", "is_it")[:CHUNK]
        )
        if not rows:
            break
        last_pk = rows[-1][0]
        moves: dict[tuple[int | None, bool], list[int]] = defaultdict(list)
        for pk, account, vendor_id, text, rule_id, is_it in rows:
            name, cvr = vendors[vendor_id]
            new_rule, new_it = classify(account, vendor_id, name, cvr, text)
            if (new_rule, new_it) != (rule_id, is_it):
                moves[(new_rule, new_it)].append(pk)
        for (to_rule, to_it), pks in moves.items():
            SpendLine.objects.filter(pk__in=pks).update(rule_id=to_rule, is_it=to_it)
            changed += len(pks)
    span = SpendLine.objects.filter(organization=organization).aggregate(
        first=Min("month"), last=Max("month")
    )
    if span["first"] is not None:
        rebuild_months(organization.pk, span["first"], span["last"])
    candidates.refresh(organization=organization)
    return changed


@task()
def reclassify_task(organization_id: int, actor_id: int | None) -> None:
    from django.contrib.auth import get_user_model

    organization = Organization.objects.get(pk=organization_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    changed = reclassify(organization=organization)
    audit.record(
        actor=actor,
        organization=organization,
        action=AuditAction.UPDATE,
        obj=organization,
        object_repr=_("Forbrugslinjer klassificeret igen"),
        extra={"reclassified": changed},
    )


def reclassify_start(*, actor: Any, organization: Organization) -> None:
    require(actor, organization, "spend.rules")
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: reclassify_task.enqueue(organization.pk, actor_id))
