/* Académie de l'IA — the launch page of a track's SCORM 1.2 package (scorm.html).

   The package is one SCO: this page opens the session with the LMS, shows the offline pack in a
   frame, and reports what the learner does there. The pack's own pages know nothing of SCORM: they
   keep their progress in localStorage as everywhere, and this page hears every change through the
   `storage` event (and when a page of the frame loads). Without an LMS (the ZIP opened from the
   disk), the frame simply shows the pack. Nothing is ever fetched or sent: the LMS's API object
   is a script of the LMS's own window, found through the parents and the opener. */
(function () {
  "use strict";

  var KEY = "academie-ia:progression";
  var FORMAT = "academie-ia-progression";
  var SAFE_PAGE = /^(?!.*\.\.)[a-z0-9][a-z0-9._\/-]*\.html$/;
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

  var config = JSON.parse(document.getElementById("academie-scorm-data").textContent);
  var frame = document.getElementById("academie-scorm-cadre");
  var api = null;
  var started = Date.now();
  var finished = false;

  /* The standard search: up through the parents (at most 7 levels), then the opener's. */
  function findIn(win) {
    for (var depth = 0; win && depth < 8; depth += 1) {
      try { if (win.API) return win.API; } catch (e) { return null; /* another origin */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function findApi() {
    var found = findIn(window.parent !== window ? window.parent : null);
    if (!found && window.opener) found = findIn(window.opener);
    return found;
  }

  /* ---------- the learner's progress, as the pack's pages store it ---------- */

  function readProgress() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY));
      if (data && data.format === FORMAT && data.lessons && typeof data.lessons === "object") {
        data.assessments = data.assessments || {};
        return data;
      }
    } catch (e) { /* blocked storage: nothing to report */ }
    return { format: FORMAT, version: 1, lessons: {}, assessments: {} };
  }

  function writeProgress(data) {
    try { window.localStorage.setItem(KEY, JSON.stringify(data)); } catch (e) { /* private mode */ }
  }

  /* ---------- suspend_data: a few characters at any track size ----------
     "1.<lessons done as a bit set, 6 bits a character>.<number of lessons>.<score><p|f>"
     1 000 lessons take 167 characters; SCORM 1.2 allows 4 096. */

  function encode(doneFlags, assessment) {
    var bits = "";
    for (var i = 0; i < doneFlags.length; i += 6) {
      var value = 0;
      for (var j = 0; j < 6; j += 1) value = value * 2 + (doneFlags[i + j] ? 1 : 0);
      bits += DIGITS.charAt(value);
    }
    var result = assessment ? String(Math.round(assessment.score)) + (assessment.passed ? "p" : "f") : "";
    return "1." + bits + "." + doneFlags.length + "." + result;
  }

  function decode(text) {
    var parts = String(text || "").split(".");
    if (parts.length !== 4 || parts[0] !== "1") return null;
    var count = parseInt(parts[2], 10);
    if (count !== config.lessons.length) return null; // another version of the track: not applied
    var flags = [];
    for (var i = 0; i < parts[1].length; i += 1) {
      var value = DIGITS.indexOf(parts[1].charAt(i));
      if (value < 0) return null;
      for (var j = 5; j >= 0; j -= 1) flags.push(((value >> j) & 1) === 1);
    }
    var match = /^(\d{1,3})([pf])$/.exec(parts[3]);
    return {
      done: flags.slice(0, count),
      assessment: match ? { score: parseInt(match[1], 10), passed: match[2] === "p" } : null
    };
  }

  /* What the LMS had at launch, then what was last reported: progress reported never goes back,
     even if this browser's storage is emptied meanwhile (another browser, a cleared history). */
  var known = null;

  function currentState() {
    var data = readProgress();
    var done = config.lessons.map(function (lesson, index) {
      return !!(data.lessons[lesson.id] && data.lessons[lesson.id].done) || !!(known && known.done[index]);
    });
    var assessment = data.assessments[config.track];
    if (!(assessment && typeof assessment.score === "number")) assessment = null;
    if (known && known.assessment && (!assessment || known.assessment.score > assessment.score)) {
      assessment = known.assessment;
    }
    return { done: done, assessment: assessment };
  }

  /* A resumed attempt: what the LMS kept is merged into this browser's progress. */
  function restore(saved) {
    var state = decode(saved);
    if (!state) return;
    known = state;
    var data = readProgress();
    var today = new Date().toISOString().slice(0, 10);
    config.lessons.forEach(function (lesson, index) {
      if (!state.done[index]) return;
      var entry = data.lessons[lesson.id] || {};
      if (!entry.done) {
        entry.done = true;
        entry.date = entry.date || today;
        entry.how = entry.how || "lms";
      }
      data.lessons[lesson.id] = entry;
    });
    var mine = data.assessments[config.track];
    if (state.assessment && (!mine || state.assessment.score > mine.score)) {
      data.assessments[config.track] = { score: state.assessment.score, passed: state.assessment.passed, date: today };
    }
    writeProgress(data);
  }

  /* ---------- reporting ---------- */

  function set(element, value) { api.LMSSetValue(element, String(value)); }

  function framePage() {
    try {
      var base = window.location.href.replace(/[^\/]*([?#].*)?$/, "");
      var here = frame.contentWindow.location.href.split("#")[0].split("?")[0];
      return here.indexOf(base) === 0 ? here.slice(base.length) : null;
    } catch (e) { return null; }
  }

  function report() {
    if (!api || finished) return;
    var state = currentState();
    known = state;
    set("cmi.suspend_data", encode(state.done, state.assessment));
    var page = framePage();
    if (page && SAFE_PAGE.test(page)) set("cmi.core.lesson_location", page);
    var all = state.done.length > 0 && state.done.every(Boolean);
    if (state.assessment) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", Math.round(state.assessment.score));
      set("cmi.core.lesson_status", state.assessment.passed ? "passed" : "failed");
    } else {
      set("cmi.core.lesson_status", all ? "completed" : "incomplete");
    }
    api.LMSCommit("");
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  /* SCORM 1.2's CMITimeSpan: HHHH:MM:SS.SS */
  function sessionTime() {
    var seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    var hours = Math.floor(seconds / 3600);
    return (hours < 10 ? "000" : hours < 100 ? "00" : hours < 1000 ? "0" : "") + hours + ":" +
      two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60) + ".00";
  }

  function finish() {
    if (!api || finished) return;
    report();
    set("cmi.core.session_time", sessionTime());
    set("cmi.core.exit", "suspend");
    api.LMSCommit("");
    api.LMSFinish("");
    finished = true;
  }

  /* ---------- start ---------- */

  api = findApi();
  var start = config.start;
  if (api && String(api.LMSInitialize("")) === "true") {
    restore(api.LMSGetValue("cmi.suspend_data"));
    var location = api.LMSGetValue("cmi.core.lesson_location");
    if (location && SAFE_PAGE.test(location)) start = location;
    var status = api.LMSGetValue("cmi.core.lesson_status");
    if (!status || status === "not attempted") {
      set("cmi.core.lesson_status", "incomplete");
      api.LMSCommit("");
    }
    window.addEventListener("storage", function (event) { if (event.key === KEY || event.key === null) report(); });
    frame.addEventListener("load", report);
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
  } else {
    api = null;
  }
  window.academieScorm = { encode: encode, decode: decode, connected: !!api };
  frame.setAttribute("src", start);
})();
