"""Quizzes, progress, final assessments and « Par où commencer ? » in headless Chromium, as a learner uses them."""

from __future__ import annotations

import functools
import html
import http.server
import io
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import QuietHandler, run_academie
from playwright.sync_api import expect
from projects import ROOT, lesson_text, make_project, track_text

from academie.content.catalogue import Lesson
from academie.content.quiz import find_blocks
from academie.site.assessment import assessment_size

pytestmark = pytest.mark.browser

NBSP = "\u00a0"


def lesson_url(site_url: str, lesson: Lesson) -> str:
    return f"{site_url}/{lesson.source.removesuffix('.md')}/"


def plain(text: str) -> str:
    """Text as compared in assertions: no-break spaces as spaces, runs of blanks as one space."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


def answer_all(form, correctly: bool) -> None:
    """Tick every right choice, or for each question one wrong choice."""
    for fieldset in form.locator("fieldset.academie-question").all():
        if correctly:
            for choice in fieldset.locator("input[data-correct]").all():
                choice.check()
        else:
            fieldset.locator("input:not([data-correct])").first.check()


def done_lessons_on_syllabus(page) -> set[str]:
    return set(page.eval_on_selector_all("a.academie-lesson-link--done", "links => links.map(a => a.dataset.lessonId)"))


def progress_values(page) -> list[tuple[int, int]]:
    """(value, max) of the syllabus bars: lessons, then minutes."""
    return [
        (int(v), int(m))
        for v, m in page.eval_on_selector_all(
            ".academie-track-progress progress",
            "bars => bars.map(b => [b.getAttribute('value'), b.getAttribute('max')])",
        )
    ]


# ---------- 1. lesson quizzes ----------


def test_a_wrong_answer_shows_the_right_answer_and_the_authors_explanation(offline_page, site_url, catalogue):
    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    question = lesson.quizzes[0].questions[0]
    page = offline_page
    page.goto(lesson_url(site_url, lesson))
    form = page.locator("form[data-academie-quiz]").first
    first = form.locator("fieldset.academie-question").first
    result = first.locator(".academie-question-result")
    retry = form.get_by_role("button", name="Recommencer")
    assert not result.is_visible(), "the answer stays hidden until « Valider »"
    assert not retry.is_visible()

    answer_all(form, correctly=False)
    form.get_by_role("button", name="Valider").click()

    assert result.is_visible()
    assert retry.is_visible()
    assert plain(result.locator(".academie-verdict").inner_text()) == "Réponse incorrecte."
    right = next(c.text for c in question.choices if c.correct)
    assert plain(result.locator(".academie-expected").inner_text()) == plain(f"Bonne réponse : {right}")
    assert plain(result.locator(".academie-explanation").inner_text()) == plain(question.explanation)
    assert first.locator(".academie-choice--correct label").inner_text().startswith(right)
    # The score is announced a moment after « Valider » (so that screen readers hear it again).
    expect(form.locator(".academie-quiz-score")).to_contain_text("Il faut 70")
    assert "Réussissez le quiz" in page.locator(".academie-lesson-status").inner_text()
    assert page.blocked_requests == []


def test_a_passed_quiz_marks_the_lesson_done_and_the_syllabus_counts_it_after_a_reload(
    offline_page, site_url, catalogue
):
    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    track = catalogue.track("tpe")
    page = offline_page
    page.goto(lesson_url(site_url, lesson))
    form = page.locator("form[data-academie-quiz]").first
    answer_all(form, correctly=True)
    form.get_by_role("button", name="Valider").click()
    status = page.locator(".academie-lesson-status")
    assert "Leçon terminée" in status.inner_text()

    page.reload()
    assert "Leçon terminée" in page.locator(".academie-status-done").inner_text()
    assert page.locator(".academie-status-done").is_visible()

    page.goto(f"{site_url}/parcours/tpe/")
    assert done_lessons_on_syllabus(page) == {lesson.id}
    total = len(catalogue.track_lessons(track))
    assert progress_values(page) == [(1, total), (lesson.duration, catalogue.track_duration(track))]
    bars = plain(page.locator(".academie-track-progress").inner_text())
    assert f"1 leçon terminée sur {total}" in bars
    assert f"{lesson.duration} min sur" in bars


def focused(page) -> dict[str, str]:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, type: e.type || '', id: e.id, text: (e.textContent || '').trim(),
                fieldset: e.closest('fieldset') ? e.closest('fieldset').querySelector('input').name : ''}; }""")


