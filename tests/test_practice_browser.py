"""The practice blocks in headless Chromium, as a learner uses them with the keyboard alone: on a small
site served locally and in its offline pack opened from file:// with every other request blocked.

A ```atelier « choose » answers each request with the author's answer and feedback; a « build »
atelier answers with the closest scripted answer and names what is missing; a ```reperer exercise
scores what was found, missed and wrongly flagged. axe-core, the Content-Security-Policy, the
phone width and the printed booklet are checked on the same pages.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import guarded_page, run_academie, serve
from playwright.sync_api import Page, expect
from practice_blocks import BUILD, CHOOSE, REPERER
from projects import lesson_text, make_project, track_text
from pypdf import PdfReader
from test_accessibility import RECORD_VIOLATIONS, axe_violations

from academie.content.yamltext import parse_yaml
from academie.site.packs import pack_name

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
SCREENSHOTS = Path(__file__).parent / "screenshots"
PRACTICE = "bases/pratique"  # the lesson with one block of each kind
READING = "bases/lecture"  # a lesson with a reperer that does not count


def data(block: str) -> dict:
    return parse_yaml("\n".join(block.strip().split("\n")[1:-1])).data


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


CHOOSE_DATA, BUILD_DATA, REPERER_DATA = data(CHOOSE), data(BUILD), data(REPERER)
NOT_COUNTED = REPERER.replace("counts: true\n", "").replace("Une réponse d’assistant sur la galette", "Sans compter")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A small project with one lesson holding each block, built with its offline pack; the site's
    address and the unzipped pack's address."""
    folder = tmp_path_factory.mktemp("pratique")
    body = (
        "## Essayer\n\nUne leçon pour s’exercer.\n\n"
        + CHOOSE
        + "\nEntre deux blocs.\n\n"
        + BUILD
        + "\n## Repérer\n\n"
        + REPERER
        + "\nFin de la leçon.\n"
    )
    project = make_project(
        folder / "projet",
        {
            f"{PRACTICE}.md": lesson_text("pratique", "Une leçon pratique", body=body),
            f"{READING}.md": lesson_text("lecture", "Une leçon à lire", body="## Texte\n\nTexte.\n\n" + NOT_COUNTED),
        },
        {"tpe.yml": track_text("tpe", [("Module", ["pratique", "lecture"])])},
    )
    site = folder / "site"
    result = run_academie("build", "--site-dir", str(site), root=project)
    assert result.returncode == 0, result.stderr + result.stdout
    pack = folder / "paquet"
    with zipfile.ZipFile(site / "telechargements" / pack_name("tpe")) as archive:
        archive.extractall(pack)
    return {"site": str(site), "pack": pack.resolve().as_uri()}


@pytest.fixture(scope="module")
def site_address(built) -> Iterator[str]:
    with serve(Path(built["site"])) as url:
        yield url


@pytest.fixture(params=["site", "paquet"])
def where(request, built, site_address) -> tuple[str, str]:
    """(address of the lesson, the prefix every allowed request starts with)."""
    if request.param == "site":
        return f"{site_address}/{PRACTICE}/", site_address + "/"
    return f"{built['pack']}/{PRACTICE}.html", built["pack"] + "/"


@pytest.fixture()
def open_page(browser):
    """Pages on which every request outside the site (or the pack) is blocked and recorded."""
    pages: list[Page] = []

    def open_(url: str, allowed: str, **options) -> Page:
        options.setdefault("reduced_motion", "reduce")
        page = guarded_page(browser, (allowed,), **options)
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
        pages.append(page)
        page.goto(url)
        page.locator(".academie-practice--js").first.wait_for()
        return page

    yield open_
    for page in pages:
        assert page.errors == []  # type: ignore[attr-defined]
        assert page.blocked_requests == [], "nothing is fetched from elsewhere, nothing is sent"  # type: ignore[attr-defined]
        page.context.close()


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is on `selector`, as a keyboard user goes down the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab n’atteint jamais {selector}")


