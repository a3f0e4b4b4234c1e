/*
 * Académie de l’IA: the search engine of the site's worker, in place of Material for MkDocs’ own.
 * academie-search.js (the worker itself, a few lines) loads this file on the first message.
 *
 * Material's bundle keeps the interface (search box, result list, highlighting on the page);
 * this worker answers its messages (`QUERY` with the typed text → `RESULT`) and searches the way
 * people type in French: without accents or capitals, with elisions (l’, d’, qu’…), with a light
 * French stemmer (« diagnostique » finds « diagnostic », « salariés » finds « salarié »), question
 * forms reduced to their subject (« qu’est-ce que », « c’est quoi », « comment faire pour »), the
 * authors' synonyms (recherche/synonymes.yml, shipped with the index), one typo in words of four
 * letters or more and two in words of eight or more. A word as typed counts more than another
 * form of it, a synonym or a typo. Matched words are highlighted in the original, accented text.
 *
 * The index is loaded on the first query, not with the page (see « Loading the index on demand »).
 *
 * A classic script that needs nothing but its messages: it runs as a Web Worker on the website,
 * and inside the iframe of the `iframe-worker` shim in a pack opened from file:// (where
 * `postMessage`, `addEventListener` and `importScripts` are those of the shim).
 */
(function () {
  "use strict";

  /* Material's `SearchMessageType`, a TypeScript const enum: numbers on the wire. */
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  /* Ranking weights. A heading counts several times the text under it; the title of a page
     counts more again. A word counts fully as typed, less in another form of it (stem), as a
     synonym, as the beginning of a longer word, and less still with one or two typos. */
  var TITLE_WEIGHT = 4;
  var ARTICLE_TITLE_WEIGHT = 6;
  var PAGE_TITLE_WEIGHT = 1.5;       /* the title of its page, for a section */
  var OTHER_SECTIONS = 0.1;          /* what the other matching sections of a page add to its best one */
  var PHRASE = 1.5;                  /* a document with the words of the query together, in order */
  var EXACT = 1, STEM = 0.9, SYNONYM = 0.8, PREFIX = 0.7, FUZZY = [1, 0.45, 0.3];
  var K1 = 1.2, B = 0.75;            /* BM25 term-frequency saturation and length normalisation */
  var MIN_FUZZY_LENGTH = 4;          /* letters a word needs before a typo is tolerated */
  var TWO_TYPOS_LENGTH = 8;          /* letters a word needs before two typos are */
  var MAX_ENDING = 2;                /* letters a finished word may lack (feminine, plural, verb ending) */
  var MAX_FORMS = 3;                 /* original spellings per query word sent for page highlighting */

  /* Words that carry no meaning, accents removed: articles, pronouns, prepositions, elided forms
     (l’, qu’…), and the verbs of a question (« comment faire », « il faut »). */
  var STOP_WORDS = new Set((
    "a ai as au aux avec avez avons c ca ce ceci cela ces cest cet cette comment d dans de des dois doit " +
    "du elle elles en es est et etes etre eu faire fait faut il ils j je jusqu l la le les leur " +
    "leurs lorsqu lui m ma mais me mes moi mon n ne ni nos notre nous on ont ou par pas peut peux " +
    "pour puisqu qu que quel quelle quelles quels quest qui quoi s sa se ses si son sont sommes suis sur " +
    "t ta te tes toi ton tu un une vos votre vous y"
  ).split(" "));

  /* What a question adds around its subject, in a query only (« c’est quoi l’IA », « je voudrais
     savoir comment… », « pourquoi ») : left out of the query, never of the index. */
  var FILLERS = new Set((
    "aimerais aimerai bonjour cherche combien dire disent dis dit explique expliquer expliquez merci " +
    "plait pourquoi quand " +
    "savoir souhaite souhaiterais stp svp veux voudrais voulais"
  ).split(" "));

  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var MARKUP = /<[^>]*>|&#?\w+;/g;

  var index = null;

  /* ------------------------------------------------------------------------------------------
   * Words: folding, stemming, tokenizing, typos
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

  /* A light French stemmer, on folded words: plural (« formations » → « formation »,
     « réseaux » → « réseau », « généraux » → « général »), feminine and final e (« salariées »,
     « salarié » → « salari » ; « personnelle » → « personnel »), -ique/-ic (« diagnostique »,
     « diagnostic »), -ive/-if, -euse/-eur. Index and query go through it alike. */
  var IRREGULAR = new Map([
    ["fausse", "faux"], ["fausses", "faux"], ["nouvelle", "nouveau"], ["nouvelles", "nouveau"],
    ["nouveaux", "nouveau"], ["vieille", "vieux"], ["vieilles", "vieux"], ["belle", "beau"],
    ["belles", "beau"], ["beaux", "beau"], ["travaux", "travail"], ["yeux", "oeil"]
  ]);
  var stemCache = new Map();
  function stem(word) {
    var w = stemCache.get(word);
    if (w !== undefined)
      return w;
    w = IRREGULAR.get(word) || word;
    if (w.length > 3) {
      if (/eaux$/.test(w))
        w = w.slice(0, -1);
      else if (/aux$/.test(w) && w.length > 5)
        w = w.slice(0, -3) + "al";
      else if (/[sx]$/.test(w) && !/ss$/.test(w))
        w = w.slice(0, -1);
      if (/euse$/.test(w))
        w = w.slice(0, -4) + "eur";
      else if (/trice$/.test(w))
        w = w.slice(0, -5) + "teur";
      else if (/ique$/.test(w) && w.length > 5)
        w = w.slice(0, -3) + "c";
      else if (/ive$/.test(w) && w.length > 5)
        w = w.slice(0, -2) + "f";
      else if (/er$/.test(w) && w.length > 5)
        w = w.slice(0, -2);          /* infinitive: « tromper », « trompe » → « tromp » */
      while (w.length > 4 && /e$/.test(w))
        w = w.slice(0, -1);
      if (w.length > 4 && /([lnt])\1$/.test(w))
        w = w.slice(0, -1);
    }
    stemCache.set(word, w);
    return w;
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

  /* The number of edits between a word of the site and a typed one, up to `max` (more: max + 1):
     a letter added, removed, replaced, or two neighbours swapped (« rpgd » → « rgpd »). `fromCut`
     and `toCut` also ask for the fewest edits between the typed word and a beginning of the word
     of that many letters: returns [whole word, best beginning]. */
  var rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
  function distance(word, typed, max, fromCut, toCut) {
    var lw = word.length, lt = typed.length, prefix = max + 1;
    if (lt + 1 > rows[0].length)
      rows = [new Int32Array(lt + 1), new Int32Array(lt + 1), new Int32Array(lt + 1)];
    var before = rows[0], previous = rows[1], current = rows[2], j;
    for (j = 0; j <= lt; j++)
      previous[j] = j;
    if (fromCut <= 0 && toCut >= 0)
      prefix = Math.min(prefix, lt);
    for (var i = 1; i <= lw; i++) {
      current[0] = i;
      var best = i, letter = word.charCodeAt(i - 1);
      for (j = 1; j <= lt; j++) {
        var other = typed.charCodeAt(j - 1);
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter === other ? 0 : 1));
        if (i > 1 && j > 1 && letter === typed.charCodeAt(j - 2) && word.charCodeAt(i - 2) === other)
          value = Math.min(value, before[j - 2] + 1);
        current[j] = value;
        if (value < best)
          best = value;
      }
      if (i >= fromCut && i <= toCut && i < lw)
        prefix = Math.min(prefix, current[lt]);
      if (best > max)
        return [max + 1, prefix];
      var spare = before;
      before = previous;
      previous = current;
      current = spare;
    }
    return [previous[lt], prefix];
  }

  /* How many letters of the typed word a word of the site lacks: no fewer edits can join them. */
  function letters(word) {
    var counts = new Uint8Array(27);
    for (var i = 0; i < word.length; i++) {
      var code = word.charCodeAt(i) - 97;
      counts[code >= 0 && code < 26 ? code : 26]++;
    }
    return counts;
  }

  function lacking(typed, counts) {
    var missing = 0;
    for (var c = 0; c < 27; c++)
      if (typed[c] > counts[c])
        missing += typed[c] - counts[c];
    return missing;
  }

  /* ------------------------------------------------------------------------------------------
   * Index
   * ---------------------------------------------------------------------------------------- */

  /* The words of the site: each distinct folded word (a form) has an id, its stem, and the number
     of documents that hold it; `byStem` lists the forms of each stem. */
  function vocabularyOf() {
    return { ids: new Map(), forms: [], stems: [], docs: [], postings: [], byStem: new Map() };
  }

  function formId(vocabulary, folded) {
    var id = vocabulary.ids.get(folded);
    if (id === undefined) {
      id = vocabulary.forms.length;
      vocabulary.ids.set(folded, id);
      vocabulary.forms.push(folded);
      var root = stem(folded);
      vocabulary.stems.push(root);
      vocabulary.docs.push(0);
      vocabulary.postings.push([]);
      var same = vocabulary.byStem.get(root);
      if (same === undefined)
        vocabulary.byStem.set(root, [id]);
      else
        same.push(id);
    }
    return id;
  }

  /* One field (title or text) of a document: its words with their places, and their counts. */
  function analyse(html, vocabulary) {
    var field = { tokens: [], counts: new Map(), length: 0 };
    words(html || "", function (word, start, end) {
      var folded = fold(word);
      if (STOP_WORDS.has(folded))
        return;
      var id = formId(vocabulary, folded);
      field.tokens.push(start, end, id);
      field.counts.set(id, (field.counts.get(id) || 0) + 1);
      field.length++;
    });
    return field;
  }

  /* A word or phrase of the authors' synonyms as stems, without stop words (« AI Act » → act). */
  function stemsOf(text) {
    var list = [];
    words(text, function (word) {
      var folded = fold(word);
      if (!STOP_WORDS.has(folded))
        list.push(stem(folded));
    });
    return list;
  }

  /* The search index, built from Material's one: {config, docs, options}, plus the authors'
     synonyms (`synonyms`: groups of words or phrases) added by the build. Material's index lists
     each page first, then its sections (their location has an anchor). */
  function build(data) {
    var vocabulary = vocabularyOf();
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
      seen.forEach(function (id) {
        vocabulary.docs[id]++;
        vocabulary.postings[id].push(position);
      });
      return entry;
    });
    var total = docs.reduce(function (sum, entry) { return sum + entry.text.length; }, 0);
    var synonyms = (data.synonyms || []).map(function (group) {
      return group.map(stemsOf).filter(function (stems) { return stems.length; });
    }).filter(function (group) { return group.length > 1; });
    return {
      docs: docs,
      vocabulary: vocabulary,
      synonyms: synonyms,
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

  /* The forms of the site a typed word matches, with how much each match counts: the word as
     typed, another form of it (same stem), a word it begins (any, while it is being typed; only
     a short ending once it is finished: « environnemental » → « environnementale »); only when
     the site has none of those, the words one typo away (two for long words). So a word spelled
     right never brings pages that merely have a word close to it. */
  var typoCache = new Map();
  function formsOf(folded, open) {
    var vocabulary = index.vocabulary, forms = vocabulary.forms, stems = vocabulary.stems;
    var root = stem(folded), matches = new Map();
    (vocabulary.byStem.get(root) || []).forEach(function (id) {
      matches.set(id, forms[id] === folded ? EXACT : STEM);
    });
    for (var id = 0; id < forms.length; id++) {
      if (matches.has(id))
        continue;
      var form = forms[id];
      if (form.startsWith(folded) && (open || form.length - folded.length <= MAX_ENDING))
        matches.set(id, PREFIX * (0.5 + 0.5 * folded.length / form.length));
    }
    if (matches.size || folded.length < MIN_FUZZY_LENGTH)
      return matches;
    var key = (open ? "+" : "") + folded;
    var typos = typoCache.get(key);
    if (typos === undefined) {
      typos = new Map();
      var max = folded.length >= TWO_TYPOS_LENGTH ? 2 : 1, length = folded.length;
      var counts = letters(folded), vocabulary = index.vocabulary;
      if (vocabulary.letters === undefined)
        vocabulary.letters = forms.map(letters);
      for (var other = 0; other < forms.length; other++) {
        var form = forms[other];
        if (form.length < MIN_FUZZY_LENGTH || form.length < length - max || lacking(counts, vocabulary.letters[other]) > max)
          continue;
        /* Also the beginning of a longer word, with a typo (« environement » → « environnementale »):
           while typing, or a short ending away. */
        var longer = form.length > length && (open || form.length - length <= MAX_ENDING + max) &&
          (form[0] === folded[0] || form[1] === folded[1]);
        var edits = distance(form, folded, max, longer ? Math.max(MIN_FUZZY_LENGTH, length - max) : 1, longer ? length + max : 0);
        if (edits[0] > max && stems[other] !== form)
          edits[0] = distance(stems[other], root, max, 1, 0)[0];
        if (edits[0] <= max)
          typos.set(other, FUZZY[edits[0]]);
        else if (edits[1] <= max)
          typos.set(other, FUZZY[edits[1]] * PREFIX);
      }
      typoCache.set(key, typos);
    }
    return typos;
  }

  /* How rare a form is among the documents (BM25's inverse document frequency). */
  function idf(id) {
    var n = index.docs.length, df = id < 0 ? 0 : index.vocabulary.docs[id];
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /* How much a word says: the rarest of its forms (a word found nowhere weighs as much as the
     rarest word, so that it lowers every page alike). */
  function weigh(word) {
    word.weight = 0;
    word.matches.forEach(function (_, id) { word.weight = Math.max(word.weight, idf(id)); });
    if (!word.matches.size)
      word.weight = idf(-1);
    return word;
  }

  /* A word of an authors' synonym, matched by its stem only. */
  function synonymWord(root) {
    var matches = new Map();
    (index.vocabulary.byStem.get(root) || []).forEach(function (id) { matches.set(id, SYNONYM); });
    return weigh({ word: root, matches: matches });
  }

  /* The query as units to find: each typed word, except that the words of an authors' synonym
     (« données personnelles ») make one unit, found by them or by any other member of its group
     (« RGPD »). A unit is a list of alternatives, each a list of words that must all be found. */
  function parse(query) {
    var typed = [];
    words(query.replace(/[<&]/g, " "), function (word) {
      var folded = fold(word);
      if (!STOP_WORDS.has(folded) && !FILLERS.has(folded) &&
          !typed.some(function (t) { return t.folded === folded; }))
        typed.push({ word: word.toLowerCase(), folded: folded, stem: stem(folded) });
    });
    /* The last word may still be being typed: it matches any word it begins. */
    var typing = !/\s$/.test(query);
    typed.forEach(function (entry, position) {
      entry.matches = formsOf(entry.folded, typing && position === typed.length - 1);
      weigh(entry);
    });

    var units = [], taken = new Array(typed.length).fill(false);
    var roots = typed.map(function (t) { return t.stem; });
    var candidates = [];
    index.synonyms.forEach(function (group) {
      group.forEach(function (member, m) { candidates.push({ group: group, member: m, stems: member }); });
    });
    candidates.sort(function (a, b) { return b.stems.length - a.stems.length; });
    candidates.forEach(function (candidate) {
      var size = candidate.stems.length;
      for (var start = 0; start + size <= roots.length; start++) {
        var free = true;
        for (var k = 0; k < size; k++)
          if (taken[start + k] || roots[start + k] !== candidate.stems[k])
            free = false;
        if (!free)
          continue;
        var own = typed.slice(start, start + size);
        var alternatives = [own];
        candidate.group.forEach(function (other, m) {
          if (m !== candidate.member)
            alternatives.push(other.map(synonymWord));
        });
        for (k = 0; k < size; k++)
          taken[start + k] = true;
        units.push({ at: start, label: own.map(function (t) { return t.word; }).join(" "),
                     alternatives: alternatives, weight: Math.max.apply(null, own.map(function (t) { return t.weight; })) });
        return;
      }
    });
    typed.forEach(function (entry, position) {
      if (!taken[position])
        units.push({ at: position, label: entry.word, alternatives: [[entry]], weight: entry.weight });
    });
    units.sort(function (a, b) { return a.at - b.at; });
    return units;
  }

  function saturate(count, length) {
    var norm = 1 - B + B * length / index.averageLength;
    return count * (K1 + 1) / (count + K1 * norm);
  }

  /* How well one document answers one word: the best of the forms it matches, in its heading,
     its text, and (for a section) the title of its page. */
  function matchWord(entry, word) {
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
    return { score: best, found: found };
  }

  /* How well one document answers one unit: its best alternative, scaled by the share of that
     alternative's words it holds; `covered` is that share (1: found entirely). */
  function match(entry, unit) {
    var best = { score: 0, covered: 0 }, found = [];
    unit.alternatives.forEach(function (alternative) {
      var score = 0, held = 0;
      alternative.forEach(function (word) {
        var m = matchWord(entry, word);
        if (m.score > 0) {
          held++;
          score += m.score;
        }
        found = found.concat(m.found);
      });
      /* A longer synonym (« très petites entreprises » for « TPE ») adds no more than the words typed. */
      var share = held / alternative.length;
      score *= share * unit.alternatives[0].length / alternative.length;
      if (score > best.score || (score === best.score && share > best.covered))
        best = { score: score, covered: share };
    });
    return { score: best.score, found: found, covered: best.covered };
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

  /* The original spellings of the matched words in a document, for the `?h=` page highlighting
     (« règlement » for the query « reglement »). */
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
  function item(entry, units, matched, score) {
    var ids = new Set();
    var terms = {};
    units.forEach(function (unit, i) {
      var found = matched[i].found;
      if (!found.length) {
        terms[unit.label] = false;
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

  /* The share of the query a set of matches covers, each unit weighted by how rare it is. */
  function coverage(units, matched) {
    var total = 0, covered = 0;
    units.forEach(function (unit, i) {
      total += unit.weight;
      covered += unit.weight * (matched[i] ? matched[i].covered : 0);
    });
    return total ? covered / total : 0;
  }

  /* Whether a document has the words of the query together, in their order (« objectif ia »). */
  function holds(entry, words) {
    if (entry.phrase === undefined)
      entry.phrase = " " + phrase(entry.doc.title) + " " + phrase(entry.doc.text) + " ";
    return entry.phrase.indexOf(words) >= 0;
  }

  /* Search. Each document (a page's introduction, or one of its sections) is scored: the sum of
     its units' scores times the square of the share of the query it covers (half as much again
     if it has the query's words together, in order). Pages are ranked by
     their best document plus a tenth of the others; a page whose title is the query, exactly
     (accents and capitals apart), comes first. Material shows the documents of a page
     together, best first. */
  function search(query) {
    var units = parse(query);
    if (!units.length)
      return { items: [] };
    var whole = phrase(query.replace(/[<&]/g, " "));
    var together = units.length > 1 || units[0].alternatives[0].length > 1 ? " " + whole + " " : null;
    /* Only the documents that hold one of the matched forms are scored. */
    var candidates = new Set();
    units.forEach(function (unit) {
      unit.alternatives.forEach(function (alternative) {
        alternative.forEach(function (word) {
          word.matches.forEach(function (_, id) {
            index.vocabulary.postings[id].forEach(function (doc) { candidates.add(doc); });
          });
        });
      });
    });
    var pages = new Map();
    Array.from(candidates).sort(function (a, b) { return a - b; }).forEach(function (position) {
      var entry = index.docs[position];
      var matched = units.map(function (unit) { return match(entry, unit); });
      /* A section is listed only if it has one of the words itself, not only in its page title. */
      if (!matched.some(function (m) { return m.found.length; }))
        return;
      var share = coverage(units, matched);
      var score = matched.reduce(function (sum, m) { return sum + m.score; }, 0) *
        entry.boost * share * share;
      if (together !== null && share === 1 && holds(entry, together))
        score *= PHRASE;
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
        return item(hit.entry, units, hit.matched, hit.score);
      });
      if (!page.entries.some(function (hit) { return hit.entry.article; })) {
        var article = index.docs[page.entries[0].entry.page];
        group.push(item(article, units, units.map(function (unit) {
          return match(article, unit);
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
   * Loading the index on demand
   * ---------------------------------------------------------------------------------------- */

  /* Where the site starts: this file is assets/search/academie-search.js. In a Web Worker,
     `location` is this file; in the iframe of the file:// shim, it is the page, and the script
     element says where this file is. */
  var HERE = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) ||
    self.location.href;
  var BASE = new URL("../../", HERE);
  var loading = null;

  /* The index is fetched on the first query, not when the page loads: most visits never search.
     On a website it is search/search_index.json; from file://, where nothing can be fetched,
     search/search_index.js (written by Material's offline plugin) defines `__index`. */
  function loadIndex() {
    if (loading === null) {
      var data;
      if (BASE.protocol === "file:")
        data = Promise.resolve(importScripts(new URL("search/search_index.js", BASE).href))
          .then(function () { return self.__index; });
      else
        data = fetch(new URL("search/search_index.json", BASE).href).then(function (response) {
          if (!response.ok)
            throw new Error("search_index.json : " + response.status);
          return response.json();
        });
      loading = data.then(function (json) { index = build(json); });
      loading.catch(function (err) {
        console.error("Recherche de l’Académie : l’index de recherche n’a pas pu être chargé.", err);
        loading = null;
      });
    }
    return loading;
  }

  /* ------------------------------------------------------------------------------------------
   * Messages
   * ---------------------------------------------------------------------------------------- */

  function answer(query) {
    try {
      return { type: RESULT, data: search(query) };
    } catch (err) {
      console.error("Recherche de l’Académie : la requête « " + query + " » a échoué.", err);
      return { type: RESULT, data: { items: [] } };
    }
  }

  /* Material's bundle never sends the index (its form is renamed by overrides/main.html, so it
     fetches nothing at load): the worker says it is ready at once, and loads the index itself when
     the first words are typed. Answers keep the order of the queries. */
  var queue = Promise.resolve();

  function handle(message) {
    switch (message && message.type) {
      case SETUP:
        index = build(message.data);
        loading = Promise.resolve();
        postMessage({ type: READY });
        return;
      case QUERY:
        var query = String(message.data);
        queue = queue.then(function () {
          if (index === null && !/[\p{L}\p{N}]/u.test(query))
            return { type: RESULT, data: { items: [] } };
          return loadIndex().then(function () { return answer(query); }, function () {
            return { type: RESULT, data: { items: [] } };
          });
        }).then(function (reply) { postMessage(reply); });
        return;
      default:
        throw new TypeError("Recherche de l’Académie : message inattendu de Material (type " +
          (message && message.type) + "). Le protocole du worker de Material a-t-il changé ?");
    }
  }

  /* Loaded by assets/search/academie-search.js (the worker Material starts with every page) on
     the first message, so that a page that never searches does not fetch this engine either. */
  self.academieRecherche = { handle: handle };
})();
