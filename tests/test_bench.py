"""`make bench` (bench/bench.py): one table comparing academie build with plain Material (and Zensical
when it is installed) on the same synthetic corpus, the first visit of one lesson page included.
Nothing here is timed: the numbers are only checked to have been measured."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from projects import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from weight import NotTheLesson, serve
from weight import measure as first_load

from bench import ACADEMIE, BARE, measure

FIRST_VISIT = "1re visite d’une page de leçon, tout compris (ko gzip)"
INDEX_AT_LOAD = "  dont index de recherche chargé à l’ouverture (ko gzip)"


def rows(table: str) -> tuple[list[str], dict[str, list[str]]]:
    """The Markdown table printed by the bench: its column names, and each row's cells by label."""
    lines = [line for line in table.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return header[1:], {
        line.strip("|").split("|")[0][1:-1]: [cell.strip() for cell in line.strip("|").split("|")[1:]]
        for line in lines[1:]
    }


def number(cell: str) -> float:
    return float(cell.replace(",", "."))


@pytest.mark.browser
# --effacer: the previous outputs deleted just before each cold build, as the bench once did.
@pytest.mark.parametrize("options", [[], ["--effacer"]], ids=["mises-de-cote", "effacees"])
def test_the_bench_prints_one_table_with_the_first_visit_of_a_lesson_for_every_side(tmp_path, options):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench.py"), "--sizes", "20", "--tours", "1", *options],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    # Every step is announced while it runs: a 1,000-lesson run takes many minutes.
    for step in ("1re construction", "rien de modifié", "une leçon modifiée", "1re visite de /outils/lecon-0001/"):
        assert f"20 leçons — {BARE} : {step}" in result.stderr
        assert f"20 leçons — {ACADEMIE} : {step}" in result.stderr
    out = result.stdout
    assert "Corpus : 20 leçons dont 1 carnet Jupyter, 3 parcours" in out
    assert "« Leçon 1 : " in out and "(/outils/lecon-0001/)" in out

    columns, table = rows(out)
    sides = [name for name in columns if not name.startswith("rapport à")]
    assert sides[0] == BARE and sides[-1] == ACADEMIE
    assert "index de recherche des 20 leçons (ko gzip)" in table
    # The same lesson page, really loaded, weighed on every side.
    for cell in table[FIRST_VISIT][: len(sides)]:
        assert number(cell) > 30, table[FIRST_VISIT]
    # What really happens: Material's bundle fetches its whole index with the page, the Académie's
    # search waits for the first query.
    index_at_load = dict(zip(sides, table[INDEX_AT_LOAD], strict=False))
    assert number(index_at_load[BARE]) > 0
    assert number(index_at_load[ACADEMIE]) == 0
    assert f"- Index de recherche, {BARE} : chargé à l’ouverture de la page" in out
    assert f"- Index de recherche, {ACADEMIE} : pas chargé à l’ouverture." in out
    # The cold build without notebooks is measured again, alternating sides: the table gives the
    # median, and every measure is listed.
    assert f"20 leçons — 1re construction sans les carnets, tour 1/1, {ACADEMIE}" in result.stderr
    for side in (BARE, ACADEMIE):
        listed = re.search(
            rf"^- 1re construction sans les carnets, {re.escape(side)}, chaque mesure : (.*) s\.$", out, re.M
        )
        assert listed is not None, out
        runs = sorted(number(value) for value in listed.group(1).split(" ; "))
        assert len(runs) == 2 and all(seconds > 0 for seconds in runs)
        median = number(dict(zip(sides, table["  1re construction sans les carnets, médiane (s)"], strict=False))[side])
        assert abs(median - sum(runs) / 2) <= 0.1 + 1e-9, (median, runs)  # each printed to a tenth


def test_a_failed_build_stops_the_bench_with_a_french_message(tmp_path):
    failing = [sys.executable, "-c", "import sys; print('mkdocs.yml invalide', file=sys.stderr); sys.exit(3)"]
    with pytest.raises(SystemExit) as stopped:
        measure("20 leçons — Material nu (prune) : 1re construction", failing, tmp_path, tmp_path / "site")
    message = str(stopped.value.code)  # a message given to sys.exit: the process ends with status 1
    assert "échec de « 20 leçons — Material nu (prune) : 1re construction » (code de sortie 3)" in message
    assert "mkdocs.yml invalide" in message


def test_a_build_that_writes_no_site_stops_the_bench(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        measure("Zensical : 1re construction", [sys.executable, "-c", "pass"], tmp_path, tmp_path / "site")
    assert "n’a pas écrit de site" in str(stopped.value.code)


@pytest.mark.browser
def test_a_missing_or_other_page_is_not_weighed_as_the_lesson(browser, tmp_path):
    (tmp_path / "lecon").mkdir()
    (tmp_path / "lecon" / "index.html").write_text(
        "<!doctype html><html lang='fr'><meta charset='utf-8'><title>Leçon 1 : les devis - Académie</title><p>Texte.</p></html>",
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='fr'><meta charset='utf-8'><title>Page introuvable</title></html>", encoding="utf-8"
    )
    with serve(tmp_path) as url:
        weights = first_load(browser, url, "lecon/", "Leçon 1\u00a0: les devis")  # any space matches any space
        assert len(weights.files["HTML"]) == 1
        with pytest.raises(NotTheLesson, match="répond 404 au lieu de 200"):
            first_load(browser, url, "absente/", "Leçon 1 : les devis")
        with pytest.raises(NotTheLesson, match="a pour titre « Page introuvable », sans « Leçon 1 : les devis »"):
            first_load(browser, url, "", "Leçon 1 : les devis")
