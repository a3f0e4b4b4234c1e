/* Académie de l'IA: the practice blocks of a lesson, in the learner's browser only.
   ```atelier  a simulated assistant: every answer was written by the lesson's author; no model is
               called and nothing is sent anywhere.
   ```reperer  spot the invented, wrong or risky passages of a text, then see what was found.
   Loaded after academie.js, whose window.academie records the score of a reperer that counts. */
(function () {
  "use strict";

  var NBSP = "\u00a0";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The text of a paragraph, its <br> as line ends. */
  function plainText(node) {
    return Array.prototype.map.call(node.childNodes, function (child) {
      return child.nodeName === "BR" ? "\n" : child.nodeType === 1 ? plainText(child) : child.textContent;
    }).join("");
  }

  function quoted(text) { return "«" + NBSP + text + NBSP + "»"; }

  function frenchList(items) {
    if (items.length < 2) return items.join("");
    return items.slice(0, -1).join(", ") + " et " + items[items.length - 1];
  }

  /* Shows the live part of a block and puts its no-script version aside. */
  function enhance(block) {
    all(block, ".academie-practice-live, .academie-practice-actions").forEach(function (n) {
      if (!n.closest(".academie-reperer-results")) n.hidden = false;
    });
    all(block, ".academie-practice-static").forEach(function (n) { n.hidden = true; });
    block.classList.add("academie-practice--js");
  }

  /* ---------- the conversation (role="log") ---------- */

  /* One exchange in the log: the learner's request, then the assistant's answer typed out (at once
     when the reader asked for less motion), then `after` (the feedback). The log is busy while
     the answer is typed, and the typed copy is hidden from screen readers, which read the whole
     answer once it is there. */
  function Conversation(log) {
    var timer = null;
    var turn = 0;

    function stop() {
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      turn += 1;
    }

    function clear() {
      stop();
      log.textContent = "";
      log.removeAttribute("aria-busy");
    }

    function say(requestText, answerNode, after) {
      clear();
      var mine = turn;
      var request = el("div", "academie-bubble academie-bubble--learner");
      request.appendChild(el("p", "academie-bubble-who", "Vous"));
      request.appendChild(el("p", "", requestText));
      log.appendChild(request);

      var reply = el("div", "academie-bubble academie-bubble--assistant");
      reply.appendChild(el("p", "academie-bubble-who", "Assistant (simulé)"));
      var body = answerNode.cloneNode(true);
      body.className = "academie-bubble-text";

      function finish() {
        if (mine !== turn) return;
        timer = null;
        var typed = reply.querySelector(".academie-bubble-typing");
        if (typed) typed.remove();
        reply.appendChild(body);
        reply.classList.remove("academie-bubble--typing");
        if (after) log.appendChild(after);
        log.removeAttribute("aria-busy");
      }

      if (reduceMotion) {
        log.appendChild(reply);
        finish();
        return;
      }
      log.setAttribute("aria-busy", "true");
      reply.classList.add("academie-bubble--typing");
      var typing = el("p", "academie-bubble-typing");
      typing.setAttribute("aria-hidden", "true");
      typing.appendChild(el("span", "academie-typing-dots", "…"));
      reply.appendChild(typing);
      log.appendChild(reply);
      var text = all(body, "p").map(plainText).join("\n\n");
      var shown = 0;
      var step = Math.max(3, Math.ceil(text.length / 70)); // about 70 frames, whatever the length
      function type() {
        if (mine !== turn) return;
        shown = Math.min(text.length, shown + step);
        typing.textContent = text.slice(0, shown);
        if (shown < text.length) timer = window.setTimeout(type, 18);
        else finish();
      }
      timer = window.setTimeout(type, 450); // « l'assistant écrit… »
    }

    return { say: say, clear: clear };
  }

  function feedbackCard(title, text, className) {
    var card = el("div", "academie-atelier-feedback" + (className ? " " + className : ""));
    card.appendChild(el("p", "academie-atelier-feedback-title", title));
    card.appendChild(el("p", "", text));
    return card;
  }

  /* ---------- atelier « choose » ---------- */

  function choose(block) {
    var conversation = Conversation(block.querySelector(".academie-atelier-log"));
    var buttons = all(block, "button.academie-atelier-request");
    var retry = block.querySelector("[data-practice-retry]");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var index = button.getAttribute("data-request");
        var item = block.querySelector(".academie-atelier-item[data-request='" + index + "']");
        buttons.forEach(function (b) { b.removeAttribute("aria-current"); });
        button.setAttribute("aria-current", "true");
        var best = item.hasAttribute("data-best");
        var feedback = item.querySelector(".academie-atelier-feedback-text").cloneNode(true);
        var card = el("div", "academie-atelier-feedback" + (best ? " academie-atelier-feedback--best" : ""));
        card.appendChild(el("p", "academie-atelier-feedback-title", best ? "✓ La demande recommandée" : "Commentaire sur cette demande"));
        feedback.querySelector("strong").remove();
        feedback.className = "";
        card.appendChild(feedback);
        var text = button.cloneNode(true);
        text.querySelector(".academie-atelier-request-number").remove();
        conversation.say(text.textContent.trim(), item.querySelector(".academie-atelier-answer"), card);
        retry.hidden = false;
      });
    });
    retry.addEventListener("click", function () {
      conversation.clear();
      buttons.forEach(function (b) { b.removeAttribute("aria-current"); });
      retry.hidden = true;
      buttons[0].focus();
    });
  }

  /* ---------- atelier « build » ---------- */

  /* The scripted answer closest to the chosen pieces: the most pieces in common minus the extra
     pieces it has; ties go to the larger set, then to the first written. */
  function closest(answers, chosen) {
    var best = null;
    answers.forEach(function (answer) {
      var common = answer.pieces.filter(function (p) { return chosen.indexOf(p) >= 0; }).length;
      var score = common - (answer.pieces.length - common);
      if (!best || score > best.score || (score === best.score && answer.pieces.length > best.answer.pieces.length)) {
        best = { score: score, answer: answer };
      }
    });
    return best.answer;
  }

  function build(block) {
    var conversation = Conversation(block.querySelector(".academie-atelier-log"));
    var pieces = all(block, "button.academie-atelier-piece");
    var draft = block.querySelector(".academie-atelier-draft-text");
    var send = block.querySelector("[data-atelier-send]");
    var retry = block.querySelector("[data-practice-retry]");
    var answers = all(block, ".academie-atelier-scripted").map(function (node) {
      var ids = node.getAttribute("data-pieces");
      var why = node.querySelector(".academie-atelier-scripted-feedback");
      return { pieces: ids ? ids.split(" ") : [], node: node.querySelector(".academie-atelier-answer"),
               why: why ? why.textContent.replace(/^[^:]*:\s*/, "") : "" };
    });

    function chosen() {
      return pieces.filter(function (b) { return b.getAttribute("aria-pressed") === "true"; });
    }

    function request() {
      return [draft.getAttribute("data-base")].concat(chosen().map(function (b) { return b.getAttribute("data-text"); })).join(" ");
    }

    pieces.forEach(function (button) {
      button.addEventListener("click", function () {
        button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
        draft.textContent = request();
      });
    });

    send.addEventListener("click", function () {
      var ids = chosen().map(function (b) { return b.getAttribute("data-piece"); });
      var answer = closest(answers, ids);
      var missing = pieces.filter(function (b) { return ids.indexOf(b.getAttribute("data-piece")) < 0; })
        .map(function (b) { return quoted(b.textContent.trim()); });
      var card;
      if (missing.length) {
        card = feedbackCard("Ce qui manque encore", "Il manque à votre demande" + NBSP + ": " + frenchList(missing) +
          ". Ajoutez " + (missing.length > 1 ? "ces éléments" : "cet élément") + " puis envoyez de nouveau la demande pour comparer les réponses.");
      } else {
        card = feedbackCard("✓ Demande complète", "Votre demande contient tous les éléments. Comparez cette réponse avec celle de la demande de départ.",
          "academie-atelier-feedback--best");
      }
      if (answer.why) card.appendChild(el("p", "academie-atelier-feedback-why", answer.why));
      var same = answer.pieces.length === ids.length && answer.pieces.every(function (p) { return ids.indexOf(p) >= 0; });
      if (!same) {
        var labels = answer.pieces.map(function (id) {
          return quoted(block.querySelector("button.academie-atelier-piece[data-piece='" + id + "']").textContent.trim());
        });
        card.appendChild(el("p", "academie-atelier-feedback-note", "Réponse écrite pour la demande la plus proche de la vôtre" + NBSP + ": " +
          (labels.length ? "la demande de départ avec " + frenchList(labels) : "la demande de départ seule") + "."));
      }
      conversation.say(request(), answer.node, card);
      retry.hidden = false;
    });

    retry.addEventListener("click", function () {
      conversation.clear();
      pieces.forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      draft.textContent = request();
      retry.hidden = true;
      pieces[0].focus();
    });
  }

  /* ---------- reperer ---------- */

  var STATUS = {
    found: "✓ repéré",
    missed: "✗ manqué",
    flagged: "✗ signalé à tort",
    note: "note"
  };

  function reperer(block) {
    var segments = all(block, ".academie-segment");
    var actions = block.querySelector(".academie-practice-actions");
    var validate = block.querySelector("[data-reperer-validate]");
    var results = block.querySelector(".academie-reperer-results");
    var score = block.querySelector(".academie-reperer-score");
    var retry = results.querySelector("[data-practice-retry]");

    function toggle(segment) {
      segment.setAttribute("aria-pressed", segment.getAttribute("aria-pressed") === "true" ? "false" : "true");
    }

    function arm(segment) {
      segment.setAttribute("role", "button");
      segment.setAttribute("tabindex", "0");
      segment.setAttribute("aria-pressed", "false");
    }

    segments.forEach(function (segment) {
      arm(segment);
      segment.addEventListener("click", function () { if (segment.hasAttribute("role")) toggle(segment); });
      /* A button answers Enter on key down and Space on key up, without scrolling the page. */
      segment.addEventListener("keydown", function (event) {
        if (!segment.hasAttribute("role")) return;
        if (event.key === "Enter") { event.preventDefault(); toggle(segment); }
        if (event.key === " ") event.preventDefault();
      });
      segment.addEventListener("keyup", function (event) {
        if (segment.hasAttribute("role") && event.key === " ") { event.preventDefault(); toggle(segment); }
      });
    });

    validate.addEventListener("click", function () {
      var wrong = 0, found = 0, missed = 0, flagged = 0, number = 0;
      segments.forEach(function (segment) {
        var index = segment.getAttribute("data-segment");
        var picked = segment.getAttribute("aria-pressed") === "true";
        var isWrong = segment.hasAttribute("data-wrong");
        var item = results.querySelector("li[data-result='" + index + "']");
        var status = isWrong ? (picked ? "found" : "missed") : (picked ? "flagged" : (item.hasAttribute("data-note") ? "note" : null));
        if (isWrong) wrong += 1;
        if (status === "found") found += 1;
        if (status === "missed") missed += 1;
        if (status === "flagged") flagged += 1;
        ["role", "tabindex", "aria-pressed"].forEach(function (a) { segment.removeAttribute(a); });
        item.hidden = status === null;
        if (status === null) return;
        number += 1;
        segment.setAttribute("data-status", status);
        var badge = el("span", "academie-segment-badge academie-segment-badge--" + status, number + NBSP + STATUS[status]);
        segment.appendChild(badge);
        item.setAttribute("data-status", status);
        item.querySelector(".academie-reperer-status").textContent = number + ". " + STATUS[status] + NBSP + ":";
      });
      var points = Math.max(0, found - flagged);
      var percent = Math.round((100 * points) / wrong);
      var details = "Passages repérés" + NBSP + ": " + found + " sur " + wrong +
        (missed ? ", " + missed + " manqué" + (missed > 1 ? "s" : "") : "") +
        (flagged ? ", " + flagged + " signalé" + (flagged > 1 ? "s" : "") + " à tort (chacun retire un point)" : "") + ".";
      var verdict;
      if (block.hasAttribute("data-academie-graded") && window.academie && window.academie.recordScore) {
        verdict = window.academie.recordScore(block, percent);
      } else {
        verdict = points === wrong && !flagged ? "Tout est juste." : "Lisez les explications ci-dessous, puis recommencez si vous le souhaitez.";
      }
      score.textContent = "Score" + NBSP + ": " + points + " sur " + wrong + ". " + details + " " + verdict;
      block.classList.add("academie-reperer--done");
      actions.hidden = true;
      results.hidden = false;
      score.focus();
    });

    retry.addEventListener("click", function () {
      all(block, ".academie-segment-badge").forEach(function (b) { b.remove(); });
      segments.forEach(function (segment) { segment.removeAttribute("data-status"); arm(segment); });
      all(results, "li[data-result]").forEach(function (item) { item.hidden = true; item.removeAttribute("data-status"); });
      block.classList.remove("academie-reperer--done");
      results.hidden = true;
      actions.hidden = false;
      segments[0].focus();
    });
  }

  function start() {
    all(document, "[data-academie-atelier]").forEach(function (block) {
      enhance(block);
      if (block.getAttribute("data-academie-atelier") === "build") build(block);
      else choose(block);
    });
    all(document, "[data-academie-reperer]").forEach(function (block) {
      enhance(block);
      reperer(block);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
