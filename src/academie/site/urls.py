"""Addresses of the site's pages as MkDocs gives them, for the pages the platform writes as HTML
(MkDocs resolves the links of Markdown, not those of HTML)."""

from __future__ import annotations

import posixpath


def page_url(source: str, directory_urls: bool = True) -> str:
    """A page's address in the site, as MkDocs gives it (« outils/x/ », or « outils/x.html »)."""
    stem = source.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    folder, _, name = stem.rpartition("/")
    return (f"{folder}/" if folder else "") if name == "index" else f"{stem}/"


def page_link(from_source: str, to_source: str, directory_urls: bool = True) -> str:
    """The relative address of a page from another, as MkDocs writes a Markdown link between them."""
    here, there = page_url(from_source, directory_urls), page_url(to_source, directory_urls)
    target = posixpath.relpath(there or ".", posixpath.dirname(here) or ".")
    return target + "/" if there.endswith("/") or not there else target
