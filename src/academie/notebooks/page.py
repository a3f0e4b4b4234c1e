"""The page of a notebook lesson on the site: its downloads and the link to its page in the edition."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from academie.content import Lesson
from academie.notebooks.files import BuiltNotebook, Notebook, stylesheet_source
from academie.site import render

EDITION_DIR = "edition-carnets"  # where the Jupyter Book edition lies in the site, apart from the lessons


def edition_page(lesson: Lesson) -> str:
    """A notebook's page in the Jupyter Book edition, inside the site: « carnets/<id>.html »."""
    return f"{EDITION_DIR}/{lesson.id}.html"


def format_size(size: int) -> str:
    """French file size: « 850 octets », « 12 ko », « 1,4 Mo »."""
    if size < 1000:
        return f"{size}\u00a0octets"
    if size < 1_000_000:
        return f"{round(size / 1000)}\u00a0ko"
    return f"{size / 1_000_000:.1f}".replace(".", ",") + "\u00a0Mo"


def zip_source(notebook: Notebook) -> str:
    return notebook.inside(f"{notebook.stem}.zip")


def page_markdown(built: BuiltNotebook, zip_size: int, edition_link: str | None) -> str:
    """The page of a notebook lesson: its front matter, the download box, then the converted cells."""
    notebook = built.notebook

    def entry(source: str, size: int) -> dict[str, str]:
        return {
            "name": PurePosixPath(source).name,
            "link": os.path.relpath(source, notebook.folder),
            "size": format_size(size),
        }

    box = render(
        "notebook_downloads.md.j2",
        zip=entry(zip_source(notebook), zip_size),
        notebook=entry(notebook.source, notebook.path.stat().st_size),
        data=[entry(name, (notebook.content / name).stat().st_size) for name in built.data],
        edition=edition_link,
        requirements=["jupyterlab", *built.requirements],
    )
    front = built.front_matter
    stylesheet = stylesheet_source(notebook)
    if stylesheet in built.figures:
        # Loaded by overrides/main.html (front matter `styles:`): the outputs' styles without inline style.
        head, _, closing = front.rstrip().rpartition("---")
        front = f'{head.rstrip()}\nstyles: ["{stylesheet}"]\n---{closing}\n'
    return f"{front}\n{box}\n{built.body}"
