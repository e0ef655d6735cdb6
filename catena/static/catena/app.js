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

  // The open list covers the fields below it (the requested date): it closes once the focus or a
  // click leaves the picker, and on Escape.
  function closePickers(except) {
    document.querySelectorAll("[data-party-picker] .picker-results").forEach((results) => {
      if (!except || !except.contains(results)) results.innerHTML = "";
    });
  }
  document.addEventListener("focusin", (event) => closePickers(event.target.closest("[data-party-picker]")));
  document.addEventListener("mousedown", (event) => closePickers(event.target.closest("[data-party-picker]")));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePickers(null);
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
  function loadECharts(src) {
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
      // Bars, the week still running lighter with a dashed edge and "so far" on it: a week that
      // has only begun is never drawn as a collapse of the trend.
      return {
        grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          formatter: (items) => {
            const w = data.weeks[items[0].dataIndex];
            return `${w.week}${w.partial ? ` (${escapeHtml(data.labels.so_far)})` : ""}<br>${items[0].marker}${escapeHtml(data.labels.interactions)} ${w.value}`;
          },
        },
        xAxis: { type: "category", data: data.weeks.map((w) => w.week.slice(5)) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          {
            name: data.labels.interactions,
            type: "bar",
            barMaxWidth: 28,
            data: data.weeks.map((w) => ({
              value: w.value,
              itemStyle: w.partial
                ? { color: "rgba(15,118,110,0.25)", borderColor: ACCENT, borderType: "dashed", borderWidth: 1 }
                : { color: ACCENT, borderRadius: [3, 3, 0, 0] },
              label: w.partial ? { show: true, position: "top", formatter: data.labels.so_far, color: "#64748b" } : undefined,
            })),
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
