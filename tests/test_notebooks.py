"""Notebook lessons: run on a fresh kernel and cached, outputs that cannot run script, pages with
their figures and downloads, and the Jupyter Book edition under /edition-carnets/."""

from __future__ import annotations

import base64
import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_academie
from projects import ROOT, lesson_text, make_project, track_text

from academie import load_catalogue
from academie.notebooks.build import NotebookBuilder
from academie.notebooks.edition import book_parts, site_link
from academie.notebooks.files import Notebook, NotebookFailure
from academie.notebooks.safe_outputs import clean_html, clean_svg, safe_bundle

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
HOOK_LINE = "  - hooks/notebook_hooks.py"
EXECUTED = re.compile(r"^carnet exécuté : (?P<path>\S+)", re.M)
# Every global the hostile notebook's outputs try to set (see fixtures/notebooks/piege.ipynb).
PIRATE_GLOBALS = "Object.keys(window).filter(name => name.startsWith('pirate'))"


# --- Outputs made safe -------------------------------------------------------------------------


def test_html_outputs_lose_scripts_handlers_javascript_links_and_remote_loads():
    html = clean_html(
        '<p>ok</p><script>alert(1)</script><img src="x" onerror="alert(1)">'
        '<a href="javascript:alert(1)">lien</a><iframe src="https://exemple.invalid/"></iframe>'
        '<div style="background:url(https://exemple.invalid/a.png)">fond</div>'
        '<table class="dataframe" id="__md_scope"><tr><td onclick="alert(1)">12</td></tr></table>'
    )
    assert "<p>ok</p>" in html and "<td>12</td>" in html and ">lien</a>" in html
    for forbidden in (
        "script",
        "onerror",
        "onclick",
        "javascript:",
        "iframe",
        "<img",
        "url(",
        "style=",
        "id=",
        "class=",
    ):
        assert forbidden not in html, forbidden


def test_svg_outputs_keep_the_drawing_and_lose_scripts_links_and_foreign_objects():
    svg = clean_svg(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">'
        '<script>alert(1)</script><rect width="4" height="4"/>'
        '<a xlink:href="javascript:alert(1)"><circle r="2"/></a>'
        '<image href="https://exemple.invalid/a.png"/><use xlink:href="#carre"/>'
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        '<set attributeName="onclick" to="alert(1)"/></svg>'
    )
    assert svg is not None and "<rect" in svg and "<circle" in svg and 'xlink:href="#carre"' in svg
    for forbidden in ("script", "onload", "javascript:", "https:", "foreignObject", "<set"):
        assert forbidden not in svg, forbidden


def test_an_svg_with_entities_is_refused_rather_than_expanded():
    assert clean_svg('<!DOCTYPE svg [<!ENTITY x "boum">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>') is None


def test_javascript_and_fake_images_are_replaced_by_a_french_note():
    bundle = safe_bundle(
        {"application/javascript": "alert(1)", "text/plain": "<IPython.core.display.Javascript object>"}
    )
    assert list(bundle) == ["text/plain"] and "non affichée sur le site" in bundle["text/plain"]
    fake_png = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()
    assert "image/png" not in safe_bundle({"image/png": fake_png, "text/plain": "<Figure>"})


# --- Notebooks as lessons: loading errors --------------------------------------------------------


