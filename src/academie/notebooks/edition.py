"""The Jupyter Book edition of the notebook lessons, built into the site under /edition-carnets/ (the notebook lessons stay under /carnets/<id>/).

academie writes a Jupyter Book project from the same sources as the site: the tracks give the
table of contents (one part per track, each notebook under the first track that holds it),
each notebook comes with the safe outputs of its last run (from the notebook cache: the book
never executes anything), its front matter becomes a title block, its quiz blocks become
questions with the answers in a closed box, and its links to other lessons point to the site.

Jupyter Book 1.0.4 (Sphinx 7) is pinned: it builds with no internet access. Jupyter Book 2
fetches its theme from the internet at build time and fails offline. The build runs with
its proxies pointed at a closed local port, so that anything trying to go online fails
instead of silently working here and failing elsewhere. The HTML is cached by a hash of the
generated project, like the notebooks, so an unchanged edition is copied, not rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from academie.content.catalogue import Catalogue, Lesson, format_duration
from academie.content.notebook_source import cell_source
from academie.content.quiz import find_blocks
from academie.notebooks import edition_offline as book_offline
from academie.notebooks import edition_policy
from academie.notebooks import edition_sidebar as book_sidebar
from academie.notebooks.build import NotebookBuilder
from academie.notebooks.files import (
    CACHE_DIR,
    Notebook,
    NotebookFailure,
    environment_digest,
    figure_description,
    notebooks_of,
)
from academie.notebooks.page import EDITION_DIR
from academie.site.hard_links import hard_link_copy
from academie.site.pages import render

JUPYTER_BOOK_VERSION = "1.0.4"
TITLE = "Académie de l’IA — carnets pratiques"
BOOK_NICENESS = 10  # see run_jupyter_book
CLOSED_PORT = "http://127.0.0.1:9"  # the discard port: nothing listens, every connection is refused
TEMPLATES_DIR = "_templates"  # the book's own versions of some theme templates
FILES_DIR = "fichiers"  # images and files the notebooks' text links to, copied into the book
LEFT_OUT = (".buildinfo", ".map")  # build leftovers and source maps: of no use to a reader
# The themes copy their Jinja macro files (webpack-macros.html…) into _static: templates, not pages.
LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)\)")
REMOTE_LOAD = re.compile(
    r"<(?:script|img|iframe|link|source|video|audio)\b[^>]*\b(?:src|href)=[\"'](?:https?:)?//", re.I
)


@dataclass(frozen=True)
class Part:
    title: str
    lessons: list[Lesson]


def book_parts(catalogue: Catalogue) -> list[Part]:
    """One part per track that holds notebooks, in the site's track order; a notebook appears
    once, under the first track that holds it; notebooks in no track come last."""
    placed: set[str] = set()
    parts: list[Part] = []
    for track in catalogue.tracks:
        lessons = [lesson for lesson in catalogue.track_lessons(track) if lesson.notebook and lesson.id not in placed]
        if lessons:
            parts.append(Part(track.title, lessons))
            placed.update(lesson.id for lesson in lessons)
    others = sorted(
        (lesson for lesson in catalogue.lessons.values() if lesson.notebook and lesson.id not in placed),
        key=lambda lesson: lesson.id,
    )
    if others:
        parts.append(Part("Autres carnets", others))
    return parts


def site_link(source: str) -> str:
    """The address of a site page (a Markdown source inside content/) from a page of the edition."""
    stem = source.removesuffix(".md")
    path = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
    return posixpath.relpath(path or ".", EDITION_DIR) + "/"


def _markdown_cell(cell_id: str, text: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text.strip() + "\n"}


class BookWriter:
    """Writes the Jupyter Book project of a catalogue's notebooks into a folder."""

    def __init__(self, root: Path, catalogue: Catalogue, folder: Path):
        self.root, self.catalogue, self.folder = root.resolve(), catalogue, folder
        self.builder = NotebookBuilder(self.root)
        self.content = self.root / "content"

    def write(self) -> None:
        parts = book_parts(self.catalogue)
        notebooks = {lesson.id: notebook for lesson, notebook in notebooks_of(self.root, self.catalogue)}
        self.folder.mkdir(parents=True, exist_ok=True)
        for part in parts:
            for lesson in part.lessons:
                self._write_notebook(lesson, notebooks[lesson.id])
        index = render(
            "book_index.md.j2",
            site_link=site_link("index.md"),
            parts=[
                {
                    "title": part.title,
                    "notebooks": [
                        {
                            "title": lesson.title,
                            "file": f"{lesson.id}.ipynb",
                            "description": lesson.meta.description,
                            "duration": format_duration(lesson.duration),
                        }
                        for lesson in part.lessons
                    ],
                }
                for part in parts
            ],
        )
        (self.folder / "index.md").write_text(index, encoding="utf-8")
        toc = {
            "format": "jb-book",
            "root": "index",
            "parts": [
                {"caption": part.title, "chapters": [{"file": lesson.id} for lesson in part.lessons]} for part in parts
            ],
        }
        (self.folder / "_toc.yml").write_text(
            yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        # The theme's light/dark switch is left out, as on the site: only the light theme is
        # checked for contrast (axe-core), and the edition follows the site's look.
        templates = self.folder / TEMPLATES_DIR
        templates.mkdir(exist_ok=True)
        (templates / "theme-switcher.html").write_text(
            "{# Pas de bascule clair/sombre : voir jupyterbook.py #}\n", encoding="utf-8"
        )
        (self.folder / "_config.yml").write_text(
            yaml.safe_dump(book_config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )

    def _write_notebook(self, lesson: Lesson, notebook: Notebook) -> None:
        import nbformat

        nb = self.builder.safe_executed(notebook)
        lesson_link = site_link(lesson.source)
        cells = [_markdown_cell("en-tete", render("book_header.md.j2", meta=lesson.meta, lesson_link=lesson_link))]
        quizzes = iter(lesson.quizzes)
        for cell in nb.cells[1:]:
            if cell.cell_type == "markdown":
                text = self._quizzes_as_text(cell_source(cell), quizzes, lesson_link)
                cell.source = self._links(text, notebook)
            elif cell.cell_type == "code":
                description = figure_description(cell)
                if description:
                    cell.metadata["mystnb"] = {"image": {"alt": description}}
            cells.append(cell)
        if lesson.meta.sources:
            cells.append(_markdown_cell("sources", render("book_sources.md.j2", meta=lesson.meta)))
        nb.cells = [nbformat.from_dict(cell) for cell in cells]
        nbformat.write(nb, self.folder / f"{lesson.id}.ipynb")

    @staticmethod
    def _quizzes_as_text(text: str, quizzes: Any, lesson_link: str) -> str:
        blocks = find_blocks(text, 1)
        if not blocks:
            return text
        lines, out, cursor = text.split("\n"), [], 0
        for raw in blocks:
            out.extend(lines[cursor : raw.start])
            out.append(render("book_quiz.md.j2", block=next(quizzes), lesson_link=lesson_link))
            cursor = raw.end + 1
        out.extend(lines[cursor:])
        return "\n".join(out)

    def _links(self, text: str, notebook: Notebook) -> str:
        """Links to lessons go to the site; images and files linked from the text are copied into the book."""

        def swap(match: re.Match[str]) -> str:
            target = match.group("target")
            path, _, anchor = target.partition("#")
            if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith("/"):
                return match.group(0)
            source = posixpath.normpath(posixpath.join(notebook.folder, path))
            if source.endswith(".md") and not match.group("bang"):
                href = site_link(source) + (f"#{anchor}" if anchor else "")
                return f'<a href="{href}">{match.group("text")}</a>'
            if (self.content / source).is_file():
                copy = self.folder / FILES_DIR / source
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.content / source, copy)
                return f"{match.group('bang')}[{match.group('text')}]({FILES_DIR}/{source})"
            return match.group(0)

        return LINK.sub(swap, text)


def book_config() -> dict[str, Any]:
    return {
        "title": TITLE,
        "author": "Académie de l’IA",
        "copyright": "Contenu libre de l’Académie de l’IA — plan « Osez l’IA »".replace("« ", "«\u00a0").replace(
            " »", "\u00a0»"
        ),
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},  # outputs come from the site's notebook cache
        # No dollarmath: « 12 $ » is not maths here, and MathJax would be fetched from a CDN.
        "parse": {"myst_enable_extensions": ["colon_fence", "deflist", "html_image"]},
        "sphinx": {
            "extra_extensions": [book_offline.__name__, book_sidebar.__name__],
            "config": {
                "language": "fr",
                "html_show_sourcelink": False,
                "html_last_updated_fmt": "",
                "nb_merge_streams": True,
                "html_context": {"default_mode": "light"},
                "templates_path": [TEMPLATES_DIR],
            },
        },
        "html": {
            "use_repository_button": False,
            "use_issues_button": False,
            "use_edit_page_button": False,
            "use_multitoc_numbering": False,
            "home_page_in_navbar": True,
            "extra_footer": "<p>Édition Jupyter Book des carnets de l’Académie de l’IA. "
            '<a href="../">Retour au site de l’Académie</a></p>',
        },
        # No launch service: nothing sends the learner (or their data) to a third-party server.
        "launch_buttons": {
            "notebook_interface": "classic",
            "binderhub_url": "",
            "jupyterhub_url": "",
            "colab_url": "",
            "deepnote_url": "",
            "thebe": False,
        },
        "repository": {"url": ""},
    }


