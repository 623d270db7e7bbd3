"""Analysis pages. Each page calls the same function in :mod:`portfolio.analysis` as its
API endpoint, shows a text summary, charts (ECharts/Cytoscape, drawn by
static/js/styrbar-charts.js from JSON embedded with json_script; the chart helpers live
in :mod:`core.charts`) and tables with the same numbers for everyone who does not see
the charts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.charts import CHART_LIMIT, bar_chart, breakdown_chart
from core.views import OrgView
from engine.notice import WINDOWS
from portfolio import analysis, selectors


class AnalysisView(OrgView):
    permission = "portfolio.view"
    template_name = ""

    def page(self, status: int = 200, **context: Any) -> HttpResponse:
        return render(self.request, self.template_name, self.base_context(**context), status=status)


class AnalysisIndexView(AnalysisView):
    title = gettext_lazy("Analyser")
    template_name = "portfolio/analysis/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page()


class CostView(AnalysisView):
    title = gettext_lazy("Omkostninger")
    template_name = "portfolio/analysis/costs.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("year", "")
        error = ""
        year: int | None = None
        if raw:
            if raw.isdigit() and 2000 <= int(raw) <= 2100:
                year = int(raw)
            else:
                error = _("Vælg et år mellem 2000 og 2100.")
        result = analysis.cost_analysis(organization=self.organization, year=year)
        top = result.top_systems
        charts = {
            "chart-forvaltning": breakdown_chart(result.by_forvaltning),
            "chart-vendor": breakdown_chart(result.by_vendor),
            "chart-kle": breakdown_chart(result.by_kle),
            "chart-type": breakdown_chart(result.by_business_type),
            "chart-top": bar_chart(
                [s.name for s in top],
                [
                    (_("Egne omkostninger"), [s.own for s in top]),
                    (_("Kontraktbetalinger"), [s.contracts for s in top]),
                ],
                unit="kr.",
                horizontal=True,
                stacked=True,
            ),
        }
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
        return self.page(
            status=400 if error else 200,
            result=result,
            charts=charts,
            breakdowns=breakdowns,
            error=error,
            chart_limit=CHART_LIMIT,
        )


class ContractCalendarView(AnalysisView):
    title = gettext_lazy("Kontraktkalender")
    template_name = "portfolio/analysis/contracts.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("months", "12")
        months = int(raw) if raw.isdigit() and int(raw) in WINDOWS else 12
        error = "" if str(months) == raw else _("Vælg 3, 6, 12 eller 24 måneder.")
        result = analysis.contract_calendar(organization=self.organization, months=months)
        counts = next(w for w in result.windows if w.months == months)
        charts = {
            "chart-months": bar_chart(
                [m.month for m in result.by_month],
                [
                    (_("Sidste opsigelsesdag"), [m.notice for m in result.by_month]),
                    (_("Udløb"), [m.expiry for m in result.by_month]),
                    (_("Option skal besluttes"), [m.option for m in result.by_month]),
                ],
                stacked=True,
            )
        }
        return self.page(
            status=400 if error else 200,
            result=result,
            counts=counts,
            charts=charts,
            windows=WINDOWS,
            error=error,
        )


class DataQualityView(AnalysisView):
    title = gettext_lazy("Datakvalitet")
    template_name = "portfolio/analysis/quality.html"
    lowest = 50

    def get(self, request: HttpRequest) -> HttpResponse:
        result = analysis.data_quality(organization=self.organization)
        charts = {
            "chart-histogram": bar_chart(
                [band.label for band in result.histogram],
                [(_("Antal systemer"), [band.count for band in result.histogram])],
            ),
            "chart-gaps": bar_chart(
                [gap.label for gap in result.gaps],
                [(_("Antal systemer"), [len(gap.usages) for gap in result.gaps])],
                horizontal=True,
            ),
        }
        return self.page(
            result=result, charts=charts, lowest=result.usages[: self.lowest], limit=self.lowest
        )


class OverlapView(AnalysisView):
    title = gettext_lazy("Overlap og genbrug")
    template_name = "portfolio/analysis/overlap.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        result = analysis.overlap(organization=self.organization)
        charts = {
            "chart-groups": bar_chart(
                [g.label for g in result.groups],
                [
                    (_("Aktive systemer"), [g.usage_count for g in result.groups]),
                    (_("Emner med overlap"), [g.overlapping_subjects for g in result.groups]),
                ],
                horizontal=True,
            )
        }
        return self.page(result=result, charts=charts)


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


class IntegrationMapView(AnalysisView):
    title = gettext_lazy("Integrationskort")
    template_name = "portfolio/analysis/map.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        unit, group = request.GET.get("unit", ""), request.GET.get("group", "")
        error = ""
        try:
            result = analysis.integration_map(
                organization=self.organization, unit=unit, group=group
            )
        except ValueError as exc:
            error = str(exc)
            result = analysis.integration_map(organization=self.organization)
        charts = {"graph-map": graph_data(result.nodes, result.edges)}
        labels = {node.id: node.label for node in result.nodes}
        return self.page(
            status=400 if error else 200,
            result=result,
            charts=charts,
            error=error,
            usages=[n for n in result.nodes if n.kind == "usage"],
            components=[n for n in result.nodes if n.kind == "component"],
            edges=[(labels[e.source], labels[e.target], e) for e in result.edges],
        )


class ImpactView(AnalysisView):
    title = gettext_lazy("Konsekvensanalyse")
    template_name = "portfolio/analysis/impact.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        usage = selectors.usage_get(organization=self.organization, pk=pk)
        result = analysis.impact_analysis(organization=self.organization, usage=usage)
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
        return self.page(result=result, charts=charts, usage=usage)


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
        timeline = result.timeline
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
            "chart-timeline": bar_chart(
                [str(y.year) for y in timeline],
                [
                    (_("Indfaset (i drift fra)"), [y.phasing_in for y in timeline]),
                    (_("Udfaset (i drift til)"), [y.phasing_out for y in timeline]),
                ],
                lines=[(_("I drift ved årets udgang"), [y.in_operation for y in timeline])],
            ),
        }
        return self.page(result=result, charts=charts, matrix_rows=matrix_rows)
