"""Material written for other tools, brought in as an author would (issue 17): a Carpentries episode
with every kind of fenced div, a MyST notebook, a `fig/` folder. One `academie check` lists every
broken link, missing image and bad anchor at its line; once fixed, the build shows the blocks as the
site's boxes, solutions folded, instructor notes only in the trainers' workshop scripts, and the
offline pack holds the fig/ file."""

from __future__ import annotations

import json
import re
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import guarded_page, run_academie
from projects import ROOT, make_project, track_text

from academie.content import generated_sources, learner_markdown, load_catalogue
from academie.content.divs import convert
from academie.content.links import page_anchors
from academie.site import site_pages
from academie.site.packs import pack_name

SECRET = "Rappelez aux participants de sauvegarder : quetzal-animateur."
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#36c"/></svg>\n'
)

FRONT = """\
---
id: "episode-carpentries"
title: "Un épisode des Carpentries"
description: "Un épisode écrit pour les Carpentries, repris tel quel."
audiences: ["tpe"]
level: "debutant"
teaching: 10
exercises: 5
objectives:
  - "Lire un épisode."
  - "Faire un exercice."
updated: 2026-11-26
sources: ["faits.md"]
---
"""
BODY = """\

::::::::::::::::::::::::::::::::::::::: objectives

- Lire un épisode importé.

::::::::::::::::::::::::::::::::::::::::::::::::::

:::::::::::::::::::::::::::::::::::::::: questions

- Comment les blocs sont-ils affichés ?

::::::::::::::::::::::::::::::::::::::::::::::::::

## Premier titre

Voir la [section suivante](#deuxieme-titre) et le [schéma](fig/schema.svg).

![Un schéma](fig/schema.svg)

:::::::::::::::::::::::::::::::::::::: challenge

## Exercice 1 : compter

Combien font deux et deux ?

:::::::::::::::::::::::: solution

Réponse : quatre.

:::::::::::::::::::::::::::::::::

::: hint
Comptez sur vos doigts.
:::

::::::::::::::::::::::::::::::::::::::::::::::::

::: callout
Un encadré à noter.
:::

::: instructor
{secret}
:::

::::: {{.discussion}}
Parlez-en entre vous.
:::::

::: testimonial
« Très utile. »
:::

::: prereq
Savoir lire.
:::

## Deuxième titre

{broken}

:::::::::::::::::::::::::::::::::::::::: keypoints

- Les blocs deviennent des encadrés.

::::::::::::::::::::::::::::::::::::::::::::::::::
"""
BROKEN = "Un [lien cassé](absente.md), ![une image absente](fig/absente.png) et une [ancre](#titre-inconnu)."
FIXED = "Un [lien juste](../carnets/myst.md), ![une image](fig/schema.svg) et une [ancre](#premier-titre)."
BODY_LINE = FRONT.count("\n") + 1  # the file line of BODY's first line
BROKEN_LINE = BODY_LINE + BODY.split("\n").index("{broken}")


def episode(broken: bool) -> str:
    return FRONT + BODY.format(secret=SECRET, broken=BROKEN if broken else FIXED)


def myst_notebook(broken: bool) -> str:
    front = textwrap.dedent("""\
        ---
        id: "carnet-myst"
        title: "Un carnet MyST"
        description: "Un carnet avec des encadrés MyST."
        audiences: ["tpe"]
        level: "debutant"
        duration: 5
        objectives:
          - "Lire une note."
          - "Ouvrir un menu déroulant."
        updated: 2026-11-26
        sources: ["faits.md"]
        ---""")
    link = "Un [lien](../episodes/inexistant.md)." if broken else "Un [lien](../episodes/episode.md#premier-titre)."
    markdown = [
        front,
        ":::{note}\nUne note MyST : mot repère hibiscus.\n:::\n\n"
        "```{admonition} Pour aller plus loin\n:class: dropdown\nUn contenu replié : mot repère tamaris.\n```",
    ]
    cells = [
        *(
            {"cell_type": "markdown", "id": f"cellule-{n}", "metadata": {}, "source": text}
            for n, text in enumerate(markdown)
        ),
        {
            "cell_type": "code",
            "id": "calcul",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": "1 + 1",
        },
        {"cell_type": "markdown", "id": "lien", "metadata": {}, "source": f"## Suite\n\n{link}"},
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, ensure_ascii=False, indent=1)


