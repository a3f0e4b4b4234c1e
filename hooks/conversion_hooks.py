"""MkDocs hooks converting once what the website and the offline packs both show: each lesson
page (academie.site.page_cache, under .cache/pages/) and each lesson's part of a track booklet
(academie.site.booklet_cache, under .cache/livrets/). Whichever build converts one first, the
other takes it from the cache, even while the first is still running.

List this file after the other hooks in mkdocs.yml: pages and parts are then as the others left them
(notebook outputs, quizzes held back as placeholders, links out of a pack).

on_config         reads the catalogue (which pages are lessons) and, for a pack, the website's paths
          the pack holds under another one (its syllabus: pages.pack_aliases).
on_page_markdown  a lesson page is taken from the cache or converted now, and stands as a mark that
          MkDocs does not even convert (`_render_mark`). A booklet page: its parts are taken out (MkDocs converts the frame:
          intro, contents, a placeholder per part).
on_page_content   (before the other hooks': academie_hooks.py puts the quizzes back into the page)
          resolves the page's or the parts' links for this build with MkDocs' own link resolution
          (the same warnings as a page's, so a broken link still fails a --strict build), puts them
          in place, and gives the page their headings (table of contents), anchors and links to
          anchors (MkDocs validates them). A booklet's parts found in no cache are made here from
          their lesson's page, converted by this build (academie.site.booklet_parts: only their
          frame and printable quizzes are converted), or else converted from their Markdown.

Both are converted as MkDocs converts a page (Page.render: mkdocs.yml's extensions, its anchor and
title extraction), with a mark in place of each link, resolved by each build for itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import markdown
import markdown.extensions.toc
import markdown.treeprocessors
from markdown.serializers import _escape_attrib_html  # the serializer's own escaping of attributes
from markdown.util import AMP_SUBSTITUTE
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import AnchorLink, get_toc

from academie.content import Catalogue, load_catalogue_cached
from academie.site import (
    BOOKLET_MARK,
    LINK_MARK,
    PAGE_MARK,
    BookletCache,
    ConvertedPart,
    PageCache,
    Part,
    StoredPage,
    StoredPart,
    assemble,
    fill_links,
    frame_markdown,
    from_root,
    hold_printable_quizzes,
    pack_aliases,
    part_from_page,
    prune_booklets,
    rebased,
    resolve_alias,
    scope_ids,
    split_parts,
    unmarked,
)

log = get_plugin_logger("conversions")
_parts: dict[str, list[Part]] = {}  # the parts taken out of each booklet page, by page source
_pages: dict[str, StoredPage] = {}  # each lesson page of this build, converted: its content, its booklet part
_catalogue: list[Catalogue] = []  # this build's
_made: set[str] = set()  # the booklets of this build
_HOOK_SOURCE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
# This build's page cache, and its converters: lesson pages (with MkDocs' anchor extraction from raw
# HTML, an HTMLParser pass that booklet parts do not need: their anchors are read from their HTML).
_build: list[tuple[PageCache, _Converter, _Converter]] = []
_sources: set[str] = set()  # the lesson pages
_aliases: dict[str, str] = {}  # in a pack: website's path -> the pack's, for the same page


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    catalogue, _ = load_catalogue_cached(_root(config))
    _catalogue[:] = [catalogue]
    _sources.clear()
    _sources.update(catalogue.by_source)
    _aliases.clear()
    pack = os.environ.get("ACADEMIE_PACK")
    if pack and pack in catalogue.track_files:
        _aliases.update(pack_aliases(catalogue.track(pack)))
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    _parts.clear()
    _pages.clear()
    _made.clear()
    _build[:] = [(PageCache(_root(config), _context(config)), _Converter(config, True), _Converter(config, False))]


def on_page_markdown(markdown_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in _sources:
        cache, converter, _ = _build[0]
        key = cache.key(page.file.src_uri, markdown_text)
        stored = cache.get(key)
        if stored is None:
            stored = converter.convert_page(markdown_text)
            cache.put(key, stored)
        _pages[page.file.src_uri] = stored
        # MkDocs would convert the mark with a converter of its own, made anew for each page (half a
        # millisecond, a thousand lesson pages per build): the page gets what that conversion gives.
        page.render = functools.partial(_render_mark, page)  # type: ignore[method-assign]
        return PAGE_MARK
    if BOOKLET_MARK not in markdown_text:
        return markdown_text
    frame, parts = split_parts(markdown_text)
    if parts:
        _parts[page.file.src_uri] = parts
    return frame


@event_priority(50)  # before academie_hooks.py's, which puts the held quizzes back into the page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lesson = _pages.get(page.file.src_uri)
    if lesson is not None:
        return _put_page(html, lesson, page, files, config)
    parts = _parts.pop(page.file.src_uri, None)
    if parts is None:
        return html
    booklet = page.file.src_uri
    _made.add(booklet)
    pages, _, converter = _build[0]
    cache = BookletCache(_root(config), _scope(), booklet, pages.context)
    links = _RelativePathTreeprocessor(page.file, files, config)
    converted: dict[str, ConvertedPart] = {}
    inside = {part.lesson for part in parts}
    for part in parts:
        key = cache.key(part)
        # Kept by this build or the other (site, packs): cheaper still than making it from its page.
        stored = cache.get(key)
        if stored is None and (stored := _from_page(part, inside, converter)) is not None:
            cache.put(key, stored, derived=True)
        if stored is None:
            stored = converter.convert_part(part)
            cache.put(key, stored)
        converted[part.lesson] = _resolve(part.lesson, stored, booklet, links)
    cache.save()
    log.info(
        f"{booklet} : {cache.derived} partie(s) tirée(s) des pages, {cache.converted} convertie(s), "
        f"{cache.reused} reprise(s) du cache"
    )
    _give_page(page, files, list(converted.values()))
    return assemble(html, {lesson: part.html for lesson, part in converted.items()})


def _from_page(part: Part, inside: set[str], converter: _Converter) -> StoredPart | None:
    """The part made from its lesson's page converted by this build (booklet_parts.py), if it was."""
    lesson = _catalogue[0].lessons.get(part.lesson)
    page = _pages.get(lesson.source) if lesson is not None and not lesson.notebook else None
    frame = frame_markdown(part.markdown) if page is not None else None
    if lesson is None or page is None or frame is None:
        return None
    catalogue = _catalogue[0]
    return part_from_page(converter.convert_frame(frame), page, lambda url: rebased(url, lesson, "", catalogue, inside))


