/*
 * Académie de l’IA: the search worker of the site, in place of Material for MkDocs’ own.
 *
 * Material's bundle keeps the interface (search box, result list, highlighting on the page);
 * this worker answers its messages (`SETUP` with the search index → `READY`, `QUERY` with the
 * typed text → `RESULT`) and searches the way people type in French: without accents or capitals,
 * with elisions (l’, d’, qu’…), with French stop words and with one typo in words of four letters
 * or more (including two swapped letters). Matched words are highlighted in the original,
 * accented text.
 *
 * A classic script that needs nothing but its messages: it runs as a Web Worker on the website,
 * and inside the iframe of the `iframe-worker` shim in a pack opened from file:// (where
 * `postMessage` and `addEventListener` are those of the iframe window).
 */
(function () {
  "use strict";

  /* Material's `SearchMessageType`, a TypeScript const enum: numbers on the wire. */
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  /* Ranking weights. A heading counts several times the text under it; the title of a page
     counts more again; a completed prefix counts less than the whole word, a typo less still. */
  var TITLE_WEIGHT = 4;
  var ARTICLE_TITLE_WEIGHT = 6;
  var PAGE_TITLE_WEIGHT = 1.5;       /* the title of its page, for a section */
  var OTHER_SECTIONS = 0.1;          /* what the other matching sections of a page add to its best one */
  var EXACT = 1, PREFIX = 0.7, FUZZY = 0.45;
  var K1 = 1.2, B = 0.75;            /* BM25 term-frequency saturation and length normalisation */
  var MIN_FUZZY_LENGTH = 4;          /* letters a word needs before a typo is tolerated */
  var MAX_ENDING = 2;                /* letters a finished word may lack (feminine, plural, verb ending) */
  var MAX_FORMS = 3;                 /* original spellings per query word sent for page highlighting */

  /* Words that carry no meaning in a query, accents removed: articles, pronouns, prepositions,
     elided forms (l’, qu’…), and the verbs of a question (« comment faire », « il faut »). */
  var STOP_WORDS = new Set((
    "a ai as au aux avec avez avons c ca ce ceci cela ces cest cet cette comment d dans de des dois doit " +
    "du elle elles en es est et etes etre eu faire fait faut il ils j je jusqu l la le les leur " +
    "leurs lorsqu lui m ma mais me mes moi mon n ne ni nos notre nous on ont ou par pas peut peux " +
    "pour puisqu qu que quel quelle quelles quels quest qui quoi s sa se ses si son sont sommes suis sur " +
    "t ta te tes toi ton tu un une vos votre vous y"
  ).split(" "));

  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var MARKUP = /<[^>]*>|&#?\w+;/g;

  var index = null;

  /* ------------------------------------------------------------------------------------------
   * Words: folding, stemming, tokenizing
   * ---------------------------------------------------------------------------------------- */

  /* Lowercase, without accents or ligatures: « Règlement » and « REGLEMENT » give « reglement ». */
  var foldCache = new Map();
  function fold(word) {
    var result = foldCache.get(word);
    if (result === undefined) {
      result = word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
        .replace(/œ/g, "oe").replace(/æ/g, "ae");
      foldCache.set(word, result);
    }
    return result;
  }

  /* A very light French stemmer: the plural only, so that « clients » finds « client »
     and « reseaux » finds « réseau ». */
  function stem(word) {
    if (word.length > 3 && /[sx]$/.test(word) && !/ss$/.test(word))
      return word.slice(0, -1);
    return word;
  }

  /* The words of an HTML string, with where each one stands in the original string
     (tags and character references are skipped, never cut). */
  function words(html, visit) {
    var from = 0;
    var piece;
    MARKUP.lastIndex = 0;
    do {
      var markup = MARKUP.exec(html);
      var until = markup ? markup.index : html.length;
      piece = html.slice(from, until);
      WORD.lastIndex = 0;
      var match;
      while ((match = WORD.exec(piece)) !== null)
        visit(match[0], from + match.index, from + match.index + match[0].length);
      if (markup)
        from = markup.index + markup[0].length;
    } while (markup);
  }

  /* At most one edit between two words: a letter added, removed, replaced, or two neighbours
     swapped (« rpgd » → « rgpd »). */
  function oneEditApart(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1)
      return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i])
      i++;
    if (la === lb) {
      if (i === la)
        return true;
      if (a.slice(i + 1) === b.slice(i + 1))
        return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* ------------------------------------------------------------------------------------------
   * Index
   * ---------------------------------------------------------------------------------------- */

  /* One field (title or text) of a document: its words with their places, and their counts. */
  function analyse(html, vocabulary) {
    var field = { tokens: [], counts: new Map(), length: 0 };
    words(html || "", function (word, start, end) {
      var folded = fold(word);
      if (STOP_WORDS.has(folded))
        return;
      var term = stem(folded);
      var id = vocabulary.ids.get(term);
      if (id === undefined) {
        id = vocabulary.terms.length;
        vocabulary.ids.set(term, id);
        vocabulary.terms.push(term);
        vocabulary.docs.push(0);
      }
      field.tokens.push(start, end, id);
      field.counts.set(id, (field.counts.get(id) || 0) + 1);
      field.length++;
    });
    return field;
  }

  /* The search index, built from Material's one: {config, docs, options}. Material's index lists
     each page first, then its sections (their location has an anchor). */
  function build(data) {
    var vocabulary = { ids: new Map(), terms: [], docs: [] };
    var pages = new Map();
    var docs = data.docs.map(function (doc, position) {
      var path = doc.location.split("#")[0];
      var page = pages.get(path);
      var entry = {
        doc: doc,
        page: page === undefined ? position : page,
        article: page === undefined,
        boost: typeof doc.boost === "number" ? doc.boost : 1,
        title: analyse(doc.title, vocabulary),
        text: analyse(doc.text, vocabulary)
      };
      if (page === undefined)
        pages.set(path, position);
      var seen = new Set(entry.title.counts.keys());
      entry.text.counts.forEach(function (_, id) { seen.add(id); });
      seen.forEach(function (id) { vocabulary.docs[id]++; });
      return entry;
    });
    var total = docs.reduce(function (sum, entry) { return sum + entry.text.length; }, 0);
    return {
      docs: docs,
      vocabulary: vocabulary,
      averageLength: Math.max(1, total / Math.max(1, docs.length)),
      titles: docs.map(function (entry) { return entry.article ? phrase(entry.doc.title) : null; }),
      suggest: !!(data.options && data.options.suggest)
    };
  }

  /* A title or a query reduced to its folded words, for exact comparison. */
  function phrase(html) {
    var list = [];
    words(html || "", function (word) { list.push(fold(word)); });
    return list.join(" ");
  }

  /* ------------------------------------------------------------------------------------------
   * Query
   * ---------------------------------------------------------------------------------------- */

  /* The words of a query, each with the index terms it matches: the same word (folded, stemmed)
     or a word it begins; only when the site has neither, a word one typo away. So a word spelled
     right never brings pages that merely have a word close to it. */
  function parse(query) {
    var typed = [];
    words(query.replace(/[<&]/g, " "), function (word) {
      var folded = fold(word);
      if (!STOP_WORDS.has(folded) && !typed.some(function (t) { return t.folded === folded; }))
        typed.push({ word: word.toLowerCase(), folded: folded, term: stem(folded) });
    });
    var terms = index.vocabulary.terms;
    /* The last word may still be being typed: it matches any word it begins. A finished word
       (followed by a space) only matches its own endings (« environnemental » → « environnementale »). */
    var typing = !/\s$/.test(query);
    typed.forEach(function (entry, position) {
      var open = typing && position === typed.length - 1;
      entry.matches = new Map();
      for (var id = 0; id < terms.length; id++) {
        var term = terms[id];
        if (term === entry.term || term === entry.folded)
          entry.matches.set(id, EXACT);
        else if (term.startsWith(entry.term) && (open || term.length - entry.term.length <= MAX_ENDING))
          entry.matches.set(id, PREFIX * (0.5 + 0.5 * entry.term.length / term.length));
      }
      if (!entry.matches.size && entry.folded.length >= MIN_FUZZY_LENGTH)
        for (var other = 0; other < terms.length; other++)
          if (terms[other].length >= MIN_FUZZY_LENGTH &&
              (oneEditApart(terms[other], entry.term) || oneEditApart(terms[other], entry.folded)))
            entry.matches.set(other, FUZZY);
      /* How much the word says: the rarest of its terms (a word found nowhere weighs as much as
         the rarest word, so that it lowers every page alike). */
      entry.weight = 0;
      entry.matches.forEach(function (_, id) { entry.weight = Math.max(entry.weight, idf(id)); });
      if (!entry.matches.size)
        entry.weight = idf(-1);
    });
    return typed;
  }

  /* How rare a term is among the documents (BM25's inverse document frequency). */
  function idf(id) {
    var n = index.docs.length, df = id < 0 ? 0 : index.vocabulary.docs[id];
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  function saturate(count, length) {
    var norm = 1 - B + B * length / index.averageLength;
    return count * (K1 + 1) / (count + K1 * norm);
  }

  /* How well one document answers one query word: the best of the terms it matches, in its
     heading, its text, and (for a section) the title of its page. */
  function match(entry, word) {
    var best = 0, found = [];
    var titleWeight = entry.article ? ARTICLE_TITLE_WEIGHT : TITLE_WEIGHT;
    var page = entry.article ? null : index.docs[entry.page].title;
    word.matches.forEach(function (kind, id) {
      var inTitle = entry.title.counts.get(id) || 0;
      var inText = entry.text.counts.get(id) || 0;
      var inPage = page ? page.counts.get(id) || 0 : 0;
      if (inTitle || inText)
        found.push(id);
      else if (!inPage)
        return;
      best = Math.max(best, kind * idf(id) * (
        titleWeight * saturate(inTitle, entry.title.length || 1) +
        saturate(inText, entry.text.length) +
        PAGE_TITLE_WEIGHT * saturate(inPage, page ? page.length || 1 : 1)
      ));
    });
    return { score: best, found: found, covered: best > 0 };
  }

  /* Wrap the matched words of a field in Material's highlight mark, in the original text. */
  function highlight(html, field, ids) {
    if (!ids.size)
      return html;
    var out = "", from = 0, tokens = field.tokens;
    for (var t = 0; t < tokens.length; t += 3)
      if (ids.has(tokens[t + 2])) {
        out += html.slice(from, tokens[t]) + "<mark data-md-highlight>" +
          html.slice(tokens[t], tokens[t + 1]) + "</mark>";
        from = tokens[t + 1];
      }
    return out + html.slice(from);
  }

  /* The original spellings of the matched words in a document, for Material's `?h=` page
     highlighting (« règlement » for the query « reglement »). */
  function spellings(entry, ids, limit) {
    var forms = [];
    [entry.title, entry.text].forEach(function (field) {
      var html = field === entry.title ? entry.doc.title : entry.doc.text;
      for (var t = 0; t < field.tokens.length && forms.length < limit; t += 3)
        if (ids.has(field.tokens[t + 2])) {
          var form = html.slice(field.tokens[t], field.tokens[t + 1]);
          if (forms.indexOf(form) < 0)
            forms.push(form);
        }
    });
    return forms;
  }

  /* A result item in Material's shape: the document with highlighted title and text, its score,
     and the query terms (true: found, with their original spelling; false: missing). */
  function item(entry, words, matched, score) {
    var ids = new Set();
    var terms = {};
    words.forEach(function (word, i) {
      var found = matched[i].found;
      if (!found.length) {
        terms[word.word] = false;
        return;
      }
      var own = new Set(found);
      found.forEach(function (id) { ids.add(id); });
      spellings(entry, own, MAX_FORMS).forEach(function (form) { terms[form] = true; });
    });
    var result = {
      location: entry.doc.location,
      title: highlight(entry.doc.title, entry.title, ids),
      text: highlight(entry.doc.text, entry.text, ids),
      score: score,
      terms: terms
    };
    if (entry.doc.tags)
      result.tags = entry.doc.tags.slice();
    return result;
  }

  /* The share of the query a set of matches covers, each word weighted by how rare it is. */
  function coverage(words, matched) {
    var total = 0, covered = 0;
    words.forEach(function (word, i) {
      total += word.weight;
      if (matched[i] && matched[i].covered)
        covered += word.weight;
    });
    return total ? covered / total : 0;
  }

  /* Search. Each document (a page's introduction, or one of its sections) is scored: the sum of
     its words' scores times the square of the share of the query it covers. Pages are ranked by
     their best document plus a tenth of the others; a page whose title is the query, exactly
     (accents and capitals apart), comes first. Material shows the documents of a page
     together, best first. */
  function search(query) {
    var typed = parse(query);
    if (!typed.length)
      return { items: [] };
    var whole = phrase(query.replace(/[<&]/g, " "));
    var pages = new Map();
    index.docs.forEach(function (entry) {
      var matched = typed.map(function (word) { return match(entry, word); });
      /* A section is listed only if it has one of the words itself, not only in its page title. */
      if (!matched.some(function (m) { return m.found.length; }))
        return;
      var share = coverage(typed, matched);
      var score = matched.reduce(function (sum, m) { return sum + m.score; }, 0) *
        entry.boost * share * share;
      var page = pages.get(entry.page);
      if (!page) {
        page = { entries: [], top: 0 };
        pages.set(entry.page, page);
      }
      page.entries.push({ entry: entry, matched: matched, score: score });
      page.top = Math.max(page.top, score);
    });

    var ranked = [];
    pages.forEach(function (page, position) {
      var sum = page.entries.reduce(function (total, hit) { return total + hit.score; }, 0);
      page.exactTitle = whole !== "" && index.titles[position] === whole;
      page.score = page.top + OTHER_SECTIONS * (sum - page.top);
      ranked.push(page);
    });
    ranked.sort(function (a, b) {
      return (b.exactTitle - a.exactTitle) || (b.score - a.score);
    });

    var items = ranked.map(function (page) {
      page.entries.sort(function (a, b) { return b.score - a.score; });
      var group = page.entries.map(function (hit) {
        return item(hit.entry, typed, hit.matched, hit.score);
      });
      if (!page.entries.some(function (hit) { return hit.entry.article; })) {
        var article = index.docs[page.entries[0].entry.page];
        group.push(item(article, typed, typed.map(function (word) {
          return match(article, word);
        }), 0));
      }
      return group;
    });
    var result = { items: items };
    if (index.suggest)
      result.suggest = [];
    return result;
  }

  /* ------------------------------------------------------------------------------------------
   * Messages
   * ---------------------------------------------------------------------------------------- */

  function handle(message) {
    switch (message && message.type) {
      case SETUP:
        index = build(message.data);
        return { type: READY };
      case QUERY:
        try {
          return { type: RESULT, data: search(String(message.data)) };
        } catch (err) {
          console.error("Recherche de l’Académie : la requête « " + message.data + " » a échoué.", err);
          return { type: RESULT, data: { items: [] } };
        }
      default:
        throw new TypeError("Recherche de l’Académie : message inattendu de Material (type " +
          (message && message.type) + "). Le protocole du worker de Material a-t-il changé ?");
    }
  }

  addEventListener("message", function (ev) {
    postMessage(handle(ev.data));
  });
})();
