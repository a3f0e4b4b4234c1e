"""The search index as the Académie's worker reads it: Material's index (search/search_index.json,
written by its search plugin), with the authors' synonyms (recherche/synonymes.yml) added to it,
so that they arrive with the index, on the first query and never with the page, and with the
pages that are not lessons (syllabi, lists, workshop scripts, which repeat the lessons' titles)
ranked after the lessons."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

SEARCH_INDEX = "search/search_index.json"
OTHER_PAGES_BOOST = 0.5  # a page that is not a lesson, against a lesson that answers as well
# A trade's own lesson (restaurant, farm…) covers many general topics for that trade: for a general
# query, the general lesson comes first; a query naming the trade still finds it by its title.
TRADE_LESSON_BOOST = 0.4


def prepare_index(
    site_dir: Path, synonyms: list[list[str]], lesson_urls: Collection[str], trade_urls: Collection[str] = ()
) -> None:
    """Complete the built index (before the offline plugin copies it into search/search_index.js
    for the packs): the synonym groups, and a lower boost for the pages that are not lessons."""
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        url = doc["location"].split("#")[0]
        if url in trade_urls and "boost" not in doc:
            doc["boost"] = TRADE_LESSON_BOOST
        elif url not in lesson_urls and "boost" not in doc:
            doc["boost"] = OTHER_PAGES_BOOST
    data["synonyms"] = synonyms
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def merge_index(previous_site: Path, site_dir: Path, rebuilt_urls: Collection[str]) -> None:
    """After an incremental build, whose index holds only the pages it rebuilt: the previous build's
    index, with the entries of those pages replaced where they stood."""
    path = site_dir / SEARCH_INDEX
    data = json.loads(path.read_text(encoding="utf-8"))
    previous = json.loads((previous_site / SEARCH_INDEX).read_text(encoding="utf-8"))
    fresh: dict[str, list[dict[str, object]]] = {}
    for doc in data["docs"]:
        fresh.setdefault(doc["location"].split("#")[0], []).append(doc)
    docs: list[dict[str, object]] = []
    for doc in previous["docs"]:
        url = str(doc["location"]).split("#")[0]
        if url not in rebuilt_urls:
            docs.append(doc)
        elif url in fresh:
            docs.extend(fresh.pop(url))
    for entries in fresh.values():  # a rebuilt page that had no entry before
        docs.extend(entries)
    data["docs"] = docs
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
