"""MkDocs hooks for `academie build`'s incremental builds (academie.site.incremental).

Every build writes the title of each page to ACADEMIE_TITLES_OUT: an incremental build renders the
menu of the pages it rebuilds with the titles of the pages it does not read again.

With ACADEMIE_INCREMENTAL=<file> (JSON: "rebuild", the pages to build again and the files to copy
again; "titles", the previous build's titles), MkDocs runs with --dirty in a hard-link copy of the
previous output: every other page and file is left as it is, and each file about to be written is
unlinked first, so that the previous output, which shares those files, is never written into.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from academie.site import ALWAYS_WRITTEN, merge_index

_plan: dict[str, object] = {}
_files: list[Files] = []  # this build's, for the titles written at the end
_rebuilt_urls: set[str] = set()


class _DirtyWarning(logging.Filter):
    """MkDocs warns that a --dirty build may leave menus stale: here the titles are set (on_env)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


_filter = _DirtyWarning()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _plan.clear()
    _rebuilt_urls.clear()
    path = os.environ.get("ACADEMIE_INCREMENTAL")
    logger = logging.getLogger("mkdocs.commands.build")
    logger.removeFilter(_filter)
    if path:
        _plan.update(json.loads(Path(path).read_text(encoding="utf-8")))
        logger.addFilter(_filter)
    return config


def _keep(file: File, again: bool) -> None:
    # MkDocs asks each file whether it changed since the previous build (--dirty): the plan answers.
    file.is_modified = lambda: again  # type: ignore[method-assign]


@event_priority(-100)  # after every hook that adds pages and files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _files[:] = [files]
    if not _plan:
        return files
    again = set(_plan["rebuild"])  # type: ignore[call-overload]
    site = Path(config.site_dir)
    for file in files:
        _keep(file, file.src_uri in again)
        if file.src_uri in again:
            Path(file.abs_dest_path).unlink(missing_ok=True)
            if file.is_documentation_page():
                _rebuilt_urls.add(file.url)
    for name in ALWAYS_WRITTEN:
        (site / name).unlink(missing_ok=True)
    return files


def on_env(env: object, config: MkDocsConfig, files: Files) -> object:
    if not _plan:
        return env
    titles = json.loads(Path(str(_plan["titles"])).read_text(encoding="utf-8"))
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.markdown is None:  # not read again by this build
            if file.src_uri not in titles:
                raise PluginError(f"titre de {file.src_uri} inconnu — relancez avec academie build --forcer")
            page.title = titles[file.src_uri]
    return env


@event_priority(-50)  # after search_hooks.py completes the index, before the offline plugin copies it
def on_post_build(config: MkDocsConfig) -> None:
    if _plan:
        # The index holds the rebuilt pages only: the others' entries come from the previous build.
        merge_index(Path(str(_plan["previous"])), Path(config.site_dir), _rebuilt_urls)
    target = os.environ.get("ACADEMIE_TITLES_OUT")
    if not target:
        return
    titles = {file.src_uri: file.page.title for file in _files[0].documentation_pages() if file.page is not None}
    Path(target).write_text(json.dumps(titles, ensure_ascii=False, sort_keys=True), encoding="utf-8")
