"""Analysis pages. Each page calls the same function in :mod:`portfolio.analysis` as its
API endpoint, shows a text summary, charts (ECharts/Cytoscape, drawn by
static/js/styrbar-charts.js from JSON embedded with json_script; the chart helpers live
in :mod:`core.charts`) and tables with the same numbers for everyone who does not see
the charts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.charts import CHART_LIMIT, bar_chart, breakdown_chart
from core.orgcache import org_cached
from core.replica import ReplicaReadsMixin
from core.views import OrgView
from engine.notice import WINDOWS
from portfolio import analysis, selectors
from portfolio.choices import Level, Technology


class AnalysisView(ReplicaReadsMixin, OrgView):
    permission = "portfolio.view"
    template_name = ""
    # The page's heading and analysis are rendered once per change of the organization's
    # data and shared by everyone with the same roles (core.orgcache.shared_fragment).
    shared_analysis = False

    def page(self, result: Any = None, **context: Any) -> HttpResponse:
        """The page of one analysis ``result``; a 400 when the context has an ``error`` (a
        bad filter value)."""
        status = 400 if context.get("error") else 200
        context = self.base_context(
            result=result,
            shared_analysis=self.shared_analysis and f"analysis:{type(self).__name__}",
            **context,
        )
        return render(self.request, self.template_name, context, status=status)


def rows_chart(
    rows: Sequence[Any],
    category: str,
    bars: Iterable[tuple[str, str]],
    *,
    lines: Iterable[tuple[str, str]] = (),
    **options: Any,
) -> dict[str, Any]:
    """A :func:`core.charts.bar_chart` of result rows: one category per row (its attribute
    ``category``), and for each (series name, attribute) of ``bars`` and ``lines`` a series
    of that attribute of every row."""
    return bar_chart(
        [str(getattr(row, category)) for row in rows],
        [(name, [getattr(row, attribute) for row in rows]) for name, attribute in bars],
        lines=[(name, [getattr(row, attribute) for row in rows]) for name, attribute in lines],
        **options,
    )


class AnalysisIndexView(AnalysisView):
    title = gettext_lazy("Analyser")
    template_name = "portfolio/analysis/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page()


class CostView(AnalysisView):
    title = gettext_lazy("Omkostninger")
    template_name = "portfolio/analysis/costs.html"
    shared_analysis = True

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("year", "")
        error = ""
        year: int | None = None
        if raw:
            if raw.isdigit() and 2000 <= int(raw) <= 2100:
                year = int(raw)
            else:
                error = _("Vælg et år mellem 2000 og 2100.")
        figures = SimpleLazyObject(lambda: self.figures(year))  # not read when shared
        return self.page(
            SimpleLazyObject(lambda: figures["result"]),
            charts=SimpleLazyObject(lambda: figures["charts"]),
            breakdowns=SimpleLazyObject(lambda: figures["breakdowns"]),
            error=error,
            chart_limit=CHART_LIMIT,
        )

    def figures(self, year: int | None) -> dict[str, Any]:
        result = org_cached(
            self.organization,
            "cost_analysis",
            lambda: analysis.cost_analysis(organization=self.organization, year=year),
            year or timezone.localdate().year,
        )
        breakdowns = [
            ("forvaltning", _("Fordelt på forvaltning"), _("Forvaltning"), result.by_forvaltning),
            ("vendor", _("Fordelt på leverandør"), _("Leverandør"), result.by_vendor),
            ("kle", _("Fordelt på KLE-hovedgruppe"), _("KLE-hovedgruppe"), result.by_kle),
            (
                "type",
                _("Fordelt på forretningstype"),
                _("Forretningstype"),
                result.by_business_type,
            ),
        ]
        charts = {f"chart-{key}": breakdown_chart(rows) for key, _h, _c, rows in breakdowns}
        charts["chart-top"] = rows_chart(
            result.top_systems,
            "name",
            [(_("Egne omkostninger"), "own"), (_("Kontraktbetalinger"), "contracts")],
            unit="kr.",
            horizontal=True,
            stacked=True,
        )
        return {"result": result, "charts": charts, "breakdowns": breakdowns}


class ContractCalendarView(AnalysisView):
    title = gettext_lazy("Kontraktkalender")
    template_name = "portfolio/analysis/contracts.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("months", "12")
        months = int(raw) if raw.isdigit() and int(raw) in WINDOWS else 12
        error = "" if str(months) == raw else _("Vælg 3, 6, 12 eller 24 måneder.")
        result = analysis.contract_calendar(organization=self.organization, months=months)
        counts = next(w for w in result.windows if w.months == months)
        events = [
            (_("Sidste opsigelsesdag"), "notice"),
            (_("Udløb"), "expiry"),
            (_("Option skal besluttes"), "option"),
        ]
        charts = {"chart-months": rows_chart(result.by_month, "month", events, stacked=True)}
        return self.page(result, counts=counts, charts=charts, windows=WINDOWS, error=error)


# Where each data-quality gap is fixed: (url name taking the usage's pk, field anchor).
GAP_FIX = {
    "no_systemejer": ("portfolio:usage_roles", ""),
    "no_contract": ("portfolio:usage_detail", ""),
    "personal_without_dpa": ("portfolio:usage_detail", ""),
    "personal_without_risk_assessment": ("portfolio:usage_edit", "#id_risk_assessment_done"),
    "accessibility": ("portfolio:usage_edit", "#id_accessibility_statement_url"),
}


class DataQualityView(AnalysisView):
    title = gettext_lazy("Datakvalitet")
    template_name = "portfolio/analysis/quality.html"
    lowest = 50

    def get(self, request: HttpRequest) -> HttpResponse:
        result = analysis.data_quality(organization=self.organization)
        charts = {
            "chart-histogram": rows_chart(
                result.histogram, "label", [(_("Antal systemer"), "count")]
            ),
            "chart-gaps": bar_chart(
                [gap.label for gap in result.gaps],
                [(_("Antal systemer"), [len(gap.usages) for gap in result.gaps])],
                horizontal=True,
            ),
        }
        gaps = [(gap, *GAP_FIX.get(gap.key, ("portfolio:usage_detail", ""))) for gap in result.gaps]
        return self.page(
            result,
            charts=charts,
            lowest=result.usages[: self.lowest],
            limit=self.lowest,
            gaps=gaps,
        )


class OverlapView(AnalysisView):
    title = gettext_lazy("Overlap og genbrug")
    template_name = "portfolio/analysis/overlap.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        result = analysis.overlap(organization=self.organization)
        bars = [
            (_("Aktive systemer"), "usage_count"),
            (_("Emner med overlap"), "overlapping_subjects"),
        ]
        charts = {"chart-groups": rows_chart(result.groups, "label", bars, horizontal=True)}
        return self.page(result, charts=charts)


def graph_data(
    nodes: Iterable[analysis.MapNode | analysis.AffectedNode],
    edges: Iterable[analysis.MapEdge],
    start: str = "",
) -> dict[str, Any]:
    """Cytoscape elements; usage nodes link to their impact analysis."""
    return {
        "type": "graph",
        "nodes": [
            {
                "id": node.id,
                "label": node.label if isinstance(node, analysis.MapNode) else node.name,
                "kind": node.kind,
                "context": bool(getattr(node, "context", False)),
                "start": node.id == start,
                "degree": getattr(node, "degree", 0),
                "url": reverse("portfolio:analysis_impact", kwargs={"pk": node.usage_id})
                if node.usage_id is not None
                else "",
            }
            for node in nodes
        ],
        "edges": [
            {"id": e.id, "source": e.source, "target": e.target, "two_way": e.two_way}
            for e in edges
        ],
    }


MAP_FILTERS = ("unit", "group", "criticality", "technology", "component", "focus")


class IntegrationMapView(AnalysisView):
    title = gettext_lazy("Integrationskort")
    template_name = "portfolio/analysis/map.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = {key: request.GET.get(key, "") for key in MAP_FILTERS}
        error = ""
        try:
            result = analysis.integration_map(organization=self.organization, **filters)
        except ValueError as exc:
            error = str(exc)
            result = analysis.integration_map(organization=self.organization)
        focus = f"{analysis.USAGE_NODE}{filters['focus']}" if filters["focus"] and not error else ""
        charts = {"graph-map": graph_data(result.nodes, result.edges, start=focus)}
        labels = {node.id: node.label for node in result.nodes}
        return self.page(
            result,
            charts=charts,
            error=error,
            usages=[n for n in result.nodes if n.kind == "usage"],
            components=[n for n in result.nodes if n.kind == "component"],
            edges=[(labels[e.source], labels[e.target], e) for e in result.edges],
            filters=filters,
            filtered=any(filters.values()),
            criticalities=Level.choices,
            technologies=Technology.choices,
            shared_components=selectors.shared_component_options(organization=self.organization),
            focus_options=sorted(
                (
                    (u.pk, u.name)
                    for u in selectors.usages_in_scope(
                        organization=self.organization
                    ).select_related("catalog_system")
                ),
                key=lambda option: option[1].lower(),
            ),
        )


class ImpactView(AnalysisView):
    title = gettext_lazy("Afhængighedsanalyse")
    template_name = "portfolio/analysis/impact.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        usage = selectors.usage_get(organization=self.organization, pk=pk)
        result = org_cached(
            self.organization,
            "impact_analysis",
            lambda: analysis.impact_analysis(organization=self.organization, usage=usage),
            usage.pk,
        )
        start = analysis.AffectedNode(
            id=f"{analysis.USAGE_NODE}{usage.pk}",
            kind="usage",
            name=result.name,
            usage_id=usage.pk,
            depth=0,
            via="",
        )
        nodes = [start, *result.affected_usages, *result.affected_components]
        charts = {"graph-impact": graph_data(nodes, result.edges, start=start.id)}
        return self.page(result, charts=charts, usage=usage)


class TimeView(AnalysisView):
    title = gettext_lazy("TIME-model og livscyklus")
    template_name = "portfolio/analysis/time.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        result = analysis.time_analysis(organization=self.organization)
        cells = {(cell.functional, cell.technical): cell for cell in result.grid}
        matrix_rows = [
            (technical, [cells[(functional, technical)] for functional in range(1, 5)])
            for technical in range(4, 0, -1)
        ]
        charts = {
            "chart-time": {
                "type": "heatmap",
                "x": [str(f) for f in range(1, 5)],
                "y": [str(t) for t in range(1, 5)],
                "xName": _("Funktionel egnethed"),
                "yName": _("Teknisk egnethed"),
                "data": [[c.functional - 1, c.technical - 1, c.count] for c in result.grid],
                "seriesName": _("Antal systemer"),
            },
            "chart-timeline": rows_chart(
                result.timeline,
                "year",
                [
                    (_("Indfaset (i drift fra)"), "phasing_in"),
                    (_("Udfaset (i drift til)"), "phasing_out"),
                ],
                lines=[(_("I drift ved årets udgang"), "in_operation")],
            ),
        }
        return self.page(result, charts=charts, matrix_rows=matrix_rows)
