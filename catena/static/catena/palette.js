// Search everywhere: the command palette. Ctrl+K / Cmd+K, or "/" outside a text field, or a
// click in the top bar's search box opens it; typing asks /me/search (debounced, the previous
// request aborted); arrow keys move through the results, Enter opens one, Escape closes.
// Results are written with textContent only: names come from users' data.
(() => {
  "use strict";

  const dialog = document.querySelector("[data-palette]");
  if (!dialog) return;
  const input = dialog.querySelector("[data-palette-input]");
  const list = dialog.querySelector("[data-palette-list]");
  const status = dialog.querySelector("[data-palette-status]");
  const DEBOUNCE_MS = 150;
  let timer = 0;
  let inFlight = null;
  let active = -1;
  let asked = null;
  let enterPending = false;

  function options() {
    return Array.from(list.querySelectorAll("[role=option]"));
  }

  function setActive(index) {
    const all = options();
    if (!all.length) {
      active = -1;
      input.setAttribute("aria-activedescendant", "");
      return;
    }
    active = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  function option(label, detail, attrs) {
    const el = document.createElement("div");
    el.setAttribute("role", "option");
    el.id = `palette-option-${list.querySelectorAll("[role=option]").length}`;
    el.className = "palette-option";
    const title = document.createElement("span");
    title.className = "palette-title";
    title.textContent = label;
    el.appendChild(title);
    if (detail) {
      const sub = document.createElement("small");
      sub.className = "palette-subtitle";
      sub.textContent = detail;
      el.appendChild(sub);
    }
    Object.entries(attrs).forEach(([key, value]) => {
      el.dataset[key] = value;
    });
    return el;
  }

  function group(kind, label) {
    const box = document.createElement("div");
    box.setAttribute("role", "group");
    box.className = "palette-group";
    box.dataset.kind = kind;
    const heading = document.createElement("div");
    heading.className = "palette-heading";
    heading.id = `palette-group-${kind}`;
    heading.setAttribute("role", "presentation");
    heading.textContent = label;
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    list.appendChild(box);
    return box;
  }

  function render(data) {
    list.replaceChildren();
    data.groups.forEach((found) => {
      const box = group(found.kind, found.label);
      found.results.forEach((result) => {
        box.appendChild(option(result.title, result.subtitle, { url: result.url, kind: result.kind }));
      });
      if (found.has_more && found.more_url) {
        box.appendChild(option(dialog.dataset.more, found.label, { url: found.more_url, more: found.kind }));
      }
    });
    if (data.page_url && data.groups.length) {
      group("all", "").appendChild(option(dialog.dataset.all, data.query, { url: data.page_url }));
    }
    if (data.commands.length) {
      const box = group("commands", dialog.dataset.commands);
      data.commands.forEach((command) => {
        box.appendChild(option(command.label, "", { url: command.url, command: command.key }));
      });
    }
    status.textContent = data.query && !data.groups.length ? dialog.dataset.empty : "";
    setActive(0);
    if (enterPending) {
      enterPending = false;
      if (data.groups.length) run(options()[0]);
    }
  }

  function ask(query) {
    if (asked === query) return;
    asked = query;
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    status.textContent = query ? dialog.dataset.loading : "";
    const url = `${dialog.dataset.url}?${new URLSearchParams({ q: query })}`;
    fetch(url, { headers: { Accept: "application/json" }, signal: inFlight.signal, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then(render)
      .catch((error) => {
        if (error && error.name === "AbortError") return;
        asked = null;
        status.textContent = "";
      });
  }

  function open(initial) {
    if (dialog.open) return;
    enterPending = false;
    input.value = initial || "";
    asked = null;
    dialog.showModal();
    input.focus();
    input.select();
    ask(input.value.trim());
  }

  function run(el) {
    if (!el) return;
    if (el.dataset.command === "language") {
      const button = document.querySelector(".topbar form.language-switch button[name=language]");
      dialog.close();
      if (button) button.click();
      return;
    }
    window.location.assign(el.dataset.url);
  }

  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]") !== null;
  }

  document.addEventListener("keydown", (event) => {
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key === "k") {
      event.preventDefault();
      if (dialog.open) dialog.close();
      else open("");
    } else if (key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !dialog.open && !isTyping(event.target)) {
      event.preventDefault();
      open("");
    }
  });

  // The top bar's box opens the palette instead (it still submits to the results page without
  // JavaScript).
  document.addEventListener("focusin", (event) => {
    const box = event.target.closest("[data-palette-open]");
    if (box) {
      const typed = box.value;
      box.value = "";
      box.blur();
      open(typed);
    }
  });

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => ask(input.value.trim()), DEBOUNCE_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive(active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      window.clearTimeout(timer);
      const query = input.value.trim();
      if (asked !== query) {
        // Enter before the debounce fired: search now, then open the first result.
        enterPending = true;
        ask(query);
        return;
      }
      run(options()[active]);
    }
  });

  list.addEventListener("mousemove", (event) => {
    const el = event.target.closest("[role=option]");
    if (el) setActive(options().indexOf(el));
  });

  list.addEventListener("click", (event) => {
    run(event.target.closest("[role=option]"));
  });

  // A click on the backdrop (outside the box) closes it, as Escape does.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });

  dialog.addEventListener("close", () => {
    if (inFlight) inFlight.abort();
    window.clearTimeout(timer);
  });
})();
