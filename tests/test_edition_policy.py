"""The Content Security Policy of the notebooks' Jupyter Book edition (src/academie/notebooks/edition_policy.py).

The edition's pages are written by Sphinx and its book theme; academie gives each one the site's
strict policy after the build. These tests check the rewriting on small pages, the two things it
reads from the installed theme (Font Awesome's rules, Sphinx's French plural rule), and, in
Chromium with the policy kept, that the theme's buttons, icons and search still work.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import guarded_page
from playwright.sync_api import expect

from academie.notebooks.edition_policy import (
    EditionPolicyError,
    icon_rules,
    plural_script,
    secure_edition,
    secure_page,
    source_hash,
)

PAGE = """<!DOCTYPE html>
<html lang="fr" data-content_root="./">
  <head>
    <meta charset="utf-8" />
    <script>document.documentElement.dataset.mode = "light";</script>
    <noscript><style>.pst-js-only { display: none !important; }</style></noscript>
    <script defer src="_static/scripts/fontawesome.js?digest=1"></script>
    <script src="_static/translations.js?v=1"></script>
  </head>
  <body>
    <button class="btn search-button-field search-button__button" title="Recherche" aria-label="Recherche">
      Recherche <kbd>Ctrl</kbd>+<kbd>K</kbd></button>
    <button onclick="window.print()" class="btn-download-pdf-button">.pdf</button>
    <button onclick="toggleFullScreen()" class="btn-fullscreen-button"></button>
  </body>
</html>
"""


def policy_of(html: str) -> dict[str, list[str]]:
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert content, html[:400]
    return {d.split()[0]: d.split()[1:] for d in content.group(1).split(";") if d.strip()}


def test_a_page_gets_its_policy_first_with_the_hashes_of_its_own_inline_blocks():
    html = secure_page(PAGE, "carnet.html", "_static")
    head = html.partition("<head>")[2]
    # The policy comes right after the character set, before any script it governs.
    assert re.match(r'\s*<meta charset="utf-8" />\s*<meta http-equiv="Content-Security-Policy"', head)
    policy = policy_of(html)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'", source_hash('document.documentElement.dataset.mode = "light";')]
    assert policy["style-src"] == ["'self'", source_hash(".pst-js-only { display: none !important; }")]
    assert "'unsafe-inline'" not in " ".join(policy["script-src"] + policy["style-src"])


def test_the_theme_buttons_lose_their_handlers_and_font_awesome_its_style_injection():
    html = secure_page(
        PAGE.replace('"_static/', '"../_static/'), "chapitre/carnet.html", "../_static"
    )  # one folder down
    assert "onclick" not in html
    assert 'data-academie-action="imprimer"' in html and 'data-academie-action="plein-ecran"' in html
    assert 'data-auto-add-css="false" src="../_static/scripts/fontawesome.js' in html
    assert '<link rel="stylesheet" href="../_static/styles/academie-fontawesome.css" />' in html
    assert '<script defer src="../_static/scripts/academie-livre.js"></script>' in html
    # The plural rule is replaced just before translations.js calls it.
    assert re.search(r'academie-pluriel\.js"></script>\s*<script src="\.\./_static/translations\.js', html)
    # The search button is named by its visible label, shortcut included (WCAG 2.5.3).
    assert 'aria-label="Recherche"' not in html


def test_an_inline_handler_or_style_the_policy_would_refuse_stops_the_build_with_the_page_and_line():
    page = PAGE.replace('<button onclick="toggleFullScreen()"', '<button onmouseover="montrer()"')
    with pytest.raises(EditionPolicyError) as error:
        secure_page(page.replace("<body>", '<body style="margin: 0">'), "edition-carnets/casse.html", "_static")
    message = str(error.value)
    assert "edition-carnets/casse.html:10: attribut style" in message
    assert "edition-carnets/casse.html:14: attribut onmouseover" in message
    assert "src/academie/notebooks/edition_policy.py" in message


def test_a_plural_rule_that_is_not_a_plain_expression_of_n_is_never_written_into_a_script(tmp_path: Path):
    translations = tmp_path / "translations.js"
    translations.write_text(
        'Documentation.addTranslations({"locale": "fr", "messages": {}, "plural_expr": "(n > 1)"});', encoding="utf-8"
    )
    assert "Documentation.PLURAL_EXPR = (n) => Number((n > 1));" in plural_script(translations)
    translations.write_text(
        'Documentation.addTranslations({"plural_expr": "fetch(\'//ailleurs\') || n"});', encoding="utf-8"
    )
    with pytest.raises(EditionPolicyError, match="translations.js : règle de pluriel introuvable"):
        plural_script(translations)


def test_the_edition_files_come_from_the_installed_theme_and_sphinx(site: Path):
    static = site / "edition-carnets" / "_static"
    rules = (static / "styles" / "academie-fontawesome.css").read_text(encoding="utf-8")
    assert ".svg-inline--fa{" in rules and rules == icon_rules(static / "scripts" / "fontawesome.js")
    plural = (static / "scripts" / "academie-pluriel.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in plural.splitlines() if not line.startswith("//"))
    assert "Function" not in code and "eval" not in code
    assert "n % 1000000" in code  # the French rule of Sphinx's translations, as written by Babel


def test_an_edition_without_a_charset_is_refused_not_published_without_policy(tmp_path: Path):
    (tmp_path / "index.html").write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    with pytest.raises(EditionPolicyError, match="index.html : pas de <meta charset>"):
        secure_edition(tmp_path)


@pytest.mark.browser
def test_the_edition_buttons_icons_and_search_work_within_the_policy(browser, site_url: str, site: Path):
    notebook = sorted(
        p.name for p in (site / "edition-carnets").glob("*.html") if (site / "carnets" / f"{p.stem}.ipynb").is_file()
    )[0]
    page = guarded_page(browser, (site_url,))
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    try:
        page.goto(f"{site_url}/edition-carnets/{notebook}")
        page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
        # Font Awesome's icons are drawn at the text's size from the served style sheet.
        icon = page.locator(".btn-fullscreen-button svg.svg-inline--fa")
        expect(icon).to_be_visible()
        assert 8 < icon.bounding_box()["height"] < 40
        page.locator("[data-academie-action='plein-ecran']").click()
        page.wait_for_function("() => document.fullscreenElement !== null")
        page.locator("[data-academie-action='plein-ecran']").click()
        page.wait_for_function("() => document.fullscreenElement === null")
        page.get_by_role("button", name="Téléchargez cette page").click()
        page.locator("[data-academie-action='imprimer']").click()
        assert page.evaluate("() => window.__printed") == 1
        # Sphinx's search, with its French plural rule, under the same policy.
        page.goto(f"{site_url}/edition-carnets/search.html?q=baguettes")
        expect(page.locator("#search-results .search-summary")).to_contain_text("page(s)", timeout=10_000)
        expect(page.locator("#search-results li a", has_text="ventes d’une boulangerie")).to_be_visible()
        assert violations == [] and page.blocked_requests == []
    finally:
        page.context.close()
