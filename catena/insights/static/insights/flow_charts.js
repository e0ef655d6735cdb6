// Charts of the flow analytics page: the weekly order-to-delivery trend and the cycle-time bars
// per stage and per department. Figures come from the page's JSON (json_script "flow-data");
// ECharts is loaded only when a chart is on the page.
(() => {
  "use strict";

  const MEDIAN_COLOUR = "#0f766e";
  const P90_COLOUR = "#f59e0b";
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

  function hoursLabel(value) {
    return value === null || value === undefined ? "—" : String(value);
  }

  function bars(rows, labels, unit) {
    return {
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0, data: [labels.median, labels.p90] },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => `${hoursLabel(v)} ${unit}` },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r.label), axisLabel: { width: 110, overflow: "truncate" } },
      series: [
        { name: labels.median, type: "bar", barMaxWidth: 14, data: rows.map((r) => r.median), itemStyle: { color: MEDIAN_COLOUR } },
        { name: labels.p90, type: "bar", barMaxWidth: 14, data: rows.map((r) => r.p90), itemStyle: { color: P90_COLOUR } },
      ],
    };
  }

  const builders = {
    weeks(data) {
      const labels = data.labels;
      return {
        grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
        legend: { top: 0, data: [labels.median, labels.p90] },
        tooltip: {
          trigger: "axis",
          valueFormatter: (v) => `${hoursLabel(v)} ${labels.days}`,
        },
        xAxis: { type: "category", boundaryGap: false, data: data.weeks.map((w) => w.week) },
        yAxis: { type: "value", name: labels.days, nameTextStyle: { align: "left" } },
        series: [
          { name: labels.median, type: "line", smooth: true, symbolSize: 5, data: data.weeks.map((w) => w.median), itemStyle: { color: MEDIAN_COLOUR }, areaStyle: { color: "rgba(15,118,110,0.10)" } },
          { name: labels.p90, type: "line", smooth: true, symbolSize: 5, data: data.weeks.map((w) => w.p90), itemStyle: { color: P90_COLOUR }, lineStyle: { type: "dashed" } },
        ],
      };
    },
    stages(data) {
      return bars(data.stages, data.labels, data.labels.hours);
    },
    departments(data) {
      return bars(data.departments, data.labels, data.labels.hours);
    },
  };

  function initChart(el) {
    if (el.dataset.ready) return;
    el.dataset.ready = "1";
    const source = document.getElementById(el.dataset.source);
    const build = builders[el.dataset.flowChart];
    if (!source || !build) return;
    const data = JSON.parse(source.textContent);
    loadECharts(el.dataset.echartsSrc).then((echarts) => {
      const locale = (document.documentElement.lang || "").toLowerCase().startsWith("zh") ? "ZH" : "EN";
      const chart = echarts.init(el, null, { locale, renderer: "canvas" });
      chart.setOption(build(data));
      if (window.ResizeObserver) new ResizeObserver(() => chart.resize()).observe(el);
      else window.addEventListener("resize", () => chart.resize());
    });
  }

  function initCharts(root) {
    (root || document).querySelectorAll("[data-flow-chart]").forEach(initChart);
  }

  document.addEventListener("DOMContentLoaded", () => initCharts(document));
  document.addEventListener("htmx:afterSettle", (event) => initCharts(event.target));
})();
