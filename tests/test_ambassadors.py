"""The ambassadors' kit, used as an ambassador uses it: short links that survive a move, link
previews and their cards, QR codes that a phone reads, a one-page handout, workshop scripts,
and the open catalogue that partners' sites read.

The site is built from a copy of the project with hooks/ambassadors_hooks.py enabled and
site_url set through ACADEMIE_SITE_URL to an address under a sub-path, with every network
connection refused in the build process.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import zxingcpp
from conftest import guarded_page, serve
from PIL import Image, ImageFont
from projects import ROOT, copy_real_project
from pypdf import PdfReader

from academie import load_catalogue
from academie.ambassadors import Card, CardCache, SiteUrl, catalogue_schema_text, plan_workshop
from academie.ambassadors.cards import BAND_HEIGHT, CARD_SIZE, GREY, INDIGO, INK, WHITE, find_fonts, wrap
from academie.ambassadors.workshop import WORKSHOP_LENGTHS, Step
from academie.content.catalogue import Catalogue
from academie.site.packs import pack_path
from academie.site.urls import relative_url

SITE_URL = "https://exemple.test/academie/"  # a sub-path: nothing may assume the site is at a domain's root
HOOK = "hooks/ambassadors_hooks.py"
MOVED_FROM, MOVED_TO = "societe/se-former-a-l-ia.md", "formation/se-former-a-l-ia.md"
CARD_LOG = re.compile("Cartes d’aperçu\u00a0: " r"(\d+) dessinée\(s\), (\d+) reprise\(s\) du cache")
A4_POINTS = (595.92, 842.88)

# Runs MkDocs with every way out to the network refused: a card that needed a font from the
# internet (as Material's social plugin does) would make the build fail.
OFFLINE_MKDOCS = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("réseau interdit pendant la construction")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
from mkdocs.__main__ import cli
sys.exit(cli())
"""


# --- Building -------------------------------------------------------------------------------


def enable_kit(folder: Path) -> None:
    """The mkdocs.yml lines the kit needs, added to a copy until the real mkdocs.yml has them."""
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(
        r"^site_url:.*$", 'site_url: !ENV [ACADEMIE_SITE_URL, "https://academie-ia.example.fr/"]', text, flags=re.M
    )
    if HOOK not in text:
        text = text.replace("  - hooks/academie_hooks.py\n", f"  - hooks/academie_hooks.py\n  - {HOOK}\n")
    config.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Build:
    site: Path
    log: str

    @property
    def cards(self) -> tuple[int, int]:
        """(drawn, reused), as the hook reports them."""
        match = CARD_LOG.search(self.log)
        assert match, self.log
        return int(match.group(1)), int(match.group(2))


def start_build(root: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "ACADEMIE_SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            OFFLINE_MKDOCS,
            "build",
            "--strict",
            "--config-file",
            str(root / "mkdocs.yml"),
            "--site-dir",
            str(out),
        ],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_build(process: subprocess.Popen[str], out: Path) -> Build:
    _, log = process.communicate(timeout=300)
    assert process.returncode == 0, log[-4000:]
    return Build(out, log)


def move_lesson(project: Path) -> None:
    """Move a lesson file, and the figures beside it, to another folder."""
    content = project / "content"
    source, target = content / MOVED_FROM, content / MOVED_TO
    (target.parent / "img").mkdir(parents=True)
    for figure in (source.parent / "img").glob(f"{source.stem}-*"):
        figure.rename(target.parent / "img" / figure.name)
    source.rename(target)


