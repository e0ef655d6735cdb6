// The files and comments panels (catena/workspace/templates/workspace/*_panel.html): the upload's
// progress bar, redrawing a panel whose form was refused (422), and @mention suggestions in the
// comment box. Each panel includes this file; it wires itself once per page.
(function () {
  "use strict";
  if (window.catenaWorkspace) return;
  window.catenaWorkspace = true;

  const inPanel = (element) => element && element.closest && element.closest("[data-workspace-panel]");

  // A refused upload or comment answers 422 with the panel and the reason: show it.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 422 && inPanel(event.detail.elt)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // --- upload progress ---------------------------------------------------------------------------
  document.addEventListener("htmx:xhr:progress", (event) => {
    const form = event.target.closest && event.target.closest("form[data-upload-form]");
    if (!form || !event.detail.lengthComputable) return;
    const bar = form.querySelector("[data-upload-progress]");
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.target.closest && event.target.closest("form[data-upload-form]");
    if (!form) return;
    const bar = form.querySelector("[data-upload-progress]");
    bar.value = 0;
    bar.hidden = false;
    form.querySelector("button[type=submit]").disabled = true;
  });

  // --- @mention suggestions ----------------------------------------------------------------------
  let pending = null;

  const mentionAt = (box) => {
    const before = box.value.slice(0, box.selectionStart);
    const match = /(^|[^\w@.+-])@([\w.@+-]{0,30})$/u.exec(before);
    return match ? { query: match[2], start: before.length - match[2].length - 1 } : null;
  };

  const listOf = (box) => box.parentElement.querySelector("[data-mention-list]");

  const close = (box) => {
    const list = listOf(box);
    list.hidden = true;
    list.replaceChildren();
    box.removeAttribute("aria-activedescendant");
  };

  const choose = (box, option) => {
    const found = mentionAt(box);
    if (!found) return close(box);
    const name = option.dataset.username;
    const after = box.value.slice(box.selectionStart);
    box.value = box.value.slice(0, found.start) + "@" + name + " " + after;
    const caret = found.start + name.length + 2;
    box.setSelectionRange(caret, caret);
    close(box);
    box.focus();
  };

  const show = (box, users) => {
    const list = listOf(box);
    list.replaceChildren();
    users.forEach((user, index) => {
      const option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = list.id + "-" + index;
      option.dataset.username = user.username;
      option.textContent = "@" + user.username + (user.name && user.name !== user.username ? " · " + user.name : "");
      if (index === 0) option.setAttribute("aria-selected", "true");
      list.appendChild(option);
    });
    list.hidden = users.length === 0;
    if (users.length) box.setAttribute("aria-activedescendant", list.id + "-0");
  };

  const suggest = (box) => {
    const found = mentionAt(box);
    if (!found) return close(box);
    if (pending) pending.abort();
    pending = new AbortController();
    const url = box.dataset.mentionUrl + "&q=" + encodeURIComponent(found.query);
    fetch(url, { signal: pending.signal, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { users: [] }))
      .then((data) => show(box, data.users || []))
      .catch(() => {});
  };

  document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches("textarea[data-mention-url]")) suggest(event.target);
  });

  document.addEventListener("keydown", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches("textarea[data-mention-url]")) return;
    const list = listOf(box);
    if (list.hidden) return;
    const options = Array.from(list.querySelectorAll("[role=option]"));
    let current = options.findIndex((option) => option.getAttribute("aria-selected") === "true");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (current >= 0) options[current].removeAttribute("aria-selected");
      current = (current + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      options[current].setAttribute("aria-selected", "true");
      box.setAttribute("aria-activedescendant", options[current].id);
    } else if ((event.key === "Enter" || event.key === "Tab") && current >= 0) {
      event.preventDefault();
      choose(box, options[current]);
    } else if (event.key === "Escape") {
      close(box);
    }
  });

  document.addEventListener("mousedown", (event) => {
    const option = event.target.closest && event.target.closest("[data-mention-list] [role=option]");
    if (!option) return;
    event.preventDefault(); // keep the focus (and the caret) in the box
    choose(option.closest(".mention-box").querySelector("textarea"), option);
  });
})();
