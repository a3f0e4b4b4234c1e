"""The presentational styles of notebook outputs, kept without any inline style.

Outputs style themselves inline: pandas tables shown side by side sit in
`<div style="float: left">` or carry `style="display: inline"`, a Styler colours its cells.
The site's Content Security Policy (style-src 'self', no 'unsafe-inline') makes the browser
refuse every `style` attribute, so keeping them would change nothing. Instead:

- each `style` attribute keeps only an allow-list of layout and colour properties, whose values
  cannot load or run anything (no url(), expression(), @import, javascript:, escapes or markup);
- what is left becomes a `data-sortie-style="s…"` attribute, and one rule per distinct style goes
  into the notebook's own stylesheet (`img/<carnet>/sorties.css`), which the page loads.

The rules are `!important` so that they win over the theme's, as inline styles would.
"""

from __future__ import annotations

import hashlib
import re

STYLESHEET_NAME = "sorties.css"
ATTRIBUTE = "data-sortie-style"
PROPERTIES = {
    # layout: side by side, alignment, spacing, sizes
    "display",
    "float",
    "clear",
    "vertical-align",
    "text-align",
    "white-space",
    "width",
    "min-width",
    "max-width",
    "height",
    "min-height",
    "max-height",
    "gap",
    "column-gap",
    "row-gap",
    "flex",
    "flex-direction",
    "flex-wrap",
    "flex-grow",
    "flex-shrink",
    "flex-basis",
    "justify-content",
    "align-items",
    "align-self",
    "margin",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    # tables and borders
    "border",
    "border-top",
    "border-right",
    "border-bottom",
    "border-left",
    "border-color",
    "border-style",
    "border-width",
    "border-radius",
    "border-collapse",
    "border-spacing",
    # text and colour
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "font-size",
    "font-family",
    "font-variant",
    "line-height",
    "text-decoration",
    "text-transform",
    "letter-spacing",
    "opacity",
}
# No « none » (an output may not hide itself) and no « contents » tricks: boxes of the usual kinds.
DISPLAY_VALUES = {
    "inline",
    "inline-block",
    "block",
    "flex",
    "inline-flex",
    "grid",
    "inline-grid",
    "table",
    "inline-table",
    "table-cell",
    "table-row",
    "list-item",
}
# What can load or run, or break out of a declaration.
UNSAFE = re.compile(r"url\s*\(|image|expression|@import|javascript:|behavior|binding|attr\s*\(|/\*|\\", re.I)
VALUE = re.compile(r"^[\w\s#%.,()'\"+-/]+$")
INLINE = re.compile(r"(?:^|; )display: inline(?:-block|-table)?(?:;|$)")
IMPORTANT = re.compile(r"\s*!\s*important\s*$", re.I)


def safe_declarations(style: str) -> str:
    """The harmless presentational part of a `style` attribute, normalised (« color: red; float: left »)."""
    kept = []
    for part in style.split(";"):
        name, colon, value = part.partition(":")
        name, value = name.strip().lower(), IMPORTANT.sub("", value.strip())
        if not colon or name not in PROPERTIES or not value or UNSAFE.search(value) or not VALUE.match(value):
            continue
        if name == "display" and value.lower() not in DISPLAY_VALUES:
            continue
        kept.append(f"{name}: {value}")
    return "; ".join(kept)


class OutputStyles:
    """The styles of one notebook's outputs, each a short token and a rule of its stylesheet."""

    def __init__(self) -> None:
        self.rules: dict[str, str] = {}  # token → declarations

    def token(self, declarations: str) -> str:
        token = "s" + hashlib.sha256(declarations.encode()).hexdigest()[:12]
        self.rules[token] = declarations
        return token

    def stylesheet(self) -> str:
        lines = ["/* Mise en forme des sorties de ce carnet (générée par academie à partir de leurs styles). */"]
        for token, declarations in sorted(self.rules.items()):
            body = " ".join(f"{d} !important;" for d in declarations.split("; "))
            selector = f'[{ATTRIBUTE}="{token}"]'
            lines.append(f".academie-sortie-html {selector} {{ {body} }}")
            if INLINE.search(declarations):
                # A table shown inline (pandas Styler side by side): an inline table box, and the
                # theme's scrolling wrappers around it made inline too, or they would stack it.
                lines += [
                    f".academie-sortie-html table{selector} {{ display: inline-table !important; }}",
                    f".academie-sortie-html .md-typeset__scrollwrap:has(> .md-typeset__table > {selector}) "
                    "{ display: inline-block !important; vertical-align: top; max-width: 100%; margin: 0 1em 1em 0; }",
                    f".academie-sortie-html .md-typeset__table:has(> {selector}) {{ padding: 0; }}",
                ]
        return "\n".join(lines) + "\n"


TOKEN_ATTRIBUTE = re.compile(r'\sstyle="(?P<token>s[0-9a-f]{12})"')


def tokens_to_attributes(html: str) -> str:
    """`style="s…"` (a token put there by the sanitiser) → `data-sortie-style="s…"`."""
    return TOKEN_ATTRIBUTE.sub(lambda m: f' {ATTRIBUTE}="{m.group("token")}"', html)
