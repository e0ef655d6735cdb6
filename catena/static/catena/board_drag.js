// Drag and drop on the kanban boards (opportunities by stage, orders by flow stage).
// A mouse drags with HTML5 drag and drop; a finger or a pen drags the card's handle with pointer
// events (touch browsers do not fire HTML5 drag events). A drop asks the API to move the record,
// sending the version the card was drawn with, the same use case the stage menu calls:
//   200 -> the board is read again (counts and totals change);
//   409 -> someone moved it first: the card snaps back, a message says so, the board is re-read;
//   422 -> a rule refuses it (a fact is missing, the move is not allowed): the card snaps back
//          and the reason is shown;
//   403 -> not the user's to move: the card snaps back and the refusal is shown.
// A stage that needs a reason (a lost deal) is left to the card's own menu, which asks for it.
// The stage menu stays on every card: the way to move a card with the keyboard.
(() => {
  "use strict";

  let dragged = null;
  let origin = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function say(text, ok) {
    const region = document.querySelector("[data-board-status]");
    if (!region) return;
    region.textContent = text;
    region.classList.toggle("is-error", !ok);
    region.classList.toggle("is-ok", ok);
  }

  function refresh(board) {
    if (!window.htmx) return Promise.resolve();
    const url = board.dataset.refreshUrl + window.location.search;
    return window.htmx.ajax("GET", url, { target: "#board", swap: "outerHTML" });
  }

  function remember(card) {
    origin = { parent: card.parentNode, next: card.nextSibling };
  }

  function snapBack(card) {
    if (origin && origin.parent) origin.parent.insertBefore(card, origin.next);
  }

  function place(card, column) {
    const more = column.querySelector(".column-more");
    const empty = column.querySelector(".column-empty");
    if (empty) empty.hidden = true;
    const head = column.querySelector(".column-head");
    const anchor = more || null;
    if (anchor) column.insertBefore(card, anchor);
    else if (head && head.nextSibling) column.insertBefore(card, head.nextSibling);
    else column.appendChild(card);
  }

  function reasons(body) {
    const found = (body.errors || []).map((e) => e.message).filter(Boolean);
    return found.length ? found.join(" ") : body.detail || "";
  }

  async function drop(card, column) {
    const board = card.closest("[data-drag-board]");
    const to = column.dataset.column;
    if (!board || !to || to === card.dataset.column) return;
    if (column.dataset.needsReason !== undefined) {
      const select = card.querySelector("select.move-select");
      if (select) {
        select.value = column.dataset.stepId;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      return;
    }
    remember(card);
    place(card, column);
    card.classList.add("is-pending");
    card.setAttribute("aria-busy", "true");
    const payload = { [card.dataset.payloadKey]: to, version: Number(card.dataset.version) };
    let response = null;
    try {
      response = await fetch(card.dataset.moveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(payload),
      });
    } catch (error) {
      response = null;
    }
    card.classList.remove("is-pending");
    card.removeAttribute("aria-busy");
    if (response && response.ok) {
      card.dataset.column = to;
      say(board.dataset.movedMessage, true);
      await refresh(board);
      return;
    }
    snapBack(card);
    card.classList.add("has-error");
    card.dataset.moveStatus = response ? String(response.status) : "0";
    const body = response ? await response.json().catch(() => ({})) : {};
    if (response && response.status === 409) {
      say(board.dataset.staleMessage || reasons(body), false);
      await refresh(board);
      return;
    }
    say(reasons(body) || board.dataset.failedMessage, false);
  }

  // --- mouse: HTML5 drag and drop ------------------------------------------------------------
  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest("[data-card]");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    document.querySelectorAll(".is-drop-target").forEach((el) => el.classList.remove("is-drop-target"));
    dragged = null;
  });

  document.addEventListener("dragover", (event) => {
    const column = event.target.closest && event.target.closest("[data-drop]");
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".is-drop-target").forEach((el) => el !== column && el.classList.remove("is-drop-target"));
    column.classList.add("is-drop-target");
  });

  document.addEventListener("drop", (event) => {
    const column = event.target.closest && event.target.closest("[data-drop]");
    if (!column || !dragged) return;
    event.preventDefault();
    const card = dragged;
    card.classList.remove("is-dragging");
    column.classList.remove("is-drop-target");
    dragged = null;
    drop(card, column);
  });

  // --- touch and pen: pointer events on the handle ---------------------------------------------
  let lift = null;

  function columnAt(x, y) {
    const hit = document.elementFromPoint(x, y);
    return hit && hit.closest ? hit.closest("[data-drop]") : null;
  }

  document.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "mouse") return;
    const handle = event.target.closest && event.target.closest(".drag-handle");
    const card = handle && handle.closest("[data-card]");
    if (!card) return;
    event.preventDefault();
    const box = card.getBoundingClientRect();
    lift = { card, id: event.pointerId, dx: event.clientX - box.left, dy: event.clientY - box.top, width: box.width };
    handle.setPointerCapture(event.pointerId);
    card.classList.add("is-lifted");
    card.style.width = `${box.width}px`;
    card.style.left = `${box.left}px`;
    card.style.top = `${box.top}px`;
  });

  document.addEventListener("pointermove", (event) => {
    if (!lift || event.pointerId !== lift.id) return;
    lift.card.style.left = `${event.clientX - lift.dx}px`;
    lift.card.style.top = `${event.clientY - lift.dy}px`;
    const column = columnAt(event.clientX, event.clientY);
    document.querySelectorAll(".is-drop-target").forEach((el) => el !== column && el.classList.remove("is-drop-target"));
    if (column) column.classList.add("is-drop-target");
    // near the board's edges, scroll it so a far column comes into reach
    const board = lift.card.closest("[data-drag-board]");
    if (board) {
      const edge = board.getBoundingClientRect();
      if (event.clientX > edge.right - 30) board.scrollLeft += 12;
      else if (event.clientX < edge.left + 30) board.scrollLeft -= 12;
    }
  });

  function putDown(event) {
    if (!lift || event.pointerId !== lift.id) return;
    const { card } = lift;
    lift = null;
    card.classList.remove("is-lifted");
    card.style.width = card.style.left = card.style.top = "";
    const column = event.type === "pointerup" ? columnAt(event.clientX, event.clientY) : null;
    document.querySelectorAll(".is-drop-target").forEach((el) => el.classList.remove("is-drop-target"));
    if (column) drop(card, column);
  }

  document.addEventListener("pointerup", putDown);
  document.addEventListener("pointercancel", putDown);
})();
