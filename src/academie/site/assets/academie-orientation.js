/* Académie de l'IA: « Par où commencer ? » — adds up the points of the answers and
   recommends a track and its first lessons. Nothing is stored or sent. */
(function () {
  "use strict";

  var A = window.academie;
  var form = document.getElementById("academie-orientation");
  if (!A || !form) return;
  var data = JSON.parse(document.getElementById("academie-orientation-data").textContent);
  var result = document.querySelector(".academie-orientation-result");
  var error = form.querySelector(".academie-orientation-error");

  function href(kind, id) {
    var link = document.querySelector("[data-" + kind + '-link="' + id + '"]');
    return link ? link.getAttribute("href") : "#";
  }

  function title(id) {
    var link = document.querySelector('[data-lesson-link="' + id + '"]');
    return link ? link.textContent : id;
  }

  form.querySelector(".academie-quiz-actions").hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var points = {}, suggested = [], missing = [], sector = null;
    data.tracks.forEach(function (t) { points[t.id] = 0; });
    data.questions.forEach(function (q, n) {
      var checked = form.querySelector('input[name="' + q.id + '"]:checked');
      if (!checked) { missing.push(n + 1); return; }
      var choice = q.choices[Number(checked.value)];
      Object.keys(choice.points).forEach(function (id) { points[id] = (points[id] || 0) + choice.points[id]; });
      choice.lessons.forEach(function (id) { if (suggested.indexOf(id) < 0) suggested.push(id); });
      if (choice.sector && !sector) sector = choice.sector;
    });
    A.all(form, "fieldset").forEach(function (fs, n) {
      fs.classList.toggle("academie-question--missing", missing.indexOf(n + 1) >= 0);
    });
    if (missing.length) {
      error.textContent = (missing.length === 1 ? "Répondez encore à la question " + missing[0]
        : "Répondez encore aux questions " + missing.slice(0, -1).join(", ") + " et " + missing[missing.length - 1])
        + " pour obtenir un conseil.";
      result.hidden = true;
      form.querySelector('input[name="' + data.questions[missing[0] - 1].id + '"]').focus();
      return;
    }
    error.textContent = "";
    /* Highest score wins; ties go to the first track in site order (TPE, PME, grand public). */
    var best = data.tracks.reduce(function (a, b) { return points[b.id] > points[a.id] ? b : a; });
    var first = best.start.concat(suggested.filter(function (id) { return best.lessons.indexOf(id) >= 0; }));
    var unique = first.filter(function (id, i) { return first.indexOf(id) === i; }).slice(0, 4);
    var trackLine = result.querySelector(".academie-orientation-track");
    trackLine.textContent = "Le parcours qui vous correspond\u00a0: ";
    var a = A.el("a", { href: href("track", best.id), "data-recommended-track": best.id }, best.title);
    trackLine.appendChild(a);
    result.querySelector(".academie-orientation-why").textContent = best.why;
    /* The path of the learner's trade, when the Académie has one (« Par métier »). */
    var sectorLine = result.querySelector(".academie-orientation-sector");
    var sectorLink = sector && document.querySelector('[data-sector-link="' + sector + '"]');
    sectorLine.textContent = "";
    sectorLine.hidden = !sectorLink;
    if (sectorLink) {
      sectorLine.appendChild(document.createTextNode("Le parcours de votre métier\u00a0: "));
      sectorLine.appendChild(A.el("a", { href: sectorLink.getAttribute("href"), "data-recommended-sector": sector },
        sectorLink.textContent));
    }
    var list = result.querySelector(".academie-orientation-lessons");
    list.textContent = "";
    unique.forEach(function (id) {
      var li = A.el("li");
      li.appendChild(A.el("a", { href: href("lesson", id) }, title(id)));
      list.appendChild(li);
    });
    result.hidden = false;
    result.querySelector("h2").focus();
  });
})();
