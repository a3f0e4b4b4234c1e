"""How long Material's search parser (HTMLParser) and academie.site.search_sections take to cut
every page of a built site into sections, and whether they give the same sections; then how long
Material's search plugin and academie.site.strip_search_attributes take to remove the pages'
`data-search-*` attributes once indexed, and whether they leave the same pages.

Use: .venv/bin/python bench/search_sections.py <built site folder>   (e.g. build/site)"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from material.plugins.search.plugin import Parser

from academie.site import search_sections, strip_search_attributes

# What Material's SearchPlugin.on_page_context does to each page once indexed.
MATERIAL_STRIP = r"\s?data-search-\w+=\"[^\"]+\""


def material_sections(html: str) -> list[tuple[object, ...]]:
    """Each section as Material's parser cuts it: (heading tag, id, excluded, title, text)."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, s.el.is_excluded(), "".join(s.title), "".join(s.text)) for s in parser.data]


def our_sections(html: str) -> list[tuple[object, ...]]:
    """The same, as academie.site.search_sections cuts it."""
    return [(s.tag, s.id, s.excluded, "".join(s.title), "".join(s.text)) for s in search_sections(html)]


def main() -> int:
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        print("usage : bench/search_sections.py <dossier d’un site construit>", file=sys.stderr)
        return 2
    pages = [page.read_text(encoding="utf-8") for page in sorted(Path(sys.argv[1]).rglob("*.html"))]
    timings: dict[str, float] = {}
    results = {}
    for name, cut in (("Material (HTMLParser)", material_sections), ("academie.site.search_sections", our_sections)):
        started = time.process_time()
        results[name] = [cut(page) for page in pages]
        timings[name] = time.process_time() - started
    same = sum(a == b for a, b in zip(*results.values(), strict=True))
    print(f"{len(pages)} pages (documents entiers), sections identiques pour {same}.")
    for name, seconds in timings.items():
        shown = f"{seconds:.2f}".replace(".", ",")
        print(f"{name}\u00a0: {shown} s de calcul")
    stripped: dict[str, list[str]] = {}
    for name, strip in (
        ("Material (re.sub)", lambda html: re.sub(MATERIAL_STRIP, "", html)),
        ("academie.site.strip_search_attributes", strip_search_attributes),
    ):
        started = time.process_time()
        stripped[name] = [strip(page) for page in pages]
        shown = f"{time.process_time() - started:.2f}".replace(".", ",")
        print(f"attributs data-search-* retirés, {name}\u00a0: {shown} s de calcul")
    alike = sum(a == b for a, b in zip(*stripped.values(), strict=True))
    print(f"pages identiques une fois les attributs retirés\u00a0: {alike} sur {len(pages)}.")
    return 0 if same == alike == len(pages) else 1


if __name__ == "__main__":
    sys.exit(main())
