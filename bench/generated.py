"""Time the conversion of the pages the platform generates (syllabi, catalogue, evaluations,
booklets without their parts…) on a project (the corpus of make bench, say): the website's (site_pages) and each
track's offline pack's (pack_pages), converted as the build converts them — Python-Markdown set up
from the project's mkdocs.yml, the blocks already written as HTML held back (hold_written) — in this
process alone. The booklets' parts (bench/parts.py) and the ambassadors' pages are not counted.

Use: .venv/bin/python bench/generated.py <project>
(with PYTHONPATH to an older commit's src/, the same for that code, which held nothing back)"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.utils import meta
from project_markdown import project_converter

from academie.content import load_catalogue
from academie.site import pack_catalogue, pack_pages, site_pages, split_parts

try:
    from academie.site import hold_written
except ImportError:  # older code: nothing held back

    def hold_written(text: str) -> tuple[str, object]:  # type: ignore[misc]
        return text, None


def seconds(pages: list[str], convert: Callable[[str], str]) -> float:
    started = time.process_time()
    for text in pages:
        # A booklet's parts are converted apart (bench/parts.py): its frame only, as the build does.
        convert(hold_written(split_parts(meta.get_data(text)[0])[0])[0])
    return time.process_time() - started


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    convert = project_converter(root)
    catalogue, _ = load_catalogue(root)
    site = [page.markdown for page in site_pages(catalogue) if page.source.endswith(".md")]
    packs = [
        page.markdown
        for track in catalogue.tracks
        for page in pack_pages(pack_catalogue(catalogue, track.id), track)
        if page.source.endswith(".md")
    ]
    convert("# warm")
    print(f"site, {len(site)} pages générées\u00a0: {seconds(site, convert):.2f} s de calcul".replace(".", ","))
    print(f"paquets, {len(packs)} pages générées\u00a0: {seconds(packs, convert):.2f} s de calcul".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
