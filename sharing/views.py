"""Pages of the Driftsfællesskab module: what we share with whom (granting and revoking),
and the shared landscape with its analyses for the organization that receives it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.concurrency import VERSION_FIELD, Conflict
from core.views import OrgView, add_validation_error, conflict_context
from sharing import home, selectors, services
from sharing.analysis import consolidation, joint_procurement
from sharing.benchmarks import benchmark_result
from sharing.choices import Category, HomeRole
from sharing.forms import GrantForm
from sharing.landscape import kle_titles, shared_landscape
from sharing.statements import statements
from sharing.workspace import workspace

CATEGORY_LABELS = dict(Category.choices)


class GrantsView(OrgView):
    """What we share with whom, and what others share with us."""

    permission = "sharing.view"
    title = gettext_lazy("Deling")

    def get(self, request: HttpRequest) -> HttpResponse:
        org = self.organization
        given: dict[Any, list[Any]] = defaultdict(list)
        for grant in selectors.grant_list(organization=org).order_by(
            "recipient__name", "recipient_id", "category"
        ):
            given[grant.recipient].append(grant)
        received: dict[Any, list[str]] = defaultdict(list)
        for grant in selectors.received_grants(organization=org):
            received[grant.organization].append(str(CATEGORY_LABELS[grant.category]))
        return render(
            request,
            "sharing/grants.html",
            self.base_context(
                given=list(given.items()),
                received=list(received.items()),
                can_grant=self.can("sharing.grant"),
                has_partners=selectors.partner_list(organization=org).exists(),
            ),
        )


class GrantCreateView(OrgView):
    permission = "sharing.grant"
    title = gettext_lazy("Del med et fællesskab")

    def render_form(self, form: GrantForm, status: int = 200) -> HttpResponse:
        return render(
            self.request, "sharing/grant_form.html", self.base_context(form=form), status=status
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(GrantForm(organization=self.organization))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = GrantForm(request.POST, organization=self.organization)
        if form.is_valid():
            try:
                created = services.grant_create(
                    actor=request.user,
                    organization=self.organization,
                    recipient=form.cleaned_data["recipient"],
                    categories=form.cleaned_data["categories"],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s kan nu læse: %(what)s.")
                    % {
                        "name": form.cleaned_data["recipient"],
                        "what": ", ".join(str(CATEGORY_LABELS[g.category]) for g in created),
                    },
                )
                return HttpResponseRedirect(reverse("sharing:grants"))
        return self.render_form(form, status=400)


class GrantRevokeView(OrgView):
    permission = "sharing.grant"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant = selectors.grant_get(organization=self.organization, pk=pk)
        label, recipient = CATEGORY_LABELS[grant.category], grant.recipient
        services.grant_revoke(actor=request.user, grant=grant)
        messages.success(
            request,
            _("%(name)s kan ikke længere læse: %(what)s.") % {"name": recipient, "what": label},
        )
        return HttpResponseRedirect(reverse("sharing:grants"))


class WorkspaceView(OrgView):
    """The members' shared landscapes side by side."""

    permission = "sharing.view"
    title = gettext_lazy("Driftsfællesskab")

    def get(self, request: HttpRequest) -> HttpResponse:
        ws = workspace(
            organization=self.organization,
            page=request.GET.get("page", 1),
            column_page=request.GET.get("medlemmer", 1),
        )
        columns = ws.column_page
        return render(
            request,
            "sharing/workspace.html",
            self.base_context(
                workspace=ws,
                members=ws.members,
                rows=ws.rows,
                page_obj=ws.page,
                querystring=request.GET.urlencode(),
                previous_columns=_with(request, "medlemmer", columns.previous_page_number())
                if columns is not None and columns.has_previous()
                else None,
                next_columns=_with(request, "medlemmer", columns.next_page_number())
                if columns is not None and columns.has_next()
                else None,
                category_labels=CATEGORY_LABELS,
                is_community=self.organization.is_community,
            ),
        )


