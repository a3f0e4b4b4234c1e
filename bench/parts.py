"""Time what a booklet part costs to convert, on a project (the corpus of make bench, say): each
lesson's whole part (its text, quizzes and exercises printable, headings a level down), and the
part's frame alone (booklet_parts.frame_markdown: title, facts, objectives, printable blocks,
sources), which is all a build converts when it makes the part from its lesson's page, and that frame
as the build converts it (its printable quizzes, HTML already, held back). All with Python-Markdown
set up from the project's mkdocs.yml, in this process alone.

Use: .venv/bin/python bench/parts.py <project>"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from project_markdown import project_converter

from academie.content import load_catalogue
from academie.site import frame_markdown, hold_printable_quizzes, split_parts
from academie.site.pack_pages import booklet_page


def per_item(label: str, texts: list[str], convert: Callable[[str], str]) -> None:
    started = time.process_time()
    for text in texts:
        convert(text)
    milliseconds = (time.process_time() - started) / len(texts) * 1000
    print(f"{label}\u00a0: {milliseconds:.2f} ms de calcul par partie ({len(texts)} parties)".replace(".", ","))


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    convert = project_converter(root)
    catalogue, _ = load_catalogue(root)
    parts = [part for track in catalogue.tracks for part in split_parts(booklet_page(catalogue, track).markdown)[1]]
    frames = [frame for frame in (frame_markdown(part.markdown) for part in parts) if frame is not None]
    convert(parts[0].markdown)  # extensions loaded, modules warm
    per_item("partie entière convertie", [part.markdown for part in parts], convert)
    per_item("cadre seul converti", frames, convert)

    def holding_quizzes(text: str) -> str:
        held, quizzes = hold_printable_quizzes(text)
        return quizzes.restore(convert(held))

    per_item("cadre seul, quiz imprimables mis de côté (comme la construction)", frames, holding_quizzes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