def test_the_whole_quiz_can_be_done_with_the_keyboard_and_the_score_is_announced(offline_page, site_url, catalogue):
    lesson = catalogue.lessons["qu-est-ce-que-l-ia"]
    questions = lesson.quizzes[0].questions
    assert {q.kind for q in questions} == {"single", "multiple", "truefalse"}
    page = offline_page
    page.goto(lesson_url(site_url, lesson))
    form = page.locator("form[data-academie-quiz]").first
    # Start from the last focusable element before the quiz, as a reader tabbing down the page.
    page.evaluate("""() => {
        const first = document.querySelector('form[data-academie-quiz] input');
        const focusable = Array.from(document.querySelectorAll('a[href], button, input, summary'))
            .filter(e => e.offsetParent !== null && (first.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING));
        focusable[focusable.length - 1].focus();
    }""")

    for number, question in enumerate(questions, start=1):
        page.keyboard.press("Tab")
        where = focused(page)
        assert where["fieldset"] == f"quiz-1-q{number}", where
        if question.kind == "multiple":
            for index, choice in enumerate(question.choices):
                if choice.correct:
                    page.keyboard.press("Space")
                if index < len(question.choices) - 1:
                    page.keyboard.press("Tab")
        else:
            # A radio group is one Tab stop: Space picks the first choice, arrows move the pick.
            page.keyboard.press("Space")
            for _ in range([c.correct for c in question.choices].index(True)):
                page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Valider"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["fieldset"] == f"quiz-1-q{len(questions)}", "Shift+Tab goes back to the last question"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    score = form.locator(".academie-quiz-score")
    assert score.get_attribute("aria-live") == "polite"
    assert score.get_attribute("role") == "status"
    page.wait_for_function("() => document.querySelector('.academie-quiz-score').textContent.includes('Score')")
    assert plain(score.inner_text()).startswith(f"Score : {len(questions)} sur {len(questions)} (100 %)")
    assert "Leçon terminée" in page.locator(".academie-lesson-status").inner_text()
    assert form.locator(".academie-choice--wrong").count() == 0


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A two-lesson project, the first without a quiz, built and served like the real site."""
    folder = tmp_path_factory.mktemp("sans-quiz")
    quiz = (
        '## Texte\n\nContenu.\n\n```quiz\n- question: "Deux et deux font quatre."\n  type: "truefalse"\n'
        '  answer: true\n  explanation: "C’est du calcul."\n```\n'
    )
    make_project(
        folder / "projet",
        {
            "bases/lecture.md": lesson_text("lecture", "Une leçon à lire", duration=12),
            "bases/avec-quiz.md": lesson_text("avec-quiz", "Une leçon avec quiz", duration=8, body=quiz),
        },
        {"tpe.yml": track_text("tpe", [("Module", ["lecture", "avec-quiz"])])},
    )
    # The offline packs built with the site need the npm shim installed at the project root.
    if (ROOT / "node_modules").is_dir() and not (folder / "projet" / "node_modules").exists():
        (folder / "projet" / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    out = folder / "site"
    result = run_academie("build", "--site-dir", str(out), root=folder / "projet")
    assert result.returncode == 0, result.stderr + result.stdout
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_lesson_without_quiz_is_marked_done_with_its_button(browser, small_site):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{small_site}/bases/lecture/")
    button = page.get_by_role("button", name="J’ai terminé cette leçon")
    assert button.is_visible()
    button.click()
    assert page.locator(".academie-status-done").is_visible()
    assert not button.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('academie-status-done')"), (
        "the focus moves to the confirmation, so that a screen reader reads it"
    )

    page.reload()
    assert page.locator(".academie-status-done").is_visible()
    page.goto(f"{small_site}/bases/avec-quiz/")
    assert page.get_by_role("button", name="J’ai terminé cette leçon").count() == 0, (
        "a lesson with a quiz is done by its quiz"
    )
    page.goto(f"{small_site}/parcours/tpe/")
    assert done_lessons_on_syllabus(page) == {"lecture"}
    assert progress_values(page) == [(1, 2), (12, 20)]
    assert "1 leçon terminée sur 2" in plain(page.locator(".academie-track-progress").inner_text())
    context.close()


# ---------- 2. « Ma progression »: export, import ----------


def pass_quiz(page, url: str) -> None:
    page.goto(url)
    for form in page.locator("form[data-academie-quiz]").all():
        answer_all(form, correctly=True)
        form.get_by_role("button", name="Valider").click()
    assert page.locator(".academie-status-done").is_visible()


def import_file(page, path: Path) -> str:
    page.set_input_files("#academie-progress-file", str(path))
    message = page.locator(".academie-progress-message")
    page.wait_for_function("() => document.querySelector('.academie-progress-message').textContent.length > 0")
    return plain(message.inner_text())


def test_progress_exported_to_a_file_comes_back_in_a_fresh_browser(browser, site_url, catalogue, tmp_path):
    lessons = [catalogue.lessons["qu-est-ce-que-l-ia"], catalogue.lessons["donnees-personnelles-rgpd"]]
    first = browser.new_context(locale="fr-FR", accept_downloads=True)
    page = first.new_page()
    for lesson in lessons:
        pass_quiz(page, lesson_url(site_url, lesson))
    page.goto(f"{site_url}/progression/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter ma progression").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".json"
    first.close()

    second = browser.new_context(locale="fr-FR")
    page = second.new_page()
    page.goto(f"{site_url}/parcours/tpe/")
    assert done_lessons_on_syllabus(page) == set()
    page.goto(f"{site_url}/progression/")
    assert "aucune leçon" in page.locator(".academie-started-tracks").inner_text()

    assert import_file(page, saved) == "Progression importée : 2 leçons terminées."
    started = page.locator(".academie-started-track")
    assert started.count() == len(catalogue.tracks)
    started.filter(has_text="TPE").get_by_role("link").click()
    page.wait_for_load_state("load")  # the click only waits for the new page to start arriving
    assert page.url == f"{site_url}/parcours/tpe/", "each started track links to its syllabus"
    assert done_lessons_on_syllabus(page) == {lesson.id for lesson in lessons}
    second.close()


CORRUPT_FILES = {
    "JSON cassé": "{pas du JSON",
    "fichier vide": "",
    "leçons nulles": '{"format": "academie-ia-progression", "lessons": null}',
    "leçon abîmée": '{"format": "academie-ia-progression", "lessons": {"qu-est-ce-que-l-ia": 5}}',
    "autre format": '{"format": "autre-chose", "lessons": {}}',
    "liste": "[1, 2, 3]",
}


def test_a_corrupt_progress_file_gives_a_french_error_and_keeps_the_progress(
    offline_page, site_url, catalogue, tmp_path
):
    page = offline_page
    pass_quiz(page, lesson_url(site_url, catalogue.lessons["qu-est-ce-que-l-ia"]))
    for case, content in CORRUPT_FILES.items():
        bad = tmp_path / "progression.json"
        bad.write_text(content, encoding="utf-8")
        page.goto(f"{site_url}/progression/")

        message = import_file(page, bad)

        assert message.startswith("Import impossible : ce fichier "), f"{case}: {message}"
        assert message.endswith(". Votre progression actuelle n’a pas été modifiée."), f"{case}: {message}"
        assert not re.search(r"Error|undefined|null|Unexpected|JSON\.parse|token", message), f"{case}: {message}"
    page.goto(f"{site_url}/parcours/tpe/")
    assert done_lessons_on_syllabus(page) == {"qu-est-ce-que-l-ia"}


def test_progress_can_be_erased_after_a_confirmation(offline_page, site_url, catalogue):
    page = offline_page
    pass_quiz(page, lesson_url(site_url, catalogue.lessons["qu-est-ce-que-l-ia"]))
    page.goto(f"{site_url}/progression/")
    confirm = page.get_by_role("button", name="Confirmer l’effacement")
    assert not confirm.is_visible()
    assert page.locator(".academie-started-track").count() == len(catalogue.tracks)

    page.get_by_role("button", name="Effacer ma progression").click()
    assert confirm.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-progress-reset-confirm')")
    confirm.click()

    page.wait_for_function("() => document.querySelector('.academie-progress-message').textContent.length > 0")
    assert "effacée" in page.locator(".academie-progress-message").inner_text()
    assert page.locator(".academie-started-track").count() == 0
    page.goto(f"{site_url}/parcours/tpe/")
    assert done_lessons_on_syllabus(page) == set()
    assert progress_values(page)[0][0] == 0


# ---------- 3. final assessment and attestation ----------


def drawn_questions(page) -> list[tuple[str, str]]:
    """(lesson id, question text) of the current attempt, in the order shown."""
    return [
        (lesson_id, plain(text))
        for lesson_id, text in page.eval_on_selector_all(
            ".academie-assessment-form fieldset.academie-question",
            """sets => sets.map(s => [s.dataset.lessonId,
            Array.from(s.querySelector('legend').childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('')])""",
        )
    ]


@pytest.mark.parametrize("track_id", ["tpe", "pme", "grand-public"])
def test_final_assessment_draws_from_the_lessons_and_a_pass_prints_a_one_page_attestation(
    offline_page, site_url, catalogue, track_id
):
    pypdf = pytest.importorskip("pypdf")
    track = catalogue.track(track_id)
    pool = {lesson.id: {plain(q.text) for q in lesson.questions} for lesson in catalogue.track_lessons(track)}
    page = offline_page
    page.goto(f"{site_url}/parcours/{track_id}/evaluation/")
    start = page.get_by_role("button", name="Commencer l’évaluation")
    start.click()
    assert not start.is_visible()

    first = drawn_questions(page)
    assert len(first) == assessment_size(catalogue, track)
    for lesson_id, text in first:
        assert text in pool[lesson_id], f"« {text} » is not a question of the lesson {lesson_id}"
    assert {lesson_id for lesson_id, _ in first} == {i for i, texts in pool.items() if texts}

    # A failed attempt: no attestation, then a new draw in another order.
    form = page.locator(".academie-assessment-form")
    form.get_by_role("button", name="Valider").click()
    assert plain(page.locator(".academie-assessment-verdict").inner_text()).startswith("Pas encore : 0 %")
    assert not page.locator(".academie-attestation-form").is_visible()
    page.get_by_role("button", name="Faire une nouvelle tentative").click()
    second = drawn_questions(page)
    assert len(second) == len(first)
    assert [text for _, text in second] != [text for _, text in first]
    assert [lesson for lesson, _ in second] != [lesson for lesson, _ in first], "the lessons come in another order"

    form = page.locator(".academie-assessment-form")
    answer_all(form, correctly=True)
    form.get_by_role("button", name="Valider").click()
    verdict = plain(page.locator(".academie-assessment-verdict").inner_text())
    assert verdict.startswith("Évaluation réussie avec 100 %"), verdict
    page.wait_for_function(
        "() => document.querySelector('.academie-assessment-form .academie-quiz-score').textContent.includes('Score')"
    )
    assert form.locator(".academie-quiz-score[aria-live='polite']").count() == 1

    # The name is required, with a message.
    prepare = page.get_by_role("button", name="Préparer l’attestation")
    prepare.click()
    assert page.locator("#academie-attestation-name-error").is_visible()
    assert not page.locator(".academie-attestation").is_visible()
    page.get_by_label("Vos prénom et nom").fill("Camille Durand")
    prepare.click()
    attestation = page.locator(".academie-attestation")
    assert attestation.is_visible()
    assert "Camille Durand" in attestation.inner_text()

    page.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) == 1
    text = plain(pdf.pages[0].extract_text())
    assert "Camille Durand" in text
    assert plain(track.title) in text
    assert "auto-évaluation" in text.lower()
    assert "Commencer l’évaluation" not in text and "Valider" not in text, "only the attestation is printed"
    assert page.blocked_requests == []


# ---------- 4. « Par où commencer ? » ----------


@pytest.mark.parametrize(
    ("who", "answers", "expected"),
    [
        (
            "a bakery of 3 people",
            {
                "Vous venez ici surtout…": "pour mon entreprise",
                "Combien de personnes travaillent dans l’entreprise ?": "moins de 10",
                "Quel est votre métier ?": "boulangerie",
                "Utilisez-vous déjà l’IA ?": "Jamais",
                "Quel est votre objectif principal ?": "Gagner du temps",
            },
            "tpe",
        ),
        (
            "an industrial firm of 60 people",
            {
                "Vous venez ici surtout…": "pour mon entreprise",
                "Combien de personnes travaillent dans l’entreprise ?": "De 50 à 250",
                "Quel est votre métier ?": "Autre activité (industrie",
                "Utilisez-vous déjà l’IA ?": "De temps en temps",
                "Quel est votre objectif principal ?": "Lancer un vrai projet",
            },
            "pme",
        ),
    ],
    ids=["boulangerie-3", "industrie-60"],
)
def test_orientation_recommends_the_track_that_fits(offline_page, site_url, catalogue, who, answers, expected):
    page = offline_page
    page.goto(f"{site_url}/par-ou-commencer/")
    see = page.get_by_role("button", name="Voir mon parcours")
    see.click()
    error = plain(page.locator(".academie-orientation-error").inner_text())
    assert error == f"Répondez encore aux questions 1, 2, 3, 4 et {len(answers)} pour obtenir un conseil."

    for question, choice in answers.items():
        group = page.get_by_role("group", name=question.replace(" ?", NBSP + "?"))
        group.get_by_label(choice).check()
    see.click()

    result = page.locator(".academie-orientation-result")
    assert result.is_visible()
    recommended = result.locator("[data-recommended-track]")
    assert recommended.get_attribute("data-recommended-track") == expected, who
    assert recommended.inner_text() == catalogue.track(expected).title
    lessons = result.locator(".academie-orientation-lessons a")
    assert lessons.count() >= 2
    track_lessons = {lesson.title: lesson for lesson in catalogue.track_lessons(catalogue.track(expected))}
    for link in lessons.all():
        assert link.inner_text() in track_lessons, (
            "each suggested lesson is shown by its title and belongs to the track"
        )
        assert link.get_attribute("href").endswith(track_lessons[link.inner_text()].source.removesuffix(".md") + "/")
    recommended.click()
    assert page.url == f"{site_url}/parcours/{expected}/"


# ---------- search index ----------


def prose_of(lesson: Lesson) -> str:
    """A lesson's Markdown without its quiz blocks."""
    lines = lesson.body.split("\n")
    for block in reversed(find_blocks(lesson.body, 1)):
        del lines[block.start : block.end + 1]
    return "\n".join(lines)


def test_quiz_questions_answers_and_explanations_stay_out_of_the_search_index(site, catalogue):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        pages[page] = pages.get(page, "") + " " + plain(html.unescape(re.sub(r"<[^>]+>", " ", doc["text"])))
    # Short answers (« Vrai », « Non ») occur in any text: only sentences are looked for, and not
    # those that a lesson also says in its own text.
    prose = plain(" ".join(prose_of(lesson) for lesson in catalogue.lessons.values()))
    texts = {
        plain(text)
        for lesson in catalogue.lessons.values()
        for q in lesson.questions
        for text in [q.text, q.explanation, *(c.text for c in q.choices if c.correct)]
        if len(text) >= 30 and plain(text) not in prose
    }
    leaks = {page: sum(text in indexed for text in texts) for page, indexed in pages.items()}
    leaks = {page: count for page, count in leaks.items() if count}
    assert leaks == {}, "pages whose quiz text is searchable (questions, answers, explanations found)"
    assert not any("Bonne réponse" in indexed or "Question 1 sur" in indexed for indexed in pages.values())
