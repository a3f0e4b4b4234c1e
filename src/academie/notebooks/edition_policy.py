"""The Content Security Policy of the Jupyter Book edition's pages.

The site's own pages get their policy from overrides/partials/academie-csp.html; the edition is
written by Sphinx and its book theme, so academie gives its pages the same strict policy after
the build, before the edition is cached:

- each page's inline scripts and <style> blocks (a few lines written by the theme) are allowed by
  their SHA-256 hash, computed from that page: never 'unsafe-inline';
- the theme's print and full-screen buttons carry onclick="…" handlers, which such a policy
  refuses: they become data-academie-action attributes, wired by a small script of our own;
- the theme's Font Awesome script inserts a <style> element at run time, whose text no page
  holds: it is told not to (data-auto-add-css="false"), and the same rules, taken at build time
  from the installed script, are served as a style sheet instead;
- Sphinx's doctools.js turns the French plural rule of translations.js into a function with
  `new Function` (an eval, refused): a script written at build time from that same rule
  replaces `Documentation.addTranslations` just before translations.js runs.

Anything else the policy would break (another inline handler, a style attribute) stops the
build with the page's name, so that an upgrade of the theme cannot quietly break the edition.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
import shutil
from pathlib import Path

ASSETS = Path(__file__).with_name("assets")
BUTTON_SCRIPT = "academie-livre.js"
ICON_STYLES = "academie-fontawesome.css"
PLURAL_SCRIPT = "academie-pluriel.js"
FONT_AWESOME_SCRIPT = "_static/scripts/fontawesome.js"
TRANSLATIONS_SCRIPT = "_static/translations.js"
# The theme's inline handlers, and the action our script performs for each.
HANDLERS = {'onclick="window.print()"': "imprimer", 'onclick="toggleFullScreen()"': "plein-ecran"}

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
INLINE_STYLE = re.compile(r"<style[^>]*>(?P<body>.*?)</style>", re.S | re.I)
# An on…= attribute inside a tag, or a style attribute: both refused by the policy.
INLINE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\s(?P<name>on[a-z]+|style)\s*=", re.S | re.I)
# The theme's search buttons read « Recherche Ctrl+K » but are named « Recherche »: a name that
# leaves out part of the visible label fails WCAG 2.5.3; without aria-label, the name is the label.
SEARCH_BUTTON_NAME = re.compile(r'(<button class="btn search-button-field[^>]*?) aria-label="[^"]*"')
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
# Font Awesome's own rules are the one string literal of its script that starts like this.
ICON_RULES = re.compile(r"'(?P<css>(?::host|:root)[^'\\]*\.svg-inline--fa[^'\\]*)'")
# Babel's plural rules are C expressions of n; anything else is not written into a script.
PLURAL_RULE = re.compile(r'"plural_expr":\s*"(?P<rule>[n0-9\s=!<>%&|?:()]+)"')


class EditionPolicyError(Exception):
    """The edition holds something its policy would refuse; the message says what and where, in French."""


def source_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def page_policy(scripts: list[str], styles: list[str]) -> str:
    """The same directives as the site's pages, with this page's inline blocks named by hash."""
    script_src = " ".join(["'self'", *sorted({source_hash(body) for body in scripts})])
    style_src = " ".join(["'self'", *sorted({source_hash(body) for body in styles})])
    return (
        f"default-src 'none'; script-src {script_src}; style-src {style_src}; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; form-action 'self'; "
        "base-uri 'none'; object-src 'none'"
    )


def secure_page(html: str, name: str, static: str) -> str:
    """One page with its policy first in <head>, its handlers replaced and the icon style sheet linked.
    `static` is the path from the page to the edition's _static folder."""
    html = SEARCH_BUTTON_NAME.sub(r"\1", html)
    for handler, action in HANDLERS.items():
        html = html.replace(handler, f'data-academie-action="{action}"')
    strangers = [
        f"{name}:{html.count(chr(10), 0, m.start()) + 1}: attribut {m.group('name')}"
        for m in INLINE_ATTRIBUTE.finditer(html)
    ]
    if strangers:
        raise EditionPolicyError(
            "L’édition Jupyter Book garde des attributs que sa Content-Security-Policy refuserait :\n"
            + "\n".join(strangers)
            + "\n— adaptez HANDLERS dans src/academie/notebooks/edition_policy.py à la nouvelle version du thème"
        )
    font_awesome = f'src="{static}/scripts/fontawesome.js'
    if font_awesome in html:
        html = html.replace(font_awesome, f'data-auto-add-css="false" {font_awesome}', 1)
    translations = f'<script src="{static}/translations.js'
    if translations in html:
        html = html.replace(
            translations, f'<script src="{static}/scripts/{PLURAL_SCRIPT}"></script>\n{translations}', 1
        )
    extra = (
        f'<link rel="stylesheet" href="{static}/styles/{ICON_STYLES}" />\n'
        f'<script defer src="{static}/scripts/{BUTTON_SCRIPT}"></script>\n'
    )
    html = html.replace("</head>", extra + "</head>", 1)
    scripts = [
        m.group("body")
        for m in INLINE_SCRIPT.finditer(html)
        if "src=" not in m.group("attrs") and m.group("body").strip()
    ]
    styles = [m.group("body") for m in INLINE_STYLE.finditer(html)]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(scripts, styles)}" />'
    html, found = CHARSET.subn(lambda m: m.group(0) + "\n    " + meta, html, count=1)
    if not found:
        raise EditionPolicyError(
            f"{name} : pas de <meta charset> où placer la Content-Security-Policy "
            "— le thème de l’édition a changé, adaptez src/academie/notebooks/edition_policy.py"
        )
    return html


