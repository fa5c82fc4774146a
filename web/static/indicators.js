// The indicator pages' charts, drawn with ECharts from the JSON the page carries: the 体检表's
// sparklines (last twelve months, the range as a band) and distributions of the courts below
// (a box with each court as a point, in court-code order: a distribution, never a ranking),
// and the indicator page's trend (band, abnormal months in red) and distribution. Every number
// stays in the page's table; the charts only add to it.
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function num(v) { return v === null || v === undefined ? "—" : (Math.round(v * 100) / 100).toString(); }

  // band returns a markArea between a range's ends, or nothing when it has none.
  function band(lo, hi) {
    if (lo === null && hi === null) return undefined;
    return {
      silent: true, itemStyle: { color: "rgba(15, 92, 77, 0.12)" },
      data: [[{ yAxis: lo === null ? "min" : lo }, { yAxis: hi === null ? "max" : hi }]]
    };
  }

  function mark(box) { box.setAttribute("data-drawn", "true"); }

  function spark(box, points, range) {
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      tooltip: { trigger: "axis", formatter: function (ps) { return echarts.format.encodeHTML(ps[0].name) + ": " + num(ps[0].value); } },
      xAxis: { type: "category", show: false, data: points.map(function (p) { return p.period; }) },
      yAxis: { type: "value", show: false, scale: true },
      series: [{
        type: "line", data: points.map(function (p) { return p.value; }), symbol: "none", connectNulls: false,
        lineStyle: { width: 1.5, color: "#0f5c4d" }, markArea: range ? band(range[0], range[1]) : undefined
      }]
    });
    mark(box);
  }

  // strip draws a box of the values of the courts below, each court a point, and the court's
  // own value as a line.
  function strip(box, d, own) {
    var vals = d.points.filter(function (p) { return p.value !== null; });
    var chart = echarts.init(box, null, { renderer: "svg" });
    var series = [{
      type: "scatter", symbolSize: 6, itemStyle: { color: "#52606d" },
      data: vals.map(function (p) { return { value: [p.value, 0], name: p.name, court: p.court_id }; })
    }];
    if (d.min !== null) {
      series.push({ type: "boxplot", data: [[d.min, d.q1, d.median, d.q3, d.max]], boxWidth: [8, 14],
        itemStyle: { color: "rgba(15, 92, 77, 0.15)", borderColor: "#0f5c4d" }, tooltip: { show: false } });
    }
    if (own !== null && own !== undefined) {
      series[0].markLine = { silent: true, symbol: "none", lineStyle: { color: "#b42318" }, label: { show: false }, data: [{ xAxis: own }] };
    }
    chart.setOption({
      animation: false,
      grid: { left: 4, right: 4, top: 4, bottom: 4 },
      tooltip: { trigger: "item", formatter: function (p) { return echarts.format.encodeHTML(p.name || "") + ": " + num(p.value[0]); } },
      xAxis: { type: "value", show: false, scale: true },
      yAxis: { type: "category", show: false, data: [""] },
      series: series
    });
    return chart;
  }

  function drawSheet() {
    var d = data("sheet-data");
    if (!d) return;
    document.querySelectorAll(".spark[data-indicator]").forEach(function (box) {
      var id = box.getAttribute("data-indicator");
      if (d.sparks[id]) spark(box, d.sparks[id], d.ranges[id]);
    });
    document.querySelectorAll(".dist[data-indicator]").forEach(function (box) {
      var id = box.getAttribute("data-indicator");
      if (d.spreads && d.spreads[id]) { strip(box, d.spreads[id], d.values[id]); mark(box); }
    });
  }

  function drawTrend() {
    var box = document.getElementById("trend-chart");
    var d = data("trend-data");
    if (!box || !d) return;
    var lower = d.lower.map(function (v) { return v === null ? undefined : v; });
    var upper = d.upper.map(function (v, i) { return v === null || lower[i] === undefined ? undefined : v - lower[i]; });
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 60, right: 20, top: 20, bottom: 40 },
      tooltip: { trigger: "axis", formatter: function (ps) {
        var p = ps.filter(function (x) { return x.seriesName === "value"; })[0];
        return p ? echarts.format.encodeHTML(p.name) + ": " + num(p.value) : "";
      } },
      xAxis: { type: "category", data: d.periods },
      yAxis: { type: "value", scale: true },
      series: [
        { name: "lower", type: "line", data: lower, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, silent: true },
        { name: "band", type: "line", data: upper, stack: "band", symbol: "none", lineStyle: { opacity: 0 },
          areaStyle: { color: "rgba(15, 92, 77, 0.12)" }, silent: true },
        { name: "value", type: "line", data: d.values, connectNulls: false, symbolSize: 5, itemStyle: { color: "#0f5c4d" },
          markPoint: { symbol: "circle", symbolSize: 12, itemStyle: { color: "#b42318" }, label: { show: false },
            data: d.abnormal.map(function (i) { return { coord: [d.periods[i], d.values[i]], name: "abnormal" }; }) } }
      ]
    });
    mark(box);
  }

  function drawDistribution() {
    var box = document.getElementById("dist-chart");
    var d = data("dist-data");
    if (!box || !d) return;
    var chart = strip(box, d, null);
    // A court of the strip opens its own page for the indicator.
    chart.on("click", function (p) {
      if (p.data && p.data.court) {
        var u = new URL(window.location.href);
        u.searchParams.set("unit", "court:" + p.data.court);
        window.location.href = u.toString();
      }
    });
    mark(box);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") return;
    drawSheet();
    drawTrend();
    drawDistribution();
  });
})();
