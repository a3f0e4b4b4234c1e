/* Académie de l'IA: a track's final assessment, drawn and shuffled at every attempt,
   with a score per module, the lessons to review and a printable attestation. */
(function () {
  "use strict";

  var A = window.academie;
  var root = document.getElementById("academie-assessment");
  if (!A || !root) return;

  var pool = JSON.parse(document.getElementById("academie-assessment-data").textContent);
  var form = root.querySelector(".academie-assessment-form");
  var nameInput = document.getElementById("academie-attestation-name");
  var nameError = document.getElementById("academie-attestation-name-error");
  var start = root.querySelector("[data-assessment-start]");
  var result = root.querySelector(".academie-assessment-result");
  var attestationForm = root.querySelector(".academie-attestation-form");
  var attestation = root.querySelector(".academie-attestation");
  var attempt = 0;
  var lastScore = 0;

  function shuffle(items) {
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
    }
    return copy;
  }

  function lessonHref(id) {
    var link = document.querySelector('[data-lesson-link="' + id + '"]');
    return link ? link.getAttribute("href") : "#";
  }

  /* One attempt: `perLesson` questions from each lesson, all shuffled, choices shuffled too
     (true/false keeps Vrai before Faux). */
  function draw() {
    var drawn = [];
    pool.modules.forEach(function (module, m) {
      module.lessons.forEach(function (lesson) {
        shuffle(lesson.questions).slice(0, pool.perLesson).forEach(function (q) {
          drawn.push({ module: m, lesson: lesson, question: q });
        });
      });
    });
    return shuffle(drawn);
  }

  function fieldset(item, n, total) {
    var q = item.question, id = "eval-" + attempt + "-q" + n;
    var fs = A.el("fieldset", { "class": "academie-question", "data-kind": q.kind, "data-module": String(item.module), "data-lesson-id": item.lesson.id });
    var legend = A.el("legend");
    legend.appendChild(A.el("span", { "class": "academie-question-number" }, "Question " + n + " sur " + total + "\u00a0: "));
    legend.appendChild(document.createTextNode(q.text));
    fs.appendChild(legend);
    var hint = { single: "Une seule réponse.", multiple: "Plusieurs réponses possibles\u00a0: cochez toutes les bonnes.", truefalse: "Vrai ou faux\u00a0?" }[q.kind];
    fs.appendChild(A.el("p", { "class": "academie-question-hint", id: id + "-hint" }, hint));
    var choices = q.kind === "truefalse" ? q.choices : shuffle(q.choices);
    choices.forEach(function (c, k) {
      var wrap = A.el("div", { "class": "academie-choice" });
      var input = A.el("input", { type: q.kind === "multiple" ? "checkbox" : "radio", id: id + "-c" + k, name: id, value: String(k), "aria-describedby": id + "-hint" });
      if (c.correct) input.setAttribute("data-correct", "");
      wrap.appendChild(input);
      wrap.appendChild(A.el("label", { "for": id + "-c" + k }, c.text));
      if (c.feedback) { var f = A.el("p", { "class": "academie-choice-feedback" }, c.feedback); f.hidden = true; wrap.appendChild(f); }
      fs.appendChild(wrap);
    });
    var res = A.el("div", { "class": "academie-question-result" });
    res.hidden = true;
    res.appendChild(A.el("p", { "class": "academie-verdict" }));
    var right = q.choices.filter(function (c) { return c.correct; }).map(function (c) { return c.text; });
    res.appendChild(A.el("p", { "class": "academie-expected" }, (right.length > 1 ? "Bonnes réponses" : "Bonne réponse") + "\u00a0: " + right.join("\u00a0; ")));
    res.appendChild(A.el("p", { "class": "academie-explanation" }, q.explanation));
    var review = A.el("p", { "class": "academie-review-link" });
    review.appendChild(document.createTextNode("À revoir dans la leçon "));
    review.appendChild(A.el("a", { href: lessonHref(item.lesson.id) }, item.lesson.title));
    res.appendChild(review);
    fs.appendChild(res);
    return fs;
  }

  function showResult(percent, fieldsets) {
    var perModule = pool.modules.map(function () { return { right: 0, total: 0 }; });
    var toReview = {};
    fieldsets.forEach(function (fs) {
      var m = Number(fs.getAttribute("data-module"));
      perModule[m].total += 1;
      if (fs.classList.contains("academie-question--right")) perModule[m].right += 1;
      else toReview[fs.getAttribute("data-lesson-id")] = true;
    });
    var body = result.querySelector("tbody");
    body.textContent = "";
    pool.modules.forEach(function (module, m) {
      if (!perModule[m].total) return;
      var row = A.el("tr");
      row.appendChild(A.el("th", { scope: "row" }, module.title));
      row.appendChild(A.el("td", {}, perModule[m].right + " sur " + perModule[m].total));
      row.appendChild(A.el("td", {}, Math.round((100 * perModule[m].right) / perModule[m].total) + "\u00a0%"));
      body.appendChild(row);
    });
    var list = result.querySelector(".academie-review-list");
    list.textContent = "";
    pool.modules.forEach(function (module) {
      module.lessons.forEach(function (lesson) {
        if (!toReview[lesson.id]) return;
        var li = A.el("li");
        li.appendChild(A.el("a", { href: lessonHref(lesson.id) }, lesson.title));
        list.appendChild(li);
      });
    });
    result.querySelector(".academie-review").hidden = !list.children.length;
    var passed = percent >= pool.passMark;
    result.querySelector(".academie-assessment-verdict").textContent = passed
      ? "Évaluation réussie avec " + percent + "\u00a0% de bonnes réponses. Bravo\u00a0!"
      : "Pas encore\u00a0: " + percent + "\u00a0% de bonnes réponses, il en faut " + pool.passMark + "\u00a0%. Revoyez les leçons ci-dessous puis refaites une tentative.";
    result.hidden = false;
    attestationForm.hidden = !passed;
    attestation.hidden = true;
    lastScore = percent;
    /* The answers are now shown: this attempt is over, a new one draws new questions. */
    fieldsets.forEach(function (fs) { fs.disabled = true; });
    form.querySelector(".academie-quiz-actions").hidden = true;
    var data = A.load();
    var best = data.assessments[pool.track];
    if (!best || percent >= best.score) data.assessments[pool.track] = { score: percent, passed: passed || !!(best && best.passed), date: new Date().toISOString().slice(0, 10) };
    A.save(data);
    result.querySelector("h2").focus();
    return passed ? "Évaluation réussie." : "Évaluation non réussie.";
  }

  function newAttempt() {
    attempt += 1;
    /* A fresh form each time: wiring the same element again would stack its submit listeners. */
    var fresh = form.cloneNode(false);
    form.parentNode.replaceChild(fresh, form);
    form = fresh;
    var drawn = draw();
    drawn.forEach(function (item, i) { form.appendChild(fieldset(item, i + 1, drawn.length)); });
    var actions = A.el("div", { "class": "academie-quiz-actions" });
    actions.appendChild(A.el("button", { type: "submit", "class": "md-button md-button--primary" }, "Valider"));
    form.appendChild(actions);
    form.appendChild(A.el("p", { "class": "academie-quiz-score", role: "status", "aria-live": "polite" }));
    A.wireQuiz(form, showResult);
    form.hidden = false;
    result.hidden = true;
    attestationForm.hidden = true;
    attestation.hidden = true;
    document.body.classList.remove("academie-has-attestation");
    var first = form.querySelector("input");
    if (first) first.focus();
  }

  start.hidden = false;
  start.addEventListener("click", function () { start.hidden = true; newAttempt(); });
  result.querySelector("[data-assessment-again]").addEventListener("click", newAttempt);

  root.querySelector("[data-attestation-show]").addEventListener("click", function () {
    var name = nameInput.value.trim();
    if (!name) {
      nameInput.setAttribute("aria-invalid", "true");
      nameError.hidden = false;
      nameInput.focus();
      return;
    }
    nameInput.removeAttribute("aria-invalid");
    nameError.hidden = true;
    attestation.querySelector(".academie-attestation-name").textContent = name;
    attestation.querySelector(".academie-attestation-score").textContent = lastScore + "\u00a0% de bonnes réponses";
    attestation.querySelector(".academie-attestation-date").textContent = new Date().toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
    attestation.hidden = false;
    document.body.classList.add("academie-has-attestation");
    attestation.querySelector("[data-attestation-print]").focus();
  });
  root.querySelector("[data-attestation-print]").addEventListener("click", function () { window.print(); });
})();
