"""Sector paths (« parcours métier », issue 15): a short file per trade in tracks/secteurs/, its
curriculum computed from the catalogue, its pages /secteurs/ and /secteurs/<id>/, its short link
/s/<id>/ with a QR code and a handout, the orientation that asks the trade, and the catalogue
filtered by sector, audience and level — in headless Chromium where a learner would use them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import zxingcpp
from conftest import guarded_page, run_academie, serve
from PIL import Image
from playwright.sync_api import expect
from projects import lesson_text, make_project, track_text

from academie import load_catalogue
from academie.content import format_duration

NBSP = "\u00a0"
SITE_URL = os.environ.get("ACADEMIE_SITE_URL", "https://academie-ia.example.fr/")  # mkdocs.yml's default
TRADES = (
    "restauration",
    "hotellerie-tourisme",
    "commerce",
    "batiment",
    "coiffure-esthetique",
    "agriculture",
    "transport-logistique",
    "sante",
)


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


def sector_text(
    sector_id: str,
    *,
    base: str = "tpe",
    sectors: tuple[str, ...] = ("restauration",),
    exclude: tuple[str, ...] = (),
    title: str = "Restauration",
) -> str:
    lines = [
        "# Un parcours métier d’essai.",
        f"id: {sector_id}",
        f'title: "{title}"',
        'for: "Pour les restaurateurs."',
        f"base: {base}",
        'summary: "Les bases, puis le métier."',
        "sectors:",
        *(f"  - {s}" for s in sectors),
    ]
    if exclude:
        lines += ["exclude:", *(f"  - {x}" for x in exclude)]
    return "\n".join(lines) + "\n"


def line_of(text: str, start: str) -> int:
    """1-based number of the first line of `text` that starts with `start` (after its indentation)."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.strip().startswith(start))


def tagged(*sectors: str) -> str:
    return "sectors: [" + ", ".join(f'"{s}"' for s in sectors) + "]\n"


# A base track whose first two modules are the foundations and the rules, then trade lessons:
# « avis » is shared by two trades and needs « outil » (third module of the base track); « resto »
# needs « avis »; « menus » and « projet » are in no base module and « menus » needs « projet ».
LESSONS = {
    "bases/b1.md": lesson_text("b1", "Bases un", duration=10, extra=tagged("restauration")),
    "bases/b2.md": lesson_text("b2", "Bases deux", duration=12, prerequisites=("b1",)),
    "regles/r1.md": lesson_text("r1", "Règles", duration=15),
    "tpe/outil.md": lesson_text("outil", "Choisir un outil", duration=20, prerequisites=("b1",)),
    "tpe/avis.md": lesson_text(
        "avis", "Répondre aux avis", duration=14, prerequisites=("outil",), extra=tagged("restauration", "commerce")
    ),
    "metiers/resto.md": lesson_text(
        "resto", "L’IA au restaurant", duration=18, prerequisites=("avis",), extra=tagged("restauration")
    ),
    "metiers/menus.md": lesson_text(
        "menus", "Des menus", duration=11, prerequisites=("projet",), extra=tagged("restauration")
    ),
    "pme/projet.md": lesson_text(
        "projet", "Projet d’équipe", duration=25, audiences=("pme",), extra=tagged("restauration")
    ),
}
TRACKS = {
    "tpe.yml": track_text(
        "tpe", [("Les bases", ["b1", "b2"]), ("Les règles", ["r1"]), ("Au travail", ["outil", "avis", "resto"])]
    ),
    "pme.yml": track_text("pme", [("Les bases", ["b1", "r1"]), ("Projet", ["projet", "menus"])], audience="pme"),
}


def project(folder: Path, sector_files: dict[str, str]) -> Path:
    root = make_project(folder, LESSONS, TRACKS)
    (root / "tracks" / "secteurs").mkdir()
    for name, text in sector_files.items():
        (root / "tracks" / "secteurs" / name).write_text(text, encoding="utf-8")
    return root


def modules_of(root: Path, sector_id: str) -> list[tuple[str, list[str]]]:
    catalogue, problems = load_catalogue(root)
    assert [str(p) for p in problems if p.is_error] == []
    return [(m.title, list(m.lessons)) for m in catalogue.sector_track(sector_id).modules]