def failing_notebook(broken: bool) -> str:
    """A second notebook whose code fails when `broken`: its cell is reported by the same check."""
    data = json.loads(
        myst_notebook(False).replace("carnet-myst", "carnet-calcul").replace("Un carnet MyST", "Un calcul")
    )
    data["cells"][2]["source"] = "parts = 0\n12 / parts" if broken else "parts = 3\n12 / parts"
    return json.dumps(data, ensure_ascii=False, indent=1)


def write_project(folder: Path, broken: bool) -> Path:
    project = make_project(
        folder,
        {
            "episodes/episode.md": episode(broken),
            "episodes/fig/schema.svg": SVG,
            "carnets/myst.ipynb": myst_notebook(broken),
            "carnets/calcul.ipynb": failing_notebook(broken),
        },
        {"tpe.yml": track_text("tpe", [("Importé", ["episode-carpentries", "carnet-myst", "carnet-calcul"])])},
    )
    return project


def test_one_check_lists_every_broken_link_image_and_anchor_at_its_line(tmp_path: Path):
    project = write_project(tmp_path / "projet", broken=True)
    (project / "content" / "episodes" / "episode.md").write_text(
        episode(True).replace("::: testimonial", "::: temoignage-inconnu"), encoding="utf-8"
    )
    result = run_academie("check", root=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    where = f"content/episodes/episode.md:{BROKEN_LINE}: "
    assert f"{where}lien cassé « absente.md » (content/episodes/absente.md n’existe pas) — " in result.stderr
    assert f"{where}image introuvable « fig/absente.png »" in result.stderr
    assert f"{where}ancre introuvable « #titre-inconnu »" in result.stderr
    assert "ancres de la page : #deuxieme-titre, #premier-titre" in result.stderr
    assert "content/carnets/myst.ipynb: cellule 4 : lien cassé « ../episodes/inexistant.md »" in result.stderr
    unknown = BODY_LINE + BODY.split("\n").index("::: testimonial")
    assert (
        f"content/episodes/episode.md:{unknown}: avertissement : bloc « temoignage-inconnu » inconnu" in result.stderr
    )
    # The failing cell of the other notebook, in the same run (the notebook with a broken link is not run).
    assert (
        "content/carnets/calcul.ipynb: cellule 3 (cellule de code n° 1, ligne 2) : ZeroDivisionError" in result.stderr
    )
    assert "5 erreur(s), 1 avertissement(s)" in result.stderr, result.stderr


def test_the_real_content_has_no_broken_link():
    _, problems = load_catalogue(ROOT)
    assert [str(p) for p in problems if "lien" in p.message or "ancre" in p.message or "image" in p.message] == []


def test_the_generated_pages_content_knows_are_those_the_site_makes():
    catalogue, _ = load_catalogue(ROOT)
    made = {page.source for page in site_pages(catalogue)}
    assert made <= generated_sources(catalogue), made - generated_sources(catalogue)


def test_carpentries_minutes_give_the_duration(tmp_path: Path):
    project = write_project(tmp_path / "projet", broken=False)
    catalogue, problems = load_catalogue(project)
    assert [p for p in problems if p.is_error] == []
    assert catalogue.lessons["episode-carpentries"].duration == 15
    text = episode(False).replace("exercises: 5\n", "")
    (project / "content" / "episodes" / "episode.md").write_text(text, encoding="utf-8")
    result = run_academie("check", root=project)
    assert result.returncode == 1
    assert "content/episodes/episode.md:2: champ obligatoire « duration » manquant — indiquez duration" in result.stderr


def test_anchors_are_the_slugs_of_the_toc_extension():
    text = '# Été 2026 : l’IA\n\n## Les *outils* `pip`\n\n## Été 2026 : l’IA\n\n## Titre {#choisi}\n\n<p id="x"></p>\n'
    assert page_anchors(text) == {"ete-2026-lia", "les-outils-pip", "ete-2026-lia_1", "choisi", "x"}


def test_conversion_keeps_one_line_per_line_and_leaves_the_instructor_out():
    converted = convert(episode(False))
    assert len(converted.lines) == len(episode(False).split("\n"))
    assert SECRET not in converted.markdown and converted.notes == [SECRET]
    learner = learner_markdown(episode(False))
    assert '!!! example "Exercice 1 : compter"' in learner
    assert '    ??? success "Solution"' in learner and '    ??? tip "Indice"' in learner
    assert '!!! abstract "À retenir"' in learner and '!!! quote "Témoignage"' in learner
    assert ":::" not in learner


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("auteurs") / "projet", broken=False)
    result = run_academie("build", root=project)
    assert result.returncode == 0, result.stderr + result.stdout
    return project / "build" / "site"