def _with(request: HttpRequest, name: str, value: int) -> str:
    params = request.GET.copy()
    params[name] = str(value)
    return params.urlencode()


class MemberView(OrgView):
    """Everything one organization shares with us (404 without a grant)."""

    permission = "sharing.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = selectors.sharing_organization_get(organization=self.organization, pk=pk)
        landscape = shared_landscape(organization=self.organization)
        shared = next(m for m in landscape.members if m.id == member.pk)
        return render(
            request,
            "sharing/member.html",
            self.base_context(
                title=_("Delt af %(name)s") % {"name": member},
                member=shared,
                categories=[str(CATEGORY_LABELS[c]) for c in sorted(shared.categories)],
                usages=[u for u in landscape.usages if u.member_id == member.pk],
                contracts=[c for c in landscape.contracts if c.member_id == member.pk],
                integrations=[i for i in landscape.integrations if i.member_id == member.pk],
            ),
        )


class ConsolidationView(OrgView):
    permission = "sharing.view"
    title = gettext_lazy("Konsolideringskandidater")

    def get(self, request: HttpRequest) -> HttpResponse:
        landscape = shared_landscape(organization=self.organization, with_integrations=False)
        result = consolidation(landscape, kle_titles=kle_titles(landscape))
        return render(request, "sharing/consolidation.html", self.base_context(result=result))


class JointProcurementView(OrgView):
    permission = "sharing.view"
    title = gettext_lazy("Fælles udbud")
    PERIODS = {"3": 3, "6": 6, "12": 12}

    def get(self, request: HttpRequest) -> HttpResponse:
        period = self.PERIODS.get(request.GET.get("periode", "6"), 6)
        landscape = shared_landscape(organization=self.organization, with_integrations=False)
        result = joint_procurement(landscape, period_months=period)
        return render(
            request,
            "sharing/joint_procurement.html",
            self.base_context(result=result, period=period, periods=sorted(self.PERIODS.values())),
        )


class StatementsView(OrgView):
    """Each member's statement for a year: the service catalogue split by its keys."""

    permission = "sharing.view"
    title = gettext_lazy("Afregning pr. medlem")

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        try:
            year = int(request.GET.get("aar", today.year))
        except ValueError:
            year = today.year
        if not 2000 <= year <= 2100:
            year = today.year
        result = statements(organization=self.organization, year=year)
        return render(
            request,
            "sharing/statements.html",
            self.base_context(
                result=result,
                years=list(range(today.year - 2, today.year + 3)),
                can_change=self.can("sharing.costs"),
            ),
        )


