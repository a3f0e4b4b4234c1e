"""Quiz blocks turned into accessible HTML forms (scored in the browser by quiz.js)."""

from __future__ import annotations

from collections.abc import Callable

from academie.content.catalogue import Lesson
from academie.content.quiz import QuizBlock, find_blocks
from academie.site.pages import render

HINTS = {
    "single": "Une seule réponse.",
    "multiple": "Plusieurs réponses possibles\u00a0: cochez toutes les bonnes.",
    "truefalse": "Vrai ou faux ?".replace(" ?", "\u00a0?"),
}


def quiz_html(lesson: Lesson, block: QuizBlock, number: int) -> str:
    return render(
        "quiz.html.j2",
        quiz_id=f"quiz-{number}",
        lesson_id=lesson.id,
        pass_mark=lesson.pass_mark,
        questions=block.questions,
        hints=HINTS,
    )


def replace_quiz_blocks(markdown: str, lesson: Lesson, hold: Callable[[str], str] = str) -> str:
    """Swap each ```quiz fence of the page's Markdown for its form, in order (`hold`: see HtmlParts)."""
    raw_blocks = find_blocks(markdown, 1)
    if not raw_blocks:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    cursor = 0
    for number, (raw, block) in enumerate(zip(raw_blocks, lesson.quizzes, strict=True), start=1):
        out.extend(lines[cursor : raw.start])
        out.extend(["", hold(quiz_html(lesson, block, number)), ""])
        cursor = raw.end + 1
    out.extend(lines[cursor:])
    return "\n".join(out)