def paragraphs_of(text: str) -> list[str]:
    return [plain(line) for line in text.strip().split("\n") if line.strip()]


# ---------- atelier « choose » ----------


def test_each_request_of_a_choose_atelier_shows_its_answer_and_feedback(open_page, where):
    page = open_page(*where)
    block = page.locator("[data-academie-atelier='choose']")
    log = block.get_by_role("log")
    assert log.get_attribute("aria-live") == "polite"
    assert not block.locator("details").first.is_visible(), "with JavaScript, the answers wait for a request"
    for number, request in enumerate(CHOOSE_DATA["requests"]):
        tab_to(page, f"[data-academie-atelier='choose'] button[data-request='{number}']")
        page.keyboard.press("Enter" if number % 2 else "Space")
        feedback = log.locator(".academie-atelier-feedback")
        expect(feedback).to_be_visible()
        bubbles = log.locator(".academie-bubble")
        assert plain(bubbles.nth(0).inner_text()) == plain("Vous " + request["text"])
        answer = plain(bubbles.nth(1).inner_text())
        assert answer.startswith("Assistant (simulé)")
        for line in paragraphs_of(request["answer"]):
            assert line in answer
        assert plain(request["feedback"]) in plain(feedback.inner_text())
        assert ("demande recommandée" in feedback.inner_text()) == bool(request.get("best"))
        current = block.locator("button[aria-current='true']")
        assert current.count() == 1 and current.get_attribute("data-request") == str(number)
    tab_to(page, "[data-academie-atelier='choose'] [data-practice-retry]")
    page.keyboard.press("Enter")
    assert log.inner_text() == ""
    assert page.evaluate("document.activeElement.dataset.request") == "0", (
        "« Réessayer » goes back to the first request"
    )


def test_the_answer_is_typed_out_then_read_once_whole(open_page, where):
    """Without a reduced-motion wish, the answer appears as if typed; screen readers get it whole, once."""
    page = open_page(*where, reduced_motion="no-preference")
    block = page.locator("[data-academie-atelier='choose']")
    tab_to(page, "[data-academie-atelier='choose'] button[data-request='1']")
    page.keyboard.press("Enter")
    log = block.get_by_role("log")
    assert log.get_attribute("aria-busy") == "true", "the log is busy while the answer is typed"
    assert log.locator(".academie-bubble-typing").get_attribute("aria-hidden") == "true"
    expect(log.locator(".academie-atelier-feedback")).to_be_visible()
    assert log.get_attribute("aria-busy") is None
    assert log.locator(".academie-bubble-typing").count() == 0
    answer = plain(log.locator(".academie-bubble--assistant").inner_text())
    assert all(line in answer for line in paragraphs_of(CHOOSE_DATA["requests"][1]["answer"]))


# ---------- atelier « build » ----------


def send_with(page: Page, pieces: list[str]) -> None:
    prefix = "[data-academie-atelier='build']"
    for piece in pieces:
        tab_to(page, f"{prefix} button[data-piece='{piece}']")
        page.keyboard.press("Space")
        assert page.locator(f"{prefix} button[data-piece='{piece}']").get_attribute("aria-pressed") == "true"
    tab_to(page, f"{prefix} [data-atelier-send]")
    page.keyboard.press("Enter")
    expect(page.locator(f"{prefix} .academie-atelier-feedback")).to_be_visible()


