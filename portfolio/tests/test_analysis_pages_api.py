"""The analysis pages (charts with tables) and the analyses' API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from core.charts import breakdown_chart
from core.testing import assert_constant_queries
from organizations.testing import logged_in_client, make_organization
from portfolio import analysis
from portfolio.models import (
    Contract,
    SystemUsage,
    Vendor,
)
from portfolio.tests.analysis_helpers import (
    D,
    api_get,
    chart_specs,
    cost_landscape,
    grow,
    impact_landscape,
    reader,
)

pytestmark = pytest.mark.django_db


# Pages ---------------------------------------------------------------------------------


def test_cost_page_shows_summary_chart_data_and_tables() -> None:
    org = make_organization(population=1000)
    cost_landscape(org)
    client = logged_in_client(reader(org), org)
    response = client.get(reverse("portfolio:analysis_costs"), {"year": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    # Summaries round (whole kroner below ten thousand) and keep the exact figure in a title.
    assert 'title="1.350,50\u00a0kr.">1.350\u00a0kr.</span>' in html
    assert "1\u00a0kr. pr. indbygger" in html
    assert "50\u00a0kr. i kontraktbetalinger er ikke fordelt" in html
    specs = chart_specs(html)
    assert set(specs) == {
        "chart-forvaltning",
        "chart-vendor",
        "chart-kle",
        "chart-type",
        "chart-top",
    }
    assert specs["chart-forvaltning"]["series"][0]["data"] == [1033.34, 283.83, 33.33]
    assert 'role="img"' in html and "vendor/echarts/echarts.min.js" in html
    assert client.get(reverse("portfolio:analysis_costs"), {"year": "1999"}).status_code == 400
    empty = client.get(reverse("portfolio:analysis_costs"), {"year": "2030"})
    assert "Ingen udgifter i året." in empty.content.decode()
    assert "Angiv indbyggertallet" not in html


def test_breakdown_chart_sums_the_rest_as_others() -> None:
    rows = [analysis.CostRow(str(n), f"L{n}", D(n), D(0)) for n in range(20, 0, -1)]
    chart = breakdown_chart(rows)
    assert chart["categories"][-1] == "Øvrige (5)"
    assert chart["series"][0]["data"][-1] == 15.0  # 5 + 4 + 3 + 2 + 1


def test_calendar_page_and_window_choice() -> None:
    org = make_organization()
    Contract.objects.create(
        organization=org,
        name="Snart slut",
        end_date=dt.date.today() + dt.timedelta(days=40),
    )
    client = logged_in_client(reader(org), org)
    html = client.get(reverse("portfolio:analysis_contracts"), {"months": "3"}).content.decode()
    assert "Snart slut" in html and "De næste 3 måneder" in html
    assert "chart-months" in chart_specs(html)
    assert client.get(reverse("portfolio:analysis_contracts"), {"months": "5"}).status_code == 400


def test_quality_overlap_time_and_index_pages_render() -> None:
    org = make_organization()
    impact_landscape(org)
    client = logged_in_client(reader(org), org)
    index = client.get(reverse("portfolio:analysis_index")).content.decode()
    assert reverse("portfolio:analysis_time") in index
    quality_html = client.get(reverse("portfolio:analysis_quality")).content.decode()
    assert "Uden systemejer (6)" in quality_html
    assert set(chart_specs(quality_html)) == {"chart-histogram", "chart-gaps"}
    overlap_html = client.get(reverse("portfolio:analysis_overlap")).content.decode()
    assert "Intet KLE-emne understøttes af mere end ét system i drift." in overlap_html
    time_html = client.get(reverse("portfolio:analysis_time")).content.decode()
    assert chart_specs(time_html)["chart-time"]["type"] == "heatmap"


def test_map_and_impact_pages_link_nodes_to_impact() -> None:
    org = make_organization()
    u = impact_landscape(org)
    client = logged_in_client(reader(org), org)
    response = client.get(reverse("portfolio:analysis_map"))
    html = response.content.decode()
    graph = chart_specs(html)["graph-map"]
    urls = {n["label"]: n["url"] for n in graph["nodes"]}
    assert urls["ESDH"] == reverse("portfolio:analysis_impact", kwargs={"pk": u["ESDH"].pk})
    assert urls["Serviceplatformen"] == ""
    assert "vendor/cytoscape/cytoscape.min.js" in html
    bad = client.get(reverse("portfolio:analysis_map"), {"unit": "x"})
    assert bad.status_code == 400 and "Ukendt enhed." in bad.content.decode()
    page = client.get(reverse("portfolio:analysis_impact", kwargs={"pk": u["Økonomi"].pk}))
    text = page.content.decode()
    assert "Hvis Økonomi er nede, rammes 3 systemer, 1 fælles komponenter og 2 procestrin." in text
    nodes = chart_specs(text)["graph-impact"]["nodes"]
    assert [n["label"] for n in nodes if n["start"]] == ["Økonomi"]


# API -----------------------------------------------------------------------------------


def test_api_deprecated_analysis_paths_answer_the_same() -> None:
    """The first release's paths stay for one release, marked deprecated in OpenAPI."""
    org = make_organization(population=1000)
    cost_landscape(org)
    new = api_get(org, "costs", year=2025)
    old = api_get(org, "costs", legacy=True, year=2025)
    assert new.status_code == old.status_code == 200 and new.json() == old.json()
    from config.api import api

    paths = api.get_openapi_schema()["paths"]
    for name in (
        "costs",
        "contract-calendar",
        "data-quality",
        "overlap",
        "integration-map",
        "impact/{usage_id}",
        "time",
    ):
        legacy_op = paths[f"/api/v1/analysis/organizations/{{org_id}}/{name}"]["get"]
        current = paths[f"/api/v1/organizations/{{org_id}}/analyses/{name}"]["get"]
        assert legacy_op["deprecated"] is True and not current.get("deprecated")