# --- 1. The curriculum, computed ----------------------------------------------------------------


def test_a_sector_path_is_the_base_foundations_and_rules_then_its_trade_in_prerequisite_order(tmp_path):
    root = project(tmp_path, {"restauration.yml": sector_text("restauration")})
    # « b1 » is tagged but already in the foundations; « outil » is not tagged but « avis » needs it;
    # base-track order first (outil, avis, resto), then the others: « Des menus » comes before
    # « Projet d’équipe » by title, but needs it, so it comes after.
    assert modules_of(root, "restauration") == [
        ("Les bases", ["b1", "b2"]),
        ("Les règles", ["r1"]),
        ("Votre métier", ["outil", "avis", "resto", "projet", "menus"]),
    ]
    catalogue, _ = load_catalogue(root)
    track = catalogue.sector_track("restauration")
    assert catalogue.track_duration(track) == 10 + 12 + 15 + 20 + 14 + 18 + 25 + 11
    assert track.audience.value == "tpe" and track.title == "Restauration"


def test_excluded_lessons_are_left_out_and_another_base_gives_other_foundations(tmp_path):
    root = project(
        tmp_path,
        {
            "restauration.yml": sector_text("restauration", exclude=("resto", "menus")),
            "cuisine.yml": sector_text("cuisine", base="pme", title="Cuisine"),
        },
    )
    assert modules_of(root, "restauration")[2] == ("Votre métier", ["outil", "avis", "projet"])
    assert modules_of(root, "cuisine") == [
        ("Les bases", ["b1", "r1"]),
        ("Projet", ["projet", "menus"]),
        ("Votre métier", ["outil", "avis", "resto"]),
    ], "the trade module follows another base track's first two modules, its order and its missing lessons"


# --- 2. The rules, each at its line -----------------------------------------------------------------


