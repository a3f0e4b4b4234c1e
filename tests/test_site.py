"""The built site, read from the file system: its pages, its language, and nothing from another origin."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import run_academie
from projects import ROOT, lesson_text, make_project, track_text

from academie import load_catalogue

LOCAL = re.compile(r"^(?![a-z][a-z0-9+.-]*:|//)|^data:", re.I)


class ResourceCollector(HTMLParser):
    """Collects what a browser would load by itself: src attributes, stylesheets, preloads, icons, inline CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = values.get("lang")
        for name in ("src", "srcset", "poster", "data"):
            if values.get(name):
                self.urls.extend(part.strip().split(" ")[0] for part in values[name].split(","))
        rel = values.get("rel", "").lower()
        if tag == "link" and any(
            r in rel
            for r in (
                "stylesheet",
                "preload",
                "icon",
                "modulepreload",
                "manifest",
                "prefetch",
                "preconnect",
                "dns-prefetch",
            )
        ):
            self.urls.append(values.get("href", ""))
        if values.get("style"):
            self.styles.append(values["style"])

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style":
            self.styles.append(data)


def css_urls(css: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    found += re.findall(r"@import\s+(?:url\()?\s*['\"]([^'\"]+)", css)
    return found


def remote(urls: list[str]) -> list[str]:
    return [u for u in urls if u and not LOCAL.match(u.strip())]


def test_every_page_of_the_catalogue_is_built(site: Path):
    catalogue, _ = load_catalogue(ROOT)
    assert (site / "index.html").is_file()
    assert (site / "parcours" / "index.html").is_file()
    assert (site / "catalogue" / "index.html").is_file()
    for track in catalogue.tracks:
        assert (site / "parcours" / track.id / "index.html").is_file()
    for lesson in catalogue.lessons.values():
        assert (site / lesson.source.removesuffix(".md") / "index.html").is_file(), lesson.source


def test_interface_and_search_are_in_french(site: Path):
    for page in site.rglob("*.html"):
        collector = ResourceCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        assert collector.lang == "fr", page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="Rechercher"' in home
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
    assert "’" in index["config"]["separator"] and "'" in index["config"]["separator"]


def test_no_built_file_loads_anything_from_another_origin(site: Path):
    offenders: list[str] = []
    for page in site.rglob("*.html"):
        collector = ResourceCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        found = remote(collector.urls) + remote([u for s in collector.styles for u in css_urls(s)])
        offenders += [f"{page.relative_to(site)}: {u}" for u in found]
    for sheet in site.rglob("*.css"):
        offenders += [f"{sheet.relative_to(site)}: {u}" for u in remote(css_urls(sheet.read_text(encoding="utf-8")))]
    for script in site.rglob("*.js"):
        text = script.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{script.relative_to(site)}: {u}" for u in re.findall(r"importScripts\(\s*['\"](https?:[^'\"]+)", text)
        ]
        offenders += [
            f"{script.relative_to(site)}: {u}" for u in re.findall(r"@import\s+url\(\s*['\"]?(https?:[^'\")]+)", text)
        ]
    assert offenders == []


def test_the_collector_would_see_a_remote_resource():
    """Guards the scanner above against silently matching nothing."""
    collector = ResourceCollector()
    collector.feed(
        '<html lang="fr"><link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//cdn.example/x.js"></script>'
        '<div style="background:url(https://x.example/a.png)"></div></html>'
    )
    assert len(remote(collector.urls) + remote([u for s in collector.styles for u in css_urls(s)])) == 3


def test_page_size_does_not_grow_with_the_catalogue(tmp_path: Path):
    """The same lesson page weighs the same in a catalogue of 3 lessons and of 40: lessons are
    not copied into every page's navigation."""
    sizes = []
    for count in (3, 40):
        ids = [f"lecon-{n}" for n in range(count)]
        lessons = {f"theme/{i}.md": lesson_text(i, "Titre") for i in ids}
        project = make_project(tmp_path / str(count), lessons, {"tpe.yml": track_text("tpe", [("M", ids)])})
        assert run_academie("build", root=project).returncode == 0
        html = (project / "build" / "site" / "theme" / "lecon-1" / "index.html").read_text(encoding="utf-8")
        sizes.append(len(html.replace("sur 3", "sur 40")))
    assert sizes[0] == sizes[1]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not re.match(r"[a-z]+:|#|/", href):
            self.hrefs.append(href.split("#")[0])


def test_every_link_of_the_pages_written_as_html_leads_to_a_page_of_the_site(site: Path, unzipped, catalogue):
    # The catalogue's table, the ambassadors' lesson lists, the syllabi's and evaluations' lesson lists
    # are written as HTML (not converted by MkDocs, which would check their links): each must still lead to a page
    # or a file, on the site (directory addresses) and in a pack (.html files).
    pages = [site / "catalogue/index.html", site / "ambassadeurs/index.html", unzipped["tpe"] / "index.html"]
    pages += [site / "parcours" / track.id / "index.html" for track in catalogue.tracks]
    pages += [site / "parcours/tpe/evaluation/index.html", unzipped["tpe"] / "evaluation.html"]
    for page in pages:
        links = _Links()
        links.feed(page.read_text(encoding="utf-8"))
        assert links.hrefs, page
        for href in links.hrefs:
            target = page.parent / href
            assert (target / "index.html" if target.is_dir() else target).is_file(), f"{page}: {href}"
    syllabus = (site / "parcours/tpe/index.html").read_text(encoding="utf-8")
    assert syllabus.count('class="academie-lesson-link"') == len(catalogue.track_lessons(catalogue.track("tpe")))
