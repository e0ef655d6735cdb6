// Catena's own behaviour: the phone-sized menu toggle. Page-specific scripts live with their pages.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-nav]");
  if (toggle) toggle.closest(".topbar").classList.toggle("open");
});
