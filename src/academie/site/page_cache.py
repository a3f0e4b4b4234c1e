"""Lesson pages converted once: a lesson page's Markdown, converted to HTML for the website, is
kept under `.cache/pages/<key>.json`, and the offline pack that holds the lesson takes it from there
instead of converting it again (and the other way round: a pack's build often reaches a lesson
before the website's). Both builds run at the same time; each reads the other's pages as soon as
they are written.

A page is kept as converted before its links are resolved: each link and image holds a mark
(booklet_cache.LINK_MARK) for an address of `urls`, and each build resolves them with MkDocs' own
link resolution (its warnings included), for its own URL style (directory URLs on the website, .html
files in a pack). The footer of a lesson links to its track's syllabus by the website's path
(`parcours/<id>/index.md`) in a pack too: the pack's build resolves it to its own syllabus
(`index.md`, see pages.pack_aliases), so that the Markdown, and the page, is the same on both sides.

The key hashes the page's Markdown as every other hook left it (a lesson that links out of a pack,
or that stands in several tracks, differs in a pack: it is converted there), its source path, the
conversion context the hook gives (mkdocs.yml's markdown_extensions, the versions of Markdown, its
extensions and MkDocs, the hook's source) and this module's source. A page read from the cache has
its file's date renewed: after a whole build, `prune_pages` removes the pages no build of it used.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".cache") / "pages"
# Bump when the recipe of a cache entry changes (this module's source is hashed too).
KEY_FORMAT = "1"
# What MkDocs converts in place of the page: an HTML comment, left as it is, replaced by the page.
PAGE_MARK = "<!-- academie-page-convertie -->"
_SOURCE = Path(__file__).read_bytes()


@dataclass
class StoredPage:
    """A lesson page as converted: its HTML, whose links and images hold a mark for each address
    of `urls`, in order; its headings (Python-Markdown's toc tokens); the ids it holds (MkDocs'
    anchors, for the validation of links to anchors); its first heading if it is an h1."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    title: str | None = None


def resolve_alias(url: str, page: str, aliases: dict[str, str]) -> str:
    """A relative link of `page` to a page the build holds under another path (`aliases`: the
    website's path, this build's), pointed at that path; any other link as it is."""
    path, sep, anchor = url.partition("#")
    if not path or "://" in path or path.startswith(("/", "mailto:")):
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target not in aliases:
        return url
    return posixpath.relpath(aliases[target], posixpath.dirname(page) or ".") + sep + anchor


class PageCache:
    """The converted lesson pages, one file each, shared by the website's build and the packs'."""

    def __init__(self, root: Path, context: str) -> None:
        self.folder = root / CACHE_DIR
        self.context = context
        self.converted = 0
        self.reused = 0

    def key(self, source: str, markdown: str) -> str:
        digest = hashlib.sha256(f"format {KEY_FORMAT}\0".encode())
        digest.update(hashlib.sha256(_SOURCE).digest())
        for text in (self.context, source, markdown):
            digest.update(f"\0{len(text)}\0{text}".encode())
        return digest.hexdigest()[:32]

    def get(self, key: str) -> StoredPage | None:
        path = self.folder / f"{key}.json"
        try:
            page = StoredPage(**json.loads(path.read_text(encoding="utf-8")))
            os.utime(path)  # used by this build: kept by prune_pages
        except (OSError, ValueError, TypeError):  # absent, half-written by a crashed build, or another version's
            return None
        self.reused += 1
        return page

    def put(self, key: str, page: StoredPage) -> None:
        """Write aside, then rename: a build reading it at the same time never reads half a page."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{key}.json"
        partial = path.with_name(f".{path.name}-{os.getpid()}")
        partial.write_text(json.dumps(vars(page), ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
        self.converted += 1


def prune_pages(root: Path, since: float) -> None:
    """After a whole build started at `since` (time.time()): remove the pages none of its builds
    wrote or read (lessons edited or removed since)."""
    folder = root / CACHE_DIR
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime < since:
                entry.unlink()
        except OSError:  # removed meanwhile
            continue


def build_start() -> float:
    """The time to give prune_pages: a second early, for file systems that round file dates."""
    return time.time() - 1