def test_a_build_atelier_answers_with_the_closest_scripted_answer_and_names_what_is_missing(open_page, where):
    page = open_page(*where)
    block = page.locator("[data-academie-atelier='build']")
    pieces = {p["id"]: p for p in BUILD_DATA["pieces"]}
    answers = {tuple(a["pieces"]): a["answer"] for a in BUILD_DATA["answers"]}
    draft = block.locator(".academie-atelier-draft-text")
    assert plain(draft.inner_text()) == plain(BUILD_DATA["base"])

    # Context and tone: the answer written for the context alone is the closest (one in common, no extra).
    send_with(page, ["contexte", "ton"])
    assert plain(draft.inner_text()) == plain(
        " ".join([BUILD_DATA["base"], pieces["contexte"]["text"], pieces["ton"]["text"]])
    )
    log = block.get_by_role("log")
    assert plain(log.locator(".academie-bubble--learner").inner_text()) == plain("Vous " + draft.inner_text())
    assert plain(answers[("contexte",)]) in plain(log.locator(".academie-bubble--assistant").inner_text())
    feedback = plain(log.locator(".academie-atelier-feedback").inner_text())
    assert "Il manque à votre demande : « Le format » et « Sans données personnelles »." in feedback
    assert "la demande de départ avec « Le contexte »" in feedback, (
        "the page says which request the answer was written for"
    )

    # Every piece: the full answer, nothing missing.
    send_with(page, ["format", "sans-donnees"])
    answer = plain(log.locator(".academie-bubble--assistant").inner_text())
    assert all(line in answer for line in paragraphs_of(answers[("contexte", "ton", "format", "sans-donnees")]))
    feedback = plain(log.locator(".academie-atelier-feedback").inner_text())
    assert "Demande complète" in feedback and "Il manque" not in feedback

    # « Recommencer »: nothing chosen, nothing said; the tone alone then gets the base request's answer.
    tab_to(page, "[data-academie-atelier='build'] [data-practice-retry]")
    page.keyboard.press("Enter")
    assert block.locator("button[aria-pressed='true']").count() == 0
    assert log.inner_text() == ""
    assert plain(draft.inner_text()) == plain(BUILD_DATA["base"])
    send_with(page, ["ton"])
    assert plain(answers[()]) in plain(log.locator(".academie-bubble--assistant").inner_text())
    assert "« Le contexte », « Le format » et « Sans données personnelles »" in plain(log.inner_text())


# ---------- reperer ----------

WRONG = [i for i, s in enumerate(REPERER_DATA["segments"]) if s.get("wrong")]
RIGHT = [i for i, s in enumerate(REPERER_DATA["segments"]) if not s.get("wrong")]


def flag_and_validate(page: Page, block: str, segments: list[int]) -> str:
    for index in segments:
        tab_to(page, f"{block} .academie-segment[data-segment='{index}']")
        page.keyboard.press("Space" if index % 2 else "Enter")
        assert (
            page.locator(f"{block} .academie-segment[data-segment='{index}']").get_attribute("aria-pressed") == "true"
        )
    tab_to(page, f"{block} [data-reperer-validate]")
    page.keyboard.press("Enter")
    score = page.locator(f"{block} .academie-reperer-score")
    expect(score).to_be_visible()
    assert page.evaluate("document.activeElement.classList.contains('academie-reperer-score')"), (
        "the focus moves to the score, so that a screen reader reads it"
    )
    return plain(score.inner_text())


def statuses(page: Page, block: str) -> dict[int, str]:
    found = page.eval_on_selector_all(
        f"{block} .academie-segment[data-status]", "els => els.map(e => [e.dataset.segment, e.dataset.status])"
    )
    return {int(index): status for index, status in found}


