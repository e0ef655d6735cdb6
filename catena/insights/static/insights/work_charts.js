// The home page's role panels: pipeline, forecast, stages by department, late suppliers, carrier
// exceptions, order value and on-time trend. Every bar opens the list behind it (each series
// carries the URLs of its bars), so a chart is a way in, not a picture. ECharts is the bundled
// copy, loaded only when a panel has a chart.
(() => {
  "use strict";

  const COLOURS = ["#0f766e", "#2563eb", "#ea580c", "#7c3aed", "#db2777"];
  const LATE = "#dc2626";
  const WAITING = "#94a3b8";
  function load(src) {
    // one copy of the library per page, whichever script asks first (a second copy would not
    // know the charts the first one drew)
    if (window.echarts) return Promise.resolve(window.echarts);
    let script = document.querySelector("script[data-echarts]");
    if (!script) {
      script = document.createElement("script");
      script.src = src;
      script.dataset.echarts = "loading";
      script.addEventListener("load", () => (script.dataset.echarts = "loaded"));
      document.head.appendChild(script);
    }
    return new Promise((resolve, reject) => {
      if (script.dataset.echarts === "loaded" && window.echarts) return resolve(window.echarts);
      script.addEventListener("load", () => resolve(window.echarts));
      script.addEventListener("error", reject);
    });
  }

  function grouped(value) {
    const lang = document.documentElement.lang || undefined;
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(value);
  }

  const base = () => ({
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => (v == null ? "" : grouped(v)) },
  });

  function moneyBars(chart, labels, partial) {
    return {
      ...base(),
      legend: { show: chart.series.length > 1, top: 0 },
      xAxis: { type: "category", data: chart.categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: "value", axisLabel: { formatter: (v) => grouped(v) } },
      series: chart.series.map((s, i) => ({
        name: s.name,
        type: "bar",
        stack: "amount",
        barMaxWidth: 40,
        cursor: "pointer",
        data: s.data.map((value, j) => ({
          value,
          // the month still running is drawn lighter and says "so far", never read as a drop
          itemStyle: partial && partial[j] ? { color: COLOURS[i % COLOURS.length], opacity: 0.45, borderType: "dashed", borderColor: COLOURS[i % COLOURS.length], borderWidth: 1 } : { color: COLOURS[i % COLOURS.length] },
          label: partial && partial[j] && i === chart.series.length - 1 ? { show: true, position: "top", formatter: labels.so_far, color: "#64748b" } : undefined,
        })),
      })),
    };
  }

  function countBars(chart, labels, colour) {
    return {
      ...base(),
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: chart.categories, axisLabel: { width: 140, overflow: "truncate" } },
      series: [{ name: labels.count, type: "bar", barMaxWidth: 20, cursor: "pointer", data: chart.counts, itemStyle: { color: colour, borderRadius: [0, 4, 4, 0] }, label: { show: true, position: "right" } }],
    };
  }

  const builders = {
    pipeline: (data) => {
      const chart = data.pipeline;
      const option = moneyBars(chart, data.labels);
      option.tooltip.formatter = (items) => {
        const i = items[0].dataIndex;
        const lines = items.map((p) => `${p.marker}${p.seriesName} ${grouped(p.value)}`);
        return [`${chart.categories[i]} · ${data.labels.count} ${chart.counts[i]}`, ...lines].join("<br>");
      };
      delete option.tooltip.valueFormatter;
      return option;
    },
    forecast: (data) => moneyBars(data.forecast, data.labels),
    revenue: (data) => moneyBars(data.revenue, data.labels, data.revenue.partial),
    departments: (data) => {
      const chart = data.departments;
      return {
        ...base(),
        legend: { top: 0 },
        xAxis: { type: "category", data: chart.categories, axisLabel: { interval: 0, hideOverlap: true } },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: data.labels.waiting, type: "bar", stack: "stages", barMaxWidth: 40, cursor: "pointer", data: chart.waiting, itemStyle: { color: WAITING } },
          { name: data.labels.late, type: "bar", stack: "stages", barMaxWidth: 40, cursor: "pointer", data: chart.late, itemStyle: { color: LATE } },
        ],
      };
    },
    suppliers: (data) => countBars(data.suppliers, data.labels, "#ea580c"),
    carriers: (data) => countBars(data.carriers, data.labels, "#16a34a"),
    on_time: (data) => ({
      ...base(),
      tooltip: { trigger: "axis", valueFormatter: (v) => `${Math.round(v * 100)}%` },
      xAxis: { type: "category", data: data.on_time.categories },
      yAxis: { type: "value", min: 0, max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } },
      series: [{ name: data.labels.on_time, type: "line", symbolSize: 7, cursor: "pointer", data: data.on_time.rates, itemStyle: { color: COLOURS[0] } }],
    }),
  };

  // The list behind a clicked bar: late stages open the late ones only.
  function target(data, name, params) {
    const chart = data[name];
    if (name === "departments" && params.seriesIndex === 1) return chart.late_urls[params.dataIndex];
    return chart.urls ? chart.urls[params.dataIndex] : null;
  }

  function draw(el) {
    if (el.dataset.ready) return;
    el.dataset.ready = "1";
    const source = document.getElementById(el.dataset.source);
    const name = el.dataset.workChart;
    if (!source || !builders[name]) return;
    const data = JSON.parse(source.textContent);
    load(el.dataset.echartsSrc).then((echarts) => {
      const locale = (document.documentElement.lang || "").toLowerCase().startsWith("zh") ? "ZH" : "EN";
      const chart = echarts.init(el, null, { locale, renderer: "canvas" });
      chart.setOption(builders[name](data));
      chart.on("click", (params) => {
        const url = target(data, name, params);
        if (url) window.location.href = url;
      });
      // a click on the empty band of a category opens it too (bars of small values are thin)
      chart.getZr().on("click", (event) => {
        if (event.target) return;
        const point = [event.offsetX, event.offsetY];
        if (!chart.containPixel("grid", point)) return;
        const horizontal = name === "suppliers" || name === "carriers";
        const index = chart.convertFromPixel("grid", point)[horizontal ? 1 : 0];
        const url = target(data, name, { dataIndex: index, seriesIndex: 0 });
        if (url) window.location.href = url;
      });
      el.dataset.drawn = "1";
      if (window.ResizeObserver) new ResizeObserver(() => chart.resize()).observe(el);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-work-chart]").forEach(draw);
  });
})();
