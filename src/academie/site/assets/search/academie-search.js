/*
 * Académie de l’IA: the search worker Material starts with every page (overrides/partials/
 * academie-config.html points Material to it). It is kept tiny: it says it is ready, and loads the
 * search engine (academie-search-moteur.js) with the first message, then the engine loads the index
 * on the first query. A visit that never searches fetches neither.
 *
 * `importScripts` is the Web Worker's on the website (synchronous) and the iframe-worker shim's in a
 * pack opened from file:// (a Promise): both are waited for the same way.
 */
(function () {
  "use strict";

  /* Material's `SearchMessageType`, a TypeScript const enum: numbers on the wire. */
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  var HERE = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) ||
    self.location.href;
  var engine = null;

  function load() {
    if (engine === null) {
      engine = Promise.resolve(importScripts(new URL("academie-search-moteur.js", HERE).href))
        .then(function () { return self.academieRecherche; });
      engine.catch(function (err) {
        console.error("Recherche de l’Académie : le moteur de recherche n’a pas pu être chargé.", err);
        engine = null;
      });
    }
    return engine;
  }

  var queue = Promise.resolve();

  addEventListener("message", function (ev) {
    var message = ev.data;
    if (!message || [SETUP, QUERY].indexOf(message.type) < 0) {
      throw new TypeError("Recherche de l’Académie : message inattendu de Material (type " +
        (message && message.type) + "). Le protocole du worker de Material a-t-il changé ?");
    }
    // Material asks with an empty query when its search opens: nothing to load for that.
    if (engine === null && message.type === QUERY && !/[\p{L}\p{N}]/u.test(String(message.data))) {
      postMessage({ type: RESULT, data: { items: [] } });
      return;
    }
    queue = queue.then(load).then(function (search) { search.handle(message); }, function () {
      if (message.type === QUERY) postMessage({ type: RESULT, data: { items: [] } });
    });
  });
  postMessage({ type: READY });
})();
