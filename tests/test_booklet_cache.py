"""A track's booklet converts only the lessons that changed: each lesson's part is kept as HTML in
.cache/livrets/, a second build takes every part from there, an edited lesson's part alone is
converted again, and the booklet is the same as a booklet converted from scratch. Heading ids stay
unique on the page, and a broken link or anchor in a lesson still fails the --strict build. A part
the website's booklet and a pack's have in common is converted once, its links resolved for each."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from practice_blocks import REPERER
from projects import ROOT, lesson_text, make_project, track_text

from academie.content import load_catalogue
from academie.site import hold_printable_quizzes, render
from academie.site.booklet_parts import mark_printable

BOOKLET = "parcours/alpha/livret.md"
SCHEMA = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'


def body(lesson: str, extra: str = "") -> str:
    # The same headings in every lesson: converted apart, they must not give the page twice the same id.
    return (
        f"## Texte\n\nContenu de la leçon {lesson}. Voir [la suite](#a-retenir).\n\n{extra}\n\n"
        f"## À retenir\n\nL’essentiel de la leçon {lesson}.\n"
    )


def build(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def built(root: Path, **env: str) -> str:
    result = build(root, **env)
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stderr


def made(log: str, booklet: str = BOOKLET) -> tuple[int, int, int]:
    """(parts made from their lesson's page, parts converted, parts taken from the cache) for the
    booklet, from the build's log line."""
    found = re.search(
        rf"{booklet} : (\d+) partie\(s\) tirée\(s\) des pages, (\d+) convertie\(s\), (\d+) reprise\(s\) du cache", log
    )
    assert found, log
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


def counts(log: str, booklet: str = BOOKLET) -> tuple[int, int]:
    """(parts made again, from their page or converted; parts taken from the cache)."""
    derived, converted, reused = made(log, booklet)
    return derived + converted, reused


def booklet_html(root: Path) -> str:
    return (root / "site" / "parcours" / "alpha" / "livret" / "index.html").read_text(encoding="utf-8")


def cache_file(root: Path) -> Path:
    return root / ".cache" / "livrets" / "site" / "parcours_alpha_livret.json"


def written(path: Path) -> tuple[int, int]:
    """A file's inode and modification time: a rewritten file changes them."""
    return path.stat().st_ino, path.stat().st_mtime_ns


def cached_parts(root: Path) -> set[str]:
    """The keys of the parts in the booklet's cache."""
    return set(json.loads(cache_file(root).read_text(encoding="utf-8")))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and (found.get("href") or "").startswith("#"):
            self.links.append(str(found["href"])[1:])


def parsed(html: str) -> Ids:
    ids = Ids()
    ids.feed(html)
    return ids


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A track of three lessons; the first links to the second (an anchor in the booklet) and to a
    heading of the track's syllabus (a generated page, whose anchors MkDocs alone validates); the
    second shows an image."""
    root = make_project(
        tmp_path / "projet",
        {
            "alpha/a.md": lesson_text(
                "a",
                body=body(
                    "a",
                    "Lire [la leçon b](b.md) et [le programme](../parcours/alpha/index.md#module-1-premier-module).",
                ),
            ),
            "alpha/b.md": lesson_text("b", body=body("b", "![Schéma du module](img/schema.svg)")),
            "alpha/img/schema.svg": SCHEMA,
            "alpha/c.md": lesson_text("c", body=body("c")),
        },
        {"alpha.yml": track_text("alpha", [("Premier module", ["a", "b"]), ("Second module", ["c"])])},
    )
    return root


def test_a_second_build_converts_no_part_and_gives_the_same_booklet(project: Path) -> None:
    assert made(built(project)) == (3, 0, 0)  # each part made from its lesson's page, none converted
    first, entries, stamp = booklet_html(project), cached_parts(project), written(cache_file(project))
    assert len(entries) == 3

    assert counts(built(project)) == (0, 3)
    assert written(cache_file(project)) == stamp  # nothing written again
    assert cached_parts(project) == entries
    assert booklet_html(project) == first

    # The same booklet as one converted from scratch.
    shutil.rmtree(project / ".cache" / "livrets")
    assert counts(built(project)) == (3, 0)
    assert booklet_html(project) == first


def test_editing_one_lesson_converts_its_part_alone(project: Path) -> None:
    built(project)
    before = cached_parts(project)
    edit(project / "content" / "alpha" / "b.md", "L’essentiel de la leçon b.", "Une phrase toute neuve.")

    assert counts(built(project)) == (1, 2)
    html = booklet_html(project)
    assert "Une phrase toute neuve." in html and "L’essentiel de la leçon b." not in html
    after = cached_parts(project)
    assert len(after) == 3 and len(after & before) == 2  # a and c kept, the old part of b gone


def test_heading_ids_are_unique_and_the_booklet_links_reach_them(project: Path) -> None:
    built(project)
    built(project)  # every part from the cache
    html = booklet_html(project)
    found = parsed(html)
    twice = [anchor for anchor, count in Counter(found.ids).items() if count > 1]
    assert not twice, f"ids en double dans le livret : {twice}"
    # Each lesson's « À retenir » is its own; the link of lesson a goes to a's, the link to lesson b to its part.
    assert {"lecon-a--a-retenir", "lecon-b--a-retenir", "lecon-c--a-retenir"} <= set(found.ids)
    assert "lecon-a--a-retenir" in found.links and "lecon-b" in found.links
    assert all(anchor in found.ids for anchor in found.links), set(found.links) - set(found.ids)
    # The page's table of contents (side bar) keeps the lessons' titles and their sections.
    toc = html.split('data-md-component="toc"')[1].split('class="md-content"')[0]
    for lesson in ("a", "b", "c"):
        assert f'href="#lecon-{lesson}"' in toc and f"Leçon {lesson}" in toc
        assert f'href="#lecon-{lesson}--a-retenir"' in toc


def test_a_broken_link_or_anchor_still_fails_the_build(project: Path) -> None:
    built(project)
    lesson = project / "content" / "alpha" / "c.md"
    edit(lesson, "Contenu de la leçon c.", "Contenu de la leçon c, voir [la page perdue](perdue.md).")
    result = build(project)
    assert result.returncode != 0
    assert "content/alpha/c.md:18: lien cassé « perdue.md »" in result.stderr

    # Lesson a's part comes from the cache, and its link to a heading of the syllabus is still checked.
    edit(lesson, ", voir [la page perdue](perdue.md)", "")
    built(project)
    edit(project / "tracks" / "alpha.yml", "Premier module", "Module de départ")
    result = build(project)
    assert result.returncode != 0
    assert counts(result.stderr) == (0, 3)
    assert (
        f"Doc file '{BOOKLET}' contains a link 'index.md#module-1-premier-module', "
        "but the doc 'parcours/alpha/index.md' does not contain an anchor '#module-1-premier-module'"
    ) in result.stderr


def test_a_part_is_converted_once_for_the_website_and_the_pack(project: Path) -> None:
    built(project)
    stamp = written(cache_file(project))
    pack = {"ACADEMIE_PACK": "alpha", "ACADEMIE_OFFLINE": "true"}
    # Every part is the same Markdown in the pack's booklet (livret.html, .html links): taken from
    # the website's cache, lesson a's too, whose link to the track's syllabus (the website's
    # parcours/alpha/index.md) leads to the pack's own syllabus, its home page.
    assert counts(built(project, **pack), "livret.md") == (0, 3)
    pack_booklet = (project / "site" / "livret.html").read_text(encoding="utf-8")
    assert "Contenu de la leçon b." in pack_booklet
    assert 'href="index.html#module-1-premier-module"' in pack_booklet
    # One part, its links resolved for each booklet: the image of lesson b seen from livret.html…
    assert 'src="alpha/img/schema.svg"' in pack_booklet
    assert 'href="#lecon-b"' in pack_booklet
    # … and from the website's parcours/alpha/livret/, whose cache the pack did not touch.
    assert written(cache_file(project)) == stamp
    assert counts(built(project)) == (0, 3)
    assert 'src="../../../alpha/img/schema.svg"' in booklet_html(project)


QUIZ = """```quiz
- question: "Que vérifie-t-on avant d’envoyer un *devis* <b>R&D</b> ?"
  type: "single"
  choices: ["Les chiffres", "Rien"]
  answer: "Les chiffres"
  explanation: "Un assistant peut se tromper."
```"""


def test_a_part_made_from_its_page_prints_quizzes_and_exercises_in_place(tmp_path: Path) -> None:
    text = (
        "## Texte\n\nAvant le quiz, voir [la leçon e](e.md) et ![Schéma](img/schema.svg).\n\n"
        f"{QUIZ}\n\nEntre le quiz et l’exercice.\n\n### Détail\n\n{REPERER}\n"
        "Après l’exercice.\n\n```\n## Pas un titre\n<h2>pas une balise</h2>\n```\n"
    )
    root = make_project(
        tmp_path / "projet",
        {
            "alpha/d.md": lesson_text("d", body=text),
            "alpha/e.md": lesson_text("e"),
            "alpha/img/schema.svg": SCHEMA,
        },
        {"alpha.yml": track_text("alpha", [("Premier module", ["d", "e"])])},
    )
    assert made(built(root)) == (2, 0, 0)
    html = booklet_html(root)
    part = html.split('id="lecon-d"')[1].split('id="lecon-e"')[0]
    order = ["Avant le quiz", "academie-booklet-quiz", "Entre le quiz", "academie-booklet-practice", "Après l’exercice"]
    assert [part.find(text) for text in order] == sorted(part.find(text) for text in order) and part.find(order[0]) > 0
    # The printable quiz: its question written as the page's form writes it, each choice to tick, the answers.
    assert "<li>Que vérifie-t-on avant d’envoyer un *devis* &lt;b&gt;R&amp;D&lt;/b&gt; ?<ul>" in part
    assert "<li>☐ Les chiffres</li>" in part and "1\u00a0: Les chiffres. Un assistant peut se tromper." in part
    assert ">Texte<" in part.split("<h3")[1] and ">Détail<" in part.split("<h4")[1]  # one level down
    assert "## Pas un titre\n&lt;h2&gt;pas une balise&lt;/h2&gt;" in part  # code shown as written
    assert 'href="#lecon-e"' in part and 'src="../../../alpha/img/schema.svg"' in part
    page = (root / "site" / "alpha" / "d" / "index.html").read_text(encoding="utf-8")
    assert "academie-booklet-quiz" not in page and 'class="academie-quiz' in page  # the page keeps its form
    for shown in (html, page):
        assert "academie-corps" not in shown and "academie-imprimable" not in shown


def test_a_printable_quiz_held_back_from_markdown_comes_back_as_markdown_would_have_written_it():
    # A part's frame is converted with its printable quizzes held back (they are HTML already):
    # the HTML must be what Python-Markdown, set up as mkdocs.yml sets it up, writes from the whole frame.

    config = load_config(str(ROOT / "mkdocs.yml"))
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def convert(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    lesson = next(lesson for lesson in load_catalogue(ROOT)[0].lessons.values() if lesson.quizzes)
    quiz = render("booklet_quiz.html.j2", block=lesson.quizzes[0])
    linked = quiz.replace("</p>", ' <a href="../autre.md">voir</a></p>', 1)
    frame = (
        '\n<section class="academie-booklet-lesson" markdown>\n\n## Une leçon { #lecon-x }\n\n'
        + mark_printable("quiz", quiz)
        + mark_printable("quiz", linked)
        + "\n**Sources :** [un lien](https://example.org)\n\n</section>\n"
    )
    held, quizzes = hold_printable_quizzes(frame)
    assert quiz.strip() not in held, "the quiz written as HTML is held back"
    assert linked.strip() in held, "a quiz with a link stays: its address has to be resolved"
    assert quizzes.restore(convert(held)) == convert(frame)
