"""Accessibility and Content Security Policy of every kind of page, on the website and in an offline pack.

axe-core (npm, installed by `make`) checks the WCAG 2.1 A and AA rules, contrast included, in
Chromium on one page of each kind, before and after the learner acts on it (a quiz answered, an
assessment drawn). A second browser context, which keeps the pages' policy, records every policy
violation while the same pages are used. Static checks go over every built page: French, a policy,
no inline script the policy does not name by its hash, no inline handler or style, an alternative
text on every image. Keyboard tests walk the navigation and a pack's quiz with the keyboard alone.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from projects import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_2_1_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LESSON_ID = "rediger-devis-et-e-mails"  # a lesson with a quiz and a figure
TRACKS = ["tpe", "pme", "grand-public"]

# Every policy violation, in the page and in its frames (the search shim's iframe among them).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const record = {directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample,
                  source: e.sourceFile, line: e.lineNumber};
  try { window.top.__cspViolations.push(record); } catch (_) { window.__cspViolations.push(record); }
}, true);
"""


# ----------------------------------------------------------------------------------------------
# The page kinds
# ----------------------------------------------------------------------------------------------


def answer_quiz_half_right(page: Page) -> None:
    """Answer the lesson's first quiz, the first question wrong and the others right, then « Valider »:
    both the right and the wrong answer styles are on the page."""
    form = page.locator("form[data-academie-quiz]").first
    form.locator(".academie-quiz-actions").wait_for()
    for number, fieldset in enumerate(form.locator("fieldset.academie-question").all()):
        choices = fieldset.locator("input:not([data-correct])" if number == 0 else "input[data-correct]").all()
        for choice in choices[:1] if number == 0 else choices:
            choice.check()
    form.get_by_role("button", name="Valider").click()
    expect(form.locator(".academie-quiz-score")).to_contain_text("Score")


def start_assessment(page: Page) -> None:
    page.get_by_role("button", name="Commencer l’évaluation").click()
    page.locator(".academie-assessment-form fieldset.academie-question").first.wait_for()


def pass_assessment(page: Page) -> None:
    start_assessment(page)
    form = page.locator(".academie-assessment-form")
    for choice in form.locator("input[data-correct]").all():
        choice.check()
    form.get_by_role("button", name="Valider").click()
    page.locator(".academie-attestation-form").wait_for()


def check_empty_eligibility_form(page: Page) -> None:
    """« Vérifier » on an empty form: the error messages are on the page."""
    page.get_by_role("button", name="Vérifier").click()
    page.locator("[aria-invalid='true']").first.wait_for()


def search_for_devis(page: Page) -> None:
    """Material's search box, answered by the Académie's worker (through the shim in a pack)."""
    box = page.locator("input.md-search__input")
    opener = page.locator("label.md-header__button[for='__search']")  # the magnifier, on a phone
    (opener if opener.is_visible() else box).click()
    for _ in range(10):
        box.fill("")
        box.press_sequentially("devis", delay=10)
        try:
            page.locator("li.md-search-result__item").first.wait_for(timeout=1_000)
            return
        except Exception:  # the worker may still be reading the index: type again
            continue
    raise AssertionError("la recherche n’a rien trouvé pour « devis »")


def wait_for_book_search_results(page: Page) -> None:
    """The edition's Sphinx search runs once its index has loaded, then writes its French summary."""
    expect(page.locator("#search-results .search-summary")).to_contain_text("trouvée", timeout=10_000)


@dataclass(frozen=True)
class Kind:
    name: str
    pack: bool  # in the TPE pack opened from file://, or on the website
    path: str  # from the site's root or the pack's folder; {lesson} and {notebook} are found at run time
    act: Callable[[Page], None] | None = None  # what the learner does before the checks

    def __str__(self) -> str:
        return self.name