def test_every_mistake_in_a_sector_file_is_reported_at_its_line_in_one_run(tmp_path):
    files = {
        "restauration.yml": sector_text("restauration"),
        "inconnu.yml": sector_text("inconnu", base="tpx"),
        "etiquettes.yml": sector_text("etiquettes", sectors=("restauration", "boulangerie")),
        "exclus.yml": sector_text("exclus", exclude=("b2", "lecon-fantome")),
        "mal-nomme.yml": sector_text("autre-nom"),
        "zz-copie.yml": sector_text("restauration"),
        "incomplet.yml": sector_text("incomplet").replace('for: "Pour les restaurateurs."\n', ""),
    }
    root = project(tmp_path, files)
    result = run_academie("check", root=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    where = "tracks/secteurs/"
    expected = [
        f"{where}etiquettes.yml:{line_of(files['etiquettes.yml'], '- boulangerie')}: valeur « boulangerie » inconnue "
        "pour « sectors › élément 2 » — choisissez parmi commerce, artisanat",
        f"{where}exclus.yml:{line_of(files['exclus.yml'], '- b2')}: avertissement : la leçon exclue « b2 » fait partie "
        "des deux premiers modules du parcours « tpe » : elle y reste — retirez-la de exclude",
        f"{where}exclus.yml:{line_of(files['exclus.yml'], '- lecon-fantome')}: leçon exclue inconnue « lecon-fantome » "
        "— corrigez l’identifiant ou retirez-le de exclude",
        f"{where}incomplet.yml:2: champ obligatoire « for » manquant — dites en une phrase pour qui est ce parcours métier",
        f"{where}inconnu.yml:{line_of(files['inconnu.yml'], 'base:')}: parcours de base inconnu « tpx » "
        "— choisissez parmi pme, tpe",
        f"{where}mal-nomme.yml:2: l’identifiant « autre-nom » ne correspond pas au nom du fichier "
        "— renommez le fichier en autre-nom.yml ou mettez id: mal-nomme",
        f"{where}zz-copie.yml:2: identifiant de parcours métier « restauration » déjà utilisé par "
        f"{where}restauration.yml — choisissez un identifiant unique",
    ]
    reported = [line for line in result.stderr.splitlines() if line.startswith(where)]
    for message in expected:
        assert any(line.startswith(message) for line in reported), f"{message}\n---\n" + "\n".join(reported)
    assert len(reported) == len(expected), "\n".join(reported)


def test_a_trade_without_a_lesson_of_its_own_is_a_warning_and_its_path_is_still_built(tmp_path):
    text = sector_text("sante", sectors=("sante",), title="Santé")
    root = project(tmp_path, {"sante.yml": text})
    result = run_academie("check", root=root)
    assert result.returncode == 0, result.stderr
    assert (
        f"tracks/secteurs/sante.yml:{line_of(text, '- sante')}: avertissement : ce secteur n’a encore aucune leçon à lui"
        in result.stderr
    )
    assert modules_of(root, "sante") == [("Les bases", ["b1", "b2"]), ("Les règles", ["r1"])]


def test_a_shared_lesson_is_not_a_trade_s_own_but_a_lesson_tagged_only_with_it_is(tmp_path):
    files = {
        "commerce.yml": sector_text("commerce", sectors=("commerce",), title="Commerce"),
        "restauration.yml": sector_text("restauration"),
    }
    result = run_academie("check", root=project(tmp_path, files))
    warnings = [line for line in result.stderr.splitlines() if "aucune leçon à lui" in line]
    assert [w.split(":")[0] for w in warnings] == ["tracks/secteurs/commerce.yml"], (
        "« avis » is tagged commerce and restauration: the retail trade has no lesson of its own"
    )


def test_an_excluded_lesson_that_another_one_needs_stays_with_a_warning_at_its_line(tmp_path):
    text = sector_text("restauration", exclude=("projet",))
    root = project(tmp_path, {"restauration.yml": text})
    result = run_academie("check", root=root)
    assert result.returncode == 0, result.stderr
    assert (
        f"tracks/secteurs/restauration.yml:{line_of(text, '- projet')}: avertissement : la leçon exclue « projet » "
        "reste dans le parcours" in result.stderr
    )
    assert "projet" in modules_of(root, "restauration")[2][1]


def test_the_orientation_may_name_only_an_existing_sector_path(tmp_path):
    root = project(tmp_path, {"restauration.yml": sector_text("restauration")})
    orientation = (
        "questions:\n"
        '  - id: "metier"\n'
        '    question: "Quel est votre métier ?"\n'
        "    choices:\n"
        '      - text: "Restaurant"\n'
        "        sector: restauration\n"
        '      - text: "Boulangerie"\n'
        "        sector: boulangerie\n"
        "recommendations:\n"
        '  tpe: "Pour les TPE."\n'
        '  pme: "Pour les PME."\n'
    )
    (root / "orientation.yml").write_text(orientation, encoding="utf-8")
    result = run_academie("check", root=root)
    assert result.returncode == 1
    assert (
        f"orientation.yml:{line_of(orientation, 'sector: boulangerie')}: parcours métier inconnu « boulangerie »"
        in result.stderr
    )
    assert "restauration" not in result.stderr


def test_the_published_schema_describes_a_sector_file():
    import json

    from projects import ROOT

    schema = json.loads((ROOT / "schemas" / "sector.schema.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) == {"id", "title", "for", "base", "summary", "sectors"}
    assert "exclude" in schema["properties"] and schema["additionalProperties"] is False


# --- 3. The real site: pages, short links, QR codes, handouts ------------------------------------------


class SyllabusPage(HTMLParser):
    """What a syllabus shows: its lesson links (id, minutes), its total duration, its links."""

    def __init__(self) -> None:
        super().__init__()
        self.lessons: list[tuple[str, int]] = []
        self.total: int | None = None
        self.total_text = ""
        self.links: list[str] = []
        self._in_total = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a":
            self.links.append(values.get("href") or "")
            if "academie-lesson-link" in (values.get("class") or ""):
                self.lessons.append((values["data-lesson-id"], int(values["data-duration"])))
        if tag == "strong" and "academie-total-duration" in (values.get("class") or ""):
            self.total = int(values["data-minutes"])
            self._in_total = True

    def handle_endtag(self, tag):
        self._in_total = self._in_total and tag != "strong"

    def handle_data(self, data):
        if self._in_total:
            self.total_text += data


def read_syllabus(page: Path) -> SyllabusPage:
    parser = SyllabusPage()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def resolve(page: Path, href: str) -> Path:
    """The built file a relative link of `page` leads to."""
    target = (page.parent / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


def test_at_least_eight_trades_each_with_five_lessons_or_more_and_its_computed_duration(site: Path, catalogue):
    assert {p.id for p in catalogue.sector_paths} >= set(TRADES)
    index = (site / "secteurs" / "index.html").read_text(encoding="utf-8")
    for path in catalogue.sector_paths:
        page = site / "secteurs" / path.id / "index.html"
        shown = read_syllabus(page)
        track = catalogue.sector_track(path.id)
        assert len(shown.lessons) >= 5, path.id
        assert [i for i, _ in shown.lessons] == [x.id for x in catalogue.track_lessons(track)]
        total = sum(minutes for _, minutes in shown.lessons)
        assert shown.total == total == sum(x.duration for x in catalogue.track_lessons(track)), path.id
        assert shown.total_text == format_duration(total)
        base = catalogue.track(path.base)
        first_two = [i for module in base.modules[:2] for i in module.lessons]
        assert [i for i, _ in shown.lessons][: len(first_two)] == first_two, "the base track's foundations and rules"
        # No pack nor evaluation of its own: those of its base track.
        targets = {resolve(page, href) for href in shown.links}
        assert site / "parcours" / base.id / "evaluation" / "index.html" in targets
        assert site / "telechargements" / "index.html" in targets
        assert f'href="{path.id}/"' in index and path.title in index
        assert f"{len(shown.lessons)} leçons" in index and format_duration(total) in index


def test_the_navigation_leads_to_the_trades_after_the_tracks(site: Path):
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"') :]
    assert nav.index("Parcours Grand public") < nav.index("Par métier") < nav.index("Catalogue des leçons")


def test_every_trade_has_a_short_link_that_redirects_to_its_page(site: Path, catalogue):
    for path in catalogue.sector_paths:
        redirect = site / "s" / path.id / "index.html"
        html = redirect.read_text(encoding="utf-8")
        refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
        assert refresh, path.id
        assert resolve(redirect, refresh.group(1)) == site / "secteurs" / path.id / "index.html"
        assert f'<link rel="canonical" href="{SITE_URL}secteurs/{path.id}/">' in html


def test_every_trade_s_qr_code_decodes_to_its_short_link(site: Path, catalogue):
    for path in catalogue.sector_paths:
        with Image.open(site / "ambassadeurs" / "qr" / f"s-{path.id}.png") as image:
            assert [r.text for r in zxingcpp.read_barcodes(image)] == [f"{SITE_URL}s/{path.id}/"], path.id
        assert (site / "ambassadeurs" / "qr" / f"s-{path.id}.svg").is_file()


def test_the_ambassadors_page_lists_each_trade_with_its_link_qr_code_and_handout(site: Path, catalogue):
    space = site / "ambassadeurs" / "index.html"
    html = space.read_text(encoding="utf-8")
    for path in catalogue.sector_paths:
        short = f"{SITE_URL}s/{path.id}/"
        assert f'value="{short}"' in html, path.id
        handout = site / "ambassadeurs" / "secteurs" / path.id / "fiche" / "index.html"
        assert f'href="secteurs/{path.id}/fiche/"' in html
        text = handout.read_text(encoding="utf-8")
        assert short.removeprefix("https://") in text and f"../../../qr/s-{path.id}.svg" in text
        assert path.title in text and format_duration(catalogue.track_duration(catalogue.sector_track(path.id))) in text


@pytest.fixture()
def page(browser, site_url: str):
    page = guarded_page(browser, (site_url,))
    yield page
    page.context.close()


@pytest.mark.browser
def test_the_browser_follows_a_trade_s_short_link_to_its_syllabus(page, site_url, catalogue):
    for sector_id in ("coiffure-esthetique", "transport-logistique"):
        page.goto(f"{site_url}/s/{sector_id}/")
        page.wait_for_url(f"{site_url}/secteurs/{sector_id}/")
        assert page.locator("h1").first.inner_text().startswith(catalogue.sector_track(sector_id).title)
    assert page.blocked_requests == []


@pytest.mark.browser
def test_a_trade_s_syllabus_counts_the_lessons_done_like_a_track(page, site_url, catalogue):
    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    page.goto(f"{site_url}/{lesson.source.removesuffix('.md')}/")
    form = page.locator("form[data-academie-quiz]").first
    for choice in form.locator("input[data-correct]").all():
        choice.check()
    form.get_by_role("button", name="Valider").click()
    expect(page.locator(".academie-status-done")).to_be_visible()
    page.goto(f"{site_url}/secteurs/restauration/")
    track = catalogue.sector_track("restauration")
    total = len(catalogue.track_lessons(track))
    bars = page.locator(".academie-track-progress")
    expect(bars).to_be_visible()
    assert f"1 leçon terminée sur {total}" in plain(bars.inner_text())
    assert page.locator("a.academie-lesson-link--done").get_attribute("data-lesson-id") == lesson.id


# --- 4. « Par où commencer ? » asks the trade ----------------------------------------------------------

TRADE_QUESTION = "Quel est votre métier ?"
COMMON = {
    "Vous venez ici surtout…": "pour mon entreprise",
    "Combien de personnes travaillent dans l’entreprise ?": "moins de 10",
    "Utilisez-vous déjà l’IA ?": "Jamais",
    "Quel est votre objectif principal ?": "Gagner du temps",
}


@pytest.mark.browser
@pytest.mark.parametrize(
    ("trade", "expected"),
    [
        # A baker makes and sells in their own shop: orientation.yml sends « boulangerie » to retail.
        ("boulangerie", "commerce"),
        ("Coiffure", "coiffure-esthetique"),
        ("transport routier", "transport-logistique"),
    ],
    ids=["boulanger", "coiffeuse", "transporteur"],
)
def test_the_orientation_recommends_the_path_of_the_trade(page, site_url, catalogue, trade, expected):
    page.goto(f"{site_url}/par-ou-commencer/")
    for question, choice in {**COMMON, TRADE_QUESTION: trade}.items():
        page.get_by_role("group", name=question.replace(" ?", NBSP + "?")).get_by_label(choice).check()
    page.get_by_role("button", name="Voir mon parcours").click()
    result = page.locator(".academie-orientation-result")
    expect(result).to_be_visible()
    assert result.locator("[data-recommended-track]").get_attribute("data-recommended-track") == "tpe"
    sector = result.locator("[data-recommended-sector]")
    assert sector.get_attribute("data-recommended-sector") == expected
    title = next(p.title for p in catalogue.sector_paths if p.id == expected)
    assert (
        plain(result.locator(".academie-orientation-sector").inner_text()) == f"Le parcours de votre métier : {title}"
    )
    sector.click()
    page.wait_for_url(f"{site_url}/secteurs/{expected}/")
    assert page.blocked_requests == []


@pytest.mark.browser
def test_another_trade_gets_the_track_alone(page, site_url):
    page.goto(f"{site_url}/par-ou-commencer/")
    for question, choice in {**COMMON, TRADE_QUESTION: "Autre activité"}.items():
        page.get_by_role("group", name=question.replace(" ?", NBSP + "?")).get_by_label(choice).check()
    page.get_by_role("button", name="Voir mon parcours").click()
    expect(page.locator(".academie-orientation-result")).to_be_visible()
    assert page.locator(".academie-orientation-sector").is_hidden()


# --- 5. The catalogue, filtered ----------------------------------------------------------------------


def visible_lessons(page) -> list[str]:
    return page.eval_on_selector_all(
        "a[data-catalogue-lesson]",
        "links => links.filter(a => a.offsetParent !== null).map(a => a.dataset.catalogueLesson)",
    )


def tab_to(page, element_id: str) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"no Tab stop reaches #{element_id}")


def choose_with_keys(page, value: str) -> None:
    """Change the focused menu with the arrow keys alone, as a keyboard user does."""
    page.keyboard.press("Home")
    for _ in range(30):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reach « {value} »")


@pytest.mark.browser
def test_the_catalogue_is_filtered_by_sector_audience_and_level_with_the_keyboard(page, site_url, catalogue):
    page.goto(f"{site_url}/catalogue/")
    every = sorted(catalogue.lessons)
    count = page.get_by_role("status")
    expect(count).to_have_text(f"Les {len(every)} leçons sont affichées.")
    assert sorted(visible_lessons(page)) == every

    tab_to(page, "filtre-secteur")
    assert page.evaluate("document.activeElement.labels[0].textContent") == "Secteur"
    choose_with_keys(page, "restauration")
    restaurants = sorted(i for i, x in catalogue.lessons.items() if "restauration" in x.meta.sectors)
    expect(count).to_have_text(f"{len(restaurants)} leçons affichées sur {len(every)}.")
    assert sorted(visible_lessons(page)) == restaurants
    assert "secteur=restauration" in page.url, "a filtered catalogue can be shared by its address"

    tab_to(page, "filtre-public")
    choose_with_keys(page, "pme")
    both = sorted(i for i in restaurants if "pme" in catalogue.lessons[i].meta.audiences)
    assert sorted(visible_lessons(page)) == both
    expect(count).to_contain_text(f"sur {len(every)}.")

    tab_to(page, "filtre-niveau")
    choose_with_keys(page, "intermediaire")
    middle = [i for i in both if catalogue.lessons[i].meta.level.value == "intermediaire"]
    assert sorted(visible_lessons(page)) == middle
    choose_with_keys(page, "avance")
    advanced = [i for i in both if catalogue.lessons[i].meta.level.value == "avance"]
    assert sorted(visible_lessons(page)) == advanced
    if not advanced:
        expect(count).to_have_text("Aucune leçon ne correspond à ces critères.")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Tout afficher"
    page.keyboard.press("Enter")
    expect(count).to_have_text(f"Les {len(every)} leçons sont affichées.")
    assert page.url.endswith("/catalogue/")

    page.goto(f"{site_url}/catalogue/?secteur=commerce")
    shops = sorted(i for i, x in catalogue.lessons.items() if "commerce" in x.meta.sectors)
    assert sorted(visible_lessons(page)) == shops
    assert page.locator("#filtre-secteur").input_value() == "commerce"
    assert count.get_attribute("aria-live") == "polite"
    assert page.blocked_requests == []


@pytest.mark.browser
def test_without_its_script_the_catalogue_lists_every_lesson_with_its_tags(browser, site_url, catalogue):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/catalogue/")
    assert page.locator(".academie-catalogue-filters").is_hidden(), "no menus that would do nothing"
    assert sorted(visible_lessons(page)) == sorted(catalogue.lessons)
    row = page.locator("tr", has=page.locator('a[data-catalogue-lesson="repondre-aux-avis-clients"]'))
    assert "Restauration" in row.inner_text() and "Débutant" in row.inner_text()
    context.close()


# --- The built project of a trade with no lesson of its own yet ------------------------------------------


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("secteurs")
    root = project(
        folder / "projet",
        {
            "restauration.yml": sector_text("restauration"),
            "sante.yml": sector_text("sante", sectors=("sante",), title="Santé"),
        },
    )
    out = folder / "site"
    result = run_academie("build", "--site-dir", str(out), root=root)
    assert result.returncode == 0, result.stderr + result.stdout
    with serve(out) as url:
        yield out, url


def test_a_small_project_builds_its_trades_even_one_without_a_lesson_of_its_own(small_site):
    out, _ = small_site
    sante = read_syllabus(out / "secteurs" / "sante" / "index.html")
    assert [i for i, _ in sante.lessons] == ["b1", "b2", "r1"] and sante.total == 37
    restauration = read_syllabus(out / "secteurs" / "restauration" / "index.html")
    assert [i for i, _ in restauration.lessons] == ["b1", "b2", "r1", "outil", "avis", "resto", "projet", "menus"]
    html = (out / "secteurs" / "restauration" / "index.html").read_text(encoding="utf-8")
    assert "Module 3" in html and "Votre métier" in html
