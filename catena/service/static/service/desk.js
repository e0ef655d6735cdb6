// The agent's desk on a case's page: a canned response chosen from the list is filled in for the
// case and put into the reply box at the cursor; Ctrl+Enter (⌘+Enter) sends the reply.
(() => {
  "use strict";

  function insertAt(field, text) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? field.value.length;
    field.value = field.value.slice(0, start) + text + field.value.slice(end);
    field.selectionStart = field.selectionEnd = start + text.length;
    field.dispatchEvent(new Event("keyup", { bubbles: true }));
    field.focus();
  }

  document.addEventListener("change", (event) => {
    const pick = event.target.closest("[data-canned-target]");
    if (!pick || !pick.value) return;
    const field = document.querySelector(pick.dataset.cannedTarget);
    fetch(pick.value, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => { if (field) insertAt(field, data.text); })
      .finally(() => { pick.value = ""; });
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    const form = event.target.closest(".message-form");
    if (!form) return;
    event.preventDefault();
    const reply = form.querySelector('button[name="visibility"][value="reply"]');
    if (reply) reply.click();
  });
})();
