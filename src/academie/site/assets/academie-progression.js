/* Académie de l'IA: the learner's progress record, in this browser only (localStorage, one key).

   - Versioned: `version` says which release wrote the record; older records and older export files
     are brought up to date when read, never reset. Version 2 adds, per lesson, `quiz`: the
     fingerprint of the quiz that was passed (data-quiz-fingerprint on the lesson page), so that a
     lesson whose quiz changed stays done and says so.
   - Several tabs: every write re-reads the record and merges into it (a lesson done anywhere stays
     done, best scores win), and a write from another tab that lost something of ours is merged
     back (`storage` event). Only « Effacer ma progression » removes anything.
   - A browser that keeps nothing (private window, storage disabled or full): the record lives in
     the page, quizzes work as usual, and a notice offers to export it to a file.
   Loaded on every page before academie.js, which reads it through window.academieProgression. */
(function () {
  "use strict";

  var KEY = "academie-ia:progression";
  var FORMAT = "academie-ia-progression";
  var VERSION = 2; // 1: first release (done, date, how, scores); 2: + quiz fingerprint, + cleared
  var unsaved = null; // what could not be written, when the browser refuses storage
  var refused = false;
  var lastSeen = null; // the record as this tab last read or wrote it
  var listeners = [];

  function isRecord(value) { return !!value && typeof value === "object" && !Array.isArray(value); }

  function empty() { return { format: FORMAT, version: VERSION, lessons: {}, assessments: {} }; }

  /* A record of any version, as this version reads it; null if it is not a progress record. */
  function upgrade(data) {
    if (!isRecord(data) || data.format !== FORMAT || !isRecord(data.lessons)) return null;
    if (!isRecord(data.assessments)) data.assessments = {};
    /* 1 → 2: nothing to convert; a lesson passed under version 1 gets its quiz fingerprint the
       next time its page is opened. A newer version's record keeps its number and its fields. */
    data.version = Math.max(Number(data.version) || 1, VERSION);
    return data;
  }

  function safeId(id) { return id !== "__proto__" && id !== "constructor" && id !== "prototype"; }

  function earliest(a, b) { return !a ? b : (!b ? a : (a < b ? a : b)); }

  /* `base` and `update` together: a lesson done in either is done, the best score of each quiz
     is kept, the best result of each assessment; the quiz fingerprint of `update` wins. */
  function combine(base, update) {
    var out = { format: FORMAT, version: Math.max(base.version || 1, update.version || 1, VERSION), lessons: {}, assessments: {} };
    if (base.cleared || update.cleared) out.cleared = Math.max(base.cleared || 0, update.cleared || 0);
    [base, update].forEach(function (record) {
      Object.keys(record.lessons).filter(safeId).forEach(function (id) {
        var mine = out.lessons[id], theirs = record.lessons[id];
        if (!isRecord(theirs)) return;
        if (!mine) { out.lessons[id] = JSON.parse(JSON.stringify(theirs)); return; }
        var scores = Object.assign({}, mine.scores || {});
        Object.keys(theirs.scores || {}).filter(safeId).forEach(function (k) {
          scores[k] = Math.max(scores[k] || 0, Number(theirs.scores[k]) || 0);
        });
        out.lessons[id] = Object.assign({}, mine, theirs, {
          done: !!(mine.done || theirs.done),
          date: earliest(mine.date, theirs.date),
          how: mine.how || theirs.how,
          quiz: theirs.quiz || mine.quiz,
          scores: scores
        });
        if (!out.lessons[id].quiz) delete out.lessons[id].quiz;
      });
      Object.keys(record.assessments).filter(safeId).forEach(function (id) {
        var mine = out.assessments[id], theirs = record.assessments[id];
        if (!isRecord(theirs)) return;
        if (!mine || theirs.score > mine.score) out.assessments[id] = Object.assign({}, theirs, { passed: !!(theirs.passed || (mine && mine.passed)) });
        else if (theirs.passed) mine.passed = true;
      });
    });
    return out;
  }

  /* Throws (French message) if the storage cannot be used; the record, or an empty one. */
  function read() {
    var text = window.localStorage.getItem(KEY);
    var data = null;
    try { data = text === null ? null : upgrade(JSON.parse(text)); } catch (e) { /* unreadable: start afresh */ }
    return data || empty();
  }

  function write(data) {
    window.localStorage.setItem(KEY, JSON.stringify(data));
    lastSeen = data;
  }

  function refuse() {
    if (refused) return;
    refused = true;
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showStorageNotice);
    else showStorageNotice();
  }

  function load() {
    var data;
    try { data = read(); lastSeen = data; } catch (e) { refuse(); data = empty(); }
    return unsaved ? combine(data, unsaved) : data;
  }

  /* Re-read, merge, write: another tab's progress is never overwritten. */
  function save(data) {
    try {
      write(combine(read(), unsaved ? combine(unsaved, data) : data));
      unsaved = null;
    } catch (e) {
      unsaved = unsaved ? combine(unsaved, data) : combine(empty(), data);
      refuse();
    }
  }

  /* « Effacer ma progression »: the only way anything is removed. */
  function clear() {
    unsaved = null;
    var data = empty();
    data.cleared = Date.now();
    try { write(data); } catch (e) { refuse(); }
  }

  function isDone(data, lessonId) { return !!(data.lessons[lessonId] && data.lessons[lessonId].done); }

  function markDone(lessonId, how, quiz) {
    var data = load();
    var entry = data.lessons[lessonId] || {};
    entry.done = true;
    entry.date = entry.date || new Date().toISOString().slice(0, 10);
    entry.how = how;
    if (quiz) entry.quiz = quiz;
    data.lessons[lessonId] = entry;
    save(data);
  }

  /* Throws an Error with a French message if `incoming` is not a progress file (any version). */
  function checkFile(incoming) {
    if (!isRecord(incoming) || incoming.format !== FORMAT || !isRecord(incoming.lessons)) {
      throw new Error("ce fichier n’est pas un fichier de progression de l’Académie de l’IA.");
    }
    var lessonsOk = Object.keys(incoming.lessons).every(function (id) {
      var entry = incoming.lessons[id];
      return isRecord(entry) && (entry.scores === undefined || isRecord(entry.scores));
    });
    var assessments = incoming.assessments === undefined ? {} : incoming.assessments;
    var assessmentsOk = isRecord(assessments) && Object.keys(assessments).every(function (id) {
      return isRecord(assessments[id]) && typeof assessments[id].score === "number";
    });
    if (!lessonsOk || !assessmentsOk) {
      throw new Error("ce fichier de progression est abîmé (une leçon ou une évaluation y est mal décrite).");
    }
  }

  /* An imported file merged into `current`: what this browser knows wins where they differ. */
  function merge(current, incoming) {
    checkFile(incoming);
    return combine(upgrade(incoming), current);
  }

  /* The record as a file in the learner's downloads. */
  function exportFile() {
    var blob = new Blob([JSON.stringify(load(), null, 2)], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = "academie-ia-progression-" + new Date().toISOString().slice(0, 10) + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* Another tab wrote: if it lost something this tab had (an older page that read before our
     write), merge it back; then let the page redraw. A reset (newer `cleared`) is accepted. */
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY && event.key !== null) return;
    var incoming = null;
    try { incoming = event.newValue ? upgrade(JSON.parse(event.newValue)) : null; } catch (e) { incoming = null; }
    if (incoming && lastSeen && (incoming.cleared || 0) === (lastSeen.cleared || 0) && lacks(incoming, lastSeen)) {
      try { write(combine(incoming, lastSeen)); } catch (e) { refuse(); }
    } else {
      lastSeen = incoming;
    }
    listeners.forEach(function (listener) { listener(); });
  });

  function lacks(record, other) {
    return Object.keys(other.lessons).some(function (id) {
      var entry = record.lessons[id], theirs = other.lessons[id];
      return isRecord(theirs) && theirs.done && !(entry && entry.done);
    }) || Object.keys(other.assessments).some(function (id) {
      var entry = record.assessments[id], theirs = other.assessments[id];
      return isRecord(theirs) && (!entry || theirs.score > entry.score);
    });
  }

  /* ---------- the notice of a browser that keeps nothing ---------- */

  var PROGRESS_PARTS = "form[data-academie-quiz], .academie-lesson-status, #academie-progress-page, #academie-assessment, .academie-track-progress, .academie-atelier, .academie-reperer";

  function showStorageNotice() {
    var article = document.querySelector("article.md-content__inner, article");
    if (!article || !document.querySelector(PROGRESS_PARTS) || document.querySelector(".academie-storage-notice")) return;
    var notice = document.createElement("div");
    notice.className = "admonition warning academie-storage-notice";
    notice.setAttribute("role", "note");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = "Votre progression ne peut pas être gardée dans ce navigateur";
    var text = document.createElement("p");
    text.textContent = "Ce navigateur refuse d’enregistrer des données (navigation privée, stockage désactivé ou plein). " +
      "Les quiz et les exercices fonctionnent, mais ce que vous réussissez sera oublié en quittant la page. " +
      "Pour le garder, exportez votre progression dans un fichier, puis importez-le plus tard depuis la page «\u00a0Ma progression\u00a0».";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "Exporter ma progression";
    button.addEventListener("click", exportFile);
    notice.appendChild(title);
    notice.appendChild(text);
    notice.appendChild(button);
    var heading = article.querySelector("h1");
    if (heading) heading.parentNode.insertBefore(notice, heading.nextSibling);
    else article.insertBefore(notice, article.firstChild);
  }

  /* Storage is tried once per page, so that the notice shows before the learner answers. */
  function probe() {
    try {
      var probeKey = KEY + ":essai";
      window.localStorage.setItem(probeKey, "1");
      window.localStorage.removeItem(probeKey);
      lastSeen = read();
    } catch (e) { refuse(); }
  }
  probe();

  window.academieProgression = {
    KEY: KEY, FORMAT: FORMAT, VERSION: VERSION,
    empty: empty, load: load, save: save, clear: clear, merge: merge, checkFile: checkFile,
    markDone: markDone, isDone: isDone, exportFile: exportFile,
    refused: function () { return refused; },
    onChange: function (listener) { listeners.push(listener); }
  };
})();
