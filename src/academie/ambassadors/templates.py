"""The kit's Jinja2 templates (src/academie/templates/ambassadeurs_*, fiche_*, atelier_*).

HTML templates (`.html.j2`) are autoescaped; Markdown templates (`.md.j2`) are not, and escape
HTML attributes with `|e`, as the other page templates do.
"""

from __future__ import annotations

from functools import cache

import jinja2

from academie.catalogue import format_duration
from academie.model import AUDIENCE_LABELS, LEVEL_LABELS


def clock(minutes: int) -> str:
    """Time since the start of a session, as on a French schedule: « 0 h 05 », « 1 h 40 »."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}\u00a0h\u00a0{rest:02d}"


def table_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("academie", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["duration"] = format_duration
    env.filters["audience"] = lambda a: AUDIENCE_LABELS[a]
    env.filters["level"] = lambda lv: LEVEL_LABELS[lv]
    env.filters["clock"] = clock
    env.filters["cell"] = table_cell
    # French typography: a no-break space before « : ; ! ? » and inside « », written {{ nbsp }}.
    env.globals["nbsp"] = "\u00a0"
    return env


def render(template: str, **data: object) -> str:
    return _environment().get_template(template).render(**data)