@dataclass(frozen=True)
class Builds:
    project: Path
    catalogue: Catalogue
    first: Build
    second: Build  # the same sources again, with the card cache the first build filled
    moved: Build  # a copy of the project (and of its card cache) after a lesson file moved


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    work = tmp_path_factory.mktemp("ambassadeurs")
    project = copy_real_project(work / "projet")
    enable_kit(project)
    first = finish_build(start_build(project, work / "site-1"), work / "site-1")
    moved_project = work / "projet-deplace"
    shutil.copytree(project, moved_project, symlinks=True)
    move_lesson(moved_project)
    # The two later builds are independent: run them side by side.
    second = start_build(project, work / "site-2")
    moved = start_build(moved_project, work / "site-deplace")
    return Builds(
        project,
        load_catalogue(project)[0],
        first,
        finish_build(second, work / "site-2"),
        finish_build(moved, work / "site-deplace"),
    )


@pytest.fixture(scope="module")
def moved(builds: Builds) -> Build:
    return builds.moved


@pytest.fixture(scope="module")
def site(builds: Builds) -> Path:
    return builds.first.site


@pytest.fixture(scope="module")
def catalogue(builds: Builds) -> Catalogue:
    """The lessons the site publishes. A notebook lesson has a page only once the notebook
    hooks publish it; until then the kit leaves it out rather than link to a missing page."""
    site = builds.first.site
    lessons = {
        i: x
        for i, x in builds.catalogue.lessons.items()
        if (site / x.source.removesuffix(".md") / "index.html").is_file()
    }
    assert len(lessons) >= 30
    assert all(x.id in lessons for x in builds.catalogue.lessons.values() if x.notebook is None)
    return dataclasses.replace(builds.catalogue, lessons=lessons)


# --- Reading built files ----------------------------------------------------------------------