class HomeRolesView(OrgView):
    """The roles the organization keeps at home: a checklist with named people.

    The form carries the checklist's version (:func:`sharing.home.checklist_version`, one
    over its four rows, as :func:`core.views.save_expecting` carries one object's): the
    service compares it under the organization's lock, and a checklist saved by someone
    else after the page was opened gives the conflict page with both values of each role
    that differs, instead of being overwritten."""

    permission = "sharing.view"
    title = gettext_lazy("Roller, kommunen beholder")

    def render_page(self, rows: list[Any], status: int = 200) -> HttpResponse:
        # The version the form was opened with (kept after an invalid POST).
        opened = self.request.POST.get(VERSION_FIELD) or home.checklist_version(
            home.records(organization=self.organization)
        )
        return render(
            self.request,
            "sharing/home_roles.html",
            self.base_context(rows=rows, can_change=self.can("sharing.roles"), version=opened),
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(home.checklist(organization=self.organization))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not self.can("sharing.roles"):
            raise PermissionDenied("sharing.roles")
        rows: dict[str, tuple[bool, str]] = {}
        for kind in HomeRole.values:
            people = request.POST.get(f"people_{kind}", "")
            if len(people) > 500:
                messages.error(request, _("Højst 500 tegn med navne pr. rolle."))
                return self.render_page(home.checklist(organization=self.organization), 400)
            rows[kind] = (request.POST.get(f"kept_{kind}") == "on", people)
        try:
            changed = home.checklist_save(
                actor=request.user,
                organization=self.organization,
                rows=rows,
                expected=request.POST.get(VERSION_FIELD) or None,
            )
        except Conflict:
            return self.conflict(rows)
        messages.success(
            request,
            ngettext("%(count)s rolle er opdateret.", "%(count)s roller er opdateret.", changed)
            % {"count": changed},
        )
        return HttpResponseRedirect(reverse("sharing:home_roles"))

    def conflict(self, mine: dict[str, tuple[bool, str]]) -> HttpResponse:
        """The conflict page: per role, the user's values beside the saved ones (only the
        ones that differ), by the role's and the field's names."""
        from core.templatetags.styrbar import cell

        saved = {row.kind: row for row in home.checklist(organization=self.organization)}
        rows: list[tuple[Any, str, str]] = []
        for kind, (kept, people) in mine.items():
            row = saved[kind]
            if kept != row.kept:
                label = _("%(role)s: beholdes i kommunen") % {"role": row.label}
                rows.append((label, cell(kept), cell(row.kept)))
            if people.strip() != row.people:
                label = _("%(role)s: navngivne personer") % {"role": row.label}
                rows.append((label, people.strip() or "—", row.people or "—"))
        records = home.records(organization=self.organization)
        # Who saved last: the newest row (none when the posted version was never one).
        newest = max(records, key=lambda r: (r.updated_at, r.pk), default=None)
        back = reverse("sharing:home_roles")
        context = conflict_context(self.request, newest or self.organization, rows, back_url=back)
        context.update(
            object=_("rollerne, kommunen beholder"),
            version=home.checklist_version(records),
            latest=context["latest"] if newest is not None else None,
        )
        return render(self.request, "core/conflict.html", context, status=409)


class BenchmarksView(OrgView):
    """The municipality's place among the opted-in municipalities (quartiles, never a
    named peer); joining and leaving for its administrator."""

    permission = "sharing.view"
    title = gettext_lazy("Benchmarks")

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            period: int | None = int(request.GET.get("aar", ""))
        except ValueError:
            period = None
        result = benchmark_result(organization=self.organization, period=period)
        charts = {
            f"chart-{row.metric}": {
                "type": "bar",
                "unit": row.unit,
                "categories": [g.label for g in row.groups if not g.suppressed],
                "series": [
                    {
                        "name": name,
                        "kind": "bar",
                        "data": [float(getattr(g, attr)) for g in row.groups if not g.suppressed],
                    }
                    for name, attr in (
                        (_("1. kvartil"), "q1"),
                        (_("Median"), "median"),
                        (_("3. kvartil"), "q3"),
                    )
                ]
                + (
                    [
                        {
                            "name": _("Jeres værdi"),
                            "kind": "line",
                            "data": [float(row.own) for g in row.groups if not g.suppressed],
                        }
                    ]
                    if row.own is not None
                    else []
                ),
            }
            for row in result.rows
            if any(not g.suppressed for g in row.groups)
        }
        return render(
            request,
            "sharing/benchmarks.html",
            self.base_context(
                result=result,
                charts=charts,
                chart_metrics={key.removeprefix("chart-") for key in charts},
                can_join=self.can(services.BENCHMARKS),
                is_kommune=self.organization.kind == "kommune",
            ),
        )


class BenchmarkJoinView(OrgView):
    permission = services.BENCHMARKS

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            if request.POST.get("action") == "leave":
                if not services.benchmark_leave(actor=request.user, organization=self.organization):
                    raise ValidationError(_("Kommunen deltager ikke i benchmarks."))
                messages.success(
                    request,
                    _(
                        "Kommunen deltager ikke længere i benchmarks. Jeres egne tal er slettet, "
                        "og næste natlige beregning er uden jer."
                    ),
                )
            else:
                services.benchmark_join(actor=request.user, organization=self.organization)
                messages.success(
                    request,
                    _("Kommunen deltager nu i benchmarks fra næste natlige beregning."),
                )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return HttpResponseRedirect(reverse("sharing:benchmarks"))
