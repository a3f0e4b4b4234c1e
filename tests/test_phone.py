"""At phone width (375 px), no page kind scrolls sideways; wide tables scroll inside themselves.

The phone is emulated as Chromium does for Android (`is_mobile`): a page wider than the screen
widens the layout viewport, exactly what lets a learner drag the page sideways. Screenshots of
the home page, a lesson with its answered quiz and a syllabus go to tests/screenshots/ (ignored
by git) for a person to look at. axe-core runs again at this width where content is wider than
the screen (tables, code, notebook outputs).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page
from test_accessibility import KINDS, Kind, axe_violations, kind_url, open_kind  # noqa: F401 (kind_url is a fixture)

PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(__file__).parent / "screenshots"
LOOKED_AT = {"accueil", "lecon-apres-quiz", "programme", "edition-carnet"}
PHONE_AXE = {"lecon-apres-quiz", "carnet", "edition-carnet"}  # a quiz, and wide tables, code and outputs

# Elements that stick out of the screen without a scrolling box of their own around them.
STICKING_OUT = """(width) => Array.from(document.querySelectorAll('body *')).filter((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) return false;
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX)) return false;
    }
    return true;
}).slice(0, 5).map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') || ''}"> → ${Math.round(e.getBoundingClientRect().right)} px`)"""


@pytest.fixture(scope="module")
def phone(browser) -> Iterator[Page]:
    # bypass_csp lets axe-core in; tests/test_accessibility.py checks the policy itself.
    context = browser.new_context(
        locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


def assert_as_wide_as_the_screen(page: Page) -> None:
    width, viewport = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert viewport == PHONE["width"] and width <= viewport + 1, (
        f"{width} px de large pour un écran de {PHONE['width']} px : {page.evaluate(STICKING_OUT, PHONE['width'])}"
    )


@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_no_page_scrolls_sideways_on_a_phone(phone, kind_url, kind: Kind):  # noqa: F811
    open_kind(phone, kind_url(kind), kind)
    assert_as_wide_as_the_screen(phone)
    search = phone.locator("#__search")  # Material's search toggle (the edition's Sphinx pages have none)
    if search.count() and search.is_checked():
        # The learner closes the search, the query still in the box: Material's closed box used
        # to stick 166 px out to the right then (fixed in academie.css).
        phone.keyboard.press("Escape")
        phone.wait_for_timeout(400)  # the closing transition
        assert phone.locator("input.md-search__input").input_value() != ""
        assert_as_wide_as_the_screen(phone)
    if kind.name in LOOKED_AT:
        SCREENSHOTS.mkdir(exist_ok=True)
        phone.screenshot(path=SCREENSHOTS / f"telephone-{kind.name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("kind", [k for k in KINDS if k.name in PHONE_AXE], ids=str)
def test_axe_core_finds_no_violation_at_phone_width_where_content_is_wide(phone, kind_url, kind: Kind):  # noqa: F811
    """Tables, code and notebook outputs wider than a phone: each scrolling box can be reached
    with the keyboard, and colours still pass."""
    open_kind(phone, kind_url(kind), kind)
    violations = axe_violations(phone)
    assert not violations, "\n".join(violations)


@pytest.mark.browser
def test_wide_tables_scroll_inside_themselves(phone, kind_url):  # noqa: F811
    """The booklet holds every table of the track's lessons: a table wider than a phone scrolls in
    its own box, the page does not."""
    booklet = next(kind for kind in KINDS if kind.name == "livret")
    open_kind(phone, kind_url(booklet), booklet)
    tables = phone.eval_on_selector_all(
        "article table",
        """tables => tables.map(t => {
        let box = t.parentElement;
        while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
        return {wide: t.scrollWidth > innerWidth, scrolls: !!box && box.scrollWidth > box.clientWidth,
                keyboard: !!box && box.tabIndex === 0 && box.getAttribute('role') === 'region'
                          && box.getAttribute('aria-label') === 'Tableau à faire défiler'};
    })""",
    )
    assert any(table["wide"] for table in tables), "the booklet has a table wider than a phone"
    # Each scrolls in its own box, which the keyboard reaches (Tab, then the arrow keys).
    assert all(table["scrolls"] and table["keyboard"] for table in tables if table["wide"]), tables
    assert_as_wide_as_the_screen(phone)
