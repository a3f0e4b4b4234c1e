"""How long Material's search parser (HTMLParser) and academie.site.search_sections take to cut
every page of a built site into sections, and whether they give the same sections.

Use: .venv/bin/python bench/search_sections.py <built site folder>   (e.g. build/site)"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from material.plugins.search.plugin import Parser

from academie.site import search_sections


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
    return 0 if same == len(pages) else 1


if __name__ == "__main__":
    sys.exit(main())