KINDS = [
    Kind("accueil", False, "", search_for_devis),
    Kind("par-ou-commencer", False, "par-ou-commencer/"),
    Kind("parcours", False, "parcours/"),
    Kind("programme", False, "parcours/tpe/"),
    Kind("secteurs", False, "secteurs/"),
    Kind("secteur", False, "secteurs/restauration/"),
    Kind("lecon", False, "{lesson}/"),
    Kind("lecon-apres-quiz", False, "{lesson}/", answer_quiz_half_right),
    Kind("evaluation", False, "parcours/tpe/evaluation/", start_assessment),
    Kind("evaluation-reussie", False, "parcours/tpe/evaluation/", pass_assessment),
    Kind("livret", False, "parcours/tpe/livret/"),
    Kind("carnet", False, "{notebook}"),
    Kind("catalogue", False, "catalogue/"),
    Kind("progression", False, "progression/"),
    Kind("telechargements", False, "telechargements/"),
    Kind("eligibilite", False, "pages/eligibilite-diagnostic/", check_empty_eligibility_form),
    Kind("ambassadeurs", False, "ambassadeurs/"),
    # The notebooks' Jupyter Book edition (Sphinx, sphinx-book-theme), under /edition-carnets/ on the website.
    Kind("edition-carnet", False, "edition-carnets/{edition}"),
    Kind("edition-recherche", False, "edition-carnets/search.html?q=ventes", wait_for_book_search_results),
    Kind("paquet-accueil", True, "index.html", search_for_devis),
    Kind("paquet-lecon", True, "{lesson}.html"),
    Kind("paquet-lecon-apres-quiz", True, "{lesson}.html", answer_quiz_half_right),
    Kind("paquet-evaluation", True, "evaluation.html", start_assessment),
    Kind("paquet-progression", True, "progression.html"),
    Kind("paquet-livret", True, "livret.html"),
    Kind("paquet-carnet", True, "{notebook}"),
]


