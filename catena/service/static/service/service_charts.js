// Charts of the service analytics: cases opened and resolved per month, the backlog by age and
// complaints per 1,000 orders by root cause. Figures come from the page's JSON (json_script
// "service-data"); ECharts is loaded only when a chart is on the page.
(() => {
  "use strict";

  const ACCENT = "#0f766e";
  const SECOND = "#6366f1";
  const WARN = "#f59e0b";
  let loading = null;

  function loadECharts(src) {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = () => resolve(window.echarts);
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  const builders = {
    months(data) {
      const labels = data.labels;
      return {
        grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
        legend: { top: 0, data: [labels.opened, labels.resolved] },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "category", data: data.months.map((m) => m.month) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: labels.opened, type: "bar", barMaxWidth: 16, data: data.months.map((m) => m.opened), itemStyle: { color: SECOND } },
          { name: labels.resolved, type: "bar", barMaxWidth: 16, data: data.months.map((m) => m.resolved), itemStyle: { color: ACCENT } },
        ],
      };
    },
    backlog(data) {
      return {
        grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "category", data: data.backlog.map((b) => b.label) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          {
            name: data.labels.cases,
            type: "bar",
            barMaxWidth: 32,
            data: data.backlog.map((b, i) => ({ value: b.value, itemStyle: { color: i >= 3 ? WARN : ACCENT, borderRadius: [3, 3, 0, 0] } })),
            label: { show: true, position: "top" },
          },
        ],
      };
    },
    causes(data) {
      return {
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => `${v} ${data.labels.per_thousand}` },
        xAxis: { type: "value" },
        yAxis: { type: "category", inverse: true, data: data.causes.map((c) => c.label) },
        series: [
          {
            name: data.labels.per_thousand,
            type: "bar",
            barMaxWidth: 18,
            data: data.causes.map((c) => c.value),
            itemStyle: { color: WARN, borderRadius: [0, 3, 3, 0] },
            label: { show: true, position: "right" },
          },
        ],
      };
    },
  };

  function init(root) {
    (root || document).querySelectorAll("[data-service-chart]").forEach((el) => {
      if (el.dataset.ready) return;
      el.dataset.ready = "1";
      const source = document.getElementById(el.dataset.source);
      const build = builders[el.dataset.serviceChart];
      if (!source || !build) return;
      const data = JSON.parse(source.textContent);
      loadECharts(el.dataset.echartsSrc).then((echarts) => {
        const locale = (document.documentElement.lang || "").toLowerCase().startsWith("zh") ? "ZH" : "EN";
        const chart = echarts.init(el, null, { locale, renderer: "canvas" });
        chart.setOption(build(data));
        if (window.ResizeObserver) new ResizeObserver(() => chart.resize()).observe(el);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
})();
