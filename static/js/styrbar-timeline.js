/*
 * The roadmap timeline (Gantt): the ECharts option for a chart whose JSON (Django's
 * json_script) has "type": "timeline" — one bar per milestone from start to due date (a
 * custom series), a diamond per approval gate (a scatter series on the row of the first
 * milestone waiting for it) and a dashed line for today. styrbar-charts.js, loaded after
 * this script, draws it like its own charts.
 *
 *   {"type": "timeline",
 *    "rows": [{"index", "label", "start", "end", "status", "colour", "startText", "endText"}],
 *    "markers": [{"row", "date", "label", "decision", "colour", "dateText"}],
 *    "today": "2026-11-27", "todayText": "I dag", "gateText": "Beslutningspunkt"}
 *
 * The container carries role="img" and an aria-label; the page has a table with the same
 * data, so nothing here is needed to read it.
 */
(function () {
  "use strict";

  var lang = (document.documentElement.lang || "da").toLowerCase();
  var locale = lang.indexOf("en") === 0 ? "en-GB" : "da-DK";
  var DAY = 24 * 3600 * 1000;

  function time(iso) {
    return Date.parse(iso + "T00:00:00Z");
  }

  function truncate(text, length) {
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  function monthLabel(value) {
    return new Date(value).toLocaleDateString(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  }

  function option(spec) {
    var today = time(spec.today);
    var low = today;
    var high = today;
    spec.rows.forEach(function (row) {
      low = Math.min(low, time(row.start));
      high = Math.max(high, time(row.end));
    });
    spec.markers.forEach(function (marker) {
      low = Math.min(low, time(marker.date));
      high = Math.max(high, time(marker.date));
    });
    var pad = Math.max(14 * DAY, (high - low) * 0.03);

    function renderBar(params, api) {
      var row = spec.rows[api.value(0)];
      var start = api.coord([api.value(1), api.value(0)]);
      var end = api.coord([api.value(2), api.value(0)]);
      var height = api.size([0, 1])[1] * 0.5;
      var shape = window.echarts.graphic.clipRectByRect(
        { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 3), height: height },
        { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height }
      );
      return shape && { type: "rect", transition: [], shape: shape, style: { fill: row.colour } };
    }

    return {
      animation: false,
      grid: { left: 10, right: 40, top: 30, bottom: 30, containLabel: true },
      tooltip: {
        formatter: function (params) {
          if (params.seriesIndex === 0) {
            var row = spec.rows[params.value[0]];
            return escape(row.label) + "<br>" + escape(row.startText) + " – " + escape(row.endText) + "<br>" + escape(row.status);
          }
          var marker = spec.markers[params.dataIndex];
          return escape(spec.gateText) + ": " + escape(marker.label) + "<br>" + escape(marker.dateText) + " – " + escape(marker.decision);
        },
      },
      xAxis: {
        type: "time",
        position: "top",
        min: low - pad,
        max: high + pad,
        axisLabel: { formatter: monthLabel, hideOverlap: true },
        splitLine: { show: true, lineStyle: { color: "#e6e6e6" } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: spec.rows.map(function (row) {
          return row.label;
        }),
        axisLabel: {
          formatter: function (label) {
            return truncate(String(label), 34);
          },
        },
        axisTick: { show: false },
      },
      series: [
        {
          name: "milestones",
          type: "custom",
          renderItem: renderBar,
          encode: { x: [1, 2], y: 0 },
          data: spec.rows.map(function (row) {
            return [row.index, time(row.start), time(row.end)];
          }),
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { color: "#1a1a1a", type: "dashed", width: 2 },
            label: { formatter: spec.todayText, position: "end", color: "#1a1a1a" },
            data: [{ xAxis: today }],
          },
        },
        {
          name: "gates",
          type: "scatter",
          symbol: "diamond",
          symbolSize: 16,
          z: 3,
          data: spec.markers.map(function (marker) {
            return {
              value: [time(marker.date), marker.row],
              itemStyle: { color: marker.colour, borderColor: "#1a1a1a", borderWidth: 1 },
            };
          }),
        },
      ],
    };
  }

  window.styrbarChartOptions = window.styrbarChartOptions || {};
  window.styrbarChartOptions.timeline = option;
})();