def hooks_in_config() -> str:
    return (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def notebook_page(folder: Path, pack: bool) -> str:
    """The first notebook page built, or a skip while the notebooks are not part of the build yet."""
    pages = sorted(folder.glob("carnets/*.html" if pack else "carnets/*/index.html"))
    if pages:
        path = pages[0].relative_to(folder).as_posix()
        return path if pack else path.removesuffix("index.html")
    if "notebook_hooks" not in hooks_in_config():
        pytest.skip("pas encore de page de carnet : hooks/notebook_hooks.py n’est pas dans mkdocs.yml")
    if pack:
        pytest.skip("le paquet de ce parcours ne contient aucun carnet")
    raise AssertionError(
        "hooks/notebook_hooks.py est dans mkdocs.yml mais aucune page carnets/*/index.html n’est construite"
    )


def edition_page(site: Path) -> str:
    """The first notebook page of the Jupyter Book edition (one per notebook of content/carnets/)."""
    pages = sorted(
        p.name for p in (site / "edition-carnets").glob("*.html") if (site / "carnets" / f"{p.stem}.ipynb").is_file()
    )
    if not pages:
        pytest.skip("pas d’édition Jupyter Book des carnets dans ce site")
    return pages[0]


@pytest.fixture(scope="session")
def kind_url(site: Path, site_url: str, unzipped: dict[str, Path], catalogue) -> Callable[[Kind], str]:
    """The address of a page kind, or a skip when that kind is not built yet."""
    lesson = catalogue.lessons[LESSON_ID].source.removesuffix(".md")

    def url(kind: Kind) -> str:
        if kind.name == "ambassadeurs" and "ambassadors_hooks" not in hooks_in_config():
            pytest.skip("pas encore d’espace ambassadeurs : hooks/ambassadors_hooks.py n’est pas dans mkdocs.yml")
        if kind.pack:
            folder = unzipped["tpe"]
            if "{notebook}" in kind.path:
                # The first pack that holds a notebook page (not every track has one).
                folder = next((f for f in unzipped.values() if any(f.glob("carnets/*.html"))), folder)
            path = kind.path.format(
                lesson=lesson, notebook=notebook_page(folder, True) if "{notebook}" in kind.path else ""
            )
            return f"{folder.resolve().as_uri()}/{path}"
        path = kind.path.format(
            lesson=lesson,
            notebook=notebook_page(site, False) if "{notebook}" in kind.path else "",
            edition=edition_page(site) if "{edition}" in kind.path else "",
        )
        return f"{site_url}/{path}"

    return url


def new_page(browser, site_url: str, *, keep_policy: bool) -> Iterator[Page]:
    """A page that may load only the site's or the pack's own files; other requests are recorded."""
    context = browser.new_context(locale="fr-FR", bypass_csp=not keep_policy)
    outside: list[str] = []

    def route(route, request):
        if request.url.startswith((site_url + "/", "file://", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", route)
    if keep_policy:
        context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.outside_requests = outside  # type: ignore[attr-defined]
    # Chromium also reports refusals in frames the init script may not reach: keep its console.
    page.policy_messages = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda message: (
            page.policy_messages.append(message.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


@pytest.fixture(scope="module")
def axe_page(browser, site_url: str) -> Iterator[Page]:
    """axe-core is injected as a script: this context lets it in (the policy is tested on its own below)."""
    yield from new_page(browser, site_url, keep_policy=False)


@pytest.fixture(scope="module")
def policy_page(browser, site_url: str) -> Iterator[Page]:
    yield from new_page(browser, site_url, keep_policy=True)


def open_kind(page: Page, url: str, kind: Kind) -> None:
    page.goto(url)
    if kind.act is not None:
        kind.act(page)
        # What the act opened (the search panel) fades in: measure colours once it is still.
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def axe_violations(page: Page) -> list[str]:
    if not AXE.is_file():
        pytest.fail("axe-core est absent de node_modules : lancez « make test », qui l’installe avec npm.")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_2_1_A_AA
    )
    return [
        f"{v['id']} ({v['impact']}) : {v['help']} — "
        + " ; ".join(f"{node['target']} {node['failureSummary']}" for node in v["nodes"][:3])
        for v in result["violations"]
    ]


# ----------------------------------------------------------------------------------------------
# axe-core, WCAG 2.1 A and AA
# ----------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_axe_core_finds_no_wcag_2_1_a_or_aa_violation(axe_page, kind_url, kind):
    open_kind(axe_page, kind_url(kind), kind)
    assert axe_page.evaluate("document.documentElement.lang") == "fr"
    violations = axe_violations(axe_page)
    assert not violations, "\n".join(violations)
    assert axe_page.outside_requests == []


# ----------------------------------------------------------------------------------------------
# Content Security Policy
# ----------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_the_page_works_within_its_content_security_policy(policy_page, kind_url, kind):
    policy_page.policy_messages.clear()
    open_kind(policy_page, kind_url(kind), kind)
    # Refusals are reported in a task of their own: let the search worker (through its iframe in
    # a pack) start, and the reports arrive.
    policy_page.wait_for_timeout(250)
    policy = policy_page.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")
    assert policy and "default-src 'none'" in policy
    assert policy_page.evaluate("window.__cspViolations") == []
    assert policy_page.policy_messages == []
    assert policy_page.outside_requests == []


@pytest.mark.browser
def test_the_policy_is_enforced_an_injected_inline_script_or_style_is_refused(policy_page, kind_url):
    """The test above would pass with no policy at all: this one shows that the browser applies it."""
    open_kind(policy_page, kind_url(KINDS[0]), KINDS[0])
    ran = policy_page.evaluate("""() => new Promise((resolve) => {
        window.__ran = false;
        const script = document.createElement('script');
        script.textContent = 'window.__ran = true';
        document.body.append(script);
        const image = document.createElement('div');
        image.innerHTML = '<img src="data:," onerror="window.__ran = true">';
        document.body.append(image);
        document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>');
        setTimeout(() => resolve(window.__ran), 200);
    })""")
    assert ran is False
    refused = {v["directive"] for v in policy_page.evaluate("window.__cspViolations")}
    assert {"script-src-elem", "script-src-attr", "style-src-attr"} <= refused


class PageParser(HTMLParser):
    """What the static checks need from a built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.lang: str | None = None
        self.sphinx = False  # a page of the notebooks' Jupyter Book edition (Sphinx), not of MkDocs
        self.policy: str | None = None
        self.scripts: list[str] = []  # bodies of inline scripts the browser runs
        self.handlers: list[str] = []
        self.styles: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
            self.sphinx = "data-content_root" in values
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = values.get("content")
        self.handlers += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]
        if "style" in values:
            self.styles.append(f'<{tag} style="{values["style"]}">')
        if tag == "style":
            self.styles.append("<style>")
        if tag == "img":
            self.images.append(values)
        if (
            tag == "script"
            and "src" not in values
            and values.get("type") not in ("application/json", "application/ld+json")
        ):
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def script_sources(policy: str) -> list[str]:
    """The sources of script-src, or of default-src when the policy has no script-src."""
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    return directives.get("script-src", directives.get("default-src", []))


@pytest.fixture(scope="module")
def built_pages(site: Path, unzipped: dict[str, Path]) -> dict[str, list[tuple[str, PageParser]]]:
    """Every HTML file of the website and of the packs, parsed once."""

    def pages(folder: Path, label: str) -> list[tuple[str, PageParser]]:
        return [(f"{label}/{p.relative_to(folder).as_posix()}", parse(p)) for p in sorted(folder.rglob("*.html"))]

    return {
        "site": pages(site, "site"),
        "paquets": [page for track, folder in unzipped.items() for page in pages(folder, f"paquet-{track}")],
    }


def mkdocs_pages(pages: list[tuple[str, PageParser]]) -> list[tuple[str, PageParser]]:
    """The pages the site's own engine writes (MkDocs, Material, the hooks), without the notebooks'
    Jupyter Book edition, checked on its own below."""
    return [(name, page) for name, page in pages if not page.sphinx]


def test_every_page_says_it_is_in_french(built_pages):
    pages = built_pages["site"] + built_pages["paquets"]
    assert [name for name, page in pages if page.lang != "fr"] == []


def policy_problems(pages: list[tuple[str, PageParser]]) -> list[str]:
    problems = []
    for name, page in pages:
        if not page.policy:
            problems.append(f"{name}: pas de Content-Security-Policy")
        # Nothing from another origin, no eval, and no inline style.
        elif (
            re.search(r"https?:|\*|'unsafe-eval'", page.policy)
            or not page.policy.startswith("default-src 'none'")
            or "'unsafe-inline'" in page.policy.partition("style-src")[2].split(";")[0]
        ):
            problems.append(f"{name}: {page.policy}")
    return problems


def test_every_page_carries_a_strict_policy(built_pages):
    assert policy_problems(mkdocs_pages(built_pages["site"] + built_pages["paquets"])) == []


def test_every_inline_script_of_the_site_is_allowed_by_its_hash_and_only_packs_allow_inline(built_pages):
    """Material writes two inline scripts; each page's policy names them by hash. A Material upgrade
    that changes them fails here, with the hash to put in overrides/partials/academie-csp.html."""
    allowed: set[str] = set()
    missing = []
    for name, page in mkdocs_pages(built_pages["site"]):
        sources = script_sources(page.policy or "script-src")
        assert "'unsafe-inline'" not in sources, name
        allowed |= set(sources)
        missing += [
            f"{name}: {script_hash(body)} ({body[:60]}…)" for body in page.scripts if script_hash(body) not in sources
        ]
    assert missing == []
    # In a pack the search shim needs 'unsafe-inline' (see the partial), but the pages themselves
    # hold no inline script other than Material's two, the same as on the website.
    strangers = [
        f"{name}: {body[:60]}…"
        for name, page in built_pages["paquets"]
        for body in page.scripts
        if script_hash(body) not in allowed
    ]
    assert strangers == []


def test_no_page_has_an_inline_event_handler_or_an_inline_style(built_pages):
    pages = mkdocs_pages(built_pages["site"] + built_pages["paquets"])
    assert [(name, page.handlers) for name, page in pages if page.handlers] == []
    assert [(name, page.styles) for name, page in pages if page.styles] == []


def test_the_jupyter_book_edition_keeps_to_the_same_policy(built_pages):
    """The edition's pages are written by Sphinx; src/academie/notebooks/edition_policy.py gives each one the
    site's policy with the hashes of that page's own inline scripts, and takes out the theme's
    inline handlers."""
    pages = [(name, page) for name, page in built_pages["site"] if page.sphinx]
    if not pages:
        pytest.skip("pas d’édition Jupyter Book dans ce site")
    assert policy_problems(pages) == []
    assert [(name, page.handlers) for name, page in pages if page.handlers] == []
    assert [
        name
        for name, page in pages
        for body in page.scripts
        if script_hash(body) not in script_sources(page.policy or "script-src")
    ] == []
    assert all("'unsafe-inline'" not in script_sources(page.policy or "") for _, page in pages)


def test_every_image_has_a_text_alternative(built_pages):
    pages = built_pages["site"] + built_pages["paquets"]
    images = [(name, image) for name, page in pages for image in page.images]
    assert images, "the lessons have figures"
    decorative = {"", None}
    without = [
        f"{name}: {image.get('src')}"
        for name, image in images
        if image.get("alt") in decorative and image.get("role") != "presentation" and image.get("aria-hidden") != "true"
    ]
    assert without == []


# ----------------------------------------------------------------------------------------------
# The keyboard alone
# ----------------------------------------------------------------------------------------------


def focused(page: Page) -> dict[str, str]:
    return page.evaluate("""() => { const e = document.activeElement; const style = getComputedStyle(e);
        return {tag: e.tagName, text: (e.textContent || '').trim(), href: e.getAttribute('href') || '',
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 ? 'yes' : '',
                inArticle: e.closest('article') ? 'yes' : ''}; }""")


@pytest.mark.browser
def test_the_navigation_works_with_the_keyboard_alone(axe_page, kind_url):
    page = axe_page
    lesson = next(kind for kind in KINDS if kind.name == "lecon")
    page.goto(kind_url(lesson))
    # The first Tab stop skips to the content, and shows where the focus is.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Aller au contenu" and skip["outline"], skip
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["inArticle"], "after « Aller au contenu », Tab goes on inside the lesson"
    # From the home page, Tab reaches the track in the navigation; Enter opens it.
    page.goto(kind_url(KINDS[0]))
    for _ in range(60):
        page.keyboard.press("Tab")
        where = focused(page)
        if where["tag"] == "A" and where["href"].rstrip("/").endswith("parcours/tpe"):
            break
    else:
        raise AssertionError("no Tab stop leads to the TPE track")
    assert where["outline"], "a focused link shows its focus"
    page.keyboard.press("Enter")
    page.wait_for_url("**/parcours/tpe/")
    assert page.locator("h1").first.inner_text().startswith("Parcours")


@pytest.mark.browser
def test_a_pack_quiz_can_be_answered_and_scored_with_the_keyboard_alone(axe_page, kind_url):
    page = axe_page
    page.goto(kind_url(next(kind for kind in KINDS if kind.name == "paquet-lecon")))
    form = page.locator("form[data-academie-quiz]").first
    form.locator(".academie-quiz-actions").wait_for()
    form.locator("input").first.focus()
    questions = form.locator("fieldset.academie-question").count()
    # Each radio group is one Tab stop (Space picks), each checkbox its own (Space ticks).
    for _ in range(200):
        where = page.evaluate("document.activeElement.type || document.activeElement.tagName")
        if where in ("radio", "checkbox"):
            page.keyboard.press("Space")
        elif where == "submit":
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never reached « Valider »")
    assert focused(page)["text"] == "Valider"
    page.keyboard.press("Enter")
    score = form.locator(".academie-quiz-score")
    expect(score).to_contain_text(f"sur {questions}")
    assert score.get_attribute("aria-live") == "polite"
