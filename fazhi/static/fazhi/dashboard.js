// Charts of the supervision dashboard. The page embeds each chart's data with Django's json_script
// (the CSP forbids inline scripts); an element <div data-dashboard-chart="ID"> draws the data of the
// <script type="application/json" id="ID">. Clicking a bar opens the URL the server put beside it.
(function () {
  "use strict";

  var COLORS = { on_time: "#198754", closed: "#0d6efd", overdue: "#dc3545", late: "#fd7e14", unfinished: "#dc3545" };
  var ROW_HEIGHT = 26;

  function drillUrl(spec, params) {
    var url = spec.urls && spec.urls[params.dataIndex];
    if (!url) return "";
    var series = spec.series[params.seriesIndex];
    if (series && series.status && params.componentSubType === "bar") {
      url += (url.indexOf("?") >= 0 ? "&" : "?") + "status=" + encodeURIComponent(series.status);
    }
    return url;
  }

  function percent(value) {
    return value === null || value === undefined ? "—" : value.toFixed(1) + "%";
  }

  function ratesOption(spec) {
    return {
      color: spec.series.map(function (s) { return COLORS[s.status] || "#6c757d"; }),
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          if (!items.length) return "";
          var i = items[0].dataIndex;
          var c = spec.counts[i];
          var lines = ["<b>" + echarts.format.encodeHTML(spec.labels[i]) + "</b>"];
          items.forEach(function (item) { lines.push(item.marker + item.seriesName + "：" + percent(item.value)); });
          lines.push("应完成 " + c.due + "，按期 " + c.on_time + "，逾期完成 " + c.late + "，逾期未完成 " + c.overdue);
          return lines.join("<br>");
        }
      },
      legend: { top: 0 },
      grid: { left: 8, right: 28, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: {
        type: "category", inverse: true, data: spec.labels,
        axisLabel: { width: 150, overflow: "truncate" }, triggerEvent: true
      },
      series: spec.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, barMaxWidth: 7, barGap: "10%", cursor: "pointer" };
      })
    };
  }

  function trendOption(spec) {
    var series = spec.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "due", data: s.data, barMaxWidth: 28, cursor: "pointer" };
    });
    series.push({
      name: spec.rate.name, type: "line", yAxisIndex: 1, data: spec.rate.data, connectNulls: false,
      symbolSize: 6, tooltip: { valueFormatter: percent }
    });
    return {
      color: spec.series.map(function (s) { return COLORS[s.status] || "#6c757d"; }).concat(["#0d6efd"]),
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: spec.labels },
      yAxis: [
        { type: "value", name: "节点数", minInterval: 1 },
        { type: "value", name: "按期完成率", min: 0, max: 100, axisLabel: { formatter: "{value}%" },
          splitLine: { show: false } }
      ],
      series: series
    };
  }

  var BUILDERS = { rates: ratesOption, trend: trendOption };

  function render(el) {
    if (el.dataset.rendered || typeof echarts === "undefined") return;
    var source = document.getElementById(el.dataset.dashboardChart);
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var build = BUILDERS[spec.kind];
    if (!build) return;
    if (spec.kind === "rates") {
      // One row per unit: the chart grows with the rows instead of squeezing them.
      el.style.height = Math.max(180, 50 + spec.labels.length * ROW_HEIGHT) + "px";
    }
    var chart = echarts.init(el);
    chart.setOption(build(spec));
    chart.on("click", function (params) {
      var url;
      if (params.componentType === "yAxis") {
        // A category label: ECharts gives its index (two units may share a name, e.g. 城关镇人民政府).
        var index = typeof params.dataIndex === "number" ? params.dataIndex : spec.labels.indexOf(params.value);
        url = spec.urls[index];
      } else {
        url = drillUrl(spec, params);
      }
      if (url) window.location.href = url;
    });
    el.dataset.rendered = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function renderAll() {
    document.querySelectorAll("[data-dashboard-chart]").forEach(render);
  }

  document.addEventListener("DOMContentLoaded", renderAll);
  window.fazhiDashboard = { render: renderAll };
})();
