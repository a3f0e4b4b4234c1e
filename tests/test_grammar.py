"""The French of the lessons, checked by Grammalecte (issue 15): a finding is a warning at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_academie
from projects import lesson_text, make_project, track_text

from academie.content.grammar import GRAMMALECTE_DIR
from academie.content.prose import body_paragraphs

pytestmark = pytest.mark.skipif(not GRAMMALECTE_DIR.is_dir(), reason="make test installe python3-grammalecte")

BODY = (
    "## Pourquoi c’est important\n\n"
    "Vous tenez une boulangerie à Rodez.\n"
    "Les artisans utilise un assistant pour leurs devis.\n\n"
    "```python\nles artisans utilise = 1\n```\n"
)


def project(tmp_path: Path, body: str, extra: str = "") -> Path:
    lessons = {"a/un.md": lesson_text("un", body=body, extra=extra)}
    return make_project(tmp_path, lessons, {"tpe.yml": track_text("tpe", [("M", ["un"])])})


def test_an_agreement_error_is_reported_at_its_line(tmp_path: Path):
    root = project(tmp_path, BODY)
    result = run_academie("check", "--francais", root=root)
    assert result.returncode == 0, result.stderr
    lines = (root / "content" / "a" / "un.md").read_text(encoding="utf-8").splitlines()
    line = lines.index("Les artisans utilise un assistant pour leurs devis.") + 1
    findings = [f for f in result.stderr.splitlines() if "Grammalecte" in f]
    assert any(
        f.startswith(f"content/a/un.md:{line}: avertissement : Grammalecte : ") and "utilise" in f for f in findings
    )
    assert all(f"un.md:{line + 3}:" not in f for f in findings), "le code n’est pas relu"
    assert "Traceback" not in result.stderr


def test_another_language_is_not_checked(tmp_path: Path):
    root = project(tmp_path, BODY, extra="lang: en\n")
    result = run_academie("check", "--francais", root=root)
    assert "Grammalecte" not in result.stderr


def test_quiz_values_are_prose_and_their_keys_are_not():
    body = '```quiz\n- question: "Les artisans utilise quoi ?"\n  type: "truefalse"\n  answer: true\n```\n'
    texts = [p.text for p in body_paragraphs(body, 10)]
    assert texts == ["Les artisans utilise quoi ?"]
    assert body_paragraphs(body, 10)[0].line_at(0) == 11