@pytest.mark.parametrize(
    ("case", "flagged", "score", "expected"),
    [
        pytest.param(
            "tout-juste",
            WRONG,
            "Score : 2 sur 2. Passages repérés : 2 sur 2.",
            {WRONG[0]: "found", WRONG[1]: "found"},
            id="tout-juste",
        ),
        pytest.param(
            "un-manque",
            WRONG[:1],
            "Score : 1 sur 2. Passages repérés : 1 sur 2, 1 manqué.",
            {WRONG[0]: "found", WRONG[1]: "missed"},
            id="un-manque",
        ),
        pytest.param(
            "un-a-tort",
            [*WRONG, RIGHT[0]],
            "Score : 1 sur 2. Passages repérés : 2 sur 2, 1 signalé à tort (chacun retire un point).",
            {WRONG[0]: "found", WRONG[1]: "found", RIGHT[0]: "flagged"},
            id="un-a-tort",
        ),
    ],
)
def test_a_reperer_scores_found_missed_and_wrongly_flagged_passages(open_page, where, case, flagged, score, expected):
    page = open_page(*where)
    block = "[data-academie-reperer][data-academie-graded]"
    said = flag_and_validate(page, block, flagged)
    assert said.startswith(score), said
    notes = {i for i, s in enumerate(REPERER_DATA["segments"]) if s.get("explanation") and not s.get("wrong")}
    assert statuses(page, block) == {**{i: "note" for i in notes if i not in expected}, **expected}
    results = page.locator(f"{block} .academie-reperer-list li:visible")
    assert results.count() == len(statuses(page, block))
    listed = plain(" ".join(results.all_inner_texts()))
    for index in WRONG:
        assert plain(REPERER_DATA["segments"][index]["explanation"]) in listed
    for index, status in expected.items():
        word = {"found": "✓ repéré", "missed": "✗ manqué", "flagged": "✗ signalé à tort"}[status]
        badge = page.locator(f"{block} .academie-segment[data-segment='{index}'] .academie-segment-badge")
        assert word in badge.inner_text(), "each result is said in words, not by colour alone"
    lesson_done = page.locator(".academie-status-done")
    if case == "tout-juste":
        assert "Exercice réussi : la leçon est marquée comme terminée." in said
        assert lesson_done.is_visible(), "a passed reperer with counts: true validates the lesson"
    else:
        assert "Il faut 70 % pour valider" in said, "1 sur 2 is 50 %"
        assert not lesson_done.is_visible()
    # « Recommencer »: every passage can be chosen again.
    tab_to(page, f"{block} [data-practice-retry]")
    page.keyboard.press("Enter")
    assert page.locator(f"{block} .academie-segment-badge").count() == 0
    assert page.locator(f"{block} .academie-segment[aria-pressed='false']").count() == len(REPERER_DATA["segments"])
    assert page.evaluate("document.activeElement.dataset.segment") == "0"


def test_a_reperer_without_counts_does_not_validate_the_lesson(open_page, built, site_address):
    page = open_page(f"{site_address}/{READING}/", site_address + "/")
    block = "[data-academie-reperer]"
    assert page.locator("[data-academie-graded]").count() == 0
    said = flag_and_validate(page, block, WRONG)
    assert "Tout est juste." in said
    assert page.get_by_role("button", name="J’ai terminé cette leçon").is_visible(), "the lesson is done by its button"


def test_the_lesson_says_the_reperer_validates_it(open_page, where):
    page = open_page(*where)
    todo = plain(page.locator(".academie-status-todo").inner_text())
    assert todo == "Réussissez l’exercice de repérage (70 % de bonnes réponses) pour valider cette leçon."


# ---------- without JavaScript, search, accessibility, policy, phone, print ----------


def test_without_javascript_everything_can_be_read_and_the_answers_wait_in_closed_details(browser, site_address):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_address}/{PRACTICE}/")
    for block in page.locator(".academie-practice").all():
        assert not block.locator(".academie-practice-live").is_visible()
        assert block.locator("details").count() >= 1
        assert all(d.get_attribute("open") is None for d in block.locator("details").all())
    assert plain(CHOOSE_DATA["requests"][1]["text"]) in plain(
        page.locator("[data-academie-atelier='choose']").inner_text()
    )
    assert plain(REPERER_DATA["segments"][1]["text"]) in plain(page.locator("[data-academie-reperer]").inner_text())
    page.locator("[data-academie-atelier='choose'] summary").first.click()
    assert paragraphs_of(CHOOSE_DATA["requests"][0]["answer"])[0] in plain(
        page.locator("[data-academie-atelier='choose'] details").first.inner_text()
    )
    context.close()


