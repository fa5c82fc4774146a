// Qingfeng's pages work without scripts; this file only adds to them: it marks the current
// court in the tree, draws charts with ECharts where a page has chart data, and confirms
// actions that cannot be undone.
(function () {
  "use strict";

  function markCurrentCourt() {
    var aside = document.querySelector("aside.tree");
    if (!aside) return;
    var id = aside.getAttribute("data-current");
    if (!id) return;
    var link = aside.querySelector('a[data-court="' + CSS.escape(id) + '"]');
    if (!link) return;
    link.classList.add("current");
    for (var el = link.parentElement; el && el !== aside; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
  }

  function drawTimeline() {
    var box = document.getElementById("timeline-chart");
    var src = document.getElementById("timeline-data");
    if (!box || !src || typeof echarts === "undefined") return;
    var d = JSON.parse(src.textContent);
    if (!d.points.length) { box.style.display = "none"; return; }
    box.style.height = Math.max(160, 60 + 36 * d.proceedings.length) + "px";
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 230, right: 30, top: 20, bottom: 40 },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var t = new Date(p.value[0]);
          return echarts.format.encodeHTML(d.proceedings[p.value[1]]) + "<br>" +
            t.toLocaleString() + "<br>" + echarts.format.encodeHTML(p.value[2]) +
            (p.value[3] ? " · " + echarts.format.encodeHTML(p.value[3]) : "");
        }
      },
      xAxis: { type: "time" },
      yAxis: { type: "category", data: d.proceedings, inverse: true },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 14, bottom: 8 }],
      series: [{ type: "scatter", symbolSize: 9, data: d.points, itemStyle: { color: "#0f5c4d" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    box.setAttribute("data-drawn", "true");
  }

  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    markCurrentCourt();
    drawTimeline();
    confirmations();
  });
})();
