"""Notebook lessons in a track's printable booklet: with their outputs and figures.

The booklet is written by `academie.site` from the lessons' text, which for a notebook has its
code but not what the code printed or drew. The booklet marks each notebook lesson's part
(`<!-- academie-carnet:<id> -->` … `<!-- /academie-carnet:<id> -->`); the notebook hooks put
the converted page in its place (outputs, figures, error outputs a lesson shows), seen from
the booklet like any lesson's part (links rebased, quizzes printable, headings one level down).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from academie.content.catalogue import Catalogue
from academie.notebooks.files import BuiltNotebook, stylesheet_source
from academie.site import render
from academie.site.booklet import lesson_part

PART = re.compile(
    r"<!-- academie-carnet:(?P<id>[a-z0-9-]+) -->\n(?P<body>.*?)\n<!-- /academie-carnet:(?P=id) -->", re.S
)
ANCHOR = re.compile(r"\{ #lecon-(?P<id>[a-z0-9-]+) \}")
# Printing does not wait for images the reader has not scrolled to.
LAZY = re.compile(r"\{\s*loading=lazy\s*\}")


def booklet_with_outputs(
    markdown: str, catalogue: Catalogue, built: Mapping[str, BuiltNotebook]
) -> tuple[str, list[str]]:
    """The booklet's Markdown with each notebook part replaced by its converted page, and the
    stylesheets of those notebooks' outputs (for the booklet's `styles:`)."""
    inside = set(ANCHOR.findall(markdown))
    stylesheets: list[str] = []

    def printable_quiz(block: object) -> str:
        return render("booklet_quiz.html.j2", block=block)

    def swap(match: re.Match[str]) -> str:
        lesson = catalogue.lessons.get(match.group("id"))
        notebook = built.get(match.group("id"))
        if lesson is None or notebook is None:
            return match.group(0)
        try:
            part = lesson_part(catalogue, lesson, inside, printable_quiz, body=notebook.body)
        except ValueError:  # its quizzes could not be matched to the lesson's: keep the text as it is
            return match.group(0)
        if stylesheet_source(notebook.notebook) in notebook.figures:
            stylesheets.append(stylesheet_source(notebook.notebook))
        return LAZY.sub("", part)

    return PART.sub(swap, markdown), stylesheets