class Head(HTMLParser):
    """The metadata of an HTML page: meta properties and names, canonical link, JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.refresh: str | None = None
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content", "")
            if values.get("http-equiv", "").lower() == "refresh":
                self.refresh = values.get("content")
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data


def head(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def site_file(site: Path, url: str) -> Path:
    """The built file an absolute URL of the site stands for."""
    assert url.startswith(SITE_URL), url
    path = site / url[len(SITE_URL) :]
    return path / "index.html" if url.endswith("/") else path


def page_url(source: str) -> str:
    """Directory URL of a page source, as the site publishes it."""
    stem = source.removesuffix(".md")
    return SITE_URL + ("" if stem == "index" else stem.removesuffix("/index") + "/")


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


# --- Serving and browsing -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def kit_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture()
def local_page(browser, kit_url: str):
    """A page of the built site whose requests to any other origin are blocked and recorded."""
    page = guarded_page(browser, (kit_url,))
    yield page
    page.context.close()


def heading(page) -> str:
    return page.eval_on_selector(
        "h1",
        "h => Array.from(h.childNodes).filter(n => !(n.classList && "
        "n.classList.contains('headerlink'))).map(n => n.textContent).join('').trim()",
    )


# --- 1. Permanent short links ---------------------------------------------------------------------


def test_a_short_link_is_built_from_the_id_and_points_back_up_to_the_page():
    site = SiteUrl.parse("https://exemple.test/academie")
    assert site.absolute("p/tpe/") == "https://exemple.test/academie/p/tpe/"
    assert relative_url("l/qu-est-ce-que-l-ia/", "bases/qu-est-ce-que-l-ia/") == "../../bases/qu-est-ce-que-l-ia/"
    assert relative_url("l/x/", "bases/x.html") == "../../bases/x.html"
    assert relative_url("p/tpe/", "") == "../../"
    with pytest.raises(ValueError, match="adresse du site invalide"):
        SiteUrl.parse("/academie/")


def test_every_track_and_lesson_has_a_redirect_page_with_a_canonical_link_and_a_visible_link(site, catalogue):
    targets = {f"p/{t.id}/": page_url(f"parcours/{t.id}/index.md") for t in catalogue.tracks}
    targets |= {f"l/{lesson.id}/": page_url(lesson.source) for lesson in catalogue.lessons.values()}
    for short, canonical in targets.items():
        page = site / short / "index.html"
        parsed = head(page)
        assert parsed.canonical == canonical, short
        href = parsed.refresh.split("url=", 1)[1]
        assert (page.parent / href / "index.html").resolve() == site_file(site, canonical).resolve(), short
        assert f'<a href="{href}">' in page.read_text(encoding="utf-8"), "a link a reader can follow by hand"
        assert parsed.meta["og:url"] == canonical, "the short link previews as the page it leads to"


def test_a_moved_lesson_keeps_its_id_and_its_short_link_leads_to_its_new_place(moved, builds):
    lesson_id = builds.catalogue.by_source[MOVED_FROM].id
    redirect = head(moved.site / "l" / lesson_id / "index.html")
    assert redirect.canonical == page_url(MOVED_TO)
    assert (moved.site / MOVED_TO.removesuffix(".md") / "index.html").is_file()
    assert not (moved.site / MOVED_FROM.removesuffix(".md")).exists()
    entry = {x["id"]: x for x in json.loads((moved.site / "catalogue.json").read_text(encoding="utf-8"))["lessons"]}
    assert entry[lesson_id]["short_link"] == f"{SITE_URL}l/{lesson_id}/"
    assert entry[lesson_id]["url"] == page_url(MOVED_TO)
    assert moved.cards[0] == 0, "a move changes no card: nothing is drawn again"


@pytest.mark.browser
def test_the_browser_follows_short_links_to_their_track_and_lesson(local_page, kit_url, catalogue):
    page = local_page
    for track in catalogue.tracks:
        page.goto(f"{kit_url}/p/{track.id}/")
        page.wait_for_url(f"{kit_url}/parcours/{track.id}/")
        assert heading(page) == track.title
    lesson = catalogue.by_source[MOVED_FROM]
    page.goto(f"{kit_url}/l/{lesson.id}/")
    page.wait_for_url(f"{kit_url}/{MOVED_FROM.removesuffix('.md')}/")
    assert heading(page) == lesson.title
    assert page.blocked_requests == []


@pytest.mark.browser
def test_after_the_move_the_browser_reaches_the_lesson_at_its_new_address(browser, moved, builds):
    lesson = builds.catalogue.by_source[MOVED_FROM]
    with serve(moved.site) as url:
        page = browser.new_page()
        page.goto(f"{url}/l/{lesson.id}/")
        page.wait_for_url(f"{url}/{MOVED_TO.removesuffix('.md')}/")
        assert heading(page) == lesson.title
        page.close()


# --- 2. Link previews and cards -----------------------------------------------------------------


def test_every_built_page_has_a_french_link_preview_with_an_existing_card(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 80
    for page in pages:
        meta = head(page).meta
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card"):
            assert meta.get(key), f"{page.relative_to(site)} : {key} manquant"
        assert meta["og:locale"] == "fr_FR"
        assert meta["og:site_name"] == "Académie de l’IA"
        assert meta["og:url"].startswith(SITE_URL) and meta["og:image"].startswith(SITE_URL)
        assert site_file(site, meta["og:image"]).is_file(), meta["og:image"]


def test_a_page_preview_uses_its_canonical_url_and_its_own_card(site, catalogue):
    lesson = catalogue.by_source["bases/qu-est-ce-que-l-ia.md"]
    parsed = head(site / "bases" / "qu-est-ce-que-l-ia" / "index.html")
    assert parsed.meta["og:url"] == parsed.canonical == page_url(lesson.source)
    assert parsed.meta["og:title"] == lesson.title
    assert parsed.meta["og:description"] == lesson.meta.description
    assert parsed.meta["og:image"] == f"{SITE_URL}cartes/l-{lesson.id}.png"
    assert head(site / "parcours" / "tpe" / "index.html").meta["og:image"] == f"{SITE_URL}cartes/p-tpe.png"


def test_cards_are_1200_by_630_png_drawn_with_the_network_refused(builds, catalogue):
    site = builds.first.site
    names = [f"p-{t.id}" for t in catalogue.tracks] + [f"l-{i}" for i in catalogue.lessons]
    for name in names:
        with Image.open(site / "cartes" / f"{name}.png") as card:
            assert card.format == "PNG" and card.size == CARD_SIZE == (1200, 630), name
    drawn, reused = builds.first.cards
    assert (drawn, reused) == (len(names) + 1, 0), "each card drawn once, plus the Académie's own"


def test_a_card_shows_each_text_in_its_colour_with_smooth_edges(tmp_path):
    # Drawn as grey levels then given each band's colours: a wrong table would paint the title in
    # indigo or the band in ink. Every pixel lies on its band's white-to-colour line.
    card = Card(
        kicker="Leçon · 15\u00a0min",
        title="Relancer une facture",
        description="Un courriel poli.",
        link="exemple.test/l/x/",
    )
    with Image.open(CardCache(tmp_path, find_fonts()).card(card)) as image:
        pixels = image.convert("RGB")
    width, height = CARD_SIZE

    def colours(top: int, bottom: int, left: int = 40) -> set[tuple[int, int, int]]:
        return {colour for _, colour in pixels.crop((left, top, width, bottom)).getcolors(width * height)}

    def on_line(colour: tuple[int, int, int], start: tuple[int, int, int], end: tuple[int, int, int]) -> bool:
        steps = [(c - a) / (b - a) for a, b, c in zip(start, end, colour, strict=True) if b != a]
        return max(steps) - min(steps) < 0.05

    bands = {
        "kicker": (colours(40, 105), WHITE, INDIGO),
        "title": (colours(112, 200), WHITE, INK),
        "description": (colours(200, height - BAND_HEIGHT - 30), WHITE, GREY),
        "band": (colours(height - BAND_HEIGHT, height), INDIGO, WHITE),
    }
    for name, (found, start, end) in bands.items():
        assert start in found and end in found, f"{name}: its background and its full colour"
        assert all(on_line(colour, start, end) for colour in found), f"{name}: {sorted(found)}"
        assert len(found) > 8, f"{name}: smooth edges, not two colours"
    assert pixels.getpixel((8, 300)) == INDIGO, "the rule on the left edge"


def test_card_lines_break_where_whole_lines_measured_would_break() -> None:
    # wrap() adds up its words' lengths and measures a line whole only near the edge: the lines must
    # be those that measuring every candidate line whole gives, for every title and description.
    fonts = find_fonts()
    catalogue = load_catalogue(ROOT)[0]
    texts = [text for lesson in catalogue.lessons.values() for text in (lesson.title, lesson.meta.description)]
    texts += [text for track in catalogue.tracks for text in (track.title, track.summary)]
    texts += ["Un titre bien plus long que ce qu’une carte peut tenir sur trois lignes " * 3, "x" * 200]

    def whole(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
        lines: list[str] = []
        for word in text.split(" "):
            if lines and font.getlength(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines[:max_lines]

    checked = 0
    for weight, size in [("bold", size) for size in range(64, 43, -4)] + [("regular", 30)]:
        font = fonts.face(weight, size)
        for text in texts:
            for width in (1056, 700):
                expected = whole(text, font, width, 3)
                got = wrap(text, font, width, 3)
                if got[-1].endswith("\u2026"):  # a cut text: its last line ends with « … »
                    assert got[:-1] == expected[: len(got) - 1], (text, size)
                else:
                    assert got == expected, (text, size)
                checked += 1
    assert checked > 1000


def test_a_second_build_with_no_change_redraws_no_card(builds):
    cache = builds.project / ".cache" / "cartes"
    assert builds.second.cards == (0, builds.first.cards[0])
    assert len(list(cache.glob("*.png"))) == builds.first.cards[0], "no card was added to the cache"
    for card in (builds.first.site / "cartes").glob("*.png"):
        assert card.read_bytes() == (builds.second.site / "cartes" / card.name).read_bytes()


def test_the_card_cache_draws_a_card_once_and_again_only_when_its_text_changes(tmp_path):
    cache = CardCache(tmp_path / "cartes")
    card = Card(
        kicker="Leçon · 15\u00a0min", title="Un titre", description="Une description.", link="exemple.test/l/x/"
    )
    first = cache.card(card)
    assert cache.card(card) == first and (cache.drawn, cache.reused) == (1, 1)
    other = cache.card(Card(kicker=card.kicker, title="Un autre titre", description=card.description, link=card.link))
    assert other != first and cache.drawn == 2
    assert CardCache(tmp_path / "cartes").card(card) == first, "a new build finds the card drawn by the last one"


def test_a_large_catalogue_s_cards_and_qr_codes_are_made_on_all_cores_the_same_as_one_by_one(tmp_path):
    """Past WORTH_A_POOL items, worker processes draw them (the real site has fewer: the bench's
    1,000 lessons do not); what they make is byte for byte what the build process makes alone."""
    from academie.ambassadors.qr import QrCache
    from academie.parallel import WORTH_A_POOL

    count = WORTH_A_POOL + 6
    cards = [
        Card(
            kicker="Leçon · 15\u00a0min",
            title=f"Leçon {n}",
            description="Une description.",
            link=f"exemple.test/l/lecon-{n}/",
        )
        for n in range(count)
    ]
    cache = CardCache(tmp_path / "cartes")
    cache.draw_missing(cards)
    assert (cache.drawn, cache.reused) == (count, 0)
    paths = [cache.card(card) for card in cards]
    assert (cache.drawn, cache.reused) == (count, 0), "cards drawn by the workers are neither redrawn nor counted twice"
    alone = CardCache(tmp_path / "une-par-une")
    assert alone.card(cards[-1]).read_bytes() == paths[-1].read_bytes()
    again = CardCache(tmp_path / "cartes")
    again.draw_missing(cards)
    assert (again.drawn, again.reused) == (0, 0) and again.card(cards[0]) == paths[0] and again.reused == 1

    codes = [(f"https://exemple.test/l/lecon-{n}/", f"QR code de la leçon {n}") for n in range(count)]
    qr = QrCache(tmp_path / "qr")
    qr.make_missing(codes)
    svg, png = qr.files(*codes[7])
    assert (qr.made, qr.reused) == (count, 0)
    assert zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text == codes[7][0]
    assert QrCache(tmp_path / "qr-seul").files(*codes[7]) == (svg, png)


# --- 3. QR codes ------------------------------------------------------------------------------


def test_every_png_qr_code_decodes_to_its_absolute_short_link(site, catalogue):
    expected = {f"p-{t.id}": f"{SITE_URL}p/{t.id}/" for t in catalogue.tracks}
    expected |= {f"l-{i}": f"{SITE_URL}l/{i}/" for i in catalogue.lessons}
    expected["academie"] = SITE_URL
    for name, url in expected.items():
        with Image.open(site / "ambassadeurs" / "qr" / f"{name}.png") as image:
            assert decode(image) == [url], name


@pytest.mark.browser
def test_every_svg_qr_code_as_a_browser_draws_it_decodes_to_its_short_link(browser, kit_url, catalogue):
    expected = {f"p-{t.id}": f"{SITE_URL}p/{t.id}/" for t in catalogue.tracks}
    expected |= {f"l-{i}": f"{SITE_URL}l/{i}/" for i in catalogue.lessons}
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    images = "".join(
        f'<img src="{kit_url}/ambassadeurs/qr/{name}.svg" data-name="{name}" width="200" height="200" '
        'style="margin:20px">'
        for name in expected
    )
    page.set_content(f"<body style='margin:0;display:flex;flex-wrap:wrap'>{images}</body>")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    boxes = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.dataset.name, e.getBoundingClientRect().toJSON()])"
    )
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    page.close()
    found = {}
    for result in zxingcpp.read_barcodes(shot):
        x = (result.position.top_left.x + result.position.bottom_right.x) / 2
        y = (result.position.top_left.y + result.position.bottom_right.y) / 2
        name = next(n for n, box in boxes if box["left"] <= x <= box["right"] and box["top"] <= y <= box["bottom"])
        found[name] = result.text
    assert found == expected


# --- 4. Ambassadors' page, handouts and workshop scripts -------------------------------------------


@pytest.mark.browser
def test_the_ambassadors_page_copies_a_track_short_link_and_says_so(local_page, kit_url):
    page = local_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=kit_url)
    page.goto(f"{kit_url}/ambassadeurs/")
    field = page.get_by_label("Lien court du Parcours TPE")
    assert field.input_value() == f"{SITE_URL}p/tpe/"
    button = page.locator(f'button[data-amb-copy="{SITE_URL}p/tpe/"]')
    button.click()
    page.wait_for_function("() => document.querySelector('[data-amb-status]').textContent.includes('Lien copié')")
    assert page.evaluate("navigator.clipboard.readText()") == f"{SITE_URL}p/tpe/"
    assert button.inner_text() == "Copié\u00a0!"
    assert page.blocked_requests == []


def test_the_ambassadors_page_offers_each_track_s_link_qr_codes_card_and_printables(site, catalogue):
    html = (site / "ambassadeurs" / "index.html").read_text(encoding="utf-8")
    for track in catalogue.tracks:
        for href in (
            f"qr/p-{track.id}.svg",
            f"qr/p-{track.id}.png",
            f"../cartes/p-{track.id}.png",
            f"{track.id}/fiche/",
            f"{track.id}/atelier-1h/",
            f"{track.id}/atelier-2h/",
        ):
            assert f'href="{href}"' in html, href
            assert site_file(site, SITE_URL + "ambassadeurs/" + href).is_file(), href
        assert f'value="{SITE_URL}p/{track.id}/"' in html
    for lesson_id in catalogue.lessons:
        assert f'data-amb-copy="{SITE_URL}l/{lesson_id}/"' in html
        assert f'href="qr/l-{lesson_id}.svg"' in html


def pdf_of(page, url: str) -> PdfReader:
    page.goto(url)  # returns once the page and its images (the QR code) are loaded
    return PdfReader(io.BytesIO(page.pdf(format="A4")))


def is_a4(reader: PdfReader) -> bool:
    return all(
        abs(float(p.mediabox.width) - A4_POINTS[0]) < 1 and abs(float(p.mediabox.height) - A4_POINTS[1]) < 1
        for p in reader.pages
    )


@pytest.mark.browser
def test_each_handout_prints_on_one_a4_page_with_its_qr_code_and_short_link(local_page, kit_url, catalogue):
    for track in catalogue.tracks:
        reader = pdf_of(local_page, f"{kit_url}/ambassadeurs/{track.id}/fiche/")
        assert len(reader.pages) == 1 and is_a4(reader), track.id
        text = " ".join(reader.pages[0].extract_text().split())
        assert f"exemple.test/academie/p/{track.id}/" in text.replace(" ", "")
        assert "Trois choses que vous allez apprendre" in text
        for outcome in track.outcomes[:3]:
            assert outcome[:30] in text.replace("\u00a0", " ")
        # The QR code as printed: the page in print layout, its code decoded as a phone would.
        local_page.emulate_media(media="print")
        shot = local_page.locator(".academie-amb-handout-qr img").screenshot()
        local_page.emulate_media(media=None)
        assert decode(Image.open(io.BytesIO(shot))) == [f"{SITE_URL}p/{track.id}/"]


@pytest.mark.browser
def test_workshop_scripts_print_on_a4_with_their_whole_schedule(local_page, kit_url, catalogue):
    track = catalogue.track("tpe")
    for length in WORKSHOP_LENGTHS:
        reader = pdf_of(local_page, f"{kit_url}/ambassadeurs/tpe/atelier-{length // 60}h/")
        assert is_a4(reader) and 1 <= len(reader.pages) <= 4
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages).replace("\u00a0", " ")
        workshop = plan_workshop(catalogue, track, length)
        for lesson in workshop.shown:
            assert lesson.title.replace("\u00a0", " ")[:30] in text
        assert ("Pause" in text) == (length >= 120)


def test_a_workshop_is_timed_from_the_lessons_and_fills_its_length_exactly(catalogue):
    for track in catalogue.tracks:
        ordered = [lesson.id for lesson in catalogue.track_lessons(track)]
        for length in WORKSHOP_LENGTHS:
            workshop = plan_workshop(catalogue, track, length)
            slots = workshop.slots
            assert slots[0].start == 0 and slots[-1].end == length
            assert all(a.end == b.start for a, b in zip(slots, slots[1:], strict=False)), "no gap, no overlap"
            assert slots[0].step is Step.WELCOME and slots[-1].step is Step.CLOSING
            shown = [lesson.id for lesson in workshop.shown]
            assert shown and shown == [i for i in ordered if i in shown], "lessons in the track's order"
            assert sorted(shown + [x.id for x in workshop.later]) == sorted(ordered)
            for index, slot in enumerate(slots):
                if slot.step is Step.LESSON:
                    assert slot.minutes == slot.lesson.duration
                    assert slots[index + 1].step is Step.QUIZ and slots[index + 1].lesson is slot.lesson
                    assert slots[index + 1].minutes == len(slot.lesson.questions)
                    missing = [p for p in slot.lesson.meta.prerequisites if p in ordered and p not in shown]
                    assert not missing, f"{slot.lesson.id} is shown without its prerequisite {missing}"
            breaks = [i for i, s in enumerate(slots) if s.step is Step.BREAK]
            if length >= 120:
                assert len(breaks) == 1 and 0 < breaks[0] < len(slots) - 1
                assert abs(slots[breaks[0]].start - length / 2) <= 20, "the break falls near the middle"
            else:
                assert breaks == []


def test_a_workshop_page_shows_its_schedule_from_0_h_00_to_its_end(site):
    html = (site / "ambassadeurs" / "pme" / "atelier-2h" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td>(\d\u00a0h\u00a0\d\d)</td>", html)
    assert cells[0] == "0\u00a0h\u00a000" and cells[-1] == "2\u00a0h\u00a000"
    minutes = [int(c.split("\u00a0")[0]) * 60 + int(c[-2:]) for c in cells]
    assert minutes == sorted(minutes)
    assert "Pause" in html


def test_the_kit_pages_follow_french_typography(site, catalogue):
    """The kit's own words; the authors' titles and summaries are checked with their lessons and tracks."""
    authored = [t for track in catalogue.tracks for t in (track.title, track.summary, *track.outcomes)]
    authored += [t for x in catalogue.lessons.values() for t in (x.title, x.meta.description, *x.meta.objectives)]
    for page in [site / "ambassadeurs" / "index.html", *(site / "ambassadeurs").glob("*/*/index.html")]:
        html = page.read_text(encoding="utf-8")
        text = unescape(re.sub(r"<[^>]+>", "", html[html.index("<article") : html.index("</article>")]))
        for words in sorted(authored, key=len, reverse=True):
            text = text.replace(words, "")
        text = re.sub(r"https?://\S+", "", text)
        wrong = re.search(r".{0,30}(\w [:;!?»]|« \w).{0,10}", text)
        assert wrong is None, f"{page.relative_to(site)} : « {wrong and wrong.group(0)} »"
        assert "'" not in text, page


# --- 5. Open catalogue, schema.org, sitemap -----------------------------------------------------------


def test_catalogue_json_validates_against_its_schema_and_lists_everything(site, catalogue):
    data = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["$schema"] == f"{SITE_URL}schemas/catalogue.schema.json"
    assert (site / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8") == catalogue_schema_text()
    assert {x["id"] for x in data["lessons"]} == set(catalogue.lessons)
    assert [x["id"] for x in data["tracks"]] == [t.id for t in catalogue.tracks]
    for track in data["tracks"]:
        assert track["short_link"] == f"{SITE_URL}p/{track['id']}/"
        assert track["pack"]["url"] == SITE_URL + pack_path(track["id"])
        assert track["lessons"] == [x.id for x in catalogue.track_lessons(catalogue.track(track["id"]))]
        assert track["duration_minutes"] == catalogue.track_duration(catalogue.track(track["id"]))
    for lesson in data["lessons"]:
        assert lesson["short_link"] == f"{SITE_URL}l/{lesson['id']}/"
        assert site_file(site, lesson["url"]).is_file() and site_file(site, lesson["card"]).is_file()
        assert lesson["packs"] == [SITE_URL + pack_path(t) for t in lesson["tracks"]]


def test_a_catalogue_missing_a_field_does_not_validate():
    schema = json.loads((ROOT / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="tracks"):
        jsonschema.validate(
            {"$schema": SITE_URL, "name": "x", "url": SITE_URL, "language": "fr", "version": "1", "lessons": []}, schema
        )


def test_the_published_catalogue_schema_is_up_to_date():
    assert (ROOT / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8") == catalogue_schema_text(), (
        "schemas/catalogue.schema.json est périmé : régénérez-le"
    )


def test_a_track_page_describes_its_course_and_names_its_lessons_in_json_ld(site, catalogue):
    for track in catalogue.tracks:
        blocks = head(site / "parcours" / track.id / "index.html").jsonld
        assert len(blocks) == 1
        course = json.loads(blocks[0])
        assert course["@type"] == "Course" and course["inLanguage"] == "fr" and course["name"] == track.title
        assert course["url"] == page_url(f"parcours/{track.id}/index.md")
        assert [part["name"] for part in course["hasPart"]] == [x.title for x in catalogue.track_lessons(track)]
        assert all(part["@type"] == "LearningResource" for part in course["hasPart"])


def test_a_lesson_page_describes_a_learning_resource_part_of_its_tracks(site, catalogue):
    lesson = catalogue.by_source["bases/qu-est-ce-que-l-ia.md"]
    data = json.loads(head(site / "bases" / "qu-est-ce-que-l-ia" / "index.html").jsonld[0])
    assert data["@type"] == "LearningResource" and data["inLanguage"] == "fr"
    assert data["name"] == lesson.title and data["timeRequired"] == f"PT{lesson.duration}M"
    assert {c["name"] for c in data["isPartOf"]} == {p.track.title for p in catalogue.positions(lesson.id)}


def test_the_sitemap_lists_the_canonical_address_of_every_track_and_lesson(site, catalogue):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert all(url.startswith(SITE_URL) for url in urls)
    for lesson in catalogue.lessons.values():
        assert page_url(lesson.source) in urls, lesson.id
    for track in catalogue.tracks:
        assert page_url(f"parcours/{track.id}/index.md") in urls
    assert not [u for u in urls if u.startswith((f"{SITE_URL}l/", f"{SITE_URL}p/"))], "short links are not pages"


def test_the_kit_stays_out_of_offline_packs(monkeypatch):
    """A pack is opened from files, not shared by link: no short link, card or catalogue in it."""
    monkeypatch.syspath_prepend(str(ROOT / "hooks"))
    ambassadors_hooks = pytest.importorskip("ambassadors_hooks")
    monkeypatch.setenv("ACADEMIE_PACK", "tpe")
    config = type("Config", (), {"site_url": None, "config_file_path": str(ROOT / "mkdocs.yml"), "extra": {}})()
    ambassadors_hooks.on_config(config)
    assert ambassadors_hooks.on_files([], config) == []
    assert config.extra == {}
