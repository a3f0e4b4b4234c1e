/* Académie de l'IA: « Mon entreprise est-elle éligible au diagnostic IA ? »
   Compares the answers with the conditions announced in July 2025 (plan « Osez l'IA »).
   Everything happens in the browser: nothing is sent, nothing is stored. */
(function () {
  "use strict";

  var NB = "\u00a0";      /* no-break space, before « : ; ! ? » and inside « » */
  var THIN = "\u202f";    /* narrow no-break space, between groups of digits */
  var RULE = {
    minMonths: 12,
    minRevenue: 1000000,
    fundedPercent: 40,
    source: "Présentation du plan Osez l’IA dans la presse, juillet 2025 (articles en ligne, sources secondaires" + NB + "; ancienneté et chiffre d’affaires non confirmés par une page officielle de Bpifrance)" +
      NB + "; part financée" + NB + ": AFP, 01/07/2025, taux non confirmé par Bpifrance"
  };
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
  var CATEGORIES = { tpe: "TPE ou micro-entreprise", pme: "PME", eti: "ETI", ge: "grande entreprise" };

  /* ---------- numbers, the French way ---------- */

  function euros(cents) {
    var whole = Math.floor(cents / 100), rest = cents % 100;
    var text = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, THIN);
    if (rest) text += "," + (rest < 10 ? "0" : "") + rest;
    return text + NB + "€";
  }

  function plural(n, one, many) { return n + NB + (n > 1 ? many : one); }

  function age(months) {
    var years = Math.floor(months / 12), rest = months % 12;
    if (!months) return "moins d’un" + NB + "mois";
    if (!years) return plural(rest, "mois", "mois");
    return plural(years, "an", "ans") + (rest ? " et " + plural(rest, "mois", "mois") : "");
  }

  /* An amount typed by a person: « 1 500 000 », « 1 500 000 € », « 1,5 M », « 800 k », « 1.500.000 ».
     Returns a number of cents, null when empty, or NaN when it is not an amount. */
  function parseAmount(raw) {
    var s = raw.replace(/[\s\u00a0\u202f]/g, "").toLowerCase().replace(/(€|euros?|eur)$/, "");
    if (s === "") return raw.trim() === "" ? null : NaN;
    var factor = 1;
    if (/k$/.test(s)) { factor = 1000; s = s.slice(0, -1); }
    else if (/(m|mn|millions?)$/.test(s)) { factor = 1000000; s = s.replace(/(m|mn|millions?)$/, ""); }
    if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
    s = s.replace(",", ".");
    if (!/^\d+(\.\d+)?$/.test(s)) return /^-/.test(s) ? -1 : NaN;
    return Math.round(parseFloat(s) * factor * 100);
  }

  /* ---------- errors, next to their field ---------- */

  function byId(id) { return document.getElementById(id); }

  function setError(fieldId, message, errors) {
    var box = byId(fieldId + "-erreur"), target = byId(fieldId) || byId(fieldId + "-groupe");
    box.textContent = message || "";
    box.hidden = !message;
    var described = (target.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
      return x && x !== box.id;
    });
    if (message) {
      described.push(box.id);
      target.setAttribute("aria-invalid", "true");
      errors.push({ id: fieldId, message: message });
    } else {
      target.removeAttribute("aria-invalid");
    }
    if (described.length) target.setAttribute("aria-describedby", described.join(" "));
  }

  /* ---------- reading the form ---------- */

  function read(form) {
    var errors = [], now = new Date(), answers = {};
    var checked = form.querySelector("input[name='categorie']:checked");
    answers.category = checked ? checked.value : null;
    setError("elig-categorie", checked ? "" : "Choisissez la catégorie de votre entreprise.", errors);

    var month = parseInt(byId("elig-mois").value, 10);
    setError("elig-mois", month ? "" : "Choisissez le mois de création.", errors);
    var yearText = byId("elig-annee").value.trim(), year = parseInt(yearText, 10), yearError = "";
    if (yearText === "") yearError = "Indiquez l’année de création, par exemple 2019.";
    else if (!/^\d{4}$/.test(yearText)) yearError = "L’année doit s’écrire avec quatre chiffres, par exemple 2019.";
    else if (year > now.getFullYear() || (month && year === now.getFullYear() && month > now.getMonth() + 1)) {
      yearError = "Cette date est dans le futur" + NB + ": vérifiez le mois et l’année de création.";
    }
    setError("elig-annee", yearError, errors);
    if (month && !yearError) {
      answers.months = (now.getFullYear() - year) * 12 + (now.getMonth() + 1 - month);
      answers.created = { month: month, year: year };
    }

    var revenue = parseAmount(byId("elig-ca").value), revenueError = "";
    if (revenue === null) revenueError = "Indiquez le chiffre d’affaires du dernier exercice, en euros.";
    else if (revenue < 0) revenueError = "Le chiffre d’affaires ne peut pas être négatif" + NB + ": indiquez un montant en euros.";
    else if (isNaN(revenue)) revenueError = "Le chiffre d’affaires doit être un nombre en euros, par exemple 1" + THIN + "500" + THIN + "000.";
    setError("elig-ca", revenueError, errors);
    answers.revenue = revenue;

    var staffText = byId("elig-effectif").value.replace(/[\s\u00a0\u202f]/g, ""), staffError = "";
    if (staffText !== "" && !/^\d+$/.test(staffText)) {
      staffError = "L’effectif doit être un nombre entier de personnes, par exemple 45, ou restez vide.";
    }
    setError("elig-effectif", staffError, errors);
    answers.staff = staffText === "" || staffError ? null : parseInt(staffText, 10);

    var quote = parseAmount(byId("elig-devis").value), quoteError = "";
    if (quote !== null && (isNaN(quote) || quote <= 0)) {
      quoteError = "Le montant du devis doit être un nombre en euros supérieur à zéro, par exemple 20" + THIN + "000, ou restez vide.";
    }
    setError("elig-devis", quoteError, errors);
    answers.quote = quoteError ? null : quote;

    return { answers: answers, errors: errors };
  }

  /* ---------- the result ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function condition(list, label, met, detail) {
    var item = el("li", "academie-eligibility-condition " + (met ? "academie-eligibility-ok" : "academie-eligibility-ko"));
    item.appendChild(document.createTextNode(label + " — "));
    item.appendChild(el("strong", null, met ? "OK" : "non atteint"));
    item.appendChild(document.createTextNode(" (" + detail + ")"));
    list.appendChild(item);
  }

  function render(box, a) {
    var isTarget = a.category === "pme" || a.category === "eti";
    var oldEnough = a.months >= RULE.minMonths;
    var bigEnough = a.revenue >= RULE.minRevenue * 100;
    var eligible = isTarget && oldEnough && bigEnough;
    box.textContent = "";

    var verdict = el("p", "academie-eligibility-verdict " + (eligible ? "academie-eligibility-ok" : "academie-eligibility-ko"),
      eligible
        ? "Votre entreprise semble éligible au diagnostic IA, selon les conditions annoncées en juillet 2025. Deux d’entre elles, l’ancienneté et le chiffre d’affaires, restent à confirmer auprès de Bpifrance."
        : "Votre entreprise ne semble pas éligible au diagnostic IA, selon les conditions annoncées en juillet 2025. L’ancienneté et le chiffre d’affaires sont des conditions annoncées, à confirmer auprès de Bpifrance" + NB + ": interrogez-la avant de renoncer.");
    box.appendChild(verdict);

    box.appendChild(el("p", "academie-eligibility-why", "Pourquoi (l’âge et le chiffre d’affaires sont des conditions annoncées, à confirmer auprès de Bpifrance)" + NB + ":"));
    var list = el("ul", "academie-eligibility-conditions");
    condition(list, "catégorie" + NB + ": PME ou ETI", isTarget, "vous avez indiqué" + NB + ": " + CATEGORIES[a.category]);
    var ageDetail = "votre entreprise a " + age(a.months);
    if (a.months === RULE.minMonths) ageDetail += " ce mois-ci" + NB + ": vérifiez le jour exact de sa création";
    condition(list, "âge" + NB + ": au moins un an", oldEnough, ageDetail);
    condition(list, "chiffre d’affaires" + NB + ": au moins 1" + NB + "million d’euros", bigEnough,
      "vous avez indiqué " + euros(a.revenue));
    box.appendChild(list);

    if (a.staff !== null) {
      box.appendChild(el("p", "academie-eligibility-note", "Effectif indiqué" + NB + ": " + plural(a.staff, "personne", "personnes") +
        ". Il n’entre pas dans ce calcul" + NB + "; Bpifrance vérifiera votre catégorie."));
    }

    if (a.category === "tpe") {
      var tpe = el("p", "academie-eligibility-note",
        "Selon les annonces, le diagnostic vise les PME et les ETI. Pour une TPE, tournez-vous plutôt vers France Num et la CCI de votre territoire" +
        NB + ": voyez la section ");
      var link = el("a", null, "«" + NB + "Votre entreprise est une TPE" + NB + "?" + NB + "»");
      link.href = "#votre-entreprise-est-une-tpe";
      tpe.appendChild(link);
      tpe.appendChild(document.createTextNode(" plus bas."));
      box.appendChild(tpe);
    } else if (isTarget && !oldEnough && a.created) {
      var when = a.created.month - 1;
      box.appendChild(el("p", "academie-eligibility-note", "Votre entreprise aura un an en " + MONTHS[when] + " " + (a.created.year + 1) +
        NB + ": refaites le test à ce moment-là."));
    }

    var funding = el("p", "academie-eligibility-funding");
    funding.appendChild(el("strong", null, "Part financée" + NB + ": " + RULE.fundedPercent + NB + "%"));
    funding.appendChild(document.createTextNode(" du coût du diagnostic, selon l’AFP (taux non confirmé par Bpifrance)." +
      (eligible ? "" : " Elle ne s’applique qu’aux entreprises éligibles.")));
    box.appendChild(funding);

    if (a.quote !== null) {
      if (eligible) {
        var funded = Math.round(a.quote * RULE.fundedPercent / 100), rest = a.quote - funded;
        box.appendChild(el("p", "academie-eligibility-estimate",
          "Estimation pour un devis de " + euros(a.quote) + NB + ": " + euros(funded) + " financés (" + RULE.fundedPercent + NB +
          "%) et " + euros(rest) + " restant à votre charge. C’est une estimation" + NB + ": Bpifrance fixe le montant pris en charge et votre reste à charge."));
      } else {
        box.appendChild(el("p", "academie-eligibility-estimate",
          "Pas d’estimation du financement pour votre devis de " + euros(a.quote) + NB + ": les conditions annoncées ne sont pas toutes remplies."));
      }
    }

    box.appendChild(el("p", "academie-eligibility-source", "Source et date de la règle" + NB + ": " + RULE.source + "."));
    var warning = el("p", "academie-eligibility-warning");
    warning.appendChild(el("strong", null, "Le dernier mot revient à Bpifrance."));
    warning.appendChild(document.createTextNode(" Ces conditions sont celles annoncées en juillet 2025 et ont pu évoluer" + NB +
      ": contactez Bpifrance avant de vous engager."));
    box.appendChild(warning);
  }

  function showErrors(box, errors) {
    box.textContent = "";
    var intro = errors.length > 1 ? "Le formulaire contient " + errors.length + " erreurs" : "Le formulaire contient une erreur";
    box.appendChild(el("p", "academie-eligibility-verdict academie-eligibility-ko", intro + NB + ": " +
      errors.map(function (e) { return e.message; }).join(" ") +
      " Corrigez puis cliquez à nouveau sur «" + NB + "Vérifier" + NB + "»."));
  }

  function start() {
    var root = byId("academie-eligibility"), form = byId("academie-eligibility-form"), box = byId("academie-eligibility-result");
    if (!root || !form || !box) return;
    root.hidden = false;
    var noscript = document.querySelector(".academie-eligibility-nojs");
    if (noscript) noscript.hidden = true;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = read(form);
      box.className = "academie-eligibility-result";
      if (result.errors.length) {
        showErrors(box, result.errors);
        box.classList.add("academie-eligibility-result--errors");
        var first = result.errors[0].id === "elig-categorie" ? form.querySelector("input[name='categorie']") : byId(result.errors[0].id);
        first.focus();
        return;
      }
      render(box, result.answers);
      box.classList.add("academie-eligibility-result--shown");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
