"""Search as French users type it: without accents or capitals, with elisions and typos — on the
website and in an offline pack opened from file://.

Material keeps its interface (search box, result list, highlighting); our worker
(src/academie/site/assets/search/academie-search.js) answers its messages in its place. The tests of the
first part read Material's installed files, so that a Material upgrade that changes what the
worker relies on fails here, loudly, instead of breaking the search in silence."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import material
import pytest
import yaml
from conftest import TRACK_IDS, guarded_page
from projects import ROOT

from academie.site.packs import pack_name

WORKER = "assets/search/academie-search.js"
MATERIAL = Path(material.__file__).parent / "templates"
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))

# Acceptance: what users type most, with the lesson that must come in the first three results.
TYPED = {
    "reglement ia": "reglement-europeen-ia",
    "donnees clients": "donnees-personnelles-rgpd",
    "l'empreinte": "empreinte-environnementale",
    "rpgd": "donnees-personnelles-rgpd",
    "boulangrie": "bien-formuler-une-demande",
}

# Counts the messages between Material's bundle and its search worker, whatever class
# `window.Worker` is (the browser's, or the iframe-worker shim's under file://).
WATCH_WORKER = """
(() => {
  const state = window.__search = { url: null, setup: 0, ready: 0, sent: 0, received: 0, query: null };
  const watch = (Base) => Base && class extends Base {
    constructor(url, ...rest) {
      super(url, ...rest);
      state.url = new URL(String(url), location.href).href;
      this.addEventListener("message", ev => {
        if (ev.data && ev.data.type === 1) state.ready++;
        if (ev.data && ev.data.type === 3) state.received++;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 0) state.setup++;
      if (message && message.type === 2) { state.sent++; state.query = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
  let current = watch(window.Worker);
  Object.defineProperty(window, "Worker", {
    configurable: true, get: () => current, set: value => { current = watch(value); },
  });
})();
"""


def fold(text: str) -> str:
    """Text as a phone user types it: lowercase, without accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def lesson_path(catalogue, lesson_id: str, *, pack: bool = False) -> str:
    """Where a lesson is published: « regles/x/ » on the website, « regles/x.html » in a pack."""
    stem = Path(catalogue.lessons[lesson_id].source).with_suffix("").as_posix()
    return f"{stem}.html" if pack else f"{stem}/"


# ----------------------------------------------------------------------------------------------
# What the worker relies on in Material (no browser)
# ----------------------------------------------------------------------------------------------


def material_sources() -> dict[str, str]:
    """Material's TypeScript sources, as shipped in the source map of its installed bundle."""
    maps = sorted((MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js.map"))
    assert maps, (
        f"Material ne livre plus la carte des sources de son bundle dans {MATERIAL} : relire le protocole à la main"
    )
    data = json.loads(maps[0].read_text(encoding="utf-8"))
    return dict(zip(data["sources"], data["sourcesContent"], strict=False))


def source(sources: dict[str, str], tail: str) -> str:
    found = [text for name, text in sources.items() if name.endswith(tail)]
    assert found, f"{tail} a disparu des sources de Material : le protocole du worker de recherche a pu changer"
    return found[0]


def test_the_worker_numbers_its_messages_as_material_does():
    enum = source(material_sources(), "integrations/search/worker/message/index.ts")
    body = re.search(r"const enum SearchMessageType \{(.*?)\}", enum, re.S)
    assert body, "SearchMessageType a changé de forme dans Material"
    names = re.findall(r"^\s*([A-Z]+),?", body.group(1), re.M)
    assert names == ["SETUP", "READY", "QUERY", "RESULT"], names
    worker = (ROOT / "src" / "academie" / "site" / WORKER).read_text(encoding="utf-8")
    numbers = dict(re.findall(r"\b(SETUP|READY|QUERY|RESULT) = (\d)", worker))
    assert {name: int(numbers[name]) for name in names} == {name: i for i, name in enumerate(names)}


def test_material_still_sends_and_reads_what_the_worker_expects():
    sources = material_sources()
    setup = source(sources, "integrations/search/worker/_/index.ts")
    assert "type: SearchMessageType.SETUP" in setup and re.search(r"config,\s*docs,\s*options", setup)
    query = source(sources, "components/search/query/index.ts")
    assert re.search(r"type: SearchMessageType.QUERY,\s*data: value", query)
    result = source(sources, "components/search/result/index.ts")
    assert "filter(isSearchResultMessage)" in result and "({ items })" in result
    # The result items the worker sends are rendered with these fields, and `terms` feeds `?h=`.
    template = source(sources, "templates/search/index.tsx")
    for field in ("document.location", "document.title", "document.text", "document.score", "document.terms"):
        assert field in template, field
    # Under file://, the bundle inlines the index as `var __index` and runs the worker through a shim.
    bundle = source(sources, "javascripts/bundle.ts")
    assert '"search/search_index.js"' in bundle and "__index" in bundle
    # The bundle fetches the whole index at load only for a page that has a form named "search"
    # (overrides/partials/academie-header.html renames it: the worker fetches the index itself on
    # the first query), and Material's page highlighting (`?h=`) needs that index: the Académie
    # highlights with its own script (assets/search/academie-highlight.js).
    assert re.search(r'document\.forms\.namedItem\("search"\)\s*\?\s*fetchSearchIndex\(\)', bundle)
    highlight = source(sources, "components/search/highlight/index.ts")
    assert "index$," in highlight and 'searchParams.get("h")' in highlight
    # The worker URL comes from `__config.search`, which our partial rewrites.
    config = source(sources, "javascripts/_/index.ts")
    assert re.search(r"search: string\s+/\* Search worker URL \*/", config)
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert re.search(r'"search": "assets/javascripts/workers/search\.[0-9a-f]+\.min\.js" \| url', base), (
        "Material écrit autrement l’adresse de son worker : revoir overrides/partials/academie-config.html"
    )


def test_every_built_page_points_material_to_the_academie_worker(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
        if found is None:
            continue
        config = json.loads(found.group(1))
        # Relative to the page, or (404.html) to the site root.
        address = config["search"]
        worker = (site / address.lstrip("/") if address.startswith("/") else page.parent / address).resolve()
        assert worker == (site / WORKER).resolve(), f"{page.relative_to(site)} : {config['search']}"
        assert config["translations"]["search.result.placeholder"], "Material's own configuration is kept"
        if 'data-md-component="search"' in html:
            assert 'name="academie-recherche"' in html and 'name="search"' not in html, page.relative_to(site)
    assert (site / WORKER).is_file()


def test_the_text_of_a_lesson_is_indexed_once(site: Path, catalogue):
    """A page that repeats lessons (a track's printable booklet) drowns every query in copies of
    the lessons and doubles the index: it must say `search: exclude: true` in its front matter."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    lessons = {lesson_path(catalogue, lesson_id) for lesson_id in catalogue.lessons}
    texts = {}
    for doc in index["docs"]:
        if doc["location"].split("#")[0] in lessons:
            texts.setdefault(re.sub(r"<[^>]+>|\s+", " ", doc["text"]).strip(), doc["location"])
    copies = set()
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text = re.sub(r"<[^>]+>|\s+", " ", doc["text"]).strip()
        if page not in lessons and len(text) >= 200 and text in texts:
            copies.add(f"{page} répète {texts[text].split('#')[0]}")
    assert not copies, "Pages à sortir de la recherche (search: exclude: true) : " + ", ".join(sorted(copies)[:5])


# ----------------------------------------------------------------------------------------------
# In Chromium
# ----------------------------------------------------------------------------------------------


def open_search(page, url: str):
    """Open a page and its search box, and wait until the worker has the index."""
    page.add_init_script(WATCH_WORKER)
    page.goto(url)
    page.locator("input.md-search__input").click()
    page.wait_for_function("() => window.__search.ready > 0")
    return page


def ask(page, query: str, *, like_a_person: bool = False) -> list[str]:
    """Type a query; return the pages found (path of the first link of each result), best first."""
    box = page.locator("input.md-search__input")
    if like_a_person:
        # Material listens to key events: type letter by letter, as on a phone.
        box.fill("")
        box.press_sequentially(query, delay=15)
    else:
        box.fill(query)
        box.press("End")
    page.wait_for_function(
        "q => window.__search.query === q && window.__search.received === window.__search.sent", arg=query
    )
    hrefs = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link:first-child", "els => els.map(e => e.href)"
    )
    base = page.evaluate(
        "new URL(JSON.parse(document.getElementById('__config').textContent).base + '/', location.href).href"
    )
    return [
        unquote(urlsplit(href)._replace(query="", fragment="").geturl()).removeprefix(unquote(base)) for href in hrefs
    ]


@pytest.fixture()
def search_page(offline_page, site_url):
    return open_search(offline_page, f"{site_url}/")


@pytest.mark.browser
def test_a_query_reaches_the_academie_worker_and_no_other(search_page, site_url):
    found = ask(search_page, "intelligence")
    state = search_page.evaluate("window.__search")
    assert state["url"] == f"{site_url}/{WORKER}"
    # Material sends no index (SETUP): the worker is ready at once and loads the index itself.
    assert state["setup"] == 0 and state["ready"] == 1 and state["received"] >= 1
    assert found
    assert [worker.url for worker in search_page.workers] == [f"{site_url}/{WORKER}"]
    assert search_page.blocked_requests == []


def watch_index_requests(page) -> list[str]:
    """The requests for the search index (search_index.json, or search_index.js from file://) made
    by the page, its frames and its worker, in order."""
    requests: list[str] = []
    page.context.on("request", lambda request: "search_index" in request.url and requests.append(request.url))
    return requests


def results_shown(page) -> int:
    page.locator("li.md-search-result__item").first.wait_for()
    return page.locator("li.md-search-result__item").count()


@pytest.mark.browser
def test_the_index_is_fetched_on_the_first_search_and_not_before(offline_page, site_url, catalogue):
    requests = watch_index_requests(offline_page)
    offline_page.add_init_script(WATCH_WORKER)
    offline_page.goto(f"{site_url}/{lesson_path(catalogue, 'reglement-europeen-ia')}", wait_until="networkidle")
    offline_page.wait_for_function("() => window.__search.ready > 0")
    box = offline_page.locator("input.md-search__input")
    box.click()
    offline_page.wait_for_load_state("networkidle")
    assert requests == [], "the page (and a focused search box) loads no index"
    # The first letters typed fetch it once; results then follow the typing.
    box.press_sequentially("rgpd", delay=15)
    assert results_shown(offline_page) > 0
    assert requests == [f"{site_url}/search/search_index.json"]
    assert lesson_path(catalogue, "donnees-personnelles-rgpd") in ask(offline_page, "rgpd")[:3]
    assert lesson_path(catalogue, "reglement-europeen-ia") in ask(offline_page, "reglement europeen")[:3]
    assert len(requests) == 1


@pytest.mark.browser
@pytest.mark.parametrize("query", TYPED)
def test_what_users_type_finds_the_lesson_on_the_site(search_page, catalogue, query):
    found = ask(search_page, query, like_a_person=True)
    assert lesson_path(catalogue, TYPED[query]) in found[:3], found[:5]


@pytest.mark.browser
def test_accents_and_capitals_do_not_matter(search_page):
    answers = [ask(search_page, query) for query in ("reglement", "REGLEMENT", "règlement", "Règlement")]
    assert answers[0] and all(answer == answers[0] for answer in answers), answers


@pytest.mark.browser
def test_both_apostrophes_split_elisions(search_page, catalogue):
    for query in ("l'empreinte", "l’empreinte", "d'empreinte", "qu'empreinte"):
        assert ask(search_page, query)[0] == lesson_path(catalogue, "empreinte-environnementale"), query


@pytest.mark.browser
def test_stop_words_are_left_out_of_the_query(search_page):
    without = ask(search_page, "reglement ia entreprises")
    assert ask(search_page, "le reglement de l'ia pour les entreprises")[:3] == without[:3]
    # Material lists the words a result lacks: never a stop word.
    missing = search_page.eval_on_selector_all(".md-search-result__terms del", "els => els.map(e => e.textContent)")
    assert not {"le", "de", "l", "pour", "les"} & set(missing), missing


def score(page, catalogue, entries: list[dict], *, pack: bool = False) -> tuple[float, list[str]]:
    """Type each query of the file; the share whose lesson comes in the first three results."""
    misses = []
    for entry in entries:
        found = ask(page, entry["query"])
        if lesson_path(catalogue, entry["lesson"], pack=pack) not in found[:3]:
            misses.append(f"« {entry['query']} » → {entry['lesson']} ; trouvé : {found[:3]}")
    return 1 - len(misses) / len(entries), misses


def test_the_query_file_is_typed_as_learners_type():
    assert len(QUERIES) >= 150
    assert sum(1 for q in QUERIES if q.get("typo")) >= 50
    assert sum(1 for q in QUERIES if q.get("question")) >= 20
    assert len({q["query"] for q in QUERIES}) == len(QUERIES), "a query written twice"


@pytest.mark.browser
def test_the_query_file_scores_at_least_97_percent_in_the_top_three(search_page, catalogue):
    share, misses = score(search_page, catalogue, QUERIES)
    print(
        f"\nRecherche (site) : {len(QUERIES) - len(misses)}/{len(QUERIES)} requêtes avec la bonne leçon "
        f"dans les trois premiers résultats ({share:.1%})."
    )
    assert share >= 0.97, "\n".join(misses)


@pytest.mark.browser
@pytest.mark.parametrize("track_id", TRACK_IDS)
def test_the_query_file_scores_at_least_97_percent_in_each_pack(browser, unzipped, catalogue, track_id):
    """In a pack, the queries whose lesson the pack holds."""
    held = {lesson.id for lesson in catalogue.track_lessons(catalogue.track(track_id))}
    entries = [entry for entry in QUERIES if entry["lesson"] in held]
    page = guarded_page(browser, ("file://",))
    try:
        open_search(page, (unzipped[track_id] / "index.html").resolve().as_uri())
        share, misses = score(page, catalogue, entries, pack=True)
    finally:
        page.context.close()
    print(
        f"\nRecherche (paquet {track_id}) : {len(entries) - len(misses)}/{len(entries)} requêtes avec la bonne "
        f"leçon dans les trois premiers résultats ({share:.1%})."
    )
    assert len(entries) >= 40
    assert share >= 0.97, "\n".join(misses)


@pytest.mark.browser
def test_a_lesson_title_typed_without_accents_comes_first(search_page, catalogue, site):
    for lesson in catalogue.lessons.values():
        if not (site / lesson_path(catalogue, lesson.id) / "index.html").is_file():
            continue  # a lesson without a page of its own (tested elsewhere)
        query = re.sub(r"\s+", " ", re.sub(r"[^\w’']+", " ", fold(lesson.title))).strip()
        assert ask(search_page, query)[0] == lesson_path(catalogue, lesson.id), query


@pytest.mark.browser
def test_matched_words_are_highlighted_in_the_accented_text(search_page, site_url):
    ask(search_page, "reglement europeen")
    first = search_page.locator("li.md-search-result__item").first
    marks = first.locator("mark[data-md-highlight]").all_inner_texts()
    assert "règlement" in marks and "européen" in marks, marks
    # Opening the result highlights the same accented words in the lesson (Material's `?h=`).
    first.locator("a.md-search-result__link").first.click()
    search_page.wait_for_url(re.compile(r"reglement-europeen-ia/\?h="))
    search_page.locator("article mark[data-md-highlight]").first.wait_for()
    on_page = {fold(t) for t in search_page.locator("article mark[data-md-highlight]").all_inner_texts()}
    assert {"reglement", "europeen"} <= on_page, on_page


@pytest.mark.browser
def test_a_typo_is_forgiven_but_a_right_word_brings_no_neighbour(search_page):
    ask(search_page, "rpgd")
    assert "RGPD" in search_page.locator("li.md-search-result__item mark").all_inner_texts()
    # « mail » exists on the site: it finds « mail(s) » (and its synonyms from recherche/synonymes.yml,
    # « e-mail », « courriel »), never « main » or « mai » one letter away.
    ask(search_page, "mail ")
    marks = {fold(t) for t in search_page.locator("li.md-search-result__item mark").all_text_contents()}
    assert "mail" in marks and not marks & {"main", "mains", "mai", "mais"}, marks


@pytest.mark.browser
def test_a_lesson_page_first_load_stays_under_100_kb_gzip(offline_page, site_url, catalogue):
    sizes: dict[str, int] = {}

    def record(response):
        if response.ok and response.request.resource_type != "image":
            sizes[response.url] = len(gzip.compress(response.body(), 9))

    offline_page.on("response", record)
    offline_page.goto(f"{site_url}/{lesson_path(catalogue, 'reglement-europeen-ia')}")
    offline_page.wait_for_load_state("networkidle")
    all_in = sum(sizes.values())
    worker = sizes.get(f"{site_url}/{WORKER}", 0)
    print(
        f"\nPremière visite d’une leçon, tout compris : {all_in / 1000:.1f} ko gzip (dont le worker {worker / 1000:.1f} ko)."
    )
    assert worker > 0, "the search worker loads with the page"
    assert not any("search_index" in url for url in sizes), "the index waits for the first search"
    assert all_in <= 100_000, sizes


# ----------------------------------------------------------------------------------------------
# In an offline pack opened from file://
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tpe_pack(site: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("paquet-recherche")
    with zipfile.ZipFile(site / "telechargements" / pack_name("tpe")) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture()
def pack_page(browser, tpe_pack):
    page = guarded_page(browser, ("file://",))
    page.outside_requests = page.blocked_requests  # type: ignore[attr-defined]
    yield page
    page.context.close()


@pytest.mark.browser
def test_in_a_pack_from_file_the_worker_runs_through_the_shim(pack_page, tpe_pack, catalogue):
    requests = watch_index_requests(pack_page)
    page = open_search(pack_page, (tpe_pack / "index.html").resolve().as_uri())
    page.wait_for_load_state("networkidle")
    assert requests == [], "no index before the first search, from file:// too"
    assert page.evaluate("location.protocol") == "file:"
    assert page.evaluate("'IFrameWorker' in window && window.Worker.prototype instanceof IFrameWorker")
    assert page.evaluate("window.__search.url") == (tpe_pack / WORKER).resolve().as_uri()
    for query, lesson_id in TYPED.items():
        found = ask(page, query, like_a_person=True)
        assert lesson_path(catalogue, lesson_id, pack=True) in found[:3], (query, found[:5])
    marks = page.locator("li.md-search-result__item mark[data-md-highlight]").all_inner_texts()
    assert "boulangerie" in {fold(m) for m in marks}
    assert [Path(urlsplit(url).path).name for url in requests] == ["search_index.js"]
    # Opening a result highlights the found words in the lesson, from file:// too.
    ask(page, "reglement europeen")
    page.locator("li.md-search-result__item a.md-search-result__link").first.click()
    page.locator("article mark[data-md-highlight]").first.wait_for()
    on_page = {fold(t) for t in page.locator("article mark[data-md-highlight]").all_inner_texts()}
    assert {"reglement", "europeen"} <= on_page, on_page
    assert page.outside_requests == []
