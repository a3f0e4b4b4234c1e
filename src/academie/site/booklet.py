"""The printable booklet of a track: every lesson in order on one page, for people who prefer paper."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from academie.content.catalogue import Catalogue, Lesson
from academie.content.divs import learner_markdown
from academie.content.model import Track
from academie.content.quiz import QuizBlock, find_blocks
from academie.site.booklet_parts import QUIZ, mark_printable
from academie.site.render_practice import printable_practices

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_NOT_RELATIVE = re.compile(r"[a-z][a-z0-9+.-]*:|/|#")  # a scheme, the site's root, an anchor
_RELATIVE = re.compile(rf"(\]\()(?P<target>(?!{_NOT_RELATIVE.pattern})[^)\s]+)(?P<end>\))")


def lesson_anchor(lesson: Lesson) -> str:
    return f"lecon-{lesson.id}"


def demote_headings(markdown: str) -> str:
    """One level down, so that the lesson title is the only level-2 heading of its part."""
    out, fence = [], None
    for line in markdown.split("\n"):
        match = _FENCE.match(line.strip())
        if match and (fence is None or match.group(1)[0] == fence[0]):
            fence = None if fence else match.group(1)
        if fence is None and line.startswith("#") and not match:
            line = "#" + line
        out.append(line)
    return "\n".join(out)


def rebase_links(markdown: str, lesson: Lesson, booklet: str, catalogue: Catalogue, inside: set[str]) -> str:
    """Relative links and images of a lesson, seen from the page `booklet` ("": the content root):
    images follow their new path, links to lessons of the booklet (`inside`) become anchors in it."""

    def swap(match: re.Match[str]) -> str:
        return (
            f"{match.group(1)}{rebased(match.group('target'), lesson, booklet, catalogue, inside)}{match.group('end')}"
        )

    return _RELATIVE.sub(swap, markdown)


def rebased(target: str, lesson: Lesson, booklet: str, catalogue: Catalogue, inside: set[str]) -> str:
    """An address of a lesson seen from the page `booklet` (see rebase_links): a relative one rebased,
    any other (with a scheme, from the site's root, an anchor) as it is."""
    if _NOT_RELATIVE.match(target):
        return target
    path, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(lesson.source), path))
    other = catalogue.by_source.get(resolved)
    if other is not None and other.id in inside:
        return f"#{lesson_anchor(other)}"
    return posixpath.relpath(resolved, posixpath.dirname(booklet) or ".") + (f"#{anchor}" if anchor else "")


def replace_quizzes(markdown: str, lesson: Lesson, render_quiz: Callable[[QuizBlock], str]) -> str:
    lines = markdown.split("\n")
    blocks = find_blocks(markdown, 1)
    out, cursor = [], 0
    for raw, block in zip(blocks, lesson.quizzes, strict=True):
        out.extend(lines[cursor : raw.start])
        out.append(mark_printable(QUIZ, render_quiz(block)))
        cursor = raw.end + 1
    out.extend(lines[cursor:])
    return "\n".join(out)


def lesson_part(
    catalogue: Catalogue,
    lesson: Lesson,
    inside: set[str],
    render_quiz: Callable[[QuizBlock], str],
    body: str | None = None,
) -> str:
    """A lesson as a part of the booklet; `body`: its text with its outputs (a notebook's converted page).
    Its relative links are written from the content root, whichever booklet it goes into (the
    website's, `parcours/<id>/livret.md`, or a pack's, `livret.md`): the same part is then the
    same Markdown in both, converted once (booklet_cache.py), and the booklet hook makes its links
    relative to the booklet (`from_root`)."""
    body = printable_practices(
        replace_quizzes(learner_markdown(lesson.body if body is None else body), lesson, render_quiz), lesson
    )
    return demote_headings(rebase_links(body, lesson, "", catalogue, inside))


def booklet_lessons(catalogue: Catalogue, track: Track) -> list[Lesson]:
    return catalogue.track_lessons(track)
