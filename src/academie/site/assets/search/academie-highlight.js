/*
 * Académie de l’IA: highlights, on a page opened from a search result, the words that were
 * found (`?h=règlement européen`), as Material does with its own search.
 *
 * Material highlights with the search index, which the page no longer loads (the index is fetched
 * by the search worker on the first query, see academie-search.js): this script needs only the
 * address. Each word is marked where a word of the text begins with it, in Material's
 * `<mark data-md-highlight>`, built as DOM nodes (no HTML is parsed).
 */
(function () {
  "use strict";

  var words = (new URLSearchParams(location.search).get("h") || "").split(/\s+/).filter(Boolean);
  var content = document.querySelector("[data-md-component=content]");
  if (!words.length || !content)
    return;
  var escaped = words.map(function (word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
  var pattern = new RegExp("(^|[^\\p{L}\\p{M}\\p{N}])(" + escaped.join("|") + ")", "giu");

  var nodes = [];
  var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var parent = node.parentElement;
    if (parent && parent.offsetHeight && !parent.closest("mark, script, style, code, pre"))
      nodes.push(node);
  }
  nodes.forEach(function (text) {
    var value = text.nodeValue, from = 0, match, pieces = [];
    pattern.lastIndex = 0;
    while ((match = pattern.exec(value)) !== null) {
      var start = match.index + match[1].length;
      pieces.push(document.createTextNode(value.slice(from, start)));
      var mark = document.createElement("mark");
      mark.setAttribute("data-md-highlight", "");
      mark.textContent = match[2];
      pieces.push(mark);
      from = start + match[2].length;
      if (match[0].length === 0)
        pattern.lastIndex++;
    }
    if (pieces.length) {
      pieces.push(document.createTextNode(value.slice(from)));
      text.replaceWith.apply(text, pieces);
    }
  });
})();
