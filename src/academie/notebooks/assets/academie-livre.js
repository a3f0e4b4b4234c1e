// The book theme's print and full-screen buttons, without inline handlers: the edition's
// Content-Security-Policy refuses onclick="…" attributes, so the build turns them into
// data-academie-action attributes and this script does what they did.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-academie-action]") : null;
  if (!button) return;
  const action = button.getAttribute("data-academie-action");
  if (action === "imprimer") {
    window.print();
  } else if (action === "plein-ecran" && typeof window.toggleFullScreen === "function") {
    window.toggleFullScreen();
  }
});
