"""MkDocs hooks: thin glue between MkDocs events and the academie package.

on_config  loads and checks the catalogue once, and sets the navigation;
on_files   adds the generated pages (track list, syllabi, catalogue) without writing into content/;
on_page_markdown wraps each lesson with its header and footer and turns its quiz blocks into forms.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from academie import Catalogue, load_catalogue
from academie.pages import generated_pages, lesson_footer, lesson_header, navigation
from academie.progress import Progress
from academie.render_quiz import replace_quiz_blocks

_catalogue: Catalogue | None = None
_progress: Progress | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _catalogue
    root = Path(config.config_file_path).parent
    catalogue, problems = load_catalogue(root)
    errors = [str(p) for p in problems if p.is_error]
    if errors:
        raise PluginError("Le contenu a des erreurs :\n" + "\n".join(errors))
    _catalogue = catalogue
    config.nav = navigation(catalogue)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _progress
    assert _catalogue is not None
    for page in generated_pages(_catalogue):
        files.append(File.generated(config, page.source, content=page.markdown))
    _progress = Progress("Pages", sum(1 for _ in files.documentation_pages()))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _catalogue is not None
    if _progress is not None:
        _progress.step()
    lesson = _catalogue.by_source.get(page.file.src_uri)
    if lesson is None:
        return markdown
    body = replace_quiz_blocks(markdown, lesson)
    return lesson_header(_catalogue, lesson) + body + lesson_footer(_catalogue, lesson)
