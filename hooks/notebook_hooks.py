"""MkDocs hooks for notebook lessons: thin glue around academie.notebooks.build.

on_files  leaves out Jupyter's .ipynb_checkpoints/, and replaces each notebook lesson (`x.ipynb`, left in place for download) by its page
          `x.md`, executed and converted through the cache, and adds its figures (files next
          to the page, under img/x/) and its ZIP (notebook + data + requirements.txt).

on_page_markdown puts each notebook lesson's converted page, with its outputs and figures, in the
          track booklets (which are written from the lessons' text).

List this file before academie_hooks.py in mkdocs.yml: the lesson hooks then see notebook
pages like any lesson (header, quiz forms, footer), and an offline pack keeps those of its track.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from academie.content import load_catalogue_cached
from academie.notebooks import (
    BuiltNotebook,
    NotebookBuilder,
    NotebookFailure,
    booklet_with_outputs,
    edition_page,
    notebooks_of,
    page_markdown,
    zip_source,
)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Jupyter's autosaves (.ipynb_checkpoints/) are not part of the site or of a pack.
    for file in [f for f in files if ".ipynb_checkpoints" in f.src_uri.split("/")]:
        files.remove(file)
    root = Path(config.config_file_path).parent
    catalogue, problems = load_catalogue_cached(root)
    if any(problem.is_error for problem in problems):
        return files  # academie_hooks reports them and stops the build
    pairs = notebooks_of(root, catalogue)
    if not pairs:
        return files
    try:
        built = NotebookBuilder(root).build_all([notebook for _, notebook in pairs])
    except NotebookFailure as failure:
        raise PluginError(str(failure)) from None
    _built.clear()
    _built.update({lesson.id: page for (lesson, _), page in zip(pairs, built, strict=True)})
    for (lesson, notebook), page in zip(pairs, built, strict=False):
        archive = page.download_zip()
        markdown = page_markdown(page, len(archive), _edition_link(config, notebook.page, edition_page(lesson)))
        files.append(File.generated(config, notebook.page, content=markdown))
        files.append(File.generated(config, zip_source(notebook), content=archive))
        for source, data in page.figures.items():
            files.append(File.generated(config, source, content=data))
    return files


_built: dict[str, BuiltNotebook] = {}  # the notebook lessons of this build, by lesson id


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _built or "<!-- academie-carnet:" not in markdown:
        return markdown
    catalogue, _ = load_catalogue_cached(Path(config.config_file_path).parent)
    markdown, stylesheets = booklet_with_outputs(markdown, catalogue, _built)
    if stylesheets:
        page.meta["styles"] = [*page.meta.get("styles", []), *stylesheets]
    return markdown


def _edition_link(config: MkDocsConfig, page: str, edition: str) -> str | None:
    """The notebook in the Jupyter Book edition, from its page on the website; none from an offline
    pack (.html pages, no directory URLs), which does not hold the edition."""
    if not config.use_directory_urls:
        return None
    return posixpath.relpath(edition, page.removesuffix(".md"))