def test_the_blocks_stay_out_of_the_search_index(built):
    index = json.loads((Path(built["site"]) / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = plain(" ".join(doc["text"] for doc in index["docs"]))
    assert "Une leçon pour s’exercer" in indexed, "the lesson's own text is searchable"
    secrets = [
        *(r["feedback"] for r in CHOOSE_DATA["requests"]),
        *(paragraphs_of(a["answer"])[0] for a in BUILD_DATA["answers"]),
        *(s["explanation"] for s in REPERER_DATA["segments"] if s.get("explanation")),
    ]
    assert [s for s in secrets if plain(s) in indexed] == []


def interact(page: Page) -> None:
    """One request, one build, one reperer with a wrong flag: every style of result is on the page."""
    tab_to(page, "[data-academie-atelier='choose'] button[data-request='1']")
    page.keyboard.press("Enter")
    send_with(page, ["contexte"])
    flag_and_validate(page, "[data-academie-reperer]", [WRONG[0], RIGHT[0]])


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_core_finds_no_violation_before_and_after_interaction_and_nothing_scrolls_sideways(open_page, where, width):
    url, allowed = where
    page = open_page(url, allowed, bypass_csp=True, viewport={"width": width, "height": 900})
    place = "site" if url.startswith("http") else "paquet"
    SCREENSHOTS.mkdir(exist_ok=True)
    for moment in ("avant", "apres"):
        if moment == "apres":
            interact(page)
        violations = axe_violations(page)
        assert not violations, f"{moment} : " + "\n".join(violations)
        scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"{moment} : {scroll} px de large pour un écran de {inner} px"
        for block in page.locator(".academie-practice").all():
            name = block.get_attribute("id")
            block.screenshot(path=SCREENSHOTS / f"pratique-{place}-{name}-{width}-{moment}.png")


def test_the_blocks_work_within_the_content_security_policy(browser, where):
    url, allowed = where
    page = guarded_page(browser, (allowed,), reduced_motion="no-preference")
    page.context.add_init_script(RECORD_VIOLATIONS)
    messages: list[str] = []
    page.on(
        "console", lambda message: messages.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(url)
    page.locator(".academie-practice--js").first.wait_for()
    interact(page)
    expect(page.locator("[data-academie-atelier='choose'] .academie-atelier-feedback")).to_be_visible()
    assert "default-src 'none'" in page.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")
    assert page.evaluate("window.__cspViolations") == []
    assert messages == []
    assert page.blocked_requests == []
    page.context.close()


def test_the_booklet_prints_the_requests_with_their_answers_and_the_reperer_with_its_corrige(browser, built):
    page = guarded_page(browser, (built["pack"] + "/",))
    page.goto(f"{built['pack']}/livret.html")
    page.emulate_media(media="print")
    text = plain(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages))
    # pypdf may cut a line anywhere: compare without spaces.
    squeezed = text.replace(" ", "")

    def printed(sentence: str) -> bool:
        return plain(sentence).replace(" ", "") in squeezed

    assert printed(CHOOSE_DATA["situation"])
    for request in CHOOSE_DATA["requests"]:
        assert printed(request["text"]) and printed(request["feedback"])
        assert all(printed(line) for line in paragraphs_of(request["answer"]))
    assert printed(BUILD_DATA["base"]) and all(printed(a["answer"].split("\n")[0]) for a in BUILD_DATA["answers"])
    assert printed("Corrigé")
    for segment in REPERER_DATA["segments"]:
        assert printed(segment["text"])
        if segment.get("wrong"):
            assert printed(segment["explanation"])
    assert "Envoyer la demande" not in text and "Valider" not in text, "only the readable version is printed"
    assert page.blocked_requests == []
    page.context.close()


# ---------- the real lessons ----------


def test_no_built_page_shows_a_raw_practice_block(site: Path, unzipped: dict[str, Path]):
    """The real content's ```atelier and ```reperer blocks all become exercises, on the site and in the packs."""
    pages = [*site.rglob("*.html"), *(p for folder in unzipped.values() for p in folder.rglob("*.html"))]
    raw = [
        str(p)
        for p in pages
        if re.search(r"(language|highlight)-(atelier|reperer)|```(atelier|reperer)", p.read_text(encoding="utf-8"))
    ]
    assert raw == []
