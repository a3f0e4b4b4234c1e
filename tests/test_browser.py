"""The site in headless Chromium, with every request to another origin blocked and recorded."""

from __future__ import annotations

import re

import pytest
from projects import ROOT

from academie import load_catalogue
from academie.content.catalogue import format_duration

pytestmark = pytest.mark.browser


def heading(page) -> str:
    """The page's h1 as a reader sees it, without the permalink sign."""
    return page.eval_on_selector(
        "h1",
        "h => Array.from(h.childNodes).filter(n => !(n.classList && n.classList.contains('headerlink'))).map(n => n.textContent).join('').trim()",
    )


def search(page, site_url: str, query: str, path: str = "/") -> list[str]:
    """Type a query in Material's search box; return the result links, best first.

    The index loads in a worker after the page: a query typed before it is ready may show
    nothing, so an empty answer is asked again until the worker has had time to answer."""
    page.goto(f"{site_url}{path}")
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    for _ in range(10):
        # Material listens to key events: type like a person, after clearing the box.
        box.fill("")
        box.press("Backspace")
        page.wait_for_function(
            "() => document.querySelector('.md-search-result__meta').textContent.startsWith('Taper')"
        )
        box.press_sequentially(query, delay=10)
        page.wait_for_function(
            "() => (document.querySelector('.md-search-result__meta') || {textContent: ''}).textContent.match(/\\d|Aucun/)"
        )
        links = page.eval_on_selector_all(
            "li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
        )
        if links:
            return links
        page.wait_for_timeout(300)
    return []


def test_home_page_shows_with_all_other_origins_blocked(offline_page, site_url):
    response = offline_page.goto(f"{site_url}/")
    assert response is not None and response.ok
    assert heading(offline_page) == "Académie de l’IA"
    assert offline_page.locator("a[href$='parcours/tpe/']").count() >= 1
    results = search(offline_page, site_url, "parcours")
    assert results, "the search works without any other origin"
    assert offline_page.blocked_requests == []


def test_search_finds_the_rgpd_lesson_for_donnees_personnelles(offline_page, site_url):
    results = search(offline_page, site_url, "données personnelles")
    assert any("/regles/donnees-personnelles-rgpd/" in url for url in results[:3]), results


def test_search_for_intelligence_finds_pages_that_say_l_intelligence(offline_page, site_url):
    search(offline_page, site_url, "intelligence")
    texts = offline_page.eval_on_selector_all("li.md-search-result__item", "els => els.map(e => e.innerHTML)")
    assert any(re.search(r"[lL][’']\s*<mark[^>]*>intelligence</mark>", t) for t in texts), texts[:3]


@pytest.mark.parametrize("track_id", ["tpe", "pme", "grand-public"])
def test_syllabus_lists_lessons_in_order_with_computed_total(offline_page, site_url, track_id):
    catalogue, _ = load_catalogue(ROOT)
    track = catalogue.track(track_id)
    offline_page.goto(f"{site_url}/parcours/{track_id}/")
    ids = offline_page.eval_on_selector_all("a.academie-lesson-link", "els => els.map(e => e.dataset.lessonId)")
    assert ids == [lesson.id for lesson in catalogue.track_lessons(track)]
    total = offline_page.locator(".academie-total-duration").first.inner_text()
    assert total == format_duration(sum(lesson.duration for lesson in catalogue.track_lessons(track)))
    titles = offline_page.eval_on_selector_all("a.academie-lesson-link", "els => els.map(e => e.textContent)")
    assert titles == [lesson.title for lesson in catalogue.track_lessons(track)]


def test_next_link_of_a_lesson_leads_to_the_next_lesson_of_its_track(offline_page, site_url):
    catalogue, _ = load_catalogue(ROOT)
    lessons = catalogue.track_lessons(catalogue.track("tpe"))
    offline_page.goto(f"{site_url}/parcours/tpe/")
    offline_page.locator(f"a.academie-lesson-link[data-lesson-id='{lessons[0].id}']").click()
    for expected in lessons[1:4]:
        step = offline_page.locator(".academie-track-step", has_text="Parcours TPE")
        step.locator("a.academie-next").click()
        offline_page.wait_for_load_state()
        assert heading(offline_page) == expected.title
