"""MkDocs hooks: thin glue between MkDocs events and the academie package.

on_config  loads and checks the catalogue once, and sets the navigation;
on_files   adds the generated pages (track list, syllabi, catalogue…) without writing into content/;
on_page_markdown wraps each lesson with its header and footer and turns its quiz blocks into forms.

With ACADEMIE_PACK=<track> in the environment, the same build makes that track's offline
pack: only its lessons, its syllabus as home page, links outside the pack sent to the website.
With ACADEMIE_PACKS_DIR=<folder>, the website build publishes the ZIP files found there.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from academie.content import Catalogue, generated_sources, learner_markdown, lesson_references, load_catalogue_cached
from academie.site import (
    DOWNLOADS_DIR,
    PRACTICE_SCRIPT,
    THEME_BYTECODE,
    HtmlParts,
    OutsideLink,
    Progress,
    describe_pack,
    downloads_page,
    hold_written,
    kept_in_pack,
    lesson_footer,
    lesson_header,
    link_outside,
    mark_body,
    navigation,
    pack_aliases,
    pack_catalogue,
    pack_name,
    pack_navigation,
    pack_pages,
    pending_pack,
    platform_assets,
    replace_practice_blocks,
    replace_quiz_blocks,
    scorm_name,
    site_pages,
    unmarked,
    unused_theme_file,
)

# The iframe-worker shim (installed from npm by the Makefile) lets the search worker run from file://.
SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
SHIM_TARGET = "assets/vendor/iframe-worker-shim.js"

_catalogue: Catalogue | None = None
_progress: Progress | None = None
_pack: str | None = None
_pack_sources: set[str] = set()  # the pages of the pack being built, and the website's paths it resolves
_site_sources: set[str] = set()  # the pages of the website, which links out of a pack lead to
_online_url = ""  # the website's address, for the « voir en ligne » links of a pack


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _catalogue, _pack, _online_url
    root = Path(config.config_file_path).parent
    catalogue, problems = load_catalogue_cached(root)
    errors = [str(p) for p in problems if p.is_error]
    if errors:
        raise PluginError("Le contenu a des erreurs :\n" + "\n".join(errors))
    _pack = os.environ.get("ACADEMIE_PACK") or None
    if _pack:
        if _pack not in catalogue.track_files:
            raise PluginError(f"ACADEMIE_PACK={_pack} : parcours inconnu")
        _site_sources.clear()
        _site_sources.update(generated_sources(catalogue))
        catalogue = pack_catalogue(catalogue, _pack)
        track = catalogue.track(_pack)
        config.nav = pack_navigation(catalogue, track)
        config.site_name = f"{config.site_name} — hors ligne"
        # Packs open from file://: .html links, the search index inlined (offline plugin), and the
        # worker shim vendored from npm instead of the CDN address the offline plugin would add.
        config.use_directory_urls = False
        config.extra["polyfills"] = [SHIM_TARGET]
        # No canonical links to the website from a pack: its pages are not the website's.
        _online_url, config.site_url = config.site_url or "", None
    else:
        config.nav = navigation(catalogue)
    _catalogue = catalogue
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _pack_sources
    assert _catalogue is not None
    # Material's search worker, its lunr languages and source maps: no page loads them.
    files = Files([file for file in files if not (file.src_dir != config.docs_dir and unused_theme_file(file.src_uri))])
    # The platform's scripts and styles live in the package, not in content/: added to every site and pack.
    for site_path, source in platform_assets():
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    if _pack:
        _site_sources.update(f.src_uri for f in files.documentation_pages())
        files = _pack_files(files, config)
        # Its lessons' footers link to the syllabus by the website's path: conversion_hooks.py resolves it.
        aliases = pack_aliases(_catalogue.track(_pack))
        _pack_sources = {f.src_uri for f in files.documentation_pages()} | set(aliases)
    else:
        for page in site_pages(_catalogue, config.use_directory_urls):
            files.append(File.generated(config, page.source, content=page.markdown))
        _add_packs(files, config)
    return files


def on_nav(nav: object, config: MkDocsConfig, files: Files) -> object:
    global _progress
    # Counted here, once every hook has added its pages.
    pages = files.documentation_pages()
    if os.environ.get("ACADEMIE_INCREMENTAL"):  # only the pages incremental_hooks.py marks to build again
        pages = [file for file in pages if file.is_modified()]
    _progress = Progress("Pages" if not _pack else f"Paquet {_pack}", len(pages))
    return nav


def _add_packs(files: Files, config: MkDocsConfig) -> None:
    """Publish the packs built before the site, and the page that lists them."""
    assert _catalogue is not None
    folder = os.environ.get("ACADEMIE_PACKS_DIR")
    # The packs `academie build` is still zipping: a stand-in file and marks, filled in afterwards.
    pending = set(filter(None, os.environ.get("ACADEMIE_PACKS_PENDING", "").split(",")))
    packs, scorm = {}, {}
    for track in _catalogue.tracks:
        for name, found in ((pack_name(track.id), packs), (scorm_name(track.id), scorm)):
            path = Path(folder, name) if folder else None
            if name in pending:
                found[track.id] = pending_pack(track.id, name)
                files.append(File.generated(config, f"{DOWNLOADS_DIR}/{name}", content=b""))
            elif path is not None and path.is_file():
                found[track.id] = describe_pack(track.id, path)
                files.append(File.generated(config, f"{DOWNLOADS_DIR}/{path.name}", abs_src_path=str(path)))
    page = downloads_page(_catalogue, packs, scorm)
    files.append(File.generated(config, page.source, content=page.markdown))


def _pack_files(files: Files, config: MkDocsConfig) -> Files:
    """Keep the pack's lessons, their folders' images and the site assets; add the pack's pages."""
    assert _catalogue is not None and _pack is not None
    track = _catalogue.track(_pack)
    lesson_pages = {lesson.source for lesson in _catalogue.lessons.values()}
    folders = {os.path.dirname(source) for source in lesson_pages}
    # Every file a lesson shows or links to, whatever its folder (fig/, images/, data/…).
    referenced = set().union(*(lesson_references(lesson) for lesson in _catalogue.lessons.values()))
    kept = Files([])
    for file in files:
        source = file.src_uri
        if file.is_documentation_page():
            if source in lesson_pages:
                kept.append(file)
        elif kept_in_pack(source, folders, referenced):  # the same rule keys the packs' cache
            kept.append(file)
    for page in pack_pages(_catalogue, track):
        kept.append(File.generated(config, page.source, content=page.markdown))
    root = Path(config.config_file_path).parent
    shim = root / SHIM_SOURCE
    if not shim.is_file():
        raise PluginError(f"{SHIM_SOURCE} introuvable — lancez « npm ci » (fait par « make build »)")
    kept.append(File.generated(config, SHIM_TARGET, abs_src_path=str(shim)))
    return kept


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # The theme's templates compiled once per process: the packs' builds run one after the other in one.
    env.bytecode_cache = THEME_BYTECODE
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _catalogue is not None
    if _progress is not None:
        _progress.step()
    lesson = _catalogue.by_source.get(page.file.src_uri)
    if lesson is not None:
        # Carpentries and MyST blocks as the site's boxes; instructor notes left out (workshop scripts only).
        parts = _held[page.file.src_uri] = HtmlParts(markdown)
        body = replace_practice_blocks(
            replace_quiz_blocks(learner_markdown(markdown), lesson, parts.hold), lesson, parts.hold
        )
        if lesson.practices:  # the ateliers' and reperer exercises' script, on their pages only
            page.meta["scripts"] = [*page.meta.get("scripts", []), PRACTICE_SCRIPT]
        # The lesson's text marked: its booklet part is made from it (conversion_hooks.py), but a
        # notebook's page shows more than its part (its downloads, its edition).
        if not lesson.notebook:
            body = mark_body(body)
        markdown = lesson_header(_catalogue, lesson) + body + lesson_footer(_catalogue, lesson)
    else:  # a generated page: its blocks already written as HTML are not read by Python-Markdown
        markdown, written = hold_written(markdown)
        if written is not None:
            _held[page.file.src_uri] = written
    if _pack:
        try:
            markdown = link_outside(markdown, page.file.src_uri, _pack_sources, _online_url, _site_sources)
        except OutsideLink as broken:
            shown = lesson.display_path if lesson is not None else page.file.src_uri
            raise PluginError(f"{shown}: {broken}") from None
    return markdown


# The quiz and practice HTML of each lesson page, and the HTML blocks of a generated page, until converted.
_held: dict[str, HtmlParts] = {}


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    parts = _held.pop(page.file.src_uri, None)
    if parts is None:
        return html
    try:
        return parts.restore(unmarked(html))  # the body marks (see on_page_markdown) go too
    except ValueError as lost:
        raise PluginError(f"{page.file.src_uri}: {lost}") from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # A lesson written in another language (`lang` in its front matter) is declared so to browsers and
    # screen readers; Material writes the site's language on every page.
    assert _catalogue is not None
    lesson = _catalogue.by_source.get(page.file.src_uri)
    if lesson is not None and lesson.meta.lang != "fr":
        output = output.replace('<html lang="fr"', f'<html lang="{lesson.meta.lang}"', 1)
    return output