def test_api_costs_returns_the_same_numbers() -> None:
    org = make_organization(population=1000)
    cost_landscape(org)
    data = api_get(org, "costs", year=2025).json()
    assert data["total"] == "1350.50" and data["per_inhabitant"] == "1.35"
    assert data["by_vendor"][0] == {
        "key": str(Vendor.objects.get(name="Alfa Data").pk),
        "label": "Alfa Data",
        "amount": "1000.00",
        "share": "74.0",
    }
    assert api_get(org, "costs", year=1999).status_code == 400


def test_api_calendar_quality_overlap_time_and_map() -> None:
    org = make_organization()
    u = impact_landscape(org)
    Contract.objects.create(organization=org, name="K", end_date=dt.date(2030, 1, 31))
    calendar = api_get(org, "contract-calendar", months=24)
    assert calendar.status_code == 200 and calendar.json()["months"] == 24
    bad = api_get(org, "contract-calendar", months=7)
    assert bad.status_code == 400 and "months" in bad.json()["message"]
    assert api_get(org, "data-quality").json()["count"] == 6
    assert api_get(org, "overlap").json()["active_count"] == 6
    assert len(api_get(org, "time").json()["grid"]) == 16
    graph_map = api_get(org, "integration-map").json()
    assert {n["label"] for n in graph_map["nodes"]} >= {"ESDH", "Serviceplatformen"}
    assert api_get(org, "integration-map", group="xx").status_code == 400
    impact = api_get(org, f"impact/{u['Økonomi'].pk}").json()
    assert [a["name"] for a in impact["affected_usages"]] == ["Løn", "Indkøb", "ESDH"]
    assert [s["name"] for s in impact["steps"]] == ["Godkend bilag", "Udbetal løn"]


@pytest.mark.parametrize(
    "name", ["costs", "contracts", "quality", "overlap", "map", "time", "impact"]
)
def test_pages_use_a_constant_number_of_queries(name: str) -> None:
    org = make_organization()
    grow(org, 1)
    first = SystemUsage.objects.get(organization=org, local_name="Vækst 1-0")
    kwargs = {"pk": first.pk} if name == "impact" else {}
    url = reverse(f"portfolio:analysis_{name}", kwargs=kwargs)
    client = logged_in_client(reader(org), org)
    assert_constant_queries(client, url, lambda n: grow(org, n), sizes=(3, 12))


def test_api_cost_and_impact_answer_what_django_ninja_would_and_encode_once() -> None:
    """The two analyses are answered from JSON encoded once per change of the data; it is
    the JSON django-ninja gives for the result validated against its response schema."""
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from ninja.renderers import JSONRenderer
    from pydantic import TypeAdapter

    org = make_organization(population=1000)
    cost_landscape(org)
    u = impact_landscape(org)
    cases: list[tuple[str, dict[str, Any], Any, Any, dict[str, Any]]] = [
        ("costs", {"year": 2025}, analysis.CostAnalysis, analysis.cost_analysis, {"year": 2025}),
        (
            f"impact/{u['Økonomi'].pk}",
            {},
            analysis.ImpactAnalysis,
            analysis.impact_analysis,
            {"usage": u["Økonomi"]},
        ),
    ]
    for path, params, schema, compute, kwargs in cases:
        adapter: TypeAdapter[Any] = TypeAdapter(schema)
        validated = adapter.dump_python(
            adapter.validate_python(compute(organization=org, **kwargs))
        )
        expected = json.loads(JSONRenderer().render(None, validated, response_status=200))  # type: ignore[arg-type]
        first = api_get(org, path, **params)
        assert first.status_code == 200 and first.json() == expected, path
        with CaptureQueriesContext(connection) as queries:
            again = api_get(org, path, **params)
        assert again.content == first.content
        assert not any("portfolio_usagecost" in q["sql"] for q in queries.captured_queries)
