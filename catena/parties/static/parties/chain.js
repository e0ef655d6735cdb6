// The chain view on the party page: partners grouped by role (a group node with its count), groups
// opened and closed by a click, a role filter, a search that opens and focuses a partner, zoom and
// pan. Positions are laid out here in screen pixels, so labels keep their size and do not pile up;
// a dense group shows its partners' names on hover, focus or search only.
(() => {
  "use strict";
  if (window.catenaChain) {
    window.catenaChain.initAll(document);
    return;
  }

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
  const CENTER_COLOUR = "#0f766e";
  const HEADER_W = 150; // room for a group's label
  const LABEL_W = 150; // a partner's name is cut to this width
  const SPARSE_ROW = 26;
  const DENSE_CELL = 22;
  const DENSE_ROWS = 12;
  const COLUMN_GAP = 90;
  const BLOCK_GAP = 22;
  const NARROW = 640;

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

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function groupKey(level, role) {
    return `${level}:${role}`;
  }

  class ChainView {
    constructor(card, el, data, echarts) {
      this.card = card;
      this.el = el;
      this.data = data;
      this.labels = el.dataset;
      this.roleLabel = {};
      this.roleOrder = {};
      data.roles.forEach((r, i) => {
        this.roleLabel[r.code] = r.label;
        this.roleOrder[r.code] = i;
      });
      this.byId = {};
      data.nodes.forEach((n) => (this.byId[n.id] = n));
      this.groups = {};
      data.nodes.forEach((n) => {
        if (n.id === data.center) return;
        const key = groupKey(n.level, n.group);
        (this.groups[key] = this.groups[key] || { key, level: n.level, role: n.group, members: [] }).members.push(n);
      });
      Object.values(this.groups).forEach((g) => g.members.sort((a, b) => a.name.localeCompare(b.name)));
      this.expanded = new Set(Object.values(this.groups).filter((g) => g.members.length <= data.collapse_above).map((g) => g.key));
      this.hiddenRoles = new Set();
      this.focused = null;
      this.chart = echarts.init(el, null, { renderer: "canvas" });
      this.chart.on("click", (p) => this.onClick(p));
      this.render();
      let width = el.clientWidth;
      const onResize = () => {
        if (Math.abs(el.clientWidth - width) < 2) return;
        width = el.clientWidth;
        this.render();
      };
      window.addEventListener("resize", onResize);
    }

    narrow() {
      return this.el.clientWidth < NARROW;
    }

    visibleGroups() {
      const narrow = this.narrow();
      return Object.values(this.groups).filter((g) => !this.hiddenRoles.has(g.role) && (!narrow || Math.abs(g.level) === 1));
    }

    dense(group) {
      return group.members.length > this.data.collapse_above;
    }

    // Columns by level: the party in the middle, upstream to the left, downstream to the right.
    // A group's node sits on the column's inner edge and its open members spread outwards.
    layout(groups) {
      const narrow = this.narrow();
      const sparseRow = SPARSE_ROW;
      const labelW = narrow ? 80 : LABEL_W;
      const headerW = narrow ? 60 : HEADER_W;
      const gap = narrow ? 72 : COLUMN_GAP;
      const blocks = {};
      groups.forEach((g) => {
        const open = this.expanded.has(g.key);
        let w = headerW;
        let h = 40;
        if (open && this.dense(g)) {
          const rows = Math.min(DENSE_ROWS, g.members.length);
          const cols = Math.ceil(g.members.length / rows);
          w = Math.max(headerW, 40 + cols * DENSE_CELL);
          h = Math.max(h, rows * DENSE_CELL);
          blocks[g.key] = { w, h, rows, cols, dense: true };
        } else if (open) {
          w = 50 + labelW;
          h = Math.max(h, g.members.length * sparseRow);
          blocks[g.key] = { w, h, dense: false };
        } else {
          blocks[g.key] = { w, h, closed: true };
        }
      });
      const levels = [...new Set(groups.map((g) => g.level))];
      const colWidth = {};
      levels.forEach((l) => (colWidth[l] = Math.max(...groups.filter((g) => g.level === l).map((g) => blocks[g.key].w))));
      const colStart = {};
      [1, 2].forEach((side) => {
        let x = gap;
        [side === 1 ? 1 : -1, side === 1 ? 2 : -2].forEach((l) => {
          if (!(l in colWidth)) return;
          colStart[l] = l > 0 ? x : -x;
          x += colWidth[l] + gap;
        });
      });
      const pos = {};
      levels.forEach((l) => {
        const column = groups.filter((g) => g.level === l).sort((a, b) => this.roleOrder[a.role] - this.roleOrder[b.role]);
        const total = column.reduce((s, g) => s + blocks[g.key].h, 0) + BLOCK_GAP * (column.length - 1);
        let y = -total / 2;
        const dir = l > 0 ? 1 : -1;
        column.forEach((g) => {
          const b = blocks[g.key];
          const x0 = colStart[l];
          pos[`g${g.key}`] = [x0, y + b.h / 2];
          if (!b.closed) {
            g.members.forEach((n, i) => {
              if (b.dense) {
                const col = Math.floor(i / b.rows);
                const row = i % b.rows;
                pos[`n${n.id}`] = [x0 + dir * (40 + col * DENSE_CELL), y + DENSE_CELL / 2 + row * DENSE_CELL];
              } else {
                pos[`n${n.id}`] = [x0 + dir * 40, y + b.h / 2 + (i - (g.members.length - 1) / 2) * sparseRow];
              }
            });
          }
          y += b.h + BLOCK_GAP;
        });
      });
      pos[`n${this.data.center}`] = [0, 0];
      return { pos, blocks };
    }

    representative(id) {
      if (id === this.data.center) return `n${id}`;
      const n = this.byId[id];
      const key = groupKey(n.level, n.group);
      if (!this.visibleKeys.has(key)) return null;
      return this.expanded.has(key) ? `n${id}` : `g${key}`;
    }

    render() {
      const groups = this.visibleGroups();
      this.visibleKeys = new Set(groups.map((g) => g.key));
      const { pos, blocks } = this.layout(groups);
      this.positions = pos;
      const narrow = this.narrow();
      const nodes = [];
      const center = this.byId[this.data.center];
      nodes.push({
        id: `n${center.id}`,
        name: center.name,
        x: 0,
        y: 0,
        symbolSize: 26,
        itemStyle: { color: CENTER_COLOUR },
        label: { show: true, position: "bottom", fontWeight: "bold", width: narrow ? 110 : 180, overflow: "truncate" },
        url: center.url,
        kind: "center",
      });
      groups.forEach((g) => {
        const colour = ROLE_COLOURS[g.role] || OTHER_COLOUR;
        const open = this.expanded.has(g.key);
        const b = blocks[g.key];
        const outward = g.level > 0 ? "right" : "left";
        nodes.push({
          id: `g${g.key}`,
          name: `${this.roleLabel[g.role] || g.role} · ${g.members.length}`,
          x: pos[`g${g.key}`][0],
          y: pos[`g${g.key}`][1],
          symbol: "roundRect",
          symbolSize: open ? [18, 18] : [Math.min(34, 20 + Math.sqrt(g.members.length) * 1.4), 24],
          itemStyle: { color: open ? "#fff" : colour, borderColor: colour, borderWidth: 2 },
          label: {
            show: true,
            position: open || narrow ? "top" : outward,
            fontWeight: "bold",
            color: "#1f2937",
            width: narrow ? 100 : HEADER_W + 20,
            overflow: "truncate",
          },
          kind: "group",
          group: g,
        });
        if (!open) return;
        g.members.forEach((n) => {
          const match = this.focused === n.id;
          nodes.push({
            id: `n${n.id}`,
            name: n.name,
            x: pos[`n${n.id}`][0],
            y: pos[`n${n.id}`][1],
            symbolSize: match ? 18 : b.dense ? 12 : 12,
            itemStyle: { color: colour, borderColor: match ? "#111827" : "#fff", borderWidth: match ? 3 : 1 },
            label: {
              show: !b.dense || match,
              position: outward,
              width: narrow ? 80 : LABEL_W,
              overflow: "truncate",
              backgroundColor: b.dense ? "rgba(255,255,255,0.92)" : "transparent",
              padding: b.dense ? [2, 4] : 0,
              fontWeight: match ? "bold" : "normal",
            },
            emphasis: { label: { show: true } },
            url: n.url,
            kind: "member",
            node: n,
          });
        });
      });
      // Links between what is shown: a closed group stands for its members, and the party's
      // own links go to a group's node (which fans out to its open members).
      const edges = {};
      const addEdge = (source, target, extra) => {
        const key = `${source}>${target}`;
        const edge = (edges[key] = edges[key] || { source, target, count: 0, kinds: new Set(), ...extra });
        edge.count += 1;
        if (extra.kind) edge.kinds.add(extra.kind);
      };
      this.data.edges.forEach((e) => {
        let s = this.representative(e.source);
        let t = this.representative(e.target);
        if (!s || !t || s === t) return;
        const centerId = `n${this.data.center}`;
        if (s === centerId && t.startsWith("n")) t = `g${groupKey(this.byId[e.target].level, this.byId[e.target].group)}`;
        if (t === centerId && s.startsWith("n")) s = `g${groupKey(this.byId[e.source].level, this.byId[e.source].group)}`;
        addEdge(s, t, { kind: e.label, real: true });
      });
      groups.forEach((g) => {
        if (!this.expanded.has(g.key)) return;
        const faint = blocks[g.key].dense;
        g.members.forEach((n) => {
          const [s, t] = g.level > 0 ? [`g${g.key}`, `n${n.id}`] : [`n${n.id}`, `g${g.key}`];
          edges[`${s}>${t}`] = {
            source: s,
            target: t,
            tree: true,
            lineStyle: { opacity: faint ? 0 : 0.45, width: 1, curveness: 0 },
            emphasis: { lineStyle: { opacity: 0.8 } },
            symbol: ["none", "none"],
          };
        });
      });
      const edgeList = Object.values(edges).map((e) =>
        e.tree
          ? e
          : {
              source: e.source,
              target: e.target,
              tip: `${[...e.kinds].join(", ")}${e.count > 1 ? ` × ${e.count}` : ""}`,
              lineStyle: { width: Math.min(4, 1.2 + Math.log2(e.count)), curveness: 0.06 },
            },
      );
      const view = this.view || {};
      this.chart.setOption(
        {
          animationDurationUpdate: 250,
          tooltip: {
            confine: true,
            formatter: (p) => {
              if (p.dataType === "edge") return p.data.tip ? escapeHtml(p.data.tip) : "";
              const d = p.data;
              if (d.kind === "group") {
                const hint = this.expanded.has(d.group.key) ? this.labels.labelClose : this.labels.labelOpen;
                return `<strong>${escapeHtml(d.name)}</strong> ${escapeHtml(this.labels.labelPartners)}<br>${escapeHtml(hint)}`;
              }
              if (d.kind === "member") {
                const lines = [escapeHtml(d.node.role_labels || ""), ...d.node.links.map(escapeHtml)].filter(Boolean);
                return `<strong>${escapeHtml(d.name)}</strong><br>${lines.join("<br>")}`;
              }
              return `<strong>${escapeHtml(d.name)}</strong>`;
            },
          },
          series: [
            {
              type: "graph",
              layout: "none",
              roam: true,
              scaleLimit: { min: 0.3, max: 4 },
              draggable: false,
              left: narrow ? 84 : LABEL_W + 24,
              right: narrow ? 84 : LABEL_W + 24,
              top: 44,
              bottom: 36,
              nodeScaleRatio: 0,
              zoom: view.zoom || 1,
              center: view.center,
              data: nodes,
              edges: edgeList,
              edgeSymbol: ["none", "arrow"],
              edgeSymbolSize: 7,
              lineStyle: { color: "#94a3b8", width: 1.2, opacity: 0.8 },
              label: { fontSize: 12, color: "#374151" },
              labelLayout: { hideOverlap: true },
              emphasis: { focus: "adjacency", label: { show: true } },
              blur: { itemStyle: { opacity: 0.25 }, lineStyle: { opacity: 0.08 }, label: { opacity: 0.3 } },
            },
          ],
        },
        { replaceMerge: ["series"] },
      );
      this.el.dataset.expanded = [...this.expanded].filter((k) => this.visibleKeys.has(k)).sort().join(" ");
      this.el.dataset.groups = [...this.visibleKeys].sort().join(" ");
      this.el.dataset.focused = this.focused === null ? "" : String(this.focused);
    }

    sizeToContent() {
      const ys = Object.values(this.positions).map((p) => p[1]);
      const height = Math.max(...ys) - Math.min(...ys) + 90;
      const narrow = this.narrow();
      const target = Math.round(Math.min(narrow ? 640 : 900, Math.max(narrow ? 380 : 460, height)));
      if (Math.abs(this.el.clientHeight - target) > 4) {
        this.el.style.height = `${target}px`;
        this.chart.resize();
      }
    }

    update() {
      this.render();
      this.sizeToContent();
    }

    toggle(key) {
      if (this.expanded.has(key)) this.expanded.delete(key);
      else this.expanded.add(key);
      this.view = null;
      this.update();
    }

    onClick(p) {
      if (p.dataType !== "node") return;
      if (p.data.kind === "group") this.toggle(p.data.group.key);
      else if (p.data.url) window.location.href = p.data.url;
    }

    setRoles(hidden) {
      this.hiddenRoles = hidden;
      this.view = null;
      this.update();
    }

    find(query) {
      const q = query.trim().toLowerCase();
      const status = this.card.querySelector("[data-chain-status]");
      if (!q) {
        this.focused = null;
        status.textContent = "";
        this.update();
        return;
      }
      const partners = this.data.nodes.filter((n) => n.id !== this.data.center);
      const hit = partners.find((n) => n.name.toLowerCase() === q) || partners.find((n) => n.name.toLowerCase().includes(q));
      if (!hit) {
        this.focused = null;
        status.textContent = `${this.labels.labelNotFound}: ${query.trim()}`;
        this.update();
        return;
      }
      if (this.hiddenRoles.has(hit.group)) {
        this.hiddenRoles.delete(hit.group);
        const box = this.card.querySelector(`[data-chain-filter] input[value="${hit.group}"]`);
        if (box) box.checked = true;
        syncTable(this.card, this.hiddenRoles);
      }
      if (this.narrow() && Math.abs(hit.level) > 1) {
        status.textContent = `${this.labels.labelFound}: ${hit.name}`;
        const row = [...document.querySelectorAll("[data-chain-table] a")].find((a) => a.getAttribute("href") === hit.url);
        if (row) row.focus();
        return;
      }
      // The partner's group opens, and the partner is drawn larger, outlined and named.
      this.expanded.add(groupKey(hit.level, hit.group));
      this.focused = hit.id;
      this.view = null;
      this.update();
      status.textContent = `${this.labels.labelFound}: ${hit.name}`;
    }

    reset() {
      this.view = null;
      this.focused = null;
      this.chart.dispatchAction({ type: "hideTip" });
      this.update();
    }
  }

  function syncTable(card, hidden) {
    const table = card.parentElement.querySelector("[data-chain-table]");
    if (!table) return;
    table.querySelectorAll("tbody[data-role]").forEach((body) => {
      body.hidden = hidden.has(body.dataset.role);
    });
  }

  function init(card) {
    if (card.dataset.ready) return;
    card.dataset.ready = "1";
    const el = card.querySelector("[data-chain-graph]");
    const source = document.getElementById(el.dataset.source);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    loadECharts(el.dataset.echartsSrc).then((echarts) => {
      const view = new ChainView(card, el, data, echarts);
      view.sizeToContent();
      card.chainView = view;
      const filter = card.querySelector("[data-chain-filter]");
      filter.addEventListener("change", () => {
        const hidden = new Set([...filter.querySelectorAll("input:not(:checked)")].map((box) => box.value));
        syncTable(card, hidden);
        view.setRoles(hidden);
      });
      const search = card.querySelector("[data-chain-search]");
      search.addEventListener("change", () => view.find(search.value));
      search.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          view.find(search.value);
        }
      });
      card.querySelector("[data-chain-reset]").addEventListener("click", () => view.reset());
      card.querySelector("[data-chain-expand-all]").addEventListener("click", () => {
        Object.keys(view.groups).forEach((k) => view.expanded.add(k));
        view.view = null;
        view.update();
      });
      card.querySelector("[data-chain-collapse-all]").addEventListener("click", () => {
        view.expanded.clear();
        view.view = null;
        view.update();
      });
      el.dataset.chainReady = "1";
    });
  }

  function initAll(root) {
    (root || document).querySelectorAll("[data-chain]").forEach(init);
  }

  window.catenaChain = { initAll };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => initAll(document));
  else initAll(document);
  document.addEventListener("htmx:afterSettle", (event) => initAll(event.target));
})();
