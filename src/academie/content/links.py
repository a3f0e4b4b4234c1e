"""Links, anchors and images of the lessons, checked before anything is built.

The site engine (MkDocs, `validation:` in mkdocs.yml, built with --strict) rejects a relative
link or image whose file is not among the site's files, a link to a folder, an absolute link
(/…) and an anchor (#…) that no heading or id of the target page carries. This module finds
the same, in one pass over every lesson and site page, at the author's lines, in French.

Headings get their anchors as the `toc` extension makes them (Python-Markdown's own slugify);
pages the site generates (syllabi, catalogue…) are named in GENERATED below, since content/
does not know the site's code: tests/test_authors_material.py keeps that list true.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify, unique

from academie.content.catalogue import Catalogue, Lesson
from academie.content.divs import convert
from academie.content.notebook_source import markdown_cells
from academie.content.problems import Problem
from academie.content.safety import _mask_fenced_code

# Pages every website build adds to content/, and those of each track ({track}).
GENERATED = ("parcours/index.md", "catalogue.md", "progression.md", "telechargements/index.md", "ambassadeurs/index.md")
TRACK_GENERATED = (
    "parcours/{track}/index.md",
    "parcours/{track}/livret.md",
    "parcours/{track}/questions-{track}.gift",
    "ambassadeurs/{track}/fiche.md",
    "ambassadeurs/{track}/atelier-1h.md",
    "ambassadeurs/{track}/atelier-2h.md",
)
ASSESSMENT = "parcours/{track}/evaluation.md"  # only for a track whose lessons have quiz questions
ORIENTATION = "par-ou-commencer.md"  # only with an orientation.yml
SECTORS_INDEX = "secteurs/index.md"  # only with sector paths (tracks/secteurs/)
SECTOR_GENERATED = ("secteurs/{sector}/index.md", "ambassadeurs/secteurs/{sector}/fiche.md")


def generated_sources(catalogue: Catalogue) -> set[str]:
    """The pages and files the site adds to content/ for this catalogue (lesson pages of notebooks included)."""
    sources = set(GENERATED) | {lesson.source for lesson in catalogue.lessons.values()}
    for track in catalogue.tracks:
        sources |= {pattern.format(track=track.id) for pattern in TRACK_GENERATED}
        if any(lesson.questions for lesson in catalogue.track_lessons(track)):
            sources.add(ASSESSMENT.format(track=track.id))
    if catalogue.orientation is not None:
        sources.add(ORIENTATION)
    if catalogue.sector_paths:
        sources.add(SECTORS_INDEX)
    for path in catalogue.sector_paths:
        sources |= {pattern.format(sector=path.id) for pattern in SECTOR_GENERATED}
    for lesson in catalogue.lessons.values():
        if lesson.notebook:
            sources.add(posixpath.splitext(lesson.notebook)[0] + ".zip")
    return sources


@dataclass
class Document:
    """A page written by an author: a lesson (its text as learners see it) or a site page."""

    source: str  # inside content/, e.g. "bases/x.md" (a notebook's page: "carnets/x.md")
    shown: str  # as shown to authors: "content/bases/x.md" (or the .ipynb)
    lines: list[str]  # one per file line from `first_line` on
    first_line: int | None  # None for a notebook: its lines are not the file's
    cells: list[int] | None = None  # a notebook's: the cell of each line from its body's first
    _anchors: set[str] | None = field(default=None, repr=False)

    def line(self, index: int) -> int | None:
        return None if self.first_line is None else self.first_line + index

    @property
    def anchors(self) -> set[str]:
        if self._anchors is None:
            self._anchors = page_anchors("\n".join(self.lines))
        return self._anchors


@dataclass(frozen=True)
class Target:
    index: int  # line index in the document
    url: str
    image: bool


_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK = re.compile(
    r"(?P<bang>!?)\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*(?:<(?P<angle>[^>\n]*)>|(?P<url>[^\s)]+))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<url>[^\s>]+)>?", re.M)
_HTML_SRC = re.compile(r"""<(?:img|source|video|audio|a)\b[^>]*?\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# Python-Markdown needs no space after the hashes (« #motclé » is a heading for it too).
_ATX = re.compile(r"^[ \t]*(?P<marks>#{1,6})(?P<text>.*?)#*[ \t]*$")
_SETEXT = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
_ATTR_ID = re.compile(r"\{:?[^}\n]*?(?<![\w-])#(?P<id>[\w-]+)[^}\n]*\}")
_TRAILING_ATTRS = re.compile(r"[ \t]*\{:?[^}\n]*\}[ \t]*$")
_HTML_ID = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _masked(text: str) -> str:
    """Code (fenced blocks, inline spans) and comments blanked, lines kept."""
    text = _mask_fenced_code(text)
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return _INLINE_CODE.sub(lambda m: " " * len(m.group()), text)


