"""A lesson's part of a track booklet made from its page as converted, instead of converting the
lesson's text a second time: at 1,000 lessons, a thousand conversions of a whole lesson per build,
each as long as the page's own.

A part differs from its page only by what booklet.lesson_part changes: headings one level down,
quizzes and exercises printable instead of interactive, relative links seen from the content root
(lessons of the booklet become anchors), and its frame (title, facts, objectives, sources) instead
of the page's header and footer. So the part is put together from:
- the page's HTML between the body marks (academie_hooks.py marks the lesson's text in the page's
  Markdown), its headings one level down;
- its frame and its printable quizzes and exercises, converted alone: the part's Markdown with
  the lesson's text left out (`frame_markdown`, a few hundred bytes);
- in place of each block the page holds back (HtmlParts placeholders: quizzes first, then
  exercises, each in order), that block's printable HTML;
- the page's links, their addresses rebased as booklet.rebase_links does.

Anything unexpected (a heading the table of contents does not know, a mark missing or doubled, a
heading at level 1 or 6) and `part_from_page` gives None: the part is then converted from its Markdown.
The marks are HTML comments, taken out of every page and part (`unmarked`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import markdown.extensions.toc

from academie.site.booklet_cache import StoredPart
from academie.site.html_parts import HtmlParts
from academie.site.page_cache import StoredPage

BODY_START = "<!-- academie-corps -->"
BODY_END = "<!-- /academie-corps -->"
QUIZ = "quiz"
EXERCISE = "exercice"
_PRINTABLE = re.compile(
    r"<!-- academie-imprimable:(?P<kind>[a-z]+) -->\n\n(?P<text>.*?)\n\n<!-- /academie-imprimable -->", re.S
)
_PRINTABLE_HTML = re.compile(
    r"<!-- academie-imprimable:(?P<kind>[a-z]+) -->\n{0,2}(?P<html>.*?)<!-- /academie-imprimable -->", re.S
)
# Python-Markdown writes a block of raw HTML (a mark) followed by a blank line: both go.
_MARKS = re.compile(r"<!-- /?academie-(?:corps|imprimable(?::[a-z]+)?) -->\n{0,2}")
_HELD = re.compile(r"(?:<p>)?<!--academie-html-[0-9a-f]{16}-(?P<n>[0-9]+)-->(?:</p>)?\n{0,2}")
_LINK = re.compile(r'"academie-lien-(?P<n>[0-9]+)"')
_HEADING = re.compile(r"<(?P<end>/?)h(?P<level>[1-6])(?=[\s>])")


def mark_body(body: str) -> str:
    """A lesson's text between the body marks, as a page's or a part's Markdown holds it."""
    return f"\n\n{BODY_START}\n\n{body}\n\n{BODY_END}\n\n"


def mark_printable(kind: str, text: str) -> str:
    """A printable quiz or exercise of a part, marked for `frame_markdown`."""
    return f"\n<!-- academie-imprimable:{kind} -->\n\n{text}\n\n<!-- /academie-imprimable -->\n"


def unmarked(html: str) -> str:
    """Converted HTML without the marks (nothing a reader sees: comments)."""
    return _MARKS.sub("", html) if "<!-- academie-" in html else html


def hold_printable_quizzes(markdown: str) -> tuple[str, HtmlParts]:
    """A part's or frame's Markdown with each printable quiz held back (html_parts.py): it is written
    as HTML (booklet_quiz.html.j2), which Python-Markdown would only parse again, for a third of a
    frame's conversion. A quiz holding a link or an image stays: its address has to be resolved."""
    parts = HtmlParts(markdown)

    def hold(match: re.Match[str]) -> str:
        html = match["text"].rstrip("\n")
        if match["kind"] != QUIZ or "<a " in html or "<img " in html:
            return match.group(0)
        start = match.start("text") - match.start()
        return match.group(0)[:start] + parts.hold(html) + match.group(0)[start + len(html) :]

    return _PRINTABLE.sub(hold, markdown), parts


def frame_markdown(part: str) -> str | None:
    """The part's Markdown with the lesson's text left out but its printable quizzes and exercises,
    in order, still between the body marks; None if the part has no marked body."""
    start, end = part.find(BODY_START), part.find(BODY_END)
    if start < 0 or end < start or part.count(BODY_START) != 1 or part.count(BODY_END) != 1:
        return None
    printables = [m.group(0) for m in _PRINTABLE.finditer(part, start, end)]
    return part[: start + len(BODY_START)] + "\n\n" + "\n\n".join(printables) + "\n\n" + part[end:]


def part_from_page(frame: StoredPart, page: StoredPage, rebase: Callable[[str], str]) -> StoredPart | None:
    """The part, from its frame as converted (`frame_markdown`) and its lesson's page as converted;
    `rebase`: a page's link address as the part writes it. None if they do not fit together."""
    body, frame_body = _marked_body(page.html), _marked_body(frame.html)
    # A heading at level 1 or 6 in a lesson's text: booklet.demote_headings may not have moved it
    # (an indented line read as a heading, an h6 it cannot lower): converted as before.
    if body is None or frame_body is None or "<h1" in body or "<h6" in body:
        return None
    tokens, frame_tokens = _flat(page.toc), _flat(frame.toc)
    if len(frame_tokens) != 1 or sum(1 for m in _HEADING.finditer(body) if not m.group("end")) != len(tokens):
        return None
    printables = [(m.group("kind"), m.group("html")) for m in _PRINTABLE_HTML.finditer(frame_body)]
    held = [html for kind, html in printables if kind == QUIZ] + [html for kind, html in printables if kind == EXERCISE]
    numbers = sorted(int(m.group("n")) for m in _HELD.finditer(body))
    if len(held) != len(printables) or numbers != list(range(len(held))):
        return None
    urls = list(frame.urls)

    def renumber(match: re.Match[str]) -> str:
        urls.append(rebase(page.urls[int(match.group("n"))]))
        return f'"academie-lien-{len(urls) - 1}"'

    body = _LINK.sub(renumber, body)
    body = _HEADING.sub(lambda m: f"<{m.group('end')}h{int(m.group('level')) + 1}", body)
    body = _HELD.sub(lambda m: held[int(m.group("n"))], body)
    before, _, rest = frame.html.partition(BODY_START)
    _, _, after = rest.partition(BODY_END)
    html = unmarked(before + body + _after_mark(after))
    demoted = [{**token, "level": token["level"] + 1} for token in tokens]
    nested = cast(list[dict[str, Any]], markdown.extensions.toc.nest_toc_tokens(cast(Any, frame_tokens + demoted)))
    return StoredPart(html, nested, urls)


def _marked_body(html: str) -> str | None:
    """What the body marks hold in converted HTML (each mark with the line break after it)."""
    if html.count(BODY_START) != 1 or html.count(BODY_END) != 1:
        return None
    _, _, rest = html.partition(BODY_START)
    body, found, _ = rest.partition(BODY_END)
    return _after_mark(body) if found else None


def _after_mark(html: str) -> str:
    """Without the blank line Python-Markdown writes after a raw HTML block (a mark)."""
    return html[2:] if html.startswith("\n\n") else html.removeprefix("\n")


def _flat(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for token in tokens:
        out.append({**token, "children": []})
        out += _flat(token.get("children", []))
    return out
