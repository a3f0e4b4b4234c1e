/* Académie de l'IA: quizzes, progress and final assessments, in the learner's browser only.
   No framework, no request: progress lives in localStorage under one key. */
(function () {
  "use strict";

  /* ---------- progress store: assets/academie-progression.js ---------- */

  var P = window.academieProgression;
  var load = P.load, save = P.save, merge = P.merge, isDone = P.isDone;

  function markDone(lessonId, how, quiz) { P.markDone(lessonId, how, quiz); }

  /* ---------- small helpers ---------- */

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function minutes(total) {
    var h = Math.floor(total / 60), m = total % 60;
    if (!h) return m + "\u00a0min";
    return h + "\u00a0h" + (m ? "\u00a0" + (m < 10 ? "0" : "") + m : "");
  }

  /* ---------- quizzes ---------- */

  function scoreQuestion(fieldset) {
    var inputs = all(fieldset, "input");
    var answered = inputs.some(function (i) { return i.checked; });
    var right = inputs.every(function (i) { return i.checked === i.hasAttribute("data-correct"); });
    inputs.forEach(function (input) {
      var choice = input.closest(".academie-choice");
      choice.classList.toggle("academie-choice--correct", input.hasAttribute("data-correct"));
      choice.classList.toggle("academie-choice--wrong", input.checked && !input.hasAttribute("data-correct"));
      var feedback = choice.querySelector(".academie-choice-feedback");
      if (feedback) feedback.hidden = !input.checked;
    });
    var result = fieldset.querySelector(".academie-question-result");
    result.hidden = false;
    var verdict = result.querySelector(".academie-verdict");
    verdict.textContent = right ? "Bonne réponse." : (answered ? "Réponse incorrecte." : "Pas de réponse.");
    fieldset.classList.toggle("academie-question--right", right);
    fieldset.classList.toggle("academie-question--wrong", !right);
    return right;
  }

  function resetQuestion(fieldset) {
    all(fieldset, "input").forEach(function (input) {
      input.checked = false;
      var choice = input.closest(".academie-choice");
      choice.classList.remove("academie-choice--correct", "academie-choice--wrong");
      var feedback = choice.querySelector(".academie-choice-feedback");
      if (feedback) feedback.hidden = true;
    });
    fieldset.querySelector(".academie-question-result").hidden = true;
    fieldset.classList.remove("academie-question--right", "academie-question--wrong");
  }

  /* Live regions announce changes only: empty the region first, then write, so that the same
     message (the same score twice) is read again. */
  function announce(region, text) {
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  /* Wires a form made of .academie-question fieldsets; onScore(percent, fieldsets) after each « Valider »
     returns the sentence that follows the score. The « Recommencer » button is optional. */
  function wireQuiz(form, onScore) {
    form.classList.add("academie-quiz--js");
    all(form, "details.academie-answer").forEach(function (d) { d.hidden = true; });
    var actions = form.querySelector(".academie-quiz-actions");
    actions.hidden = false;
    var retry = form.querySelector("[data-quiz-retry]");
    var status = form.querySelector(".academie-quiz-score");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fieldsets = all(form, ".academie-question");
      var right = fieldsets.filter(scoreQuestion).length;
      var percent = Math.round((100 * right) / fieldsets.length);
      announce(status, "Score\u00a0: " + right + " sur " + fieldsets.length + " (" + percent + "\u00a0%). " + onScore(percent, fieldsets));
      if (retry) retry.hidden = false;
    });
    if (retry) retry.addEventListener("click", function () {
      all(form, ".academie-question").forEach(resetQuestion);
      status.textContent = "";
      retry.hidden = true;
      var first = form.querySelector("input");
      if (first) first.focus();
    });
  }

  /* The blocks of a page that validate its lesson: its quizzes, and the practice blocks that count
     (academie-pratique.js), in the order of the page. */
  var GRADED = "form[data-academie-quiz], [data-academie-graded]";

  /* Keeps the best score of a graded block; the lesson is done once every graded block of the page
     reaches the pass mark. Returns the sentence that follows the score. */
  function recordScore(block, percent) {
    var graded = all(document, GRADED);
    var index = graded.indexOf(block);
    var lessonId = block.getAttribute("data-lesson-id");
    var passMark = Number(block.getAttribute("data-pass-mark")) || 70;
    var what = block.matches("form[data-academie-quiz]") ? "Quiz réussi" : "Exercice réussi";
    var data = load();
    var entry = data.lessons[lessonId] || {};
    entry.scores = entry.scores || {};
    entry.scores[index] = Math.max(entry.scores[index] || 0, percent);
    data.lessons[lessonId] = entry;
    save(data);
    var passed = graded.every(function (b, i) { return (entry.scores[i] || 0) >= passMark; });
    if (passed) {
      var status = document.querySelector(".academie-lesson-status[data-quiz-fingerprint]");
      markDone(lessonId, "quiz", status ? status.getAttribute("data-quiz-fingerprint") : undefined);
      showLessonStatus();
      return what + "\u00a0: la leçon est marquée comme terminée.";
    }
    return percent >= passMark ? what + "." : "Il faut " + passMark + "\u00a0% pour valider\u00a0: relisez les explications puis recommencez.";
  }

  function lessonQuizzes() {
    all(document, "form[data-academie-quiz]").forEach(function (form) {
      wireQuiz(form, function (percent) { return recordScore(form, percent); });
    });
  }

  /* ---------- lesson status (« J'ai terminé cette leçon ») ---------- */

  function showLessonStatus() {
    var box = document.querySelector(".academie-lesson-status");
    if (!box) return;
    box.hidden = false;
    var lessonId = box.getAttribute("data-lesson-id");
    var data = load();
    var done = isDone(data, lessonId);
    box.querySelector(".academie-status-done").hidden = !done;
    quizChanged(box, data.lessons[lessonId], done);
    var button = box.querySelector("[data-lesson-done]");
    if (button) button.hidden = done;
    var todo = box.querySelector(".academie-status-todo");
    if (todo) todo.hidden = done;
  }

  /* A lesson passed with another version of its quiz stays done, and says so. A lesson passed
     before quizzes had fingerprints takes the current one. */
  function quizChanged(box, entry, done) {
    var current = box.getAttribute("data-quiz-fingerprint");
    var notice = box.querySelector(".academie-quiz-changed");
    var changed = !!(done && current && entry.quiz && entry.quiz !== current);
    if (done && current && !entry.quiz && entry.how === "quiz") markDone(box.getAttribute("data-lesson-id"), "quiz", current);
    if (!changed) { if (notice) notice.hidden = true; return; }
    if (!notice) {
      notice = el("p", { "class": "academie-quiz-changed" }, "Le quiz de cette leçon a changé depuis que vous l’avez réussi. " +
        "La leçon reste terminée\u00a0; vous pouvez faire le nouveau quiz pour vérifier vos connaissances.");
      box.querySelector(".academie-status-done").insertAdjacentElement("afterend", notice);
    }
    notice.hidden = false;
  }

  function lessonStatus() {
    var box = document.querySelector(".academie-lesson-status");
    if (!box) return;
    var button = box.querySelector("[data-lesson-done]");
    if (button) {
      button.addEventListener("click", function () {
        markDone(box.getAttribute("data-lesson-id"), "manuel");
        showLessonStatus();
        box.querySelector(".academie-status-done").focus();
      });
    }
    showLessonStatus();
  }

  /* ---------- syllabus progress ---------- */

  function trackProgress(lessonLinks, data) {
    var done = 0, doneMinutes = 0, totalMinutes = 0;
    lessonLinks.forEach(function (link) {
      var m = Number(link.getAttribute("data-duration")) || 0;
      totalMinutes += m;
      if (isDone(data, link.getAttribute("data-lesson-id"))) { done += 1; doneMinutes += m; }
    });
    return { done: done, total: lessonLinks.length, doneMinutes: doneMinutes, totalMinutes: totalMinutes };
  }

  function progressBars(container, p) {
    container.textContent = "";
    var lessonsLabel = p.done + " leçon" + (p.done > 1 ? "s" : "") + " terminée" + (p.done > 1 ? "s" : "") + " sur " + p.total;
    var minutesLabel = minutes(p.doneMinutes) + " sur " + minutes(p.totalMinutes);
    [[lessonsLabel, p.done, p.total], [minutesLabel, p.doneMinutes, p.totalMinutes]].forEach(function (row) {
      var label = el("p", { "class": "academie-progress-label" }, row[0]);
      var bar = el("progress", { max: String(row[2] || 1), value: String(row[1]), "aria-label": row[0] });
      container.appendChild(label);
      container.appendChild(bar);
    });
  }

  function syllabus() {
    var container = document.querySelector(".academie-track-progress");
    if (!container) return;
    var data = load();
    var links = all(document, "a.academie-lesson-link[data-lesson-id]");
    links.forEach(function (link) {
      if (!isDone(data, link.getAttribute("data-lesson-id"))) return;
      link.classList.add("academie-lesson-link--done");
      link.parentNode.insertBefore(el("span", { "class": "academie-done-badge" }, "✓ terminée"), link.nextSibling);
    });
    container.hidden = false;
    progressBars(container.querySelector(".academie-progress-bars"), trackProgress(links, data));
  }

  /* ---------- « Ma progression » ---------- */

  function progressPage() {
    var page = document.getElementById("academie-progress-page");
    if (!page) return;
    var tracks = JSON.parse(document.getElementById("academie-tracks-data").textContent);
    var list = page.querySelector(".academie-started-tracks");
    var message = page.querySelector(".academie-progress-message");

    /* The syllabus URLs come from the page's own links, resolved by the site engine
       (directory URLs online, .html files in the offline packs). */
    function trackHref(id) {
      var link = document.querySelector('[data-track-link="' + id + '"]');
      return link ? link.getAttribute("href") : "#";
    }

    function draw() {
      var data = load();
      list.textContent = "";
      var started = tracks.filter(function (t) { return t.lessons.some(function (l) { return isDone(data, l.id); }); });
      if (!started.length) {
        list.appendChild(el("p", {}, "Vous n’avez encore terminé aucune leçon dans ce navigateur."));
      }
      started.forEach(function (track) {
        var section = el("section", { "class": "academie-started-track", "data-track-id": track.id });
        var title = el("h3", {});
        var a = el("a", { href: trackHref(track.id) }, track.title);
        title.appendChild(a);
        section.appendChild(title);
        var bars = el("div", { "class": "academie-progress-bars" });
        var lessons = track.lessons.map(function (l) {
          return el("a", { "data-lesson-id": l.id, "data-duration": String(l.duration) });
        });
        progressBars(bars, trackProgress(lessons, data));
        section.appendChild(bars);
        list.appendChild(section);
      });
    }

    page.querySelector("[data-progress-export]").addEventListener("click", function () {
      P.exportFile();
      announce(message, "Fichier de progression enregistré dans vos téléchargements.");
    });

    var input = page.querySelector("[data-progress-import]");
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var merged = merge(load(), JSON.parse(text));
        save(merged);
        draw();
        var count = Object.keys(merged.lessons).filter(function (id) { return merged.lessons[id].done; }).length;
        announce(message, "Progression importée\u00a0: " + count + " leçon" + (count > 1 ? "s" : "") + " terminée" + (count > 1 ? "s" : "") + ".");
      }).catch(function (error) {
        var reason = error instanceof SyntaxError ? "ce fichier n’est pas un fichier de progression lisible (JSON invalide)."
          : (error && error.message && /^ce fichier/.test(error.message)) ? error.message : "le fichier n’a pas pu être lu.";
        announce(message, "Import impossible\u00a0: " + reason + " Votre progression actuelle n’a pas été modifiée.");
      }).then(function () {
        input.value = ""; // the same file can be chosen again
      });
    });

    var reset = page.querySelector("[data-progress-reset]");
    var confirm = page.querySelector("[data-progress-reset-confirm]");
    reset.addEventListener("click", function () { confirm.hidden = false; confirm.focus(); });
    confirm.addEventListener("click", function () {
      P.clear();
      confirm.hidden = true;
      draw();
      reset.focus();
      announce(message, "Votre progression a été effacée de ce navigateur.");
    });
    P.onChange(draw);
    draw();
  }

  /* ---------- boxes that scroll sideways (accessibility) ---------- */

  /* A table or notebook output wider than the screen scrolls inside its own box. Such a box takes
     the keyboard focus, so that the arrow keys scroll it, and says what it holds (WCAG 2.1.1):
     only the innermost box that scrolls, and again when the width changes or a <details> opens. */
  var SCROLL_BOXES = ".md-typeset__scrollwrap, .academie-sortie-html";

  function markScrollBoxes() {
    all(document, SCROLL_BOXES).forEach(function (box) {
      var inner = all(box, SCROLL_BOXES).some(function (b) { return b.scrollWidth > b.clientWidth + 1; });
      var scrolls = !inner && box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.querySelector("table") ? "Tableau à faire défiler" : "Contenu à faire défiler");
        box.setAttribute("data-academie-scrollbox", "");
      } else if (!scrolls && box.hasAttribute("data-academie-scrollbox")) {
        ["tabindex", "role", "aria-label", "data-academie-scrollbox"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }

  function scrollBoxes() {
    var pending = false;
    function later() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; markScrollBoxes(); });
    }
    markScrollBoxes();
    window.addEventListener("resize", later);
    document.addEventListener("toggle", later, true);
  }

  window.academie = { load: load, save: save, merge: merge, wireQuiz: wireQuiz, announce: announce, el: el, all: all, minutes: minutes, markDone: markDone, isDone: isDone, recordScore: recordScore };

  function start() {
    P.onChange(showLessonStatus); // another tab's progress
    lessonQuizzes();
    lessonStatus();
    syllabus();
    progressPage();
    scrollBoxes();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