def test_the_divs_are_boxes_and_solutions_are_folded(built: Path):
    page = (built / "episodes" / "episode" / "index.html").read_text(encoding="utf-8")
    assert ":::" not in page
    assert re.search(r'<div class="admonition example">\s*<p class="admonition-title">Exercice 1 : compter</p>', page)
    assert re.search(r'<details class="success">\s*<summary>Solution</summary>', page)
    assert re.search(r'<details class="tip">\s*<summary>Indice</summary>', page)
    for title in ("Objectifs", "Questions", "À noter", "Discussion", "Témoignage", "Prérequis", "À retenir"):
        assert f'<p class="admonition-title">{title}</p>' in page, title
    notebook = (built / "carnets" / "myst" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<div class="admonition note">\s*<p class="admonition-title">Remarque</p>\s*<p>Une note MyST', notebook
    )
    assert re.search(
        r'<details class="note">\s*<summary>Pour aller plus loin</summary>\s*<p>Un contenu replié', notebook
    )


def test_instructor_notes_reach_the_trainers_only(built: Path):
    learner = [
        built / "episodes" / "episode" / "index.html",
        built / "parcours" / "tpe" / "livret" / "index.html",
        built / "search" / "search_index.json",
    ]
    for path in learner:
        assert "quetzal-animateur" not in path.read_text(encoding="utf-8"), path
    with zipfile.ZipFile(built / "telechargements" / pack_name("tpe")) as archive:
        for name in archive.namelist():
            assert b"quetzal-animateur" not in archive.read(name), name
    for length in ("1h", "2h"):
        workshop = (built / "ambassadeurs" / "tpe" / f"atelier-{length}" / "index.html").read_text(encoding="utf-8")
        assert "Notes pour l’animateur" in workshop and "quetzal-animateur" in workshop


def test_the_pack_holds_the_fig_folder(built: Path):
    with zipfile.ZipFile(built / "telechargements" / pack_name("tpe")) as archive:
        names = set(archive.namelist())
    assert "episodes/fig/schema.svg" in names
    page = (built / "episodes" / "episode" / "index.html").read_text(encoding="utf-8")
    assert 'src="../fig/schema.svg"' in page


def test_a_solution_opens_on_click(built: Path, browser):
    from weight import serve

    with serve(built) as url:
        page = guarded_page(browser, (url,))
        page.goto(url.rstrip("/") + "/episodes/episode/")
        solution = page.locator("details.success")
        assert not solution.evaluate("d => d.open")
        assert not page.get_by_text("Réponse : quatre.").is_visible()
        solution.locator("summary").click()
        assert page.get_by_text("Réponse : quatre.").is_visible()
        Path(ROOT / "tests" / "screenshots").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "tests" / "screenshots" / "auteurs-episode.png"), full_page=True)
        page.context.close()


def test_anchors_match_those_python_markdown_gives_every_real_lesson():
    markdown = pytest.importorskip("markdown")
    catalogue, _ = load_catalogue(ROOT)
    extensions = ["toc", "attr_list", "md_in_html", "admonition", "tables", "pymdownx.details", "pymdownx.superfences"]
    differ = {}
    for lesson in catalogue.lessons.values():
        text = learner_markdown(lesson.body)
        made = set(re.findall(r'\bid="([^"]+)"', markdown.Markdown(extensions=extensions).convert(text)))
        if page_anchors(text) != made:
            differ[lesson.source] = page_anchors(text) ^ made
    assert differ == {}


def test_a_link_out_of_a_pack_is_rewritten_only_to_a_page_the_site_has():
    from academie.site import OutsideLink, link_outside

    inside, on_site = {"bases/a.md"}, {"bases/a.md", "bases/b.md", "parcours/tpe/index.md"}
    text = "[B](b.md#x) et [programme](../parcours/tpe/index.md)"
    rewritten = link_outside(text, "bases/a.md", inside, "https://academie.example/", on_site)
    assert "(https://academie.example/bases/b/#x){ .academie-online" in rewritten
    assert "(https://academie.example/parcours/tpe/)" in rewritten
    with pytest.raises(OutsideLink, match="« nulle-part.md » hors du paquet"):
        link_outside("[X](nulle-part.md)", "bases/a.md", inside, "https://academie.example/", on_site)


def test_a_quiz_inside_a_box_and_an_unclosed_box_are_errors_at_their_lines():
    text = "Texte\n\n::: challenge\n\n```quiz\n- question: x\n```\n\n::: solution\nVoici.\n"
    findings = convert(text, first_line=20).findings
    assert (24, "error") in {(line, severity) for line, _, _, severity in findings}
    assert sorted(line for line, message, _, _ in findings if "jamais fermé" in message) == [22, 28]
