"""What a notebook's outputs look like on the site, in an offline pack and in the printed booklet:
safe styles kept (tables side by side) without any inline style, widgets by their static fallback,
errors a lesson means to show without the build machine's paths, figures and printed text in the PDF."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import guarded_page, run_academie, serve
from projects import make_project, track_text
from pypdf import PdfReader

from academie.notebooks.cell_errors import clean_paths
from academie.notebooks.output_styles import OutputStyles
from academie.notebooks.safe_outputs import SafeOutputs, clean_html, safe_bundle

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
SCREENSHOTS = Path(__file__).parent / "screenshots"
MACHINE_PATHS = re.compile(r"/work/|/tmp/|/root/|/home/|\.venv|site-packages/ipykernel|academie-carnet-")
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  {directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample}), true);
"""


# --- The sanitiser's rules -------------------------------------------------------------------------


def test_safe_styles_become_a_stylesheet_and_what_can_load_or_run_goes():
    styles = OutputStyles()
    html = clean_html(
        '<div style="float: left; padding: 10px; position: fixed; z-index: 99">'
        '<p style="color: rgb(0, 100, 0); font-weight: bold; background: url(https://exemple.invalid/a.png)">a</p>'
        '<table style="display: inline; border: 1px solid #ccc; width: expression(alert(1))"><tr><td>1</td></tr></table>'
        '<span style="display: none">caché</span><span style="color: red; behavior: url(x.htc)">b</span>'
        "<em style='font-family: \"Courier New\"; color: blue'>c</em></div>",
        styles,
    )
    assert "style=" not in html.replace("data-sortie-style=", "")  # the policy refuses inline styles
    sheet = styles.stylesheet()
    for kept in (
        "float: left !important; padding: 10px !important;",
        "color: rgb(0, 100, 0) !important; font-weight: bold !important;",
        "display: inline !important; border: 1px solid #ccc !important;",
        "color: red !important;",
        'font-family: "Courier New" !important; color: blue !important;',
    ):
        assert kept in sheet, sheet
    for gone in ("position", "z-index", "url(", "expression", "display: none", "behavior", "\\"):
        assert gone not in sheet and gone not in html, gone
    tokens = re.findall(r'data-sortie-style="(s[0-9a-f]{12})"', html)
    assert len(tokens) == 5 and all(f'[data-sortie-style="{t}"]' in sheet for t in tokens)
    # Without a stylesheet to fill, no style is kept at all (the Jupyter Book edition).
    assert "data-sortie-style" not in clean_html('<div style="float: left">x</div>')


