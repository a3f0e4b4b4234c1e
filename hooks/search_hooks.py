"""MkDocs hook for the search: once Material's search plugin has written the index, and before the
offline plugin turns it into search/search_index.js for the packs (that plugin runs last, priority
-100), the authors' synonyms (recherche/synonymes.yml) are added to it and the pages that are not
lessons are ranked after the lessons (academie.site.prepare_index)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from academie.content import Catalogue, Problem, load_catalogue_cached, load_synonyms
from academie.site import prepare_index, search_sections, strip_search_attributes

_lesson_urls: set[str] = set()
_trade_urls: set[str] = set()
_catalogue: list[Catalogue] = []  # this build's, looked up once: checking it per page cost O(pages²) file stats


class _SectionedIndex(SearchIndex):  # type: ignore[misc]
    """Material's index, each page cut into sections by academie.site.search_sections."""

    def add_entry_from_context(self, page: Page) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in search_sections(page.content or ""):
            if not section.excluded:
                self.create_entry_for_section(section, page.toc, page.url, page)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Material's plugin made its index in its own on_config, which runs before the hooks'.
    plugin = config.plugins.get("material/search")
    if plugin is not None and isinstance(getattr(plugin, "search_index", None), SearchIndex):
        plugin.search_index = _SectionedIndex(**plugin.config)
        # Its page handler, in its place among the page_context handlers, replaced by the same work
        # done faster (academie.site.strip_search_attributes).
        handlers = config.plugins.events["page_context"]
        handlers[:] = [
            functools.partial(_index_page, plugin) if getattr(handler, "__self__", None) is plugin else handler
            for handler in handlers
        ]
    return config


def _index_page(plugin: SearchPlugin, context: dict[str, Any], *, page: Page, **_: Any) -> None:
    """What Material's SearchPlugin.on_page_context does: the page indexed, then its data-search-*
    attributes removed."""
    if not plugin.config.enabled:
        return
    plugin.search_index.add_entry_from_context(page)
    page.content = strip_search_attributes(page.content or "")


def on_pre_build(config: MkDocsConfig) -> None:
    _lesson_urls.clear()
    _trade_urls.clear()
    _catalogue[:] = [load_catalogue_cached(Path(config.config_file_path).parent)[0]]


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, **_: Any) -> dict[str, Any]:
    catalogue = _catalogue[0]
    lesson = catalogue.by_source.get(page.file.src_uri)
    if lesson is not None:
        _lesson_urls.add(page.url)
        if lesson.id in catalogue.trade_lessons:
            _trade_urls.add(page.url)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    problems: list[Problem] = []
    synonyms = load_synonyms(Path(config.config_file_path).parent, problems)
    if problems:
        raise PluginError("Les synonymes de la recherche ont des erreurs :\n" + "\n".join(map(str, problems)))
    prepare_index(Path(config.site_dir), synonyms, _lesson_urls, _trade_urls)
