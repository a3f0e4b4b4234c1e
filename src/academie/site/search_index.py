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
