"""A track whose lessons have no quiz has no final evaluation (never « 0 sur 0 (NaN %) »), and a
lesson written in another language is declared in that language (issue 17)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_academie
from projects import lesson_text, make_project, track_text

ENGLISH = "## Why it matters\n\nYou run a bakery. This lesson is in English.\n"


def test_a_track_without_quizzes_has_no_evaluation_and_an_english_lesson_says_so(tmp_path: Path):
    lessons = {
        "a/un.md": lesson_text("un"),
        "a/two.md": lesson_text("two", extra='lang: "en"\n', body=ENGLISH),
    }
    root = make_project(tmp_path, lessons, {"tpe.yml": track_text("tpe", [("M", ["un", "two"])])})
    out = tmp_path / "site"
    result = run_academie("build", "--site-dir", str(out), root=root)
    assert result.returncode == 0, result.stderr
    assert not (out / "parcours" / "tpe" / "evaluation").exists(), "no evaluation page without questions"
    syllabus = (out / "parcours" / "tpe" / "index.html").read_text(encoding="utf-8")
    assert "Ce parcours n’a pas d’évaluation finale" in syllabus and "NaN" not in syllabus
    assert "evaluation/" not in syllabus
    english = (out / "a" / "two" / "index.html").read_text(encoding="utf-8")
    french = (out / "a" / "un" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and '<html lang="fr"' not in english
    assert '<html lang="fr"' in french