def on_post_build(config: MkDocsConfig) -> None:
    _pages.clear()
    pages = _build[0][0]
    if pages.converted or pages.reused:
        log.info(f"Pages de leçon\u00a0: {pages.converted} convertie(s), {pages.reused} reprise(s) du cache")
    # An incremental build (incremental_hooks.py) makes only the booklets an edit touched: the others stay.
    if not os.environ.get("ACADEMIE_INCREMENTAL"):
        prune_booklets(_root(config), _scope(), _made)


class _LinkMarks(markdown.treeprocessors.Treeprocessor):
    """Where MkDocs' link resolution stands in a page's conversion (same name, same priority): each
    link and image gets a mark instead, its address kept in `urls` for `_resolve`."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def run(self, root: Any) -> Any:
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            url = element.get(key) if key else None
            # An e-mail address Markdown obfuscates is left as it is, as MkDocs leaves it.
            if key is None or url is None or AMP_SUBSTITUTE in url:
                continue
            element.set(key, LINK_MARK.format(n=len(self.urls)))
            self.urls.append(url)
        return root


class _Converter:
    """One Markdown converter for a build's lesson pages or booklet parts, set up as MkDocs sets up
    a page's (Page.render): mkdocs.yml's extensions, MkDocs' anchor (from raw HTML too, if
    `raw_anchors`) and title extraction, and link marks where MkDocs resolves the links."""

    def __init__(self, config: MkDocsConfig, raw_anchors: bool) -> None:
        self.md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        self.raw_html = _RawHTMLPreprocessor()
        if raw_anchors:
            self.raw_html._register(self.md)
        self.anchors = _ExtractAnchorsTreeprocessor(None, None, config)  # type: ignore[arg-type]  # unused by it
        self.anchors._register(self.md)
        self.marks = _LinkMarks()
        self.md.treeprocessors.register(self.marks, "relpath", 0)
        self.title = _ExtractTitleTreeprocessor()
        self.title._register(self.md)

    def _convert(self, text: str) -> str:
        self.md.reset()
        self.marks.urls = []
        self.anchors.present_anchor_ids = set()
        self.title.title = None
        return self.md.convert(text)

    def convert_page(self, text: str) -> StoredPage:
        html = self._convert(text)
        anchors = sorted(self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids)
        return StoredPage(html, getattr(self.md, "toc_tokens", []), self.marks.urls, anchors, self.title.title)

    def convert_part(self, part: Part) -> StoredPart:
        html = unmarked(self._convert_holding_quizzes(part.markdown))
        return StoredPart(html, getattr(self.md, "toc_tokens", []), self.marks.urls)

    def convert_frame(self, text: str) -> StoredPart:
        """A part's frame (booklet_parts.frame_markdown), its marks kept."""
        return StoredPart(self._convert_holding_quizzes(text), getattr(self.md, "toc_tokens", []), self.marks.urls)

    def _convert_holding_quizzes(self, text: str) -> str:
        held, quizzes = hold_printable_quizzes(text)
        return quizzes.restore(self._convert(held))


