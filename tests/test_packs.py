"""Offline course packs, opened the way a trainer opens them: unzipped, then index.html from the file system."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import guarded_page, run_academie
from playwright.sync_api import expect
from pypdf import PdfReader
from test_browser import search

from academie.site.packs import pack_name

TRACKS = ["tpe", "pme", "grand-public"]
SITE_URL = "https://academie-ia.example.fr/"


@pytest.fixture()
def file_page(browser):
    """Opens pages on which every request that is not a file of the pack is blocked and recorded."""
    pages = []

    def open_pack(folder: Path):
        prefix = folder.resolve().as_uri()
        page = guarded_page(browser, (prefix + "/",), accept_downloads=True)
        page.outside_requests = page.blocked_requests  # type: ignore[attr-defined]
        page.pack_url = prefix  # type: ignore[attr-defined]
        pages.append(page)
        return page

    yield open_pack
    for page in pages:
        page.context.close()


def answer_quiz_right(page) -> None:
    page.locator("form[data-academie-quiz] .academie-quiz-actions").first.wait_for()
    for fieldset in page.locator("form[data-academie-quiz] fieldset.academie-question").all():
        for choice in fieldset.locator("input[data-correct]").all():
            choice.check()
    page.locator("form[data-academie-quiz] button[type=submit]").first.click()


@pytest.mark.browser
@pytest.mark.parametrize("track_id", TRACKS)
def test_pack_works_from_the_file_system_with_no_network(file_page, unzipped, catalogue, track_id):
    page = file_page(unzipped[track_id])
    page.goto(f"{page.pack_url}/index.html")
    lessons = catalogue.track_lessons(catalogue.track(track_id))
    # The home page is the track's syllabus, with its lessons in order.
    ids = page.eval_on_selector_all("a.academie-lesson-link", "els => els.map(e => e.dataset.lessonId)")
    assert ids == [lesson.id for lesson in lessons]
    # Search finds a lesson of the track, from the pack's own inlined index.
    target = lessons[-1]
    results = search(page, page.pack_url, target.title.split("\u00a0")[0].split(":")[0], path="/index.html")
    assert any(target.source.removesuffix(".md") + ".html" in url for url in results[:5]), results[:5]
    # A quiz scores, and the lesson done survives a reload.
    page.goto(f"{page.pack_url}/{target.source.removesuffix('.md')}.html")
    answer_quiz_right(page)
    expect(page.locator(".academie-quiz-score").first).to_contain_text("100")
    page.reload()
    assert page.locator(".academie-status-done").is_visible()
    page.goto(f"{page.pack_url}/index.html")
    assert page.locator(f"a.academie-lesson-link[data-lesson-id='{target.id}'] + .academie-done-badge").count() == 1
    assert page.outside_requests == []


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (url, class)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((values[name], values.get("class") or ""))


@pytest.mark.parametrize("track_id", TRACKS)
def test_every_link_of_a_pack_resolves_inside_it(unzipped, track_id):
    folder = unzipped[track_id].resolve()
    broken, online = [], []
    for page in folder.rglob("*.html"):
        collector = LinkCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        for url, classes in collector.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                if url.startswith(SITE_URL) and "academie-online" not in classes:
                    online.append(f"{page.relative_to(folder)} → {url}")
                continue
            if parts.scheme in ("mailto", "data", "javascript") or not parts.path:
                continue
            resolved = (page.parent / unquote(parts.path)).resolve()
            if not resolved.is_relative_to(folder) or not resolved.exists():
                broken.append(f"{page.relative_to(folder)} → {url}")
    assert broken == []
    assert online == [], "a link to the website must say « voir en ligne »"


@pytest.mark.parametrize("track_id", TRACKS)
def test_pack_holds_its_readme_and_only_its_lessons(unzipped, catalogue, track_id):
    folder = unzipped[track_id]
    readme = (folder / "LISEZMOI.txt").read_text(encoding="utf-8")
    assert "index.html" in readme and "Importer" in readme and "0.1.0" in readme
    lessons = {
        lesson.source.removesuffix(".md") + ".html" for lesson in catalogue.track_lessons(catalogue.track(track_id))
    }
    pages = {p.relative_to(folder).as_posix() for p in folder.glob("*/*.html")}
    assert lessons <= pages
    others = {lsn.source.removesuffix(".md") + ".html" for lsn in catalogue.lessons.values()} - lessons
    assert not (others & pages)


def test_the_site_and_the_packs_leave_out_the_theme_files_no_page_loads(site: Path, unzipped):
    # Material's search worker and lunr are replaced by the Académie's engine (its search works from
    # a pack: test_pack_works_from_the_file_system_with_no_network), source maps serve only developers.
    for folder in (site, *unzipped.values()):
        left = [
            path.relative_to(folder).as_posix()
            for path in (folder / "assets").rglob("*")
            if path.suffix == ".map" or {"lunr", "workers"} & set(path.relative_to(folder / "assets").parts)
        ]
        assert left == [], f"{folder.name} : {left[:5]}"
        assert (folder / "assets" / "search" / "academie-search.js").is_file()


def test_same_sources_give_the_same_zip_whose_checksum_is_on_the_download_page(site: Path, tmp_path):
    second = tmp_path / "site"
    assert run_academie("build", "--site-dir", str(second)).returncode == 0
    page = (site / "telechargements" / "index.html").read_text(encoding="utf-8")
    for track_id in TRACKS:
        first_zip = (site / "telechargements" / pack_name(track_id)).read_bytes()
        second_zip = (second / "telechargements" / pack_name(track_id)).read_bytes()
        digest = hashlib.sha256(first_zip).hexdigest()
        assert hashlib.sha256(second_zip).hexdigest() == digest
        assert digest in page
        megabytes = f"{len(first_zip) / 1_000_000:.1f}".replace(".", ",")
        assert megabytes + "\u00a0Mo" in page


def test_each_syllabus_links_to_its_pack_on_the_download_page(site: Path):
    for track_id in TRACKS:
        html = (site / "parcours" / track_id / "index.html").read_text(encoding="utf-8")
        assert f'href="../../telechargements/#{track_id}"' in html
        assert pack_name(track_id) in html


@pytest.mark.browser
def test_progress_exported_from_the_website_imports_into_the_pack(
    browser, site_url, file_page, unzipped, catalogue, tmp_path
):
    lesson = catalogue.track_lessons(catalogue.track("tpe"))[2]
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_url}/{lesson.source.removesuffix('.md')}/")
    answer_quiz_right(page)
    page.goto(f"{site_url}/progression/")
    with page.expect_download() as download:
        page.locator("[data-progress-export]").click()
    saved = tmp_path / "progression.json"
    download.value.save_as(saved)
    context.close()
    assert json.loads(saved.read_text(encoding="utf-8"))["lessons"][lesson.id]["done"] is True

    pack = file_page(unzipped["tpe"])
    pack.goto(f"{pack.pack_url}/progression.html")
    pack.locator("[data-progress-import]").set_input_files(str(saved))
    pack.wait_for_function(
        "() => document.querySelector('.academie-progress-message').textContent.includes('importée')"
    )
    pack.goto(f"{pack.pack_url}/index.html")
    done = pack.eval_on_selector_all(
        ".academie-done-badge", "els => els.map(e => e.previousElementSibling.dataset.lessonId)"
    )
    assert done == [lesson.id]
    assert pack.outside_requests == []


@pytest.mark.browser
def test_booklet_prints_every_lesson_each_on_a_new_page(file_page, unzipped, catalogue, tmp_path):
    page = file_page(unzipped["grand-public"])
    page.goto(f"{page.pack_url}/livret.html")
    pdf = tmp_path / "livret.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = PdfReader(str(pdf))
    tops = [" ".join((p.extract_text() or "").split())[:160] for p in reader.pages]
    lessons = catalogue.track_lessons(catalogue.track("grand-public"))
    starts = []
    for lesson in lessons:
        title = " ".join(lesson.title.replace("\u00a0", " ").split())
        # A lesson's page starts with its title then its facts (« Module 2 · … »); the contents, which may
        # run over two pages, list the same titles followed by their durations.
        found = [
            n
            for n, top in enumerate(tops)
            if " ".join(top.replace("\u00a0", " ").split()).startswith(f"{title} Module")
        ]
        assert found, f"« {lesson.title} » ne commence aucune page du livret"
        starts.append(found[0])
    assert starts == sorted(starts), "les leçons sont dans l’ordre du parcours"
