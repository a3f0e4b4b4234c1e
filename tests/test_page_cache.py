"""A lesson page is converted once for the website and its track's pack: the build that reaches it
first keeps it in .cache/pages/, the other takes it from there and resolves its links for itself
(directory URLs on the website, .html files and the pack's own syllabus in the pack). The page is
the same as MkDocs converts it without the cache, an edited lesson alone is converted again, and a
whole build removes the pages it no longer uses."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from projects import lesson_text, make_project, track_text

from academie.site import prune_pages

PACK = {"ACADEMIE_PACK": "alpha", "ACADEMIE_OFFLINE": "true"}
QUIZ = """```quiz
- question: "Que fait-on avant d’envoyer un texte produit par l’IA ?"
  type: "single"
  choices: ["On le relit", "On l’envoie tel quel"]
  answer: "On le relit"
  explanation: "Un assistant peut se tromper."
```
"""


def built(root: Path, site: str = "site", config: str = "mkdocs.yml", strict: bool = True, **env: str) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            *(["--strict"] if strict else []),
            "-f",
            config,
            "-d",
            str(root / site),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stderr


def counts(log: str) -> tuple[int, int]:
    """(pages converted, pages taken from the cache), from the build's log line."""
    found = re.search(r"Pages de leçon\u00a0: (\d+) convertie\(s\), (\d+) reprise\(s\) du cache", log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def article(path: Path) -> str:
    found = re.search(r"<article.*?</article>", path.read_text(encoding="utf-8"), re.S)
    assert found, path
    return found.group(0)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A track of three lessons: the first links to the second and to a heading of the track's
    syllabus, the second shows an image."""
    body = "## Texte\n\nContenu de la leçon {id}. {extra}\n\n## À retenir\n\nL’essentiel.\n\n" + QUIZ
    return make_project(
        tmp_path / "projet",
        {
            "alpha/a.md": lesson_text(
                "a",
                body=body.format(
                    id="a",
                    extra="Lire [la leçon b](b.md) et [le programme](../parcours/alpha/index.md#module-1-premier-module).",
                ),
            ),
            "alpha/b.md": lesson_text("b", body=body.format(id="b", extra="![Schéma](img/schema.svg)")),
            "alpha/img/schema.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n',
            "alpha/c.md": lesson_text("c", body=body.format(id="c", extra="")),
        },
        {"alpha.yml": track_text("alpha", [("Premier module", ["a", "b"]), ("Second module", ["c"])])},
    )


def test_a_lesson_page_is_converted_once_for_the_website_and_its_pack(project: Path) -> None:
    assert counts(built(project)) == (3, 0)
    assert counts(built(project, site="paquet", **PACK)) == (0, 3)
    site_a = article(project / "site" / "alpha" / "a" / "index.html")
    pack_a = article(project / "paquet" / "alpha" / "a.html")
    # One conversion, its links resolved by each build: the website's directory URLs…
    assert 'href="../b/"' in site_a
    assert 'href="../../parcours/alpha/#module-1-premier-module"' in site_a
    assert 'href="../../parcours/alpha/">Parcours' in site_a  # the footer's syllabus link
    # … and the pack's .html files, with its own syllabus (its home page) in place of the website's.
    assert 'href="b.html"' in pack_a
    assert 'href="../index.html#module-1-premier-module"' in pack_a
    assert 'href="../index.html">Parcours' in pack_a
    assert "parcours/alpha" not in pack_a
    assert 'src="img/schema.svg"' in article(project / "paquet" / "alpha" / "b.html")
    # The quiz, held back during the conversion, is put back into both.
    assert site_a.count("academie-quiz") == pack_a.count("academie-quiz") > 0


def test_a_page_from_the_cache_is_the_page_mkdocs_converts_without_it(project: Path) -> None:
    built(project)
    built(project)  # every page from the cache
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - hooks/conversion_hooks.py\n" in config
    (project / "sans-cache.yml").write_text(config.replace("  - hooks/conversion_hooks.py\n", ""), encoding="utf-8")
    # Not --strict: without this hook, the booklet's links (written from the content root) are broken.
    built(project, site="sans-cache", config="sans-cache.yml", strict=False)
    for lesson in ("a", "b", "c"):
        with_cache = (project / "site" / "alpha" / lesson / "index.html").read_text(encoding="utf-8")
        without = (project / "sans-cache" / "alpha" / lesson / "index.html").read_text(encoding="utf-8")
        assert with_cache == without, lesson


def test_an_edited_lesson_alone_is_converted_again_and_a_whole_build_forgets_its_old_page(project: Path) -> None:
    built(project)
    cache = project / ".cache" / "pages"
    assert len(list(cache.glob("*.json"))) == 3
    time.sleep(1.2)  # the pages read by the next build get a later date than `since`, the others an earlier one
    since = time.time() - 0.5  # file dates follow the kernel's coarse clock
    lesson = project / "content" / "alpha" / "c.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("L’essentiel.", "L’essentiel, revu."), encoding="utf-8"
    )
    assert counts(built(project)) == (1, 2)
    assert "L’essentiel, revu." in article(project / "site" / "alpha" / "c" / "index.html")
    assert len(list(cache.glob("*.json"))) == 4
    prune_pages(project, since)
    assert len(list(cache.glob("*.json"))) == 3
    assert counts(built(project)) == (0, 3)
