"""MkDocs hooks for the track booklets: each lesson's part converted once, through a cache
(academie.site.booklet_cache, under .cache/livrets/) that the website and the packs share.

on_page_markdown takes the booklet's parts out of its Markdown (MkDocs converts the frame: intro,
          contents, a placeholder per part). List this file after the other hooks in mkdocs.yml:
          the parts are then as the others left them (notebook outputs, links out of a pack).
on_page_content converts the parts found in no cache, with the page's Markdown settings and a mark
          in place of each link, then resolves each part's links for this booklet with MkDocs' own
          link resolution (the same warnings as a page's, so a broken link still fails a --strict
          build), puts every part in place, and gives the page its parts' headings (table of
          contents), anchors and links to anchors (MkDocs validates them).
"""

from __future__ import annotations

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
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.structure.toc import AnchorLink, get_toc

from academie.site import (
    BOOKLET_MARK,
    LINK_MARK,
    BookletCache,
    ConvertedPart,
    Part,
    StoredPart,
    assemble,
    fill_links,
    from_root,
    prune_booklets,
    scope_ids,
    split_parts,
)

log = get_plugin_logger("livrets")
_parts: dict[str, list[Part]] = {}  # the parts taken out of each booklet page, by page source
_made: set[str] = set()  # the booklets of this build
_HOOK_SOURCE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def on_pre_build(config: MkDocsConfig) -> None:
    _parts.clear()
    _made.clear()


def on_page_markdown(markdown_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if BOOKLET_MARK not in markdown_text:
        return markdown_text
    frame, parts = split_parts(markdown_text)
    if parts:
        _parts[page.file.src_uri] = parts
    return frame


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    parts = _parts.pop(page.file.src_uri, None)
    if parts is None:
        return html
    booklet = page.file.src_uri
    _made.add(booklet)
    cache = BookletCache(_root(config), _scope(), booklet, _context(config))
    converter: _PartConverter | None = None
    links = _RelativePathTreeprocessor(page.file, files, config)
    converted: dict[str, ConvertedPart] = {}
    for part in parts:
        key = cache.key(part)
        stored = cache.get(key)
        if stored is None:
            converter = converter or _PartConverter(config)
            stored = converter.convert(part)
            cache.put(key, stored)
        converted[part.lesson] = _resolve(part.lesson, stored, booklet, links)
    cache.save()
    log.info(f"{booklet} : {cache.converted} partie(s) convertie(s), {cache.reused} reprise(s) du cache")
    _give_page(page, files, list(converted.values()))
    return assemble(html, {lesson: part.html for lesson, part in converted.items()})


def on_post_build(config: MkDocsConfig) -> None:
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


class _PartConverter:
    """One Markdown converter for the parts of a page, set up as MkDocs sets up a page's (Page.render):
    mkdocs.yml's extensions, and link marks where MkDocs resolves the links."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        self.marks = _LinkMarks()
        self.md.treeprocessors.register(self.marks, "relpath", 0)

    def convert(self, part: Part) -> StoredPart:
        self.md.reset()
        self.marks.urls = []
        html = self.md.convert(part.markdown)
        return StoredPart(html, getattr(self.md, "toc_tokens", []), self.marks.urls)


def _resolve(lesson: str, stored: StoredPart, booklet: str, links: _RelativePathTreeprocessor) -> ConvertedPart:
    """A stored part in this booklet: its links resolved by MkDocs as in a page (which records the
    links to anchors), then its ids scoped by its lesson's anchor."""
    links.links_to_anchors = {}
    urls = [_escape_attrib_html(links.path_to_url(from_root(url, booklet))) for url in stored.urls]
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
