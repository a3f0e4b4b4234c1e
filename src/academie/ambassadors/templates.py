"""The kit's Jinja2 templates (src/academie/site/templates/ambassadeurs_*, fiche_*, atelier_*), rendered
by the project's one Jinja2 environment with two filters of the kit's own."""

from __future__ import annotations

import jinja2

from academie.site.pages import environment


def clock(minutes: int) -> str:
    """Time since the start of a session, as on a French schedule: « 0 h 05 », « 1 h 40 »."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}\u00a0h\u00a0{rest:02d}"


def table_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _environment() -> jinja2.Environment:
    env = environment()
    env.filters.setdefault("clock", clock)
    env.filters.setdefault("cell", table_cell)
    return env


def render(template: str, **data: object) -> str:
    return _environment().get_template(template).render(**data)
