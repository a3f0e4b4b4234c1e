/* Académie de l'IA: the catalogue's filters (sector, audience, level). Without this script the
   page lists every lesson with its tags; with it, three menus hide the rows that do not match and
   a live region says how many are left. The choice is kept in the address (?secteur=…), so that a
   filtered catalogue can be shared. Nothing is stored or sent. */
(function () {
  "use strict";

  var form = document.querySelector(".academie-catalogue-filters");
  if (!form) return;
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-catalogue-lesson]"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var count = form.querySelector(".academie-catalogue-count");
  /* The address parameter of each menu: ?secteur=restauration&public=tpe&niveau=debutant */
  var params = { sectors: "secteur", audiences: "public", level: "niveau" };

  function matches(link) {
    return selects.every(function (select) {
      if (!select.value) return true;
      var values = (link.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
      return values.indexOf(select.value) >= 0;
    });
  }

  function remember() {
    if (!window.history || !window.history.replaceState || !window.URLSearchParams) return;
    var query = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var name = params[select.getAttribute("data-filter")];
      if (select.value) query.set(name, select.value); else query.delete(name);
    });
    var search = query.toString();
    try {
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    } catch (e) { /* a page opened from file:// may refuse: the filter works all the same */ }
  }

  function update() {
    var shown = 0;
    links.forEach(function (link) {
      var row = link.closest("tr");
      var visible = matches(link);
      if (row) row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown === 0
      ? "Aucune leçon ne correspond à ces critères."
      : (shown === links.length ? "Les " + shown + " leçons sont affichées."
        : shown + (shown > 1 ? " leçons affichées" : " leçon affichée") + " sur " + links.length + ".");
    remember();
  }

  if (window.URLSearchParams) {
    var query = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = query.get(params[select.getAttribute("data-filter")]);
      if (wanted && select.querySelector('option[value="' + wanted.replace(/[^a-z0-9-]/g, "") + '"]')) select.value = wanted;
    });
  }
  selects.forEach(function (select) { select.addEventListener("change", update); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  /* « Tout afficher »: the menus are reset after the event, then the list follows. */
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  form.hidden = false;
  update();
})();