def test_a_notebook_that_is_not_valid_json_is_an_author_error_not_a_traceback(tmp_path: Path):
    project = make_project(tmp_path, {"carnets/casse.ipynb": '{"cells": [,]}'}, {})
    result = run_academie("check", root=project)
    assert result.returncode == 1
    assert re.search(r"^content/carnets/casse\.ipynb:1: carnet illisible : JSON invalide .* — ", result.stderr, re.M), (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_an_image_pasted_into_a_cell_is_an_author_error(tmp_path: Path):
    notebook = json.loads((FIXTURES / "autre.ipynb").read_text(encoding="utf-8"))
    notebook["cells"].append(
        {
            "cell_type": "markdown",
            "id": "collee",
            "metadata": {},
            "source": "![](attachment:a.png)",
            "attachments": {"a.png": {"image/png": "iVBORw0KGgo="}},
        }
    )
    project = make_project(tmp_path, {"carnets/autre.ipynb": json.dumps(notebook)}, {})
    result = run_academie("check", root=project)
    assert result.returncode == 1
    assert "content/carnets/autre.ipynb: image collée dans la cellule 3 (pièce jointe du carnet)" in result.stderr, (
        result.stderr
    )


# --- Running and caching ---------------------------------------------------------------------------


def copy_fixtures(project: Path, *names: str) -> list[Notebook]:
    folder = project / "content" / "carnets"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(FIXTURES / name, folder / name)
    return [Notebook(project / "content", f"carnets/{name}") for name in names if name.endswith(".ipynb")]


def edit_cell(notebook: Notebook, index: int, change) -> None:
    data = json.loads(notebook.path.read_text(encoding="utf-8"))
    source = data["cells"][index]["source"]
    data["cells"][index]["source"] = change("".join(source) if isinstance(source, list) else source)
    notebook.path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def runs(project: Path, notebooks: list[Notebook]) -> tuple[list[str], list[str]]:
    """The notebooks a new build runs and converts (a new builder: a new build)."""
    builder = NotebookBuilder(project)
    builder.build_all(notebooks)
    return sorted(builder.executed), sorted(builder.converted)


def test_only_what_changed_is_run_or_converted_again(tmp_path: Path):
    simple, other = copy_fixtures(tmp_path, "simple.ipynb", "simple-donnees.csv", "autre.ipynb")
    both = ["content/carnets/autre.ipynb", "content/carnets/simple.ipynb"]
    assert runs(tmp_path, [simple, other]) == (both, both)
    assert runs(tmp_path, [simple, other]) == ([], [])

    edit_cell(other, 1, lambda code: code.replace("6 * 7", "6 * 8"))  # a code cell
    assert runs(tmp_path, [simple, other]) == (["content/carnets/autre.ipynb"], ["content/carnets/autre.ipynb"])

    edit_cell(simple, 1, lambda text: text + "\n\nUne phrase de plus.")  # a Markdown cell: converted, not run
    assert runs(tmp_path, [simple, other]) == ([], ["content/carnets/simple.ipynb"])

    data = tmp_path / "content" / "carnets" / "simple-donnees.csv"
    data.write_text(data.read_text(encoding="utf-8") + "jeudi,20\n", encoding="utf-8")  # the data it reads
    assert runs(tmp_path, [simple, other]) == (["content/carnets/simple.ipynb"], ["content/carnets/simple.ipynb"])
    assert "Total des ventes : 56" in NotebookBuilder(tmp_path).build(simple).body


def test_a_failing_cell_stops_the_build_with_the_path_the_cell_and_the_error(tmp_path: Path):
    (broken,) = copy_fixtures(tmp_path, "casse.ipynb")
    with pytest.raises(NotebookFailure) as failure:
        NotebookBuilder(tmp_path).build(broken)
    message = str(failure.value.problem)
    assert message.startswith("content/carnets/casse.ipynb: cellule 4 (cellule de code n° 2, ligne 3) : IndexError"), (
        message
    )
    assert "— corrigez la cellule" in message


def test_every_notebook_of_the_site_runs_top_to_bottom_on_a_fresh_kernel(tmp_path: Path):
    catalogue, _ = load_catalogue(ROOT)
    notebooks = [
        Notebook(ROOT / "content", lesson.notebook) for lesson in catalogue.lessons.values() if lesson.notebook
    ]
    assert len(notebooks) >= 3
    builder = NotebookBuilder(tmp_path)  # an empty cache: every notebook runs
    built = builder.build_all(notebooks)
    assert len(builder.executed) == len(notebooks)
    for page in built:
        assert page.figures, f"{page.notebook.source} draws no figure"
        assert set(page.requirements) <= {"matplotlib", "numpy", "pandas"}, page.requirements


# --- The Jupyter Book edition's table of contents ----------------------------------------------------


def test_the_tracks_give_the_book_its_parts_and_a_notebook_appears_once(tmp_path: Path):
    lessons = {
        f"carnets/{name}": (FIXTURES / name).read_text(encoding="utf-8") for name in ("simple.ipynb", "autre.ipynb")
    }
    lessons["pme/texte.md"] = lesson_text("texte", audiences=("pme",))
    tracks = {
        "pme.yml": track_text("pme", [("M", ["texte", "carnet-autre", "carnet-simple"])], audience="pme"),
        "tpe.yml": track_text("tpe", [("M", ["carnet-simple"])], audience="tpe"),
    }
    catalogue, _ = load_catalogue(make_project(tmp_path, lessons, tracks))
    parts = [(part.title, [lesson.id for lesson in part.lessons]) for part in book_parts(catalogue)]
    assert parts == [("Parcours tpe", ["carnet-simple"]), ("Parcours pme", ["carnet-autre"])]
    assert site_link("carnets/simple.md") == "../carnets/simple/" and site_link("index.md") == "../"
    assert site_link("pme/texte.md") == "../pme/texte/"


# --- A small site with notebooks, built twice ------------------------------------------------------


@pytest.fixture(scope="module")
def notebook_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A project with the hostile notebook and two harmless ones, built twice with `academie build`."""
    project = tmp_path_factory.mktemp("carnets") / "projet"
    names = ("piege.ipynb", "simple.ipynb", "simple-donnees.csv", "autre.ipynb")
    lessons = {f"carnets/{name}": (FIXTURES / name).read_text(encoding="utf-8") for name in names}
    make_project(
        project,
        lessons,
        {"pme.yml": track_text("pme", [("M", ["carnet-simple", "carnet-autre", "carnet-piege"])], audience="pme")},
    )
    config = project / "mkdocs.yml"
    if HOOK_LINE not in config.read_text(encoding="utf-8"):  # until mkdocs.yml lists the notebook hooks
        config.write_text(
            config.read_text(encoding="utf-8").replace("hooks:\n", f"hooks:\n{HOOK_LINE}\n"), encoding="utf-8"
        )
    first = run_academie("build", root=project)
    assert first.returncode == 0, first.stderr + first.stdout
    second = run_academie("build", root=project)
    assert second.returncode == 0, second.stderr + second.stdout
    return {"site": project / "build" / "site", "first": first.stderr, "second": second.stderr}


def test_a_build_runs_every_notebook_and_the_next_build_none(notebook_site: dict):
    assert set(EXECUTED.findall(notebook_site["first"])) == {
        "content/carnets/piege.ipynb",
        "content/carnets/simple.ipynb",
        "content/carnets/autre.ipynb",
    }
    assert EXECUTED.findall(notebook_site["second"]) == []
    assert "carnet converti" not in notebook_site["second"]


@pytest.fixture()
def served(notebook_site: dict) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(notebook_site["site"]))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.browser
def test_hostile_outputs_run_no_script_in_the_browser(browser, served: str, notebook_site: dict):
    context = browser.new_context(locale="fr-FR")
    remote: list[str] = []
    context.route(
        "**/*",
        lambda route, request: (
            route.continue_() if request.url.startswith(served) else (remote.append(request.url), route.abort())
        ),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{served}/carnets/piege/")
        page.wait_for_load_state("networkidle")
        assert "zanzibar" in page.inner_text("article")  # the notebook's own text is on the page
        for text in ("lien piégé", "lien markdown piégé"):
            page.get_by_text(text, exact=True).first.click()
        image = page.locator("article img[src$='.svg']")
        image.scroll_into_view_if_needed()
        image.hover()
        page.wait_for_timeout(200)
        assert page.evaluate(PIRATE_GLOBALS) == []
        assert (
            page.evaluate("document.querySelectorAll('article script, article iframe, article [onerror]').length") == 0
        )

        # The SVG figure opened on its own, as « open image in a new tab » would.
        svg = image.get_attribute("src")
        page.goto(f"{served}/carnets/piege/{svg}")
        assert page.evaluate("document.querySelectorAll('script, foreignObject').length") == 0
        assert page.evaluate(PIRATE_GLOBALS) == []

        edition = notebook_site["site"] / "edition-carnets" / "carnet-piege.html"
        assert edition.is_file(), "the Jupyter Book edition holds the notebook"
        page.goto(f"{served}/edition-carnets/carnet-piege.html")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(PIRATE_GLOBALS) == []
    finally:
        context.close()
    assert remote == [] and errors == []


# --- The real site ----------------------------------------------------------------------------------


def notebook_lessons():
    catalogue, _ = load_catalogue(ROOT)
    return [lesson for lesson in catalogue.lessons.values() if lesson.notebook]


def test_notebook_pages_show_figures_as_files_and_offer_the_notebook_and_its_data(site: Path):
    for lesson in notebook_lessons():
        folder = site / lesson.source.removesuffix(".md")
        html = (folder / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        figures = re.findall(r'<img alt="([^"]+)" loading="lazy" src="([^"]+\.png)"', article)
        assert figures, lesson.source
        for alt, src in figures:
            assert len(alt) > 30 and (folder / src).resolve().is_file(), src
        assert "data:image" not in article
        downloads = re.findall(r'<a download="[^"]+" href="([^"]+)"', article)
        suffixes = {Path(href).suffix for href in downloads}
        assert {".zip", ".ipynb", ".csv"} <= suffixes, downloads
        for href in downloads:
            assert (folder / href).resolve().is_file(), href
        assert "Exécuter ce carnet chez vous" in article
        assert "binder" not in article.lower() and "colab" not in article.lower()


@pytest.mark.browser
def test_search_finds_a_notebook_by_a_word_of_its_text(offline_page, site_url):
    from test_browser import search

    results = search(offline_page, site_url, "baguettes")
    assert any("/carnets/prevoir-ventes-boulangerie/" in url for url in results[:5]), results


@pytest.mark.browser
def test_the_jupyter_book_edition_opens_offline_with_its_pages_and_figures(offline_page, site_url, site: Path):
    errors: list[str] = []
    offline_page.on("pageerror", lambda error: errors.append(str(error)))
    offline_page.goto(f"{site_url}/edition-carnets/")
    assert "Carnets pratiques" in offline_page.inner_text("h1")
    for lesson in notebook_lessons():
        offline_page.goto(f"{site_url}/edition-carnets/{lesson.id}.html")
        offline_page.wait_for_load_state("networkidle")
        assert lesson.title in offline_page.inner_text("h1")
        # The sidebar (built once for every page, edition_sidebar.py) marks this page, and only it.
        current = offline_page.locator("nav.bd-docs-nav li.current")
        assert current.count() == 1 and current.inner_text().strip() == lesson.title, lesson.id
        images = offline_page.locator("article img")
        assert images.count() >= 1, lesson.id
        for index in range(images.count()):
            images.nth(index).scroll_into_view_if_needed()
            offline_page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0", arg=images.nth(index).element_handle()
            )
    assert offline_page.blocked_requests == [] and errors == []
