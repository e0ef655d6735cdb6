// The weighted-pipeline chart: one bar series per currency by month of expected close.
// ECharts is loaded only on this page, from the bundled copy (no CDN).
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

  const COLOURS = ["#0f766e", "#2563eb", "#ea580c", "#7c3aed", "#db2777"];

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
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { show: data.series.length > 1, top: 0 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", name: data.label },
        series: data.series.map((s, i) => ({
          name: s.name,
          type: "bar",
          barMaxWidth: 36,
          data: s.data,
          itemStyle: { color: COLOURS[i % COLOURS.length], borderRadius: [4, 4, 0, 0] },
        })),
      });
      if (window.ResizeObserver) new ResizeObserver(() => chart.resize()).observe(el);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-pipeline-chart]").forEach(draw);
  });
})();
