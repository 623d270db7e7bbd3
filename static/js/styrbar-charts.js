/*
 * Styrbar's chart glue: draws every element with data-chart="<id>" from the JSON in
 * <script id="<id>" type="application/json"> (written by Django's json_script).
 *
 *   {"type": "bar", "categories": [...], "series": [{"name", "kind": "bar"|"line", "data"}],
 *    "unit": "kr.", "horizontal": bool, "stacked": bool}        -> ECharts bar/line chart
 *   {"type": "heatmap", "x": [...], "y": [...], "data": [[x, y, v]], "xName", "yName",
 *    "seriesName"}                                             -> ECharts heat map
 *   {"type": "graph", "nodes": [{"id", "label", "kind", "context", "start", "url"}],
 *    "edges": [{"id", "source", "target", "two_way"}]}         -> Cytoscape network;
 *                                                                 a node with a url opens it
 *
 * Another type is drawn with ECharts by the option builder a script loaded before this
 * one registers as window.styrbarChartOptions[type] (styrbar-timeline.js: "timeline").
 *
 * The container carries role="img" and an aria-label; the page always has a table with
 * the same numbers, so nothing here is needed to read the data.
 */
(function () {
  "use strict";

  var lang = (document.documentElement.lang || "da").toLowerCase();
  var locale = lang.indexOf("en") === 0 ? "en-GB" : "da-DK";
  // DKFDS colours with enough contrast on white.
  var COLOURS = ["#0059b3", "#a33c00", "#358000", "#6a3d9a", "#b3003b", "#00758f", "#454545"];

  var NBSP = "\u00a0";

  function format(value, unit) {
    var text = Number(value).toLocaleString(locale, { maximumFractionDigits: 0 });
    return unit ? text + NBSP + unit : text;
  }

  // Amounts on an axis: mio. kr. or t.kr. (the tooltip gives the whole kroner).
  function formatShort(value, unit) {
    var number = Number(value);
    if (unit !== "kr.") {
      return format(number, unit);
    }
    var size = Math.abs(number);
    if (size >= 1e6) {
      return (number / 1e6).toLocaleString(locale, { maximumFractionDigits: 1 }) + NBSP + "mio." + NBSP + "kr.";
    }
    if (size >= 1e4) {
      return (number / 1e3).toLocaleString(locale, { maximumFractionDigits: 0 }) + NBSP + "t.kr.";
    }
    return format(number, unit);
  }

  function longest(labels) {
    return labels.reduce(function (max, label) {
      return Math.max(max, String(label).length);
    }, 0);
  }

  function truncate(text, length) {
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  function barOption(spec) {
    // Long category names read best as horizontal bars (names in full on the left).
    var horizontal = !!spec.horizontal ||
      (longest(spec.categories) > 12 && spec.series.every(function (s) { return s.kind !== "line"; }));
    var categoryAxis = {
      type: "category",
      data: spec.categories,
      inverse: horizontal,
      axisLabel: {
        formatter: function (label) {
          return truncate(String(label), horizontal ? 44 : 14);
        },
        interval: 0,
        rotate: horizontal || spec.categories.length < 8 ? 0 : 45,
      },
    };
    var valueAxis = {
      type: "value",
      axisLabel: {
        formatter: function (value) {
          return formatShort(value, spec.unit);
        },
        hideOverlap: true,
      },
    };
    var series = spec.series.map(function (s, index) {
      var item = {
        name: s.name,
        type: s.kind === "line" ? "line" : "bar",
        data: s.data,
        itemStyle: { color: COLOURS[index % COLOURS.length] },
      };
      if (spec.stacked && item.type === "bar") {
        item.stack = "total";
      }
      return item;
    });
    return {
      animation: false,
      grid: { left: 10, right: 30, top: 40, bottom: 10, containLabel: true },
      legend: { show: spec.series.length > 1, top: 0 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: function (value) {
          return format(value, spec.unit);
        },
      },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: series,
    };
  }

  function heatmapOption(spec) {
    var max = 1;
    spec.data.forEach(function (cell) {
      max = Math.max(max, cell[2]);
    });
    return {
      animation: false,
      grid: { left: 70, right: 30, top: 20, bottom: 60 },
      tooltip: {
        formatter: function (params) {
          return (
            spec.xName + ": " + spec.x[params.value[0]] + "<br>" +
            spec.yName + ": " + spec.y[params.value[1]] + "<br>" +
            spec.seriesName + ": " + format(params.value[2], "")
          );
        },
      },
      xAxis: { type: "category", data: spec.x, name: spec.xName, nameLocation: "middle", nameGap: 30 },
      yAxis: { type: "category", data: spec.y, name: spec.yName, nameLocation: "middle", nameGap: 40 },
      visualMap: {
        show: false,
        min: 0,
        max: max,
        inRange: { color: ["#f5f5f5", "#0059b3"] },
      },
      series: [
        {
          name: spec.seriesName,
          type: "heatmap",
          data: spec.data,
          label: { show: true, color: "#1a1a1a", backgroundColor: "#ffffff", padding: 2 },
        },
      ],
    };
  }

  var OPTIONS = window.styrbarChartOptions || {};
  OPTIONS.heatmap = heatmapOption;

  function drawChart(element, spec) {
    if (typeof window.echarts === "undefined") {
      return false;
    }
    if (spec.type === "bar" || !spec.type) {
      // Size the chart by its content: a row of 2.8rem per category for horizontal bars.
      var option = (OPTIONS[spec.type] || barOption)(spec);
      var rows = spec.categories.length;
      if (option.yAxis && option.yAxis.type === "category") {
        element.style.height = Math.max(element.clientHeight, rows * 28 + 90) + "px";
      }
    }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption((OPTIONS[spec.type] || barOption)(spec));
    window.addEventListener("resize", function () {
      chart.resize();
    });
    return true;
  }

  function drawGraph(element, spec) {
    if (typeof window.cytoscape === "undefined") {
      return false;
    }
    var elements = spec.nodes.map(function (node) {
      return { group: "nodes", data: node };
    });
    spec.edges.forEach(function (edge) {
      elements.push({ group: "edges", data: edge });
    });
    var cy = window.cytoscape({
      container: element,
      elements: elements,
      wheelSensitivity: 0.2,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "background-color": "#0059b3",
            color: "#1a1a1a",
            "font-size": 12,
            "text-valign": "bottom",
            "text-margin-y": 4,
            "text-wrap": "wrap",
            "text-max-width": 160,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.85,
            "text-background-padding": 1,
            // Names appear once they are readable (zoom in, or filter/focus the map).
            "min-zoomed-font-size": 9,
            width: "mapData(degree, 0, 30, 16, 40)",
            height: "mapData(degree, 0, 30, 16, 40)",
          },
        },
        // The most connected nodes keep their names at every zoom.
        { selector: "node[degree >= 12]", style: { "font-weight": "bold", "min-zoomed-font-size": 0 } },
        { selector: "node[kind = 'component']", style: { shape: "diamond", "background-color": "#6a3d9a" } },
        { selector: "node[?context]", style: { "background-color": "#b3b3b3", color: "#454545" } },
        {
          selector: "node[?start]",
          style: { "background-color": "#b3003b", width: 28, height: 28, "font-weight": "bold" },
        },
        { selector: "node[url != '']", style: { cursor: "pointer" } },
        {
          selector: "edge",
          style: {
            width: 1.5,
            "line-color": "#8a8a8a",
            "target-arrow-color": "#8a8a8a",
            "target-arrow-shape": "triangle",
            "curve-style": "bezier",
          },
        },
        {
          selector: "edge[?two_way]",
          style: { "source-arrow-shape": "triangle", "source-arrow-color": "#8a8a8a" },
        },
      ],
      layout: spec.nodes.some(function (node) { return node.start; }) && spec.nodes.length <= 80
        ? {
            // A system's neighbourhood: the system in the middle, its neighbours around it.
            name: "concentric",
            animate: false,
            padding: 30,
            minNodeSpacing: 50,
            concentric: function (node) { return node.data("start") ? 2 : 1; },
            levelWidth: function () { return 1; },
          }
        : {
            name: spec.nodes.length > 1 ? "cose" : "grid",
            animate: false,
            nodeRepulsion: 12000,
            idealEdgeLength: 110,
            padding: 30,
            randomize: false,
          },
    });
    // The hubs' names stay 13 px on screen at every zoom.
    function hubLabels() {
      cy.style().selector("node[degree >= 12]").style("font-size", Math.max(12, 13 / cy.zoom())).update();
    }
    cy.on("zoom", hubLabels);
    hubLabels();
    // A small map is drawn at a readable zoom rather than blown up.
    if (cy.zoom() > 1.5) {
      cy.zoom(1.5);
      cy.center();
    }
    cy.on("mouseover", "node", function (event) {
      element.setAttribute("title", event.target.data("label"));
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.assign(url);
      }
    });
    return true;
  }

  function init() {
    // Skips charts already drawn, so it can run again after htmx swaps in new ones.
    var elements = document.querySelectorAll("[data-chart]:not([data-drawn])");
    Array.prototype.forEach.call(elements, function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      var drawn = spec.type === "graph" ? drawGraph(element, spec) : drawChart(element, spec);
      if (drawn) {
        element.setAttribute("data-drawn", "true");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", init);
})();