def test_a_widget_shows_its_static_fallback_with_a_note():
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "a"}, "text/plain": "IntSlider(value=3)"}
    assert safe_bundle(widget) == {"text/plain": "IntSlider(value=3)"}
    cell = {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": widget, "metadata": {}}]}
    SafeOutputs().preprocess_cell(cell, {}, 0)
    assert "ouvrez le carnet dans Jupyter" in cell["outputs"][0]["metadata"]["academie_widget"]
    # A widget with nothing to show falls back to the note, as any other unknown output.
    assert "non affichée" in safe_bundle({"application/vnd.jupyter.widget-view+json": {}})["text/plain"]


def test_machine_paths_leave_tracebacks_and_printed_text():
    text = (
        "File /work/projet/.venv/lib/python3.11/site-packages/pandas/core/frame.py:12, in f\n"
        "File /root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py:337\n"
        "/tmp/ipykernel_12/3300457.py:3: FutureWarning: obsolète\n"
        "PosixPath('/tmp/academie-carnet-x1y2/content/carnets/ventes.csv')\n"
        "/home/ana/secret/notes.txt, km/h, 1/2, https://exemple.fr/a/b"
    )
    assert clean_paths(text) == (
        "File pandas/core/frame.py:12, in f\n"
        "File python3.11/json/decoder.py:337\n"
        "cellule:3: FutureWarning: obsolète\n"
        "PosixPath('carnets/ventes.csv')\n"
        "…/notes.txt, km/h, 1/2, https://exemple.fr/a/b"
    )


# --- A small site with the outputs notebook ------------------------------------------------------


@pytest.fixture(scope="module")
def outputs_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    project = tmp_path_factory.mktemp("sorties") / "projet"
    names = ("sorties.ipynb", "simple.ipynb", "simple-donnees.csv")
    make_project(
        project,
        {f"carnets/{name}": (FIXTURES / name).read_text(encoding="utf-8") for name in names},
        {"pme.yml": track_text("pme", [("M", ["carnet-sorties", "carnet-simple"])], audience="pme")},
    )
    result = run_academie("build", root=project)
    assert result.returncode == 0, result.stderr + result.stdout
    site = project / "build" / "site"
    pack = tmp_path_factory.mktemp("paquet")
    (archive,) = (site / "telechargements").glob("academie-ia-pme-[0-9]*.zip")
    zipfile.ZipFile(archive).extractall(pack)
    return {"site": site, "pack": pack}


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def test_an_error_the_lesson_shows_is_on_its_page_and_in_the_pack_without_machine_paths(outputs_site: dict):
    pages = {
        "site": outputs_site["site"] / "carnets" / "sorties" / "index.html",
        "pack": outputs_site["pack"] / "carnets" / "sorties.html",
    }
    for where, path in pages.items():
        shown = article(path.read_text(encoding="utf-8"))
        error = re.search(
            r'<pre class="academie-sortie academie-sortie-erreur"[^>]*><code>(.*?)</code></pre>', shown, re.S
        )
        assert error, where
        traceback = error.group(1)
        assert "Cell In[4], line 2" in traceback and "json.loads(" in traceback, traceback
        assert "JSONDecodeError: Expecting property name enclosed in double quotes" in traceback
        assert "File python3.11/json/decoder.py:" in traceback  # library frames by their package path
        assert not MACHINE_PATHS.search(shown), MACHINE_PATHS.search(shown)
        assert "\x1b[" not in shown


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_side_by_side_tables_keep_their_layout_with_no_policy_violation(browser, outputs_site: dict, width: int):
    with serve(outputs_site["site"]) as url:
        page = guarded_page(browser, (url,), viewport={"width": width, "height": 900})
        page.add_init_script(RECORD_VIOLATIONS)
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        try:
            page.goto(f"{url}/carnets/sorties/")
            page.wait_for_load_state("networkidle")
            tables = page.locator(".academie-sortie-html table")
            assert tables.count() == 4  # two in floating boxes (Data Science Handbook), two inline (Styler)
            for pair in ((0, 1), (2, 3)):
                tables.nth(pair[0]).scroll_into_view_if_needed()
                first, second = (tables.nth(i).bounding_box() for i in pair)
                assert first and second
                if width == 1280:  # side by side: same top, the second to the right of the first
                    assert abs(first["y"] - second["y"]) < 1, (first, second)
                    assert second["x"] >= first["x"] + first["width"], (first, second)
                else:  # a phone has no room for two: one under the other, nothing cut off
                    assert second["y"] >= first["y"] + first["height"] - 1, (first, second)
            # The coloured text keeps its colour, weight and alignment, from the notebook's stylesheet.
            styled = page.locator(".academie-sortie-html p", has_text="Chiffre d’affaires en hausse")
            assert styled.evaluate("e => getComputedStyle(e).color") == "rgb(0, 100, 0)"
            assert styled.evaluate("e => getComputedStyle(e).fontWeight") == "700"
            assert styled.evaluate("e => getComputedStyle(e).position") == "static"
            # The widget's fallback is wrapped to the page: nothing sticks out, at 1280 px or on a phone.
            widget = page.locator("pre.academie-sortie-widget code")
            assert widget.evaluate("e => e.scrollWidth <= e.clientWidth")
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
            SCREENSHOTS.mkdir(exist_ok=True)
            for number in (0, 2):
                tables.nth(number).scroll_into_view_if_needed()
                page.screenshot(path=str(SCREENSHOTS / f"carnet-sorties-{width}-{number // 2 + 1}.png"))
            assert page.evaluate("window.__cspViolations") == []
            assert not [text for text in console if "Content Security Policy" in text], console
            assert page.blocked_requests == []
        finally:
            page.context.close()


@pytest.mark.browser
def test_the_printed_booklet_shows_a_notebook_figure_and_its_printed_text(browser, outputs_site: dict, tmp_path):
    page = browser.new_page()
    try:
        page.goto((outputs_site["pack"] / "livret.html").as_uri())
        page.wait_for_load_state("load")
        page.wait_for_function("[...document.images].every(img => img.complete && img.naturalWidth > 0)")
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    finally:
        page.close()
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Total des deux boutiques : 335 pains" in text  # printed by a cell
    assert "Total des ventes : 36" in text  # the other notebook's output
    assert "JSONDecodeError" in text  # the error the lesson shows
    images = [
        image
        for p in reader.pages
        for image in p.images
        if image.image is not None and image.image.width > 200  # the figure, not an icon
    ]
    assert images, "no figure in the booklet's PDF"
    # The web booklet also loads the stylesheet of the notebook's outputs.
    booklet = outputs_site["site"] / "parcours" / "pme" / "livret" / "index.html"
    assert 'href="../../../carnets/img/sorties/sorties.css"' in booklet.read_text(encoding="utf-8")
