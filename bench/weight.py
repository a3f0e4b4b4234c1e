"""Weight of a lesson page on a learner's first visit, as Chromium loads it from the built site.

Every response the page, its frames and its search worker receive without any action of the
learner, with an empty cache, is compressed as the site's .gz files are (finishing.gzip_bytes: what
the web server sends) and counted by kind: HTML, CSS, JavaScript, the search index (fetched on the first search only,
so normally none), images and fonts. The budget of a first visit is 100 kB gzip, all in;
tests/test_weight.py fails above it. bench/bench.py weighs the first visit of a lesson page of its
corpus, built by each generator it compares, with the same function (`first_visit`).

    .venv/bin/python bench/weight.py [--site build/site] [--lecon rediger-devis-et-e-mails]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from academie.site.finishing import gzip_bytes

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
BUDGET = 100_000  # bytes, gzip: everything a lesson's first visit fetches, all in
LESSON = "rediger-devis-et-e-mails"
SEARCH_INDEX = "search/search_index.json"
# Zensical writes its index at the root of the site (bench/bench.py measures it too).
SEARCH_INDEXES = (SEARCH_INDEX, "/search.json")
KINDS = ("HTML", "CSS", "JavaScript", "index de recherche", "images")


@dataclass
class Weights:
    """Bytes received for one page, by kind: {kind: {url: (raw bytes, gzip bytes)}}."""

    files: dict[str, dict[str, tuple[int, int]]] = field(default_factory=lambda: {kind: {} for kind in KINDS})

    def raw(self, kind: str) -> int:
        return sum(raw for raw, _ in self.files[kind].values())

    def gzip(self, kind: str) -> int:
        return sum(packed for _, packed in self.files[kind].values())

    @property
    def first_load(self) -> int:
        """What the budget counts: everything fetched, gzip."""
        return sum(self.gzip(kind) for kind in KINDS)


def kind_of(url: str, resource_type: str) -> str | None:
    path = urlsplit(url).path
    if path.endswith(SEARCH_INDEXES):
        return "index de recherche"
    if resource_type == "document" or path.endswith((".html", "/")):
        return "HTML"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "CSS"
    if resource_type == "script" or path.endswith(".js"):
        return "JavaScript"
    return "images"  # images, fonts, media, and anything else the page fetches


class NotTheLesson(Exception):
    """The address did not give the lesson page (a 404 page must not be measured as a lesson)."""


def measure(browser, base_url: str, lesson_path: str, title: str | None = None) -> Weights:
    """Open the lesson in a fresh context (empty cache) and wait until nothing more loads.

    The page must answer 200 and, when `title` is given, have it in its <title> (spaces of any
    kind alike); otherwise NotTheLesson is raised, with a French message."""
    weights = Weights()
    context = browser.new_context(locale="fr-FR")

    def record(response) -> None:
        request = response.request
        kind = kind_of(response.url, request.resource_type)
        if kind is None or not response.ok or not response.url.startswith(base_url):
            return
        body = response.body()
        weights.files[kind][response.url] = (len(body), len(gzip_bytes(body)))

    # On the context, not the page: the search worker's own requests (the index) are counted too.
    context.on("response", record)
    try:
        page = context.new_page()
        url = f"{base_url}/{lesson_path}"
        response = page.goto(url, wait_until="networkidle")
        status = response.status if response else None
        if status != 200:
            raise NotTheLesson(f"{url} répond {status} au lieu de 200 : ce n’est pas la page de la leçon.")
        shown = " ".join(page.title().split())
        if title is not None and " ".join(title.split()) not in shown:
            raise NotTheLesson(f"{url} a pour titre « {shown} », sans « {title} » : ce n’est pas la page de la leçon.")
        page.wait_for_timeout(300)  # anything started once the page has settled (the worker's own requests)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return weights


def lesson_path(root: Path, lesson_id: str) -> str:
    """Where the lesson is built (directory URLs), from its id."""
    return lesson_page(root, lesson_id)[0]


def lesson_page(root: Path, lesson_id: str) -> tuple[str, str]:
    """Where the lesson is built (directory URLs) and its title, from its id."""
    from academie import load_catalogue

    catalogue, _ = load_catalogue(root)
    if lesson_id not in catalogue.lessons:
        sys.exit(f"Pas de leçon « {lesson_id} » dans content/ : donnez l’identifiant d’une leçon (son champ id).")
    lesson = catalogue.lessons[lesson_id]
    return lesson.source.removesuffix(".md") + "/", lesson.title


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def first_visit(site: Path, lesson_path: str, title: str | None = None) -> Weights:
    """`measure` on a built site: served locally, opened once in a headless Chromium of its own."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            return measure(browser, base_url, lesson_path, title)
        finally:
            browser.close()


def kb(size: int) -> str:
    """Kilobytes with a French decimal comma: 86 612 → « 86,6 ko »."""
    return f"{size / 1000:.1f}".replace(".", ",") + "\u00a0ko"


def table(weights: Weights) -> str:
    rows = ["| ce qui est chargé | fichiers | brut | gzip |", "| --- | ---: | ---: | ---: |"]
    for kind in KINDS:
        rows.append(f"| {kind} | {len(weights.files[kind])} | {kb(weights.raw(kind))} | {kb(weights.gzip(kind))} |")
    first_raw = sum(weights.raw(kind) for kind in KINDS)
    rows.append(f"| **première visite, tout compris** | | {kb(first_raw)} | **{kb(weights.first_load)}** |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description="Poids d’une leçon à la première visite (gzip).")
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site", help="le site construit (build/site)")
    parser.add_argument("--lecon", default=LESSON, help="identifiant de la leçon mesurée")
    parser.add_argument("--detail", action="store_true", help="affiche chaque fichier")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} n’est pas un site construit : lancez d’abord « make build ».")
    path, title = lesson_page(ROOT, args.lecon)
    try:
        weights = first_visit(args.site, path, title)
    except NotTheLesson as error:
        sys.exit(str(error))
    print(f"Leçon « {args.lecon} » (/{path}), première visite, cache vide :\n")
    print(table(weights))
    if args.detail:
        for kind in KINDS:
            for url, (_raw, packed) in sorted(weights.files[kind].items()):
                print(f"{kind:20} {kb(packed):>10} {urlsplit(url).path}")
    verdict = "dans le budget" if weights.first_load <= BUDGET else "AU-DELÀ DU BUDGET"
    print(f"\nBudget : {kb(BUDGET)} gzip, tout compris — {verdict}.")
    sys.exit(0 if weights.first_load <= BUDGET else 1)


if __name__ == "__main__":
    main()
