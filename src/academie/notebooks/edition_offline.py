"""Sphinx extension of the Jupyter Book edition: no live-code machinery in the pages.

Jupyter Book 1 always loads sphinx-thebe (twice, through the book theme as well), even with
launch buttons off: every page then declares the address of thebe on a CDN (twice, which is a
script error in the browser) and a configuration naming a public Binder repository. The edition
runs no code, so this extension unplugs sphinx-thebe's scripts before any page is read (its
small local style sheet stays: it loads nothing).
"""

from __future__ import annotations

from typing import Any

THEBE_MODULE = "sphinx_thebe"


def _unplug_thebe(app: Any) -> None:
    for event in ("env-before-read-docs", "doctree-resolved"):
        for listener in list(app.events.listeners.get(event, [])):
            if getattr(listener.handler, "__module__", "") == THEBE_MODULE:
                app.disconnect(listener.id)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _unplug_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
