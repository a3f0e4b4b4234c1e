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


def relative_url(from_dir: str, to_path: str) -> str:
    """Relative URL from a site folder (« l/x/ ») to a site path (« bases/x/ » or « bases/x.html »)."""
    target = posixpath.relpath(to_path or ".", from_dir.rstrip("/") or ".")
    if to_path.endswith("/") or to_path == "":
        target = target.rstrip("/") + "/"
    return target


def page_link(from_source: str, to_source: str, directory_urls: bool = True) -> str:
    """The relative address of a page from another, as MkDocs writes a Markdown link between them."""
    here, there = page_url(from_source, directory_urls), page_url(to_source, directory_urls)
    return relative_url(posixpath.dirname(here), there)