def _render_mark(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What Page.render makes of PAGE_MARK: the mark as it is, and no heading, anchor, link or title."""
    page.content = PAGE_MARK
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    if page.links_to_anchors is None:
        page.links_to_anchors = {}


def _put_page(html: str, stored: StoredPage, page: Page, files: Files, config: MkDocsConfig) -> str:
    """The page's HTML (MkDocs converted only PAGE_MARK) with the stored page in its place: links
    resolved for this build, and the page's headings, anchors, links to anchors and h1 title."""
    links = _RelativePathTreeprocessor(page.file, files, config)
    urls = _resolved(links, stored.urls, page.file.src_uri)
    page.toc = get_toc(stored.toc)
    page.present_anchor_ids = (page.present_anchor_ids or set()).union(stored.anchors)
    if page.links_to_anchors is not None:
        for target, anchors in links.links_to_anchors.items():
            for anchor, link in anchors.items():
                page.links_to_anchors.setdefault(target, {}).setdefault(anchor, link)
    page._title_from_render = stored.title
    return html.replace(PAGE_MARK, fill_links(stored.html, urls), 1)


def _resolved(links: _RelativePathTreeprocessor, urls: list[str], source: str) -> list[str]:
    """Addresses written in page `source`, as MkDocs resolves them for this build (the website's
    paths a pack holds elsewhere first pointed there), escaped for an attribute."""
    return [_escape_attrib_html(links.path_to_url(resolve_alias(url, source, _aliases))) for url in urls]


def _resolve(lesson: str, stored: StoredPart, booklet: str, links: _RelativePathTreeprocessor) -> ConvertedPart:
    """A stored part in this booklet: its links resolved by MkDocs as in a page (which records the
    links to anchors), then its ids scoped by its lesson's anchor."""
    links.links_to_anchors = {}
    urls = _resolved(links, [from_root(url, booklet) for url in stored.urls], booklet)
    lesson_anchor = f"lecon-{lesson}"
    found = scope_ids(lesson_anchor, fill_links(stored.html, urls), stored.toc)
    anchors = set(found.anchors)
    for target, targets in links.links_to_anchors.items():
        for anchor, link in targets.items():
            if target is links.file and f"{lesson_anchor}--{anchor}" in anchors:  # renamed by scope_ids
                anchor, link = f"{lesson_anchor}--{anchor}", f"#{lesson_anchor}--{anchor}"
            found.links.append([target.src_uri, anchor, link])
    found.links.sort()
    return found


def _give_page(page: Page, files: Files, parts: list[ConvertedPart]) -> None:
    """The parts' headings after the frame's in the table of contents, their anchors and links to anchors."""
    tokens = _flat(page.toc.items) + [token for part in parts for token in _flat_tokens(part.toc)]
    page.toc = get_toc(markdown.extensions.toc.nest_toc_tokens(tokens))
    page.present_anchor_ids = (page.present_anchor_ids or set()).union(*(part.anchors for part in parts))
    if page.links_to_anchors is not None:
        for part in parts:
            for source, anchor, link in part.links:
                target = files.get_file_from_path(source)
                if target is not None:
                    page.links_to_anchors.setdefault(target, {}).setdefault(anchor, link)


def _flat(items: list[AnchorLink]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        out.append({"level": item.level, "id": item.id, "name": item.title, "children": []})
        out += _flat(item.children)
    return out


def _flat_tokens(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for token in tokens:
        out.append({"level": token["level"], "id": token["id"], "name": token["name"], "children": []})
        out += _flat_tokens(token["children"])
    return out


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _scope() -> str:
    """The website, or the offline pack being built (packs are built side by side)."""
    return f"paquet-{os.environ['ACADEMIE_PACK']}" if os.environ.get("ACADEMIE_PACK") else "site"


def _context(config: MkDocsConfig) -> str:
    """What every part's HTML depends on besides its own Markdown (not the booklet, nor its URL
    style: the links are resolved for each booklet)."""
    # Pygments: code blocks are highlighted by pymdownx (superfences) even when not configured.
    packages = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "pygments")
    versions = {name: _version(name) for name in packages}
    return json.dumps(
        {
            "extensions": config.markdown_extensions,
            "configs": config.mdx_configs,
            "versions": versions,
            "hook": _HOOK_SOURCE,
        },
        sort_keys=True,
        default=_named,
    )


def _named(value: object) -> str:
    """A function or object of mkdocs.yml (`!!python/name:` options) by its name: the same from one
    build to the next, unlike its repr."""
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"