def targets(text: str, *, html_too: bool = False) -> Iterator[Target]:
    """Markdown links and images (and reference definitions) of a text, with their line index."""
    for index, line in enumerate(_masked(text).split("\n")):
        if "[" not in line and "<" not in line:  # no link, reference nor HTML tag can start here
            continue
        for match in _LINK.finditer(line):
            yield Target(index, (match.group("angle") or match.group("url") or "").strip(), bool(match.group("bang")))
        for match in _REFERENCE.finditer(line):
            yield Target(index, match.group("url"), False)
        if html_too:
            for match in _HTML_SRC.finditer(line):
                yield Target(index, html.unescape(match.group(1) or match.group(2) or ""), True)


def _heading_text(text: str) -> str:
    text = _TRAILING_ATTRS.sub("", text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"`+([^`]*)`+", r"\1", text)
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    text = re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", "", text)
    return html.unescape(text).strip()


def page_anchors(text: str) -> set[str]:
    """The ids of a page's headings (as the toc extension makes them) and of its elements."""
    masked = _masked(text)
    lines = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), _mask_fenced_code(text)).split("\n")
    ids: set[str] = set()
    anchors: set[str] = set()
    for index, line in enumerate(lines):
        heading = None
        if match := _ATX.match(line):
            heading = match.group("text").strip()
        elif (
            index
            and _SETEXT.match(line)
            and lines[index - 1].strip()
            and not lines[index - 1].lstrip().startswith(("-", "*", "|", ">", "!!!", "???"))
        ):
            heading = lines[index - 1]
        if heading is not None:
            explicit = _ATTR_ID.search(heading)
            slug = explicit.group("id") if explicit else unique(slugify(_heading_text(heading), "-"), ids)
            ids.add(slug)
            anchors.add(slug)
    anchors |= {m.group("id") for m in _ATTR_ID.finditer(masked)}
    anchors |= {m.group(1) or m.group(2) for m in _HTML_ID.finditer(masked)}
    return anchors


def site_files(content: Path) -> set[str]:
    """The files of content/ that the site publishes (MkDocs leaves out dot-files and folders)."""
    found = set()
    for path in content.rglob("*"):
        relative = path.relative_to(content)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.add(relative.as_posix())
    return found


def referenced_files(document: Document) -> set[str]:
    """The files of content/ a page's links and images lead to (a pack must hold them)."""
    found = set()
    for target in targets("\n".join(document.lines), html_too=True):
        parts = urlsplit(target.url)
        if parts.scheme or parts.netloc or not parts.path or target.url.startswith(("/", "\\")):
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(document.source), unquote(parts.path)))
        if not resolved.startswith("../"):
            found.add(resolved)
    return found


def lesson_document(lesson: Lesson) -> Document:
    """A lesson as its learners read it (boxes converted, instructor notes left out), line for line."""
    lines = [line.lstrip("\n") for line in convert(lesson.body, lesson.front.body_line).lines]
    return Document(lesson.source, lesson.display_path, lines, None if lesson.notebook else lesson.front.body_line)


def lesson_references(lesson: Lesson) -> frozenset[str]:
    """The files of content/ a lesson's page shows or links to. Found once per lesson: a build asks
    for them when it checks the links, keys the packs and the incremental state, and keeps a pack's
    files (bench/catalogue.py, 1,000 lessons: state and pack keys in 0.43 s when each looked again)."""
    if lesson.references is None:
        lesson.references = frozenset(referenced_files(lesson_document(lesson)))
    return lesson.references