def _project_digest(folder: Path) -> str:
    hashes = sorted(
        (p.relative_to(folder).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in folder.rglob("*")
        if p.is_file()
    )
    # This module, the Sphinx extensions and the policy step shape the HTML too: a change rebuilds the book.
    shaping = (
        __file__,
        book_offline.__file__,
        book_sidebar.__file__,
        edition_policy.__file__,
        edition_policy.ASSETS / edition_policy.BUTTON_SCRIPT,
    )
    code = [hashlib.sha256(Path(module).read_bytes()).hexdigest() for module in shaping]
    text = json.dumps([JUPYTER_BOOK_VERSION, environment_digest(), code, hashes])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def remote_loads(html: Path) -> list[str]:
    """Pages of the built edition that would load something from another origin."""
    return sorted(
        f"{page.relative_to(html).as_posix()}: {match.group(0)}"
        for page in html.rglob("*.html")
        for match in REMOTE_LOAD.finditer(page.read_text(encoding="utf-8", errors="replace"))
    )


def run_jupyter_book(project: Path, output: Path) -> subprocess.CompletedProcess[str]:
    book = str(Path(sys.executable).with_name("jupyter-book"))
    command = [book, "build", str(project), "--path-output", str(output), "--warningiserror", "--keep-going", "--quiet"]
    offline = {
        name: CLOSED_PORT
        for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy")
    }
    env = {**os.environ, **offline, "no_proxy": "", "NO_PROXY": "", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=project
    ) as process:
        # Built meanwhile, it yields to the website's build, the longest of `academie build`.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, BOOK_NICENESS)
        stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@dataclass(frozen=True)
class Edition:
    """The book's HTML, built or taken from the cache, ready to be copied into a site."""

    html: Path | None  # None: no notebook lesson, no book
    how: str  # « construite » or « reprise du cache »
    seconds: float


def make_edition(root: Path, catalogue: Catalogue, stream: TextIO | None = None) -> Edition | None:
    """Write the book and build it, or take it from the cache. It needs the notebooks' outputs,
    not the site: `academie build` starts it with the site's build, on its own thread (its work is
    done by the jupyter-book process), and publishes it once the site is built. Print what went
    wrong and return None on failure."""
    stream = stream or sys.stderr
    started = time.monotonic()
    if not any(lesson.notebook for lesson in catalogue.lessons.values()):
        return Edition(None, "", 0.0)
    cache = root.resolve() / CACHE_DIR / "edition"
    with tempfile.TemporaryDirectory(prefix="academie-livre-") as scratch:
        project = Path(scratch) / "livre"
        try:
            BookWriter(root, catalogue, project).write()
        except NotebookFailure as failure:
            print(failure, file=stream)
            return None
        key = _project_digest(project)
        html = cache / key
        if html.is_dir():
            how = "reprise du cache"
        else:
            result = run_jupyter_book(project, Path(scratch) / "sortie")
            built = Path(scratch) / "sortie" / "_build" / "html"
            if result.returncode != 0 or not (built / "index.html").is_file():
                print(result.stdout[-4000:] + result.stderr[-4000:], file=stream)
                print(
                    f"L’édition Jupyter Book n’a pas pu être construite (jupyter-book {JUPYTER_BOOK_VERSION}) "
                    "— corrigez l’avertissement ci-dessus dans le carnet concerné",
                    file=stream,
                )
                return None
            leftovers = [p for p in built.rglob("*") if p.is_file() and p.name.endswith(LEFT_OUT)]
            for leftover in leftovers + list((built / "_static").glob("*.html")):
                leftover.unlink()
            try:
                edition_policy.secure_edition(built)
            except edition_policy.EditionPolicyError as problem:
                print(problem, file=stream)
                return None
            remote = remote_loads(built)
            if remote:
                print(
                    "L’édition Jupyter Book chargerait des ressources d’un autre site :\n" + "\n".join(remote),
                    file=stream,
                )
                return None
            cache.mkdir(parents=True, exist_ok=True)
            temporary = Path(tempfile.mkdtemp(dir=cache, prefix=".en-cours-"))
            # Moved, not copied, when the scratch folder is on the same file system: no file written twice.
            shutil.move(built, temporary / "html")
            (temporary / "html").rename(html)
            temporary.rmdir()
            how = "construite"
        for old in cache.iterdir():
            if old.name != key and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
    return Edition(html, how, time.monotonic() - started)


def publish_edition(edition: Edition, site: Path, stream: TextIO | None = None) -> bool:
    """Copy the book into `site`/edition-carnets/, unless it would overwrite one of the site's files
    (then print which and return False: the site folder is left as it was)."""
    stream = stream or sys.stderr
    html = edition.html
    if html is None:
        return True
    target = site / EDITION_DIR
    clashes = [
        p.relative_to(html).as_posix()
        for p in html.rglob("*")
        if p.is_file() and (target / p.relative_to(html)).exists()
    ]
    if clashes:
        print(
            f"{EDITION_DIR}/ : l’édition Jupyter Book écraserait des fichiers du site ({', '.join(clashes[:5])}) "
            "— renommez ces fichiers de content/carnets/",
            file=stream,
        )
        return False
    hard_link_copy(html, target)  # nothing writes into a site's file: see site/hard_links.py
    seconds = f"{edition.seconds:.1f}".replace(".", ",")
    print(f"Édition Jupyter Book {edition.how} : {EDITION_DIR}/ ({seconds} s)", file=stream)
    return True
