"""Sphinx extension of the Jupyter Book edition: the sidebar's list of notebooks resolved once per
build instead of once per page.

The book theme asks pydata-sphinx-theme for the sidebar on every page (twice: once to see whether it
is empty); each time Sphinx resolves the whole table of contents again, about a quarter of the
edition's build at 50 notebooks. The list is the same on every page but for the page itself, marked
as the current one. So the first page's list is kept with its mark taken off, and every other page
gets that list with its own entry marked as pydata-sphinx-theme marks it. A page whose entry is not
found exactly as expected (a nested page, a page outside the list) gets the theme's own answer.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

PYDATA_FUNCTIONS = "add_toctree_functions"  # pydata-sphinx-theme's html-page-context listener
ITEM = '<li class="toctree-l1"><a class="reference internal" href="{href}">'
CURRENT_ITEM = '<li class="toctree-l1 current active"><a class="current reference internal" href="#">'
LIST = '<ul class="nav bd-sidenav">'
CURRENT_LIST = '<ul class="current nav bd-sidenav">'


def unmarked(html: str, href: str) -> str | None:
    """The sidebar of the page at `href` as any other page shows it; None if it is not a plain list."""
    if html.count(CURRENT_ITEM) > 1 or html.count(CURRENT_LIST) != html.count(CURRENT_ITEM):
        return None
    neutral = html.replace(CURRENT_ITEM, ITEM.format(href=href)).replace(CURRENT_LIST, LIST)
    return neutral if "current" not in neutral else None


def marked(neutral: str, href: str) -> str | None:
    """The shared sidebar with the entry of the page at `href` marked current, as the theme marks it."""
    item = ITEM.format(href=href)
    at = neutral.find(item)
    if at < 0 or neutral.find(item, at + 1) >= 0:
        return None
    start = neutral.rfind(LIST, 0, at)
    if start < 0:
        return None
    with_item = neutral[:at] + CURRENT_ITEM + neutral[at + len(item) :]
    return with_item[:start] + CURRENT_LIST + with_item[start + len(LIST) :]


def _add_functions(add: Callable[..., None], shared: dict[str, str], app: Any, pagename: str, *rest: Any) -> None:
    add(app, pagename, *rest)
    context = rest[1]
    own = context["generate_toctree_html"]
    href = app.builder.get_target_uri(pagename)

    @functools.cache
    def generate(kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs: Any) -> Any:
        if kind != "sidebar" or "/" in pagename:  # links from a sub-folder are written otherwise
            return own(kind, startdepth, show_nav_level, **kwargs)
        key = json.dumps([startdepth, show_nav_level, kwargs], sort_keys=True)
        neutral = shared.get(key)
        if neutral is not None:
            found = marked(neutral, href)
            if found is not None:
                return found
        html = str(own(kind, startdepth, show_nav_level, **kwargs))
        if neutral is None and (kept := unmarked(html, href)) is not None:
            shared[key] = kept
        return html

    context["generate_toctree_html"] = generate


def _share_sidebar(app: Any) -> None:
    for listener in list(app.events.listeners.get("html-page-context", [])):
        if getattr(listener.handler, "__name__", "") == PYDATA_FUNCTIONS:
            app.disconnect(listener.id)
            # Just before the theme's other listeners, which render the sidebar to see if it is empty.
            handler = functools.partial(_add_functions, listener.handler, {})
            app.connect("html-page-context", handler, priority=listener.priority - 1)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _share_sidebar, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
