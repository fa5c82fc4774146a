// The warning statistics page's charts, drawn with ECharts from the JSON the page carries: the
// unit's months (warnings raised as bars, the share dismissed of those decided as a line), each
// rule's count and dismissal rate (the noisy rules stand out), and the spread of counts and
// dismissal rates across the courts below and the judges as boxes — five numbers, no unit named,
// never a ranking of people. Every number stays in the page's tables; the charts only add to them.
(function () {
  "use strict";

  var green = "#0f5c4d", red = "#b42318";

  function pct(v) { return v === null || v === undefined ? "—" : (Math.round(v * 1000) / 10) + "%"; }

  function mark(box) { box.setAttribute("data-drawn", "true"); }

  function history(box, d) {
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      legend: { data: [d.labels.Count, d.labels.Rate], top: 0 },
      grid: { left: 50, right: 50, top: 30, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.months },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 1, axisLabel: { formatter: pct } }],
      series: [
        { name: d.labels.Count, type: "bar", data: d.totals, itemStyle: { color: green } },
        { name: d.labels.Rate, type: "line", yAxisIndex: 1, data: d.rates, connectNulls: false, itemStyle: { color: red },
          tooltip: { valueFormatter: pct } }
      ]
    });
    mark(box);
  }

  // rules draws each rule's warnings as a bar and its dismissal rate as a point on a second axis,
  // in the order of the table (rule id), so a rule that is mostly dismissed shows at a glance.
  function rules(box, d) {
    box.style.height = Math.max(160, 80 + 22 * d.rules.length) + "px";
    var names = d.rules.map(function (r) { return r.rule; });
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      legend: { data: [d.labels.Count, d.labels.Rate], bottom: 0 },
      grid: { left: 70, right: 30, top: 30, bottom: 60 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      yAxis: { type: "category", data: names, inverse: true },
      xAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 1, axisLabel: { formatter: pct } }],
      series: [
        { name: d.labels.Count, type: "bar", data: d.rules.map(function (r) { return r.total; }), itemStyle: { color: green } },
        { name: d.labels.Rate, type: "scatter", xAxisIndex: 1, symbolSize: 9, itemStyle: { color: red },
          data: d.rules.map(function (r) { return r.rate; }), tooltip: { valueFormatter: pct } }
      ]
    });
    mark(box);
  }

  // box draws two five-number summaries: warnings per unit and dismissal rates per unit.
  function box(el, s, d) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    var series = [{ type: "boxplot", data: [[s.counts.min, s.counts.q1, s.counts.median, s.counts.q3, s.counts.max]],
      boxWidth: [8, 18], itemStyle: { color: "rgba(15, 92, 77, 0.15)", borderColor: green } }];
    var options = {
      animation: false,
      grid: [{ left: 150, right: 20, top: 8, height: 30 }],
      tooltip: { trigger: "item" },
      xAxis: [{ type: "value", gridIndex: 0, minInterval: 1 }],
      yAxis: [{ type: "category", gridIndex: 0, data: [d.labels.PerUnit] }],
      series: series
    };
    if (s.decided > 0) {
      options.grid.push({ left: 150, right: 20, top: 68, height: 30 });
      options.xAxis.push({ type: "value", gridIndex: 1, min: 0, max: 1, axisLabel: { formatter: pct } });
      options.yAxis.push({ type: "category", gridIndex: 1, data: [d.labels.RatePerUnit] });
      series.push({ type: "boxplot", xAxisIndex: 1, yAxisIndex: 1, boxWidth: [8, 18],
        data: [[s.dismissal_rates.min, s.dismissal_rates.q1, s.dismissal_rates.median, s.dismissal_rates.q3, s.dismissal_rates.max]],
        itemStyle: { color: "rgba(180, 35, 24, 0.12)", borderColor: red } });
      el.style.height = "130px";
    }
    chart.setOption(options);
    mark(el);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var src = document.getElementById("stats-data");
    if (!src || typeof echarts === "undefined") return;
    var d = JSON.parse(src.textContent);
    var el = document.getElementById("history-chart");
    if (el) history(el, d);
    el = document.getElementById("rules-chart");
    if (el && d.rules.length) rules(el, d);
    el = document.getElementById("courts-box");
    if (el && d.courts) box(el, d.courts, d);
    el = document.getElementById("judges-box");
    if (el && d.judges) box(el, d.judges, d);
  });
}());