def check_links(catalogue: Catalogue, root: Path, content: Path, site_pages: list[Path]) -> list[Problem]:
    """The links, anchors and images of every lesson and site page that the build would reject."""
    documents = [lesson_document(lesson) for lesson in catalogue.lessons.values()]
    for document, lesson in zip(documents, catalogue.lessons.values(), strict=True):
        if lesson.references is None:  # the document is at hand: lesson_references need not make it again
            lesson.references = frozenset(referenced_files(document))
        if lesson.notebook:
            try:
                numbers = markdown_cells((content / lesson.notebook).read_text(encoding="utf-8-sig"))
            except (OSError, ValueError, AttributeError):
                continue
            document.cells = numbers[lesson.front.body_line - 1 :]
    for path in site_pages:
        try:
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            continue  # not a lesson: the build reports it
        first = 1
        if text.startswith("---\n") and (end := text.find("\n---\n", 3)) != -1:
            first = text.count("\n", 0, end + 5) + 1
            text = text[end + 5 :]
        source = path.relative_to(content).as_posix()
        documents.append(Document(source, path.relative_to(root).as_posix(), text.split("\n"), first))
    return link_problems(documents, site_files(content), generated_sources(catalogue))


def link_problems(documents: Iterable[Document], files: set[str], generated: set[str]) -> list[Problem]:
    """Every link, image and anchor of these pages that the site build would reject."""
    documents = list(documents)
    by_source = {document.source: document for document in documents}
    known = files | generated
    problems = []
    for document in documents:
        for target in targets("\n".join(document.lines)):
            found = _target_problem(document, target, known, generated, by_source)
            if found is not None:
                message, fix = found
                if document.cells is not None and target.index < len(document.cells):
                    message = f"cellule {document.cells[target.index]} : {message}"
                problems.append(Problem(document.shown, document.line(target.index), message, fix))
    return problems


def _suggest(name: str, known: set[str], source: str) -> str:
    """« ; fichier du même nom : ../x/y.md » when one file of the site bears that name."""
    matches = sorted(k for k in known if posixpath.basename(k) == name)
    if len(matches) != 1:
        return ""
    return f" ; un fichier de ce nom existe : {posixpath.relpath(matches[0], posixpath.dirname(source) or '.')}"


def _target_problem(
    document: Document, target: Target, known: set[str], generated: set[str], by_source: dict[str, Document]
) -> tuple[str, str] | None:
    url = target.url
    parts = urlsplit(url)
    what = "l’image" if target.image else "le lien"
    if parts.scheme or parts.netloc or url.startswith("mailto:"):
        return None
    if url.startswith(("/", "\\")):
        return (
            f"{what} « {url} » est absolu : le site ne le résout pas, et il casse dans les paquets hors ligne",
            "écrivez un chemin relatif depuis le dossier de la leçon, par exemple ../dossier/page.md",
        )
    anchor = parts.fragment
    if not parts.path:
        if anchor and anchor not in document.anchors:
            return _anchor_problem(url, document)
        return None
    path = unquote(parts.path)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(document.source), path))
    if resolved == ".." or resolved.startswith("../"):
        return None  # reported by the safety check (it leaves content/)
    if resolved in known:
        page = by_source.get(resolved)
        if anchor and page is not None and anchor not in page.anchors:
            return _anchor_problem(url, page)
        return None
    folder = path.endswith("/") or not posixpath.splitext(path)[1]
    if folder:
        index = posixpath.join(resolved, "index.md")
        fix = (
            f"visez la page elle-même : {posixpath.join(path.rstrip('/'), 'index.md')}"
            if index in known
            else "visez un fichier .md (le site ne lie pas de dossier)"
        )
        return f"{what} « {url} » vise un dossier, pas une page", fix
    if path.endswith(".html") and resolved[: -len(".html")] + ".md" in known:
        return (f"{what} « {url} » vise une page .html", f"visez le fichier source : {path[: -len('.html')]}.md")
    name = posixpath.basename(resolved)
    shown = "content/" + resolved
    if target.image:
        return (
            f"image introuvable « {url} » ({shown} n’existe pas)",
            "ajoutez le fichier ou corrigez le chemin (relatif au dossier de la leçon)"
            + _suggest(name, known, document.source),
        )
    return (
        f"lien cassé « {url} » ({shown} n’existe pas)",
        "corrigez le chemin (relatif au dossier de la leçon) ou créez la page" + _suggest(name, known, document.source),
    )


def _anchor_problem(url: str, page: Document) -> tuple[str, str]:
    listed = ", ".join(f"#{a}" for a in sorted(page.anchors)[:8])
    return (
        f"ancre introuvable « {url} » : aucun titre de {page.shown} ne la porte",
        "écrivez l’ancre d’un titre de la page, en minuscules, sans accents ni ponctuation, mots reliés par des tirets "
        "(« ## Mon titre » → #mon-titre)" + (f" ; ancres de la page : {listed}" if listed else ""),
    )
