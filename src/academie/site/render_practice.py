"""Practice blocks (```atelier, ```reperer) turned into accessible HTML, played in the browser by
assets/academie-pratique.js; and their printable version for the booklet.

Python computes the data (paragraphs, segments with their spaces set apart); the templates
atelier.html.j2, reperer.html.j2 and practice_print.html.j2 hold the markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from academie.content.catalogue import Lesson
from academie.content.practice import PracticeBlock, find_practice_blocks
from academie.content.practice_model import AtelierBuild, AtelierChoose, Reperer
from academie.site.booklet_parts import EXERCISE, mark_printable
from academie.site.pages import environment, render

# Loaded by the lesson pages that hold a practice block (through the page's `scripts`).
PRACTICE_SCRIPT = "assets/academie-pratique.js"

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_EDGES = re.compile(r"^(\s*)(.*?)(\s*)$", re.S)


def paragraphs(text: str) -> list[list[str]]:
    """An author's plain text as paragraphs (split on blank lines), each a list of lines."""
    return [
        [line.strip() for line in part.strip().split("\n")] for part in _BLANK_LINE.split(text.strip()) if part.strip()
    ]


def with_breaks(text: str) -> Markup:
    """Escaped text whose line ends become <br> (the rendered HTML holds no line end of the author's)."""
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


def split_edges(text: str) -> tuple[str, str, str]:
    """(leading spaces, the words, trailing spaces) of a segment: only the words are selectable."""
    match = _EDGES.match(text)
    assert match is not None  # the pattern matches any text
    return match.group(1), match.group(2), match.group(3)


environment().filters.update(paragraphs=paragraphs, with_breaks=with_breaks, split_edges=split_edges)


def _compact(html: str) -> str:
    """No blank line inside the block: Markdown would end the raw HTML there."""
    return "\n".join(line for line in html.split("\n") if line.strip())


def practice_html(lesson: Lesson, block: PracticeBlock, number: int) -> str:
    exercise = block.exercise
    if isinstance(exercise, Reperer):
        return _compact(
            render(
                "reperer.html.j2",
                uid=f"reperer-{number}",
                r=exercise,
                lesson_id=lesson.id,
                pass_mark=lesson.pass_mark,
            )
        )
    return _compact(render("atelier.html.j2", uid=f"atelier-{number}", a=exercise, **_build_data(exercise)))


def _build_data(exercise: AtelierChoose | AtelierBuild) -> dict[str, object]:
    if not isinstance(exercise, AtelierBuild):
        return {}
    labels = {piece.id: piece.label for piece in exercise.pieces}
    order = {piece.id: index for index, piece in enumerate(exercise.pieces)}
    answers = [
        {"pieces": sorted(answer.pieces, key=order.__getitem__), "answer": answer.answer}
        for answer in sorted(exercise.answers, key=lambda a: (len(a.pieces), sorted(order[p] for p in a.pieces)))
    ]
    return {"labels": labels, "answers": answers}


def _replace(markdown: str, lesson: Lesson, make: Callable[[PracticeBlock, int], str]) -> str:
    raw_blocks = find_practice_blocks(markdown, 1)
    if not raw_blocks:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    cursor = 0
    for number, ((_, raw), block) in enumerate(zip(raw_blocks, lesson.practices, strict=True), start=1):
        out.extend(lines[cursor : raw.start])
        out.extend(["", make(block, number), ""])
        cursor = raw.end + 1
    out.extend(lines[cursor:])
    return "\n".join(out)


def replace_practice_blocks(markdown: str, lesson: Lesson, hold: Callable[[str], str] = str) -> str:
    """Swap each ```atelier and ```reperer fence of a lesson page's Markdown for its HTML, in order
    (`hold`: see HtmlParts)."""
    return _replace(markdown, lesson, lambda block, number: hold(practice_html(lesson, block, number)))


def printable_practices(markdown: str, lesson: Lesson) -> str:
    """The same blocks as the booklet prints them: an atelier's requests with their answers, a text and its « corrigé »."""

    def printable(block: PracticeBlock, number: int) -> str:
        return mark_printable(
            EXERCISE, _compact(render("practice_print.html.j2", block=block.exercise, **_build_data_or_empty(block)))
        )

    return _replace(markdown, lesson, printable)


def _build_data_or_empty(block: PracticeBlock) -> dict[str, object]:
    return {} if isinstance(block.exercise, Reperer) else _build_data(block.exercise)
