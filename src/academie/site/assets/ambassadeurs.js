// Espace ambassadeurs, handouts and workshop scripts: copy buttons and print buttons.
// Loaded only on those pages (front matter `scripts:`). Without JavaScript the buttons stay
// hidden and the links remain readable and selectable.
(function () {
  "use strict";

  const status = document.querySelector("[data-amb-status]");
  const FEEDBACK_MS = 2500;

  function announce(message) {
    if (status) {
      status.textContent = "";
      // A fresh text node, so that screen readers announce the same message twice in a row.
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  // Clipboard API where the page is a secure context (https, localhost); otherwise the old
  // select-and-copy way, through a temporary off-screen field.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      const field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "academie-amb-offscreen";
      document.body.appendChild(field);
      field.select();
      const done = document.execCommand("copy");
      field.remove();
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function showFeedback(button, label) {
    const original = button.dataset.ambLabel || button.textContent;
    button.dataset.ambLabel = original;
    button.textContent = label;
    window.clearTimeout(Number(button.dataset.ambTimer || 0));
    button.dataset.ambTimer = String(window.setTimeout(function () { button.textContent = original; }, FEEDBACK_MS));
  }

  document.querySelectorAll("[data-amb-copy], [data-amb-print]").forEach(function (button) {
    button.hidden = false;
  });

  document.addEventListener("click", function (event) {
    const target = event.target instanceof Element ? event.target : null;
    const copyButton = target && target.closest("[data-amb-copy]");
    if (copyButton) {
      const text = copyButton.getAttribute("data-amb-copy");
      copyText(text).then(function () {
        showFeedback(copyButton, "Copié\u00a0!");
        announce("Lien copié\u00a0: " + text);
      }, function () {
        showFeedback(copyButton, "Échec");
        announce("Copie impossible\u00a0: sélectionnez le lien et copiez-le avec Ctrl+C.");
      });
      return;
    }
    if (target && target.closest("[data-amb-print]")) {
      window.print();
    }
  });

  // A click in a link field selects the whole link, ready to be copied by hand.
  document.querySelectorAll(".academie-amb-url").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();
