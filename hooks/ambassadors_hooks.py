"""MkDocs hooks of the ambassadors' kit: thin glue between MkDocs events and academie.ambassadors.

on_config  checks site_url (short links, QR codes and previews need the public address);
on_files   adds the « Espace ambassadeurs », handouts and workshop scripts, QR codes, link-preview
           cards (drawn once, then taken from .cache/cartes/), short-link redirect pages and
           catalogue.json with its schema;
on_page_context gives each page its link preview and schema.org data (page.meta.academie_preview),
           written out by overrides/partials/academie-head.html.

List it after academie_hooks.py in mkdocs.yml: the redirects point at the pages that hook adds.
Offline packs (ACADEMIE_PACK set) are read from files, not shared by link: the kit stays out of them.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from academie.ambassadors import CardCache, Kit, QrCache, SiteUrl
from academie.content import load_catalogue_cached
from academie.site import hard_link, syllabus_source

CARD_CACHE = Path(".cache") / "cartes"  # at the project root, outside the site, kept between builds
QR_CACHE = Path(".cache") / "qr"

log = logging.getLogger("mkdocs.hooks.ambassadeurs")

_kit: Kit | None = None  # from the configuration and the catalogue
_site_kit: Kit | None = None  # the same, once the site's pages are known


def _in_pack() -> bool:
    return bool(os.environ.get("ACADEMIE_PACK"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _kit
    _kit = None
    if _in_pack():
        return config
    try:
        site = SiteUrl.parse(config.site_url)
    except ValueError as error:
        raise PluginError(f"site_url\u00a0: {error} (mkdocs.yml, ou la variable ACADEMIE_SITE_URL)") from error
    catalogue, _ = load_catalogue_cached(Path(config.config_file_path).parent)
    _kit = Kit(catalogue, site, config.site_name, config.site_description or "")
    # The 404 page is rendered without a page object: the head template falls back to this.
    config.extra["academie_preview"] = _kit.default_preview().as_meta()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _site_kit
    _site_kit = None
    if _kit is None:
        return files
    # The pages the site publishes, including those academie_hooks.py has just generated.
    page_urls = {f.src_uri: f.url for f in files.documentation_pages()}
    missing = [t.id for t in _kit.catalogue.tracks if syllabus_source(t) not in page_urls]
    if missing:
        raise PluginError(
            f"programme du parcours {', '.join(missing)} introuvable\u00a0: listez "
            "hooks/ambassadors_hooks.py après hooks/academie_hooks.py dans mkdocs.yml"
        )
    unpublished = _kit.unpublished(page_urls)
    if unpublished:
        log.info(
            "Kit des ambassadeurs\u00a0: leçons sans page, laissées de côté\u00a0: "
            + ", ".join(lesson.display_path for lesson in unpublished)
        )
    kit = _site_kit = _kit.for_site(page_urls)
    for page in kit.pages():
        files.append(File.generated(config, page.source, content=page.markdown))
    _add_images(files, config, kit)
    for item in [*kit.redirects(), *kit.open_catalogue_files()]:
        files.append(File.generated(config, item.source, content=item.content))
    return files


# The cards and QR codes missing from their caches are drawn by worker processes while MkDocs
# converts the pages; the files only have to be there when MkDocs copies them (on_env).
_drawing: list[tuple[CardCache, QrCache, Callable[[], None], Callable[[], None], tuple[int, int], float]] = []
_images: list[File] = []  # put into the site as hard links of the caches' files, not copied by MkDocs


def _add_images(files: Files, config: MkDocsConfig, kit: Kit) -> None:
    root = Path(config.config_file_path).parent
    cards, codes = CardCache(root / CARD_CACHE), QrCache(root / QR_CACHE)
    jobs, targets = kit.cards(), kit.qr_targets()
    _drawing[:] = [
        (
            cards,
            codes,
            cards.start_drawing([job.card for job in jobs]),
            codes.start_making([(url, title) for _, _, url, title in targets]),
            (
                len({cards.path(job.card) for job in jobs}),
                len({codes.paths(url, title) for _, _, url, title in targets}),
            ),
            time.perf_counter(),
        )
    ]
    _images[:] = [File.generated(config, job.source, abs_src_path=str(cards.path(job.card))) for job in jobs]
    for svg, png, url, title in targets:
        svg_path, png_path = codes.paths(url, title)
        _images.append(File.generated(config, svg, abs_src_path=str(svg_path)))
        _images.append(File.generated(config, png, abs_src_path=str(png_path)))
    for image in _images:
        files.append(image)


def on_env(env: object, config: MkDocsConfig, files: Files) -> object:
    if not _drawing:
        return env
    cards, codes, cards_done, codes_done, counts, started = _drawing.pop()
    cards_done()
    codes_done()
    # MkDocs copies the static files next, and leaves a file that is already its source (SameFileError):
    # 3,000 images at 1,000 lessons are linked in a fraction of the time copying them takes.
    for image in _images:
        assert image.abs_src_path is not None
        hard_link(Path(image.abs_src_path), Path(image.abs_dest_path))
    log.info(
        f"Cartes d’aperçu\u00a0: {cards.drawn} dessinée(s), {counts[0] - cards.drawn} reprise(s) du cache\u00a0; "
        f"QR codes\u00a0: {codes.made} faits, {counts[1] - codes.made} repris "
        f"({time.perf_counter() - started:.2f} s)".replace(".", ",")
    )
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    if _site_kit is None:
        return context
    url = page.canonical_url or _site_kit.site.absolute(page.url)
    description = page.meta.get("description") or ""
    preview = _site_kit.preview(page.file.src_uri, page.title or "", description, url)
    page.meta["academie_preview"] = preview.as_meta()
    return context
