// The order's stage time line as a Gantt chart: for each stage a thin grey bar for the planned
// window (standard time before the due time) and a bar for the actual one (red when late, the
// active stage highlighted). The data comes from a json_script element; the table below the chart
// carries the same facts for screen readers and small screens.
(() => {
  "use strict";
  let loading = null;

  function load(src) {
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

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function bars(echarts, offset, thickness) {
    return (params, api) => {
      const row = api.value(0);
      const start = api.coord([api.value(1), row]);
      const end = api.coord([api.value(2), row]);
      const band = api.size([0, 1])[1];
      const shape = echarts.graphic.clipRectByRect(
        { x: start[0], y: start[1] - band / 2 + band * offset, width: Math.max(end[0] - start[0], 3), height: band * thickness },
        { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height },
      );
      return shape && { type: "rect", transition: ["shape"], shape, style: api.style() };
    };
  }

  function option(echarts, data) {
    const when = (ms) => (ms ? echarts.time.format(ms, "{yyyy}-{MM}-{dd} {HH}:{mm}", false) : "—");
    const planned = [];
    const actual = [];
    data.stages.forEach((stage, index) => {
      if (stage.planned[0] && stage.planned[1]) {
        planned.push({ value: [index, stage.planned[0], stage.planned[1]], itemStyle: { color: "#cbd5e1" } });
      }
      if (stage.actual[0] && stage.actual[1]) {
        const colour = stage.late ? "#dc2626" : stage.active ? "#0f766e" : "#5eead4";
        actual.push({
          value: [index, stage.actual[0], stage.actual[1]],
          itemStyle: { color: colour, borderColor: stage.active ? "#134e4a" : colour, borderWidth: stage.active ? 2 : 0 },
        });
      }
    });
    return {
      animation: false,
      legend: { top: 0, data: [data.labels.planned, data.labels.actual] },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      tooltip: {
        formatter: (p) => {
          const stage = data.stages[p.value[0]];
          return `<strong>${escapeHtml(stage.name)}</strong> · ${escapeHtml(stage.department)}<br>` +
            `${escapeHtml(data.labels.planned)}: ${when(stage.planned[0])} → ${when(stage.planned[1])}<br>` +
            `${escapeHtml(data.labels.actual)}: ${when(stage.actual[0])} → ${when(stage.actual[1])}` +
            (stage.late ? `<br><span style="color:#dc2626">${escapeHtml(data.labels.late)}</span>` : "");
        },
      },
      xAxis: { type: "time", axisLabel: { hideOverlap: true } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.stages.map((s) => s.name),
        axisLabel: {
          formatter: (value, index) => {
            const stage = data.stages[index];
            if (stage.active) return `{active|${value}}`;
            return stage.late ? `{late|${value}}` : value;
          },
          rich: { active: { fontWeight: "bold", color: "#0f766e" }, late: { color: "#dc2626" } },
        },
      },
      series: [
        { name: data.labels.planned, type: "custom", renderItem: bars(echarts, 0.14, 0.3), encode: { x: [1, 2], y: 0 }, data: planned, itemStyle: { color: "#cbd5e1" } },
        {
          name: data.labels.actual,
          type: "custom",
          renderItem: bars(echarts, 0.5, 0.36),
          encode: { x: [1, 2], y: 0 },
          data: actual,
          itemStyle: { color: "#0f766e" },
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { color: "#f59e0b", type: "dashed" },
            label: { formatter: data.labels.now, position: "insideEndTop" },
            data: [{ xAxis: data.now }],
          },
        },
      ],
    };
  }

  function init(root) {
    (root || document).querySelectorAll("[data-stage-gantt]").forEach((el) => {
      if (el.dataset.ready) return;
      el.dataset.ready = "1";
      const source = document.getElementById(el.dataset.source);
      if (!source) return;
      const data = JSON.parse(source.textContent);
      load(el.dataset.echartsSrc).then((echarts) => {
        const locale = (document.documentElement.lang || "").toLowerCase().startsWith("zh") ? "ZH" : "EN";
        const chart = echarts.init(el, null, { locale, renderer: "canvas" });
        chart.setOption(option(echarts, data));
        if (window.ResizeObserver) new ResizeObserver(() => chart.resize()).observe(el);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("htmx:afterSettle", (event) => init(event.target));
})();
