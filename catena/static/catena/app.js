// Catena's own behaviour on top of htmx: the phone-sized menu, confirmations, row selection for
// bulk actions, the party picker, and ECharts charts (the library is loaded only where a chart is).
(() => {
  "use strict";

  // --- menu toggle and confirmations -------------------------------------------------------
  document.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-toggle-nav]");
    if (toggle) toggle.closest(".topbar").classList.toggle("open");
    // buttons that used to carry inline handlers, which the Content-Security-Policy forbids
    if (event.target.closest("[data-print]")) window.print();
    const remove = event.target.closest("[data-remove-line]");
    if (remove) remove.closest("[data-line]").remove();
  });

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // --- bulk selection on the party list ----------------------------------------------------
  function bulkForm() {
    return document.querySelector("form[data-bulk]");
  }

  function refreshBulkBar() {
    const form = bulkForm();
    if (!form) return;
    const checked = document.querySelectorAll("input[data-row-check]:checked").length;
    form.hidden = checked === 0;
    const counter = form.querySelector("[data-selected-count]");
    if (counter) counter.textContent = String(checked);
    const all = document.querySelector("input[data-check-all]");
    const boxes = document.querySelectorAll("input[data-row-check]:not(:disabled)");
    if (all) {
      all.checked = boxes.length > 0 && checked === boxes.length;
      all.indeterminate = checked > 0 && checked < boxes.length;
    }
  }

  function refreshBulkFields() {
    const form = bulkForm();
    if (!form) return;
    const action = form.querySelector("[data-bulk-action]").value;
    form.querySelectorAll("[data-bulk-for]").forEach((el) => {
      el.hidden = el.dataset.bulkFor !== action;
    });
  }

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target.matches("input[data-check-all]")) {
      document.querySelectorAll("input[data-row-check]:not(:disabled)").forEach((box) => {
        box.checked = target.checked;
      });
      refreshBulkBar();
    } else if (target.matches("input[data-row-check]")) {
      refreshBulkBar();
    } else if (target.matches("[data-bulk-action]")) {
      refreshBulkFields();
    }
  });

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-bulk]");
    if (!form) return;
    const next = form.querySelector("[data-current-url]");
    if (next) next.value = window.location.pathname + window.location.search;
  });

  // --- party picker (search-as-you-type that fills a hidden id) ------------------------------
  document.addEventListener("click", (event) => {
    const option = event.target.closest("[data-pick-id]");
    if (!option) return;
    const picker = option.closest("[data-party-picker]");
    picker.querySelector("input[type=hidden]").value = option.dataset.pickId;
    picker.querySelector("input[type=search]").value = option.dataset.pickName;
    picker.querySelector(".picker-results").innerHTML = "";
  });

  // --- charts ----------------------------------------------------------------------------
  const ROLE_COLOURS = {
    customer: "#2563eb",
    prospect: "#7c3aed",
    supplier: "#ea580c",
    manufacturer: "#b45309",
    distributor: "#0891b2",
    retailer: "#db2777",
    carrier: "#16a34a",
    service_partner: "#64748b",
  };
  const OTHER_COLOUR = "#94a3b8";
  const ACCENT = "#0f766e";
  let echartsLoading = null;

  function loadECharts(src) {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (!echartsLoading) {
      echartsLoading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = () => resolve(window.echarts);
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return echartsLoading;
  }

  function readData(el) {
    const source = document.getElementById(el.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  const builders = {
    roles(data) {
      return {
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: data.roles.map((r) => r.label) },
        series: [
          {
            name: data.labels.parties,
            type: "bar",
            barMaxWidth: 22,
            data: data.roles.map((r) => ({ value: r.value, itemStyle: { color: ROLE_COLOURS[r.code] || OTHER_COLOUR, borderRadius: [0, 4, 4, 0] } })),
            label: { show: true, position: "right" },
          },
        ],
      };
    },
    weeks(data) {
      return {
        grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", boundaryGap: false, data: data.weeks.map((w) => w.week.slice(5)) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          {
            name: data.labels.interactions,
            type: "line",
            smooth: true,
            symbolSize: 6,
            data: data.weeks.map((w) => w.value),
            itemStyle: { color: ACCENT },
            areaStyle: { color: "rgba(15,118,110,0.12)" },
          },
        ],
      };
    },
  };

  function initChart(el) {
    if (el.dataset.ready) return;
    el.dataset.ready = "1";
    const data = readData(el);
    const build = builders[el.dataset.chart];
    if (!data || !build) return;
    loadECharts(el.dataset.echartsSrc).then((echarts) => {
      const locale = (document.documentElement.lang || "").toLowerCase().startsWith("zh") ? "ZH" : "EN";
      const chart = echarts.init(el, null, { locale, renderer: "canvas" });
      chart.setOption(build(data));
      window.addEventListener("resize", () => chart.resize());
      if (window.ResizeObserver) new ResizeObserver(() => chart.resize()).observe(el);
    });
  }

  function initCharts(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(initChart);
  }

  document.addEventListener("DOMContentLoaded", () => {
    initCharts(document);
    refreshBulkFields();
    refreshBulkBar();
  });
  // Content swapped in by htmx (a tab, the list rows) may bring charts or checkboxes along.
  document.addEventListener("htmx:afterSettle", (event) => {
    initCharts(event.target);
    refreshBulkBar();
  });
})();
