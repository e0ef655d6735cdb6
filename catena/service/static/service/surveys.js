// The survey trend chart: the CSAT average (1–5, left axis) and the NPS (−100 … 100, right
// axis) per month. ECharts is loaded only on this page, from the bundled copy (no CDN).
(() => {
  "use strict";

  function load(src) {
    if (window.echarts) return Promise.resolve(window.echarts);
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve(window.echarts);
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function draw(el) {
    if (el.dataset.ready) return;
    el.dataset.ready = "1";
    const source = document.getElementById(el.dataset.source);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    load(el.dataset.echartsSrc).then((echarts) => {
      const locale = (document.documentElement.lang || "").toLowerCase().startsWith("zh") ? "ZH" : "EN";
      const chart = echarts.init(el, null, { locale, renderer: "canvas" });
      chart.setOption({
        grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        xAxis: { type: "category", data: data.months },
        yAxis: [
          { type: "value", min: 1, max: 5 },
          { type: "value", min: -100, max: 100 },
        ],
        series: [
          { name: data.labels.csat, type: "line", yAxisIndex: 0, data: data.csat, connectNulls: true, itemStyle: { color: "#0f766e" } },
          { name: data.labels.nps, type: "line", yAxisIndex: 1, data: data.nps, connectNulls: true, itemStyle: { color: "#2563eb" } },
        ],
      });
      if (window.ResizeObserver) new ResizeObserver(() => chart.resize()).observe(el);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-survey-chart]").forEach(draw);
  });
})();