def icon_rules(font_awesome: Path) -> str:
    """The style sheet Font Awesome would insert at run time, read from the installed script."""
    match = ICON_RULES.search(font_awesome.read_text(encoding="utf-8"))
    if not match:
        raise EditionPolicyError(
            f"{font_awesome.name} : règles des icônes introuvables — la version de Font Awesome "
            "du thème a changé, adaptez ICON_RULES dans src/academie/notebooks/edition_policy.py"
        )
    return match.group("css") + "\n"


def plural_script(translations: Path) -> str:
    """Sphinx's addTranslations with the plural rule of translations.js written as code, not evaluated."""
    match = PLURAL_RULE.search(translations.read_text(encoding="utf-8"))
    if not match:
        raise EditionPolicyError(
            f"{translations.name} : règle de pluriel introuvable ou inattendue "
            "— adaptez PLURAL_RULE dans src/academie/notebooks/edition_policy.py"
        )
    return (
        "// Written by academie (src/academie/notebooks/edition_policy.py) from translations.js: the same plural rule,\n"
        "// as code, because the policy of these pages refuses the `new Function` of doctools.js.\n"
        "Documentation.addTranslations = (catalog) => {\n"
        "  Object.assign(Documentation.TRANSLATIONS, catalog.messages);\n"
        f"  Documentation.PLURAL_EXPR = (n) => Number({match.group('rule').strip()});\n"
        "  Documentation.LOCALE = catalog.locale;\n"
        "};\n"
    )


def secure_edition(html_root: Path) -> None:
    """Give every page of a built edition its policy, and add the two files the pages now link."""
    static = html_root / "_static"
    font_awesome = html_root / FONT_AWESOME_SCRIPT
    (static / "styles").mkdir(parents=True, exist_ok=True)
    (static / "scripts").mkdir(parents=True, exist_ok=True)
    (static / "styles" / ICON_STYLES).write_text(
        icon_rules(font_awesome) if font_awesome.is_file() else "", encoding="utf-8"
    )
    shutil.copyfile(ASSETS / BUTTON_SCRIPT, static / "scripts" / BUTTON_SCRIPT)
    translations = html_root / TRANSLATIONS_SCRIPT
    if translations.is_file():
        (static / "scripts" / PLURAL_SCRIPT).write_text(plural_script(translations), encoding="utf-8")
    for page in sorted(html_root.rglob("*.html")):
        if static in page.parents:
            continue
        name = page.relative_to(html_root).as_posix()
        prefix = posixpath.relpath("_static", posixpath.dirname(name) or ".")
        page.write_text(secure_page(page.read_text(encoding="utf-8"), name, prefix), encoding="utf-8")
